package dev.healthmon.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;

/**
 * What one batch of entries writes, aggregated first: one upsert per monitor and bucket, however many checks or
 * summaries fell in it. A pure function of the entries.
 */
final class BatchPlan {

    final List<MonitorEvent.StatusChanged> transitions = new ArrayList<>();
    final Map<Resolution, Map<RollupKey, Rollup>> rollups = new EnumMap<>(Resolution.class);
    final Map<String, List<HistoryEntry>> stateEvents = new LinkedHashMap<>();

    private BatchPlan() {
        for (Resolution resolution : Resolution.values()) {
            rollups.put(resolution, new LinkedHashMap<>());
        }
    }

    static BatchPlan of(List<? extends HistoryEntry> entries) {
        BatchPlan plan = new BatchPlan();
        for (HistoryEntry entry : entries) {
            if (entry instanceof CheckSummary summary) {
                plan.stateEvents.computeIfAbsent(summary.name(), name -> new ArrayList<>()).add(summary);
                plan.count(summary);
                continue;
            }
            MonitorEvent event = ((HistoryEntry.Event) entry).event();
            // maintenance spans are written apart, when a window ends
            if (event instanceof MonitorEvent.Lifecycle || event instanceof MonitorEvent.Maintenance) {
                continue;
            }
            plan.stateEvents.computeIfAbsent(event.name(), name -> new ArrayList<>()).add(entry);
            if (event instanceof MonitorEvent.StatusChanged changed) {
                plan.transitions.add(changed);
            }
            else if (event instanceof MonitorEvent.Checked checked) {
                plan.count(checked);
            }
        }
        return plan;
    }

    Set<String> monitors() {
        return new LinkedHashSet<>(stateEvents.keySet());
    }

    int upserts() {
        int count = 0;
        for (Map<RollupKey, Rollup> buckets : rollups.values()) {
            count += buckets.size();
        }
        return count;
    }

    private void count(MonitorEvent.Checked checked) {
        long at = checked.time().toEpochMilli();
        boolean pass = checked.outcome() == Outcome.Kind.PASS;
        long micros = checked.latency().toNanos() / 1_000;
        for (Resolution resolution : Resolution.values()) {
            RollupKey key = new RollupKey(checked.name(), resolution.bucketOf(at));
            rollups.get(resolution).computeIfAbsent(key, k -> new Rollup()).add(pass, micros);
        }
    }

    private void count(CheckSummary summary) {
        for (CheckSummary.Minute minute : summary.minutes()) {
            for (Resolution resolution : Resolution.values()) {
                RollupKey key = new RollupKey(summary.name(), resolution.bucketOf(minute.start()));
                rollups.get(resolution).computeIfAbsent(key, k -> new Rollup()).add(minute);
            }
        }
    }

    record RollupKey(String monitor, long bucket) {
    }

    /** Counts of one bucket within one batch; a monitor's tally counts its minutes with the same sums. */
    static class Rollup {
        long checks;
        long failures;
        long latencySum;
        long latencyCount;
        long latencyMin = Long.MAX_VALUE;
        long latencyMax = Long.MIN_VALUE;

        void add(boolean pass, long micros) {
            checks++;
            if (!pass) {
                failures++;
                return;
            }
            latencySum += micros;
            latencyCount++;
            latencyMin = Math.min(latencyMin, micros);
            latencyMax = Math.max(latencyMax, micros);
        }

        void add(CheckSummary.Minute minute) {
            checks += minute.checks();
            failures += minute.failures();
            if (minute.latencyCount() == 0) {
                return;
            }
            latencySum += minute.latencySumMicros();
            latencyCount += minute.latencyCount();
            latencyMin = Math.min(latencyMin, minute.latencyMinMicros());
            latencyMax = Math.max(latencyMax, minute.latencyMaxMicros());
        }
    }
}
