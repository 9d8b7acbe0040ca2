package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.channel;
import static dev.healthmon.notify.Fixtures.count;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.MonitorTask;
import dev.healthmon.core.schedule.Monitors;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long a message waits with breakerWait 1m: just over it, when the open circuit lets a probe through. */
    private static final Duration WAKE = Duration.ofMinutes(1).plusMillis(1);

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void resetVirtualTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void serverErrorsAreRetriedUntilTheMessageIsDeliveredOnce() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n <= 2 ? 500 : 200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "10ms"),
                    Schedulers.parallel(), meters);

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(3);
            assertThat(receiver.await(3)).extracting(Receiver.Request::body).containsOnly(receiver.first().body());
            assertThat(count(meters, "hook", "delivered")).isEqualTo(1);
            assertThat(count(meters, "hook", "failed")).isZero();
            assertThat(meters.get(DeliveryLog.TIMER).tag("provider", "hook").tag("result", "delivered").timer()
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void retriesStopAtTheConfiguredNumberThenTheMessageWaitsBreakerWaitAndIsTriedAgain() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n <= 3 ? 503 : 200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 2, "backoff", "10ms",
                    "breakerWait", "1m"), time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> {
                        for (int retry = 1; retry <= 2; retry++) {
                            time.advanceTimeBy(time.awaitDelayShorterThan(Duration.ofSeconds(1), retry));
                        }
                    })
                    .then(() -> time.awaitDelay(WAKE))
                    .then(() -> assertThat(receiver.count()).isEqualTo(3))
                    .expectNoEvent(Duration.ofMinutes(1))
                    .then(() -> assertThat(receiver.count()).isEqualTo(3))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(4);
            assertThat(count(meters, "hook", "deferred")).isEqualTo(1);
            assertThat(count(meters, "hook", "delivered")).isEqualTo(1);
            assertThat(count(meters, "hook", "failed")).isZero();
        }
    }

    @Test
    void badRequestIsNotRetried() {
        try (Receiver receiver = Receiver.answering(400)) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "10ms"),
                    Schedulers.parallel(), meters);

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.FAILED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(1);
            assertThat(count(meters, "hook", "failed")).isEqualTo(1);
            assertThat(channel.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
        }
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheDelayTheProviderAskedFor() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> n == 1
                ? Receiver.Reply.of(429, Map.of("Retry-After", "30")) : Receiver.Reply.of(200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "1s"), time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> time.awaitDelay(Duration.ofSeconds(30)))
                    .expectNoEvent(Duration.ofSeconds(29))
                    .then(() -> assertThat(receiver.count()).isEqualTo(1))
                    .thenAwait(Duration.ofSeconds(1))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(2);
        }
    }

    @Test
    void retryAfterIsBoundedByTheMaximum() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> n == 1
                ? Receiver.Reply.of(503, Map.of("Retry-After", "86400")) : Receiver.Reply.of(200))) {
            ProviderChannel channel = channel(config(receiver.url(), "maxRetryAfter", "2m"), time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> time.awaitDelay(Duration.ofMinutes(2)))
                    .thenAwait(Duration.ofMinutes(2))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void silentReceiverIsBoundedByTheTimeoutTheAttemptIsCancelledAndTheMessageWaits() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        try (Receiver receiver = Receiver.silent()) {
            ProviderChannel channel = channel(config(receiver.url(), "timeout", "5s", "retries", 0), time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(receiver::first)
                    .expectNoEvent(Duration.ofMillis(4999))
                    .then(() -> assertThat(count(meters, "hook", "deferred")).isZero())
                    .thenAwait(Duration.ofMillis(1))
                    .then(() -> assertThat(receiver.awaitCancelled()).isEqualTo(1))
                    .expectNoEvent(Duration.ofSeconds(30))
                    .thenCancel()
                    .verify(WAIT);

            assertThat(count(meters, "hook", "deferred")).isEqualTo(1);
            assertThat(count(meters, "hook", "failed")).isZero();
        }
    }

    @Test
    void anOpenCircuitKeepsItsMessagesUntilAProbeClosesItThenDeliversThemInOrder() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        List<MonitorEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(numbered(i % 2 == 0 ? "a" : "b", i));
        }
        try (Receiver receiver = Receiver.answering(200)) {
            // two lanes, "a" and "b" one in each
            ProviderChannel channel = channel(config(receiver.url(), "retries", 0, "breakerWait", "1m",
                    "concurrency", 2), time, meters);
            channel.circuitBreaker().transitionToOpenState();

            StepVerifier.withVirtualTime(() -> channel.run(Flux.fromIterable(events)), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMinutes(1))
                    .then(() -> assertThat(receiver.count()).isZero())
                    .then(() -> assertThat(count(meters, "hook", "rejected")).isEqualTo(2))
                    // the first lane's message probes the half-open circuit; its success closes it and wakes the other
                    .thenAwait(Duration.ofMillis(1))
                    .expectComplete()
                    .verify(WAIT);

            List<String> bodies = receiver.await(10).stream().map(Receiver.Request::body).toList();
            assertThat(order(bodies, "a")).containsExactly(0, 2, 4, 6, 8);
            assertThat(order(bodies, "b")).containsExactly(1, 3, 5, 7, 9);
            assertThat(receiver.count()).isEqualTo(10);
            assertThat(count(meters, "hook", "delivered")).isEqualTo(10);
            assertThat(count(meters, "hook", "dropped")).isZero();
            assertThat(count(meters, "hook", "failed")).isZero();
            assertThat(channel.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void deadProviderOpensTheCircuitAndTheMessageWaitsForTheProbe() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n <= 5 ? 503 : 200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 0, "breakerWait", "1m",
                    "concurrency", 1), time, meters);
            List<MonitorEvent> events = List.of(down(), up());

            StepVerifier.withVirtualTime(() -> channel.run(Flux.fromIterable(events)), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> {
                        // each failed attempt waits a minute; the fifth opens the circuit
                        for (int attempt = 1; attempt <= 5; attempt++) {
                            time.awaitDelay(WAKE, attempt);
                            time.advanceTimeBy(WAKE);
                        }
                    })
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(7);
            assertThat(receiver.await(7).get(5).body()).contains("went down");
            assertThat(receiver.await(7).get(6).body()).contains("is up");
            assertThat(count(meters, "hook", "deferred")).isEqualTo(5);
            assertThat(count(meters, "hook", "delivered")).isEqualTo(2);
            assertThat(channel.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void refusedConnectionsAreRetriedThenTheMessageWaits() {
        ProviderChannel channel = channel(config(Receiver.refused(), "retries", 2, "backoff", "10ms",
                "breakerWait", "1h"), Schedulers.parallel(), meters);
        Sinks.Many<Throwable> errors = Sinks.many().replay().all();
        channel.circuitBreaker().getEventPublisher()
                .onError(event -> errors.emitNext(event.getThrowable(), Sinks.EmitFailureHandler.busyLooping(WAIT)));

        StepVerifier.create(channel.deliver(Job.first(down())))
                .expectSubscription()
                .then(() -> errors.asFlux().take(3).blockLast(WAIT))
                .expectNoEvent(Duration.ofMillis(300))
                .thenCancel()
                .verify(WAIT);

        assertThat(channel.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
        assertThat(count(meters, "hook", "deferred")).isEqualTo(1);
        assertThat(count(meters, "hook", "failed")).isZero();
    }

    @Test
    void deadProviderKeepsItsMessagesWhileAnotherReceivesEveryMessageAndMonitorsKeepTheirSchedule() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("test"), time);
        AtomicInteger checks = new AtomicInteger();
        Probe flapping = url -> Mono.fromSupplier(() -> checks.incrementAndGet() % 2 == 1
                ? HealthCheckResult.unhealthy("HTTP 503 Service Unavailable")
                : HealthCheckResult.healthy(Duration.ofMillis(12)));
        HealthMonitor monitor = Monitors.of("api", HealthCheckConfig.builder()
                .interval(Duration.ofSeconds(1))
                .retries(-1)
                .build(), URI.create("http://localhost:8080"), flapping,
                MonitorOptions.on(time).withFixedJitter(Duration.ZERO));
        try (Receiver live = Receiver.answering(200)) {
            Notifier notifier = notifier(
                    ProviderConfig.of("dead", settings("webhook", Receiver.refused(), "retries", 0, "concurrency", 1)),
                    ProviderConfig.of("live", settings("webhook", live.url())));

            StepVerifier.create(notifier.run(registry.events()))
                    .then(() -> registry.add(monitor))
                    .then(() -> {
                        assertThat(checks).hasValue(1);
                        for (int second = 1; second <= 20; second++) {
                            time.advanceTimeBy(Duration.ofSeconds(1));
                            assertThat(checks).hasValue(second + 1);
                        }
                    })
                    .then(() -> live.await(21))
                    .then(registry::dispose)
                    // the dead provider still holds its messages: delivery goes on until it is cancelled
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> {
                        // none ended and none was lost: each waits, the first for breakerWait after its refusal
                        assertThat(count(meters, "dead", "delivered")).isZero();
                        assertThat(count(meters, "dead", "failed")).isZero();
                        assertThat(count(meters, "dead", "dropped")).isZero();
                    })
                    .thenCancel()
                    .verify(WAIT);

            // up to four deliveries are in flight at once, so they may arrive in any order
            assertThat(live.await(21)).filteredOn(request -> request.body().contains("❌ Service went down ❌"))
                    .hasSize(11);
            assertThat(live.await(21)).filteredOn(request -> request.body().contains("✅ Service is up ✅"))
                    .hasSize(10);
            assertThat(count(meters, "live", "delivered")).isEqualTo(21);
            // without a store, what waited in memory is lost when delivery is cancelled, and counted
            assertThat(count(meters, "dead", "dropped")).isEqualTo(21);
        }
    }

    @Test
    void fullQueueKeepsItsMessagesInOrderWithoutSlowingAnotherProvider() {
        List<MonitorEvent> events = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            events.add(numbered("api", i));
        }
        // the first request is never answered: the queue fills behind it until its timeout
        try (Receiver stuck = Receiver.scripted(n -> n == 1 ? Receiver.Reply.never() : Receiver.Reply.of(200));
                Receiver live = Receiver.answering(200)) {
            Notifier notifier = notifier(
                    ProviderConfig.of("stuck", settings("webhook", stuck.url(), "queue", 2, "concurrency", 1,
                            "timeout", "1s", "retries", 0, "breakerWait", "100ms")),
                    ProviderConfig.of("live", settings("webhook", live.url())));

            StepVerifier.create(notifier.run(Flux.fromIterable(events)))
                    .then(() -> assertThat(live.await(21)).hasSize(21))
                    .then(stuck::first)
                    .expectComplete()
                    .verify(WAIT);

            // the first again, then every other in order
            List<String> bodies = stuck.await(22).stream().map(Receiver.Request::body).toList();
            assertThat(order(bodies.subList(1, 22), "api")).containsExactlyElementsOf(
                    IntStream.range(0, 21).boxed().toList());
            assertThat(stuck.count()).isEqualTo(22);
            // what memory could not hold (the queue, the lanes' share of it, the one in flight) waited in the outbox
            assertThat(count(meters, "stuck", "parked")).isBetween(10.0, 18.0);
            assertThat(count(meters, "stuck", "delivered")).isEqualTo(21);
            assertThat(count(meters, "stuck", "dropped")).isZero();
            assertThat(count(meters, "live", "delivered")).isEqualTo(21);
        }
    }

    @Test
    void backoffGrowsExponentiallyWithJitter() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n <= 3 ? 503 : 200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "1s", "timeout", "1h"),
                    time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> {
                        for (int retry = 1; retry <= 3; retry++) {
                            Duration delay = time.awaitDelayShorterThan(Duration.ofHours(1), retry);
                            long base = 1000L << (retry - 1);
                            assertThat(delay.toMillis()).isBetween(base / 2, base * 3 / 2);
                            time.advanceTimeBy(delay);
                        }
                    })
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(4);
        }
    }

    private Notifier notifier(ProviderConfig... providers) {
        return Notifier.builder(List.of(providers), monitor -> Set.of(), meters).zone(Fixtures.UTC).build();
    }

    /** Returns a down of {@code monitor} whose detail carries {@code number}, one second after the one before. */
    private static Notification numbered(String monitor, int number) {
        Instant at = Fixtures.DOWN_AT.plusSeconds(number);
        return new Notification(monitor, Notification.Kind.DOWN, "http://localhost:8080", "check #" + number + "#",
                at, at, Duration.ofMillis(1));
    }

    /** Returns the numbers of {@code monitor}'s messages among {@code bodies}, in the order they arrived. */
    private static List<Integer> order(List<String> bodies, String monitor) {
        Pattern number = Pattern.compile("check #(\\d+)#");
        return bodies.stream()
                .filter(body -> body.contains("\"Service Name\",\"value\":\"" + monitor + "\""))
                .map(number::matcher)
                .filter(Matcher::find)
                .map(m -> Integer.valueOf(m.group(1)))
                .toList();
    }

    private static ProviderConfig config(URI url, Object... keyValues) {
        return ProviderConfig.of("hook", settings("webhook", url, keyValues));
    }
}
