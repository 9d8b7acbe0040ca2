package dev.healthmon.web;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.healthmon.core.model.ActiveWindow;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.Redaction;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the monitor JSON of {@link MonitorView} for many monitors at once, byte for byte as Jackson writes the
 * view, but with the streaming generator and each {@code config} object written once per distinct configuration:
 * the snapshot of 10,000 monitors is one pass over them, with no view objects and no maps per monitor.
 */
final class MonitorJson {

    // a monitor keeps its config object until it is replaced: keyed by identity, a snapshot costs a lookup per
    // monitor, not the hash and equality of every field (which took longer than writing them); the bound keeps a
    // churn of replaced monitors from growing it
    private static final int CONFIGS_KEPT = 50_000;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Map<HealthCheckConfig, String> CONFIGS = Collections.synchronizedMap(new IdentityHashMap<>());
    // the dashboard's order (overview.js): by group, the ungrouped ("") first, then by name; String.compareTo
    // compares UTF-16 units as JavaScript's < does
    private static final Comparator<MonitorSnapshot> LIST_ORDER = Comparator
            .comparing((MonitorSnapshot snapshot) -> Objects.requireNonNullElse(snapshot.config().group(), ""))
            .thenComparing(MonitorSnapshot::name);

    private MonitorJson() {
    }

    /** Returns the JSON array of the monitors' JSON, in the order given. */
    static String array(Collection<MonitorSnapshot> snapshots) {
        return array(snapshots, false);
    }

    /**
     * Returns the JSON array of the monitors' JSON, in the order given; {@code brief} leaves out each
     * {@code config} object and shows its {@code group} beside the name instead: what a list of thousands needs,
     * at half the size.
     */
    static String array(Collection<MonitorSnapshot> snapshots, boolean brief) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + snapshots.size() * (brief ? 256 : 512));
        array(snapshots, brief, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes what {@link #array(Collection, boolean)} returns to {@code out}, in UTF-8. */
    static void array(Collection<MonitorSnapshot> snapshots, boolean brief, OutputStream out) {
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartArray();
            for (MonitorSnapshot snapshot : snapshots) {
                if (brief) {
                    writeBrief(json, snapshot);
                }
                else {
                    write(json, snapshot);
                }
            }
            json.writeEndArray();
        }
    }

    /**
     * Returns what a list needs to draw its first screen before the whole snapshot is in: {@code total}, the
     * number of monitors by {@code status} outside a maintenance window, the number {@code inMaintenance} within
     * one, and the brief JSON of the first {@code first} {@code monitors} in the dashboard's order (by group, the
     * ungrouped first, then by name).
     */
    static String preview(Collection<MonitorSnapshot> snapshots, int first) {
        Map<String, Integer> statuses = new TreeMap<>();
        int inMaintenance = 0;
        for (MonitorSnapshot snapshot : snapshots) {
            if (snapshot.maintenance() != null) {
                inMaintenance++;
            }
            else {
                statuses.merge(snapshot.status().toString(), 1, Integer::sum);
            }
        }
        List<MonitorSnapshot> head = snapshots.stream().sorted(LIST_ORDER).limit(first).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + head.size() * 256);
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeNumberProperty("total", snapshots.size());
            json.writeObjectPropertyStart("statuses");
            for (Map.Entry<String, Integer> status : statuses.entrySet()) {
                json.writeNumberProperty(status.getKey(), status.getValue());
            }
            json.writeEndObject();
            json.writeNumberProperty("inMaintenance", inMaintenance);
            json.writeArrayPropertyStart("monitors");
            for (MonitorSnapshot snapshot : head) {
                writeBrief(json, snapshot);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Returns the JSON object of the monitors' JSON by name, in the order given. */
    static byte[] byName(Collection<MonitorSnapshot> snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + snapshots.size() * 512);
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            for (MonitorSnapshot snapshot : snapshots) {
                json.writeName(snapshot.name());
                write(json, snapshot);
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, MonitorSnapshot snapshot) {
        json.writeStartObject();
        fields(json, snapshot);
        json.writeName("config");
        json.writeRawValue(config(snapshot.config()));
        holds(json, snapshot);
        json.writeEndObject();
    }

    private static void writeBrief(JsonGenerator json, MonitorSnapshot snapshot) {
        json.writeStartObject();
        fields(json, snapshot);
        String group = snapshot.config().group();
        if (group != null) {
            json.writeStringProperty("group", group);
        }
        holds(json, snapshot);
        json.writeEndObject();
    }

    // the maintenance window and the held down, as MonitorView writes them: null when there is none
    private static void holds(JsonGenerator json, MonitorSnapshot snapshot) {
        ActiveWindow window = snapshot.maintenance();
        if (window == null) {
            json.writeNullProperty("maintenance");
        }
        else {
            json.writeObjectPropertyStart("maintenance");
            json.writeStringProperty("name", window.name());
            json.writeNumberProperty("from", window.from().getEpochSecond());
            json.writeNumberProperty("until", window.until().getEpochSecond());
            json.writeEndObject();
        }
        json.writeStringProperty("held", snapshot.held());
    }

    private static void fields(JsonGenerator json, MonitorSnapshot snapshot) {
        json.writeStringProperty("name", snapshot.name());
        json.writeStringProperty("status", snapshot.status().toString());
        json.writeNumberProperty("started", snapshot.started().getEpochSecond());
        json.writeNumberProperty("uptime", snapshot.uptime().toSeconds());
        json.writeNumberProperty("latency", snapshot.latency().toMillis());
        json.writeNumberProperty("lastSeen", MonitorView.unixSeconds(snapshot.lastSeen()));
        json.writeStringProperty("detail", snapshot.detail());
        json.writeStringProperty("url", Redaction.url(snapshot.url()));
        json.writeNumberProperty("consecutiveFailures", snapshot.consecutiveFailures());
    }

    private static String config(HealthCheckConfig config) {
        String known = CONFIGS.get(config);
        if (known != null) {
            return known;
        }
        if (CONFIGS.size() >= CONFIGS_KEPT) {
            CONFIGS.clear();
        }
        String written = MAPPER.writeValueAsString(MonitorSettings.view(config));
        CONFIGS.put(config, written);
        return written;
    }
}
