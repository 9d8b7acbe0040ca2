package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.notify.Notifier;
import dev.healthmon.notify.Outbox;
import dev.healthmon.notify.ProviderConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The notifiers' delivery for the life of the service, one notifier per provider so that a reload of the config
 * file changes only the providers it changes. On shutdown the monitors' events complete first; what is in flight then
 * may end, within a bound, so that a message its provider took is also acknowledged in the outbox and not sent again
 * after the restart.
 *
 * <p>A provider that a reload removes or changes is retired: its input ends, what it has queued and in flight may
 * end within the same bound, and then it is cancelled; what it could not deliver stays pending in the outbox and is
 * sent after the next start. A changed provider's new notifier does not re-send what is pending, since the old one
 * still holds it: no message is sent twice.
 */
final class NotificationDelivery {

    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
    private static final Duration DRAIN = Duration.ofSeconds(3);

    private final Factory factory;
    // guarded by this
    private final Map<String, Running> running = new LinkedHashMap<>();
    private Map<String, Provider> providers;
    private @Nullable Flux<MonitorEvent> events;

    /**
     * Returns the delivery to {@code providers}, as written under {@code healthmon.notifications} and read, by
     * name, each provider's notifier made by {@code factory}.
     */
    NotificationDelivery(List<Map<String, Object>> written, List<ProviderConfig> configs, Factory factory) {
        this.factory = requireNonNull(factory, "factory");
        this.providers = providers(written, configs);
    }

    /** Makes the notifier of one provider. */
    @FunctionalInterface
    interface Factory {

        /**
         * Returns the notifier of {@code provider} alone; with {@code resend} false it must not send again what the
         * outbox holds as pending, because another notifier of that provider still holds it.
         */
        Notifier create(ProviderConfig provider, boolean resend);
    }

    /**
     * Returns an outbox that keeps and acknowledges through {@code outbox} but has pending only what was kept through
     * it: what another notifier of the same provider kept before is left to that one, and what waits here for a
     * full queue is found again.
     */
    static Outbox withoutResend(Outbox outbox) {
        requireNonNull(outbox, "outbox");
        Set<List<Object>> mine = ConcurrentHashMap.newKeySet();
        return new Outbox() {
            @Override
            public Mono<Boolean> enqueue(Key key, String provider, String payload) {
                return outbox.enqueue(key, provider, payload)
                        .doOnNext(fresh -> {
                            if (fresh) {
                                mine.add(List.of(key, provider));
                            }
                        });
            }

            @Override
            public Mono<Boolean> acknowledge(Key key, String provider) {
                return outbox.acknowledge(key, provider)
                        .doOnNext(ignored -> mine.remove(List.of(key, provider)));
            }

            @Override
            public Flux<Pending> pending() {
                return outbox.pending()
                        .filter(pending -> mine.contains(List.of(pending.key(), pending.provider())));
            }
        };
    }

    /** Returns the providers delivering now, by name, in configuration order. */
    synchronized List<String> providers() {
        return List.copyOf(running.keySet());
    }

    /** Returns what stops delivery of {@code events}: it waits up to {@code DRAIN} for deliveries to end. Blocking. */
    synchronized Disposable subscribe(Flux<MonitorEvent> source) {
        this.events = requireNonNull(source, "events");
        providers.values().forEach(provider -> start(provider, true));
        return this::stop;
    }

    /**
     * Delivers to the providers written as {@code written}, read as {@code configs}, from now on: an unchanged
     * provider goes on untouched, a removed one is retired, a changed one is retired and started anew, a new one
     * starts.
     */
    synchronized void reconfigure(List<Map<String, Object>> written, List<ProviderConfig> configs) {
        Map<String, Provider> next = providers(written, configs);
        Map<String, Provider> previous = providers;
        providers = next;
        if (events == null) {
            return;
        }
        for (Map.Entry<String, Provider> entry : previous.entrySet()) {
            Provider now = next.get(entry.getKey());
            if (now == null || !now.written().equals(entry.getValue().written())) {
                retire(entry.getKey());
            }
        }
        next.forEach((name, provider) -> {
            Provider before = previous.get(name);
            if (before == null) {
                start(provider, true);
                log.info("notification provider {} added", name);
            }
            else if (!before.written().equals(provider.written())) {
                start(provider, false);
                log.info("notification provider {} changed", name);
            }
        });
    }

    // runs under this lock
    private void start(Provider provider, boolean resend) {
        Flux<MonitorEvent> source = requireNonNull(events, "events");
        Notifier notifier = factory.create(provider.config(), resend);
        Sinks.Empty<Void> retired = Sinks.empty();
        Sinks.Empty<Void> ended = Sinks.empty();
        String name = provider.config().name();
        Disposable delivering = notifier.run(source.takeUntilOther(retired.asMono()))
                // a retired provider gets as long as a stopping service to end what it has in flight
                .takeUntilOther(retired.asMono().then(Mono.delay(DRAIN)))
                .subscribe(null,
                        error -> {
                            log.error("notification delivery to {} stopped by an unexpected error", name, error);
                            ended.tryEmitEmpty();
                        },
                        ended::tryEmitEmpty);
        running.put(name, new Running(retired, ended, delivering));
    }

    // runs under this lock
    private void retire(String name) {
        Running retiring = running.remove(name);
        if (retiring != null) {
            retiring.retired().tryEmitEmpty();
            log.info("notification provider {} retired", name);
        }
    }

    private void stop() {
        List<Running> all;
        synchronized (this) {
            all = new ArrayList<>(running.values());
            running.clear();
            events = null;
        }
        try {
            Mono.when(all.stream().map(r -> r.ended().asMono()).toList()).block(DRAIN);
        }
        catch (IllegalStateException e) {
            log.info("notifications still in flight after {} are cancelled; pending ones are sent after a start",
                    DRAIN);
        }
        all.forEach(r -> r.delivering().dispose());
    }

    private static Map<String, Provider> providers(List<Map<String, Object>> written, List<ProviderConfig> configs) {
        if (written.size() != configs.size()) {
            throw new IllegalArgumentException("written: " + written.size() + " providers, configs: "
                    + configs.size());
        }
        Map<String, Provider> out = new LinkedHashMap<>();
        for (int i = 0; i < configs.size(); i++) {
            out.put(configs.get(i).name(), new Provider(Collections.unmodifiableMap(new LinkedHashMap<>(written.get(i))),
                    configs.get(i)));
        }
        return out;
    }

    private record Provider(Map<String, Object> written, ProviderConfig config) {
    }

    private record Running(Sinks.Empty<Void> retired, Sinks.Empty<Void> ended, Disposable delivering) {
    }
}
