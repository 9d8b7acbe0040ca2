package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.healthmon.config.HealthmonProperties;
import dev.healthmon.config.MonitorSpec;
import dev.healthmon.config.MonitorSpecReader;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.ConfigReloaded;
import dev.healthmon.notify.ProviderConfig;
import dev.healthmon.web.ConfigReloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Reloads the config file (DESIGN section 12): reads it whole and validates it as start-up does, and only then
 * applies it as a diff to the monitors, the notification providers and the defaults. An invalid file changes nothing.
 * Either way the outcome is logged, answered and published as a {@code config} event.
 *
 * <p>Reloads run one at a time on a scheduler of their own, where reading the file may block. What only a restart
 * applies ({@code api}, {@code sse}, {@code history}, {@code agents}, {@code config}) is validated too, and a change
 * of it is logged as such.
 */
final class ConfigReload implements ConfigReloads {

    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    private final ConfigFiles files;
    private final ManagedMonitors monitors;
    private final NotificationDelivery notifications;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Sinks.Many<MonitorEvent> outcomes = Sinks.many().multicast().directBestEffort();
    // read and written on the scheduler only
    private HealthmonProperties current;
    // the shortest interval the service started with: a limit takes effect at a restart
    private final java.time.Duration minInterval;

    ConfigReload(ConfigFiles files, ManagedMonitors monitors, NotificationDelivery notifications,
            HealthmonProperties started, Scheduler scheduler, Clock clock) {
        this.files = requireNonNull(files, "files");
        this.monitors = requireNonNull(monitors, "monitors");
        this.notifications = requireNonNull(notifications, "notifications");
        this.current = requireNonNull(started, "started");
        this.minInterval = started.limits().minIntervalValue();
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Returns the files that a reload reads. */
    ConfigFiles files() {
        return files;
    }

    @Override
    public Mono<ConfigReloaded> reload() {
        return Mono.fromCallable(this::reloadNow).subscribeOn(scheduler);
    }

    /**
     * Returns the hot stream of every reload's outcome, for the SSE stream; a subscriber sees the reloads after it
     * subscribed, as far as it has demand. It never completes.
     */
    Flux<MonitorEvent> events() {
        return outcomes.asFlux();
    }

    private ConfigReloaded reloadNow() {
        String file = files.describe();
        ConfigReloaded outcome;
        try {
            HealthmonProperties next = files.read();
            Set<String> names = next.notificationNames();
            List<ProviderConfig> providers = next.notifications().stream()
                    .map(settings -> ProviderConfig.of(String.valueOf(settings.get("name")), settings))
                    .toList();
            // limits, as the other blocks outside monitors, defaults and notifications, take effect at a restart
            MonitorSpecReader reader = MonitorSpecReader.create(next.defaults(), names,
                    minInterval);
            List<MonitorSpec> specs = reader.readAll(next.monitors());
            List<String> restartOnly = restartOnly(next);
            ManagedMonitors.Reload applied = monitors.reload(reader, specs,
                    () -> notifications.reconfigure(next.notifications(), providers));
            current = next;
            outcome = ConfigReloaded.applied(file, applied.added(), applied.removed(), applied.changed(),
                    clock.instant());
            log.info("config reloaded from {}: added {}, removed {}, changed {}", file, applied.added(),
                    applied.removed(), applied.changed());
            if (!restartOnly.isEmpty()) {
                log.warn("config {}: the changes to healthmon.{} take effect after a restart", file,
                        String.join(", healthmon.", restartOnly));
            }
        }
        catch (InvalidConfigException e) {
            outcome = ConfigReloaded.rejected(file, e.getMessage(), e.monitor(), e.field(), clock.instant());
            log.error("config {} rejected, nothing changed: {}", file, e.getMessage());
        }
        catch (IllegalStateException e) {
            outcome = ConfigReloaded.rejected(file, String.valueOf(e.getMessage()), null, null, clock.instant());
            log.warn("config {} not reloaded: {}", file, e.getMessage());
        }
        // one reload at a time, on the scheduler: emissions never overlap
        outcomes.tryEmitNext(outcome);
        return outcome;
    }

    /**
     * Returns the blocks that differ from the running ones and apply only at a restart, after validating them as
     * start-up does.
     */
    private List<String> restartOnly(HealthmonProperties next) {
        next.sse().heartbeatPeriod();
        next.sse().clientBufferSize();
        next.sse().replaySize();
        next.history().storeConfig();
        next.agents().tls();
        next.config().watchPeriod();
        next.limits().minIntervalValue();
        // every value start-up reads, or a file the service cannot start from again is taken as applied
        next.limits().maxMonitorsValue();
        next.limits().maxSseClientsValue();
        next.limits().sseWriteTimeoutValue();
        next.limits().maxBodyValue();
        next.api().corsOrigins();
        next.api().allowed();
        next.egress().policy();
        List<String> changed = new ArrayList<>();
        Map.<String, List<Object>>of(
                        "api", List.of(next.api(), current.api()),
                        "sse", List.of(next.sse(), current.sse()),
                        "history", List.of(next.history(), current.history()),
                        "agents", List.of(next.agents(), current.agents()),
                        "config", List.of(next.config(), current.config()),
                        "limits", List.of(next.limits(), current.limits()),
                        "egress", List.of(next.egress(), current.egress()),
                        "metrics", List.of(next.metrics(), current.metrics()))
                .forEach((block, pair) -> {
                    if (!Objects.equals(pair.get(0), pair.get(1))) {
                        changed.add(block);
                    }
                });
        changed.sort(null);
        return changed;
    }
}
