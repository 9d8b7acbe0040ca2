package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Delivers the monitors' down and up notifications to the configured providers (DESIGN.md section 8).
 *
 * <pre>{@code
 * Notifier notifier = Notifier.create(List.of(ProviderConfig.of("ntfy", ntfySettings)),
 *         monitor -> Set.of(), meterRegistry);                     // an empty set routes to every provider
 * Disposable delivery = notifier.subscribe(registry.events());
 * delivery.dispose();                                              // stops delivering, cancels attempts
 * }</pre>
 *
 * <p>Each provider has its own bounded queue, timeout, retry, circuit breaker and concurrency limit, so a slow
 * or dead provider delays neither the monitors nor another provider; its messages wait, in order, until it takes
 * them. Every outcome is logged with the monitor and
 * the provider and counted in {@code healthmon.notifications}.
 */
public final class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final List<ProviderChannel> channels;
    private final Function<String, Set<String>> routes;

    private Notifier(Builder builder) {
        this.routes = builder.routes;
        HttpClient client = builder.client != null ? builder.client : defaultClient();
        Set<String> names = new HashSet<>();
        List<ProviderChannel> built = new ArrayList<>();
        for (ProviderConfig provider : builder.providers) {
            if (!names.add(provider.name())) {
                throw new InvalidConfigException("notifications." + provider.name() + ".name",
                        "duplicate provider name '" + provider.name() + "'");
            }
            built.add(new ProviderChannel(provider, client, builder.scheduler, builder.zone, builder.meters,
                    builder.outbox, builder.groups));
        }
        this.channels = List.copyOf(built);
    }

    /**
     * Returns a notifier for {@code providers} on the parallel scheduler, with times in the system's zone.
     *
     * @param routes the providers of a monitor by its name; an empty set means every provider
     * @param meters where the delivery metrics go
     * @throws InvalidConfigException if two providers have the same name
     */
    public static Notifier create(List<ProviderConfig> providers, Function<String, Set<String>> routes,
            MeterRegistry meters) {
        return builder(providers, routes, meters).build();
    }

    /** Returns a builder for a notifier of {@code providers}, to set the scheduler, zone or HTTP client. */
    public static Builder builder(List<ProviderConfig> providers, Function<String, Set<String>> routes,
            MeterRegistry meters) {
        return new Builder(providers, routes, meters);
    }

    /** Returns the providers' names, in configuration order. */
    public List<String> providers() {
        return channels.stream().map(ProviderChannel::name).toList();
    }

    /**
     * Subscribes to {@code events} and delivers their notifications until disposed or until {@code events}
     * completes: the lifecycle edge where delivery starts. The events are requested unbounded, so a hot source
     * that serves only what is requested never skips one; each provider buffers on its own.
     *
     * @return what stops delivery; disposing cancels attempts in flight
     */
    public Disposable subscribe(Flux<MonitorEvent> events) {
        requireNonNull(events, "events");
        return run(events).subscribe(
                ignored -> { },
                error -> log.error("notification delivery stopped by an unexpected error", error));
    }

    /**
     * Returns a cold {@code Mono} that delivers the notifications of {@code events}, requested unbounded, and
     * completes once they complete and every message has been delivered or refused for good (a provider that cannot
     * take its messages, or a down still being repeated, keeps it going until cancelled; then the outbox keeps what
     * is pending); failed attempts are logged and counted, never signalled. Subscribe to it
     * instead of calling {@link #subscribe(Flux)} to wait for what is in flight when {@code events} completes.
     */
    public Mono<Void> run(Flux<MonitorEvent> events) {
        requireNonNull(events, "events");
        return events
                // the one filter: providers and their reminders see only what the notifier needs
                .filter(Reminders::relevant)
                // prefetch MAX_VALUE requests unbounded; every provider drains the shared stream at once into its
                // own bounded queue, so nothing accumulates here
                .publish(shared -> Flux.merge(channels.stream()
                        .map(channel -> channel.run(shared.filter(event -> routed(event.name(), channel.name()))))
                        .toList()), Integer.MAX_VALUE)
                .then();
    }

    List<ProviderChannel> channels() {
        return channels;
    }

    private boolean routed(String monitor, String provider) {
        Set<String> chosen;
        try {
            chosen = routes.apply(monitor);
        }
        catch (RuntimeException e) {
            // a broken route must not stop delivery for every monitor: better one message too many than none
            log.warn("[{}] notification routes failed, notifying every provider", monitor, e);
            return true;
        }
        return chosen == null || chosen.isEmpty() || chosen.contains(provider);
    }

    private static HttpClient defaultClient() {
        return HttpClient.create()
                .followRedirect(false)
                .compress(false);
    }

    /** Configures a notifier beyond its providers, routes and meters. */
    public static final class Builder {

        private final List<ProviderConfig> providers;
        private final Function<String, Set<String>> routes;
        private final MeterRegistry meters;
        private Scheduler scheduler = Schedulers.parallel();
        private ZoneId zone = ZoneId.systemDefault();
        private @Nullable HttpClient client;
        private @Nullable Outbox outbox;
        private Function<String, @Nullable String> groups = monitor -> null;

        private Builder(List<ProviderConfig> providers, Function<String, Set<String>> routes, MeterRegistry meters) {
            this.providers = List.copyOf(requireNonNull(providers, "providers"));
            this.routes = requireNonNull(routes, "routes");
            this.meters = requireNonNull(meters, "meters");
        }

        /**
         * Returns this builder timing attempts, reminders and the circuit breaker with {@code scheduler}, the
         * parallel scheduler by default; pass a virtual-time scheduler in tests (retry delays use Reactor's
         * default timer, which {@code StepVerifier.withVirtualTime} replaces too).
         */
        public Builder scheduler(Scheduler timer) {
            this.scheduler = requireNonNull(timer, "scheduler");
            return this;
        }

        /** Returns this builder writing times in messages in {@code zoneId}, the system's zone by default. */
        public Builder zone(ZoneId zoneId) {
            this.zone = requireNonNull(zoneId, "zone");
            return this;
        }

        /** Returns this builder sending with {@code httpClient}, shared by all providers, instead of its own. */
        public Builder httpClient(HttpClient httpClient) {
            this.client = requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Returns this builder keeping each message in {@code messages} until its provider has taken it: it is kept
         * before it is queued and acknowledged once delivered or refused for good (a 4xx), and what is pending
         * when delivery starts is sent again to its own provider. Without one, a restart loses what was queued.
         */
        public Builder outbox(Outbox messages) {
            this.outbox = requireNonNull(messages, "outbox");
            return this;
        }

        /**
         * Returns this builder giving providers each monitor's group by its name ({@code null} for none), looked
         * up when a message is made; Alertmanager labels alerts with it. Without it no monitor has a group.
         */
        public Builder groups(Function<String, @Nullable String> groupOf) {
            this.groups = requireNonNull(groupOf, "groups");
            return this;
        }

        /**
         * Returns the notifier.
         *
         * @throws InvalidConfigException if two providers have the same name
         */
        public Notifier build() {
            return new Notifier(this);
        }
    }
}
