package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.healthmon.core.machine.HealthReducer;
import dev.healthmon.core.model.Cause;
import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Transition;
import dev.healthmon.core.probe.Failures;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.probe.agent.AgentCheckException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The pipeline of one monitor: ticks, checks bounded by the timeout, and the reducer folding their outcomes.
 *
 * <p>The first check runs at once (or after the first check's delay, when one is given, and the whole schedule
 * moves with it); the periodic schedule starts after the jitter delay, so checks follow at
 * {@code jitter + interval}, {@code jitter + 2 * interval}, ... Checks never overlap: a tick that arrives while
 * a check runs is dropped. A transition that backs off ({@link Effect.Backoff}) skips the ticks until the one it
 * waits for. All timing goes through the given {@link Scheduler}.
 *
 * <pre>{@code
 * Flux<Transition> t = MonitorLoop.create("api", () -> url, probe, config, Schedulers.parallel())
 *         .until(task.whenFinished())
 *         .transitions();
 * }</pre>
 */
public final class MonitorLoop {

    private static final Mono<HealthCheckResult> NO_RESULT =
            Mono.error(() -> new IllegalStateException("the check completed without a result"));

    private final String name;
    private final Supplier<URI> url;
    private final Probe probe;
    private final HealthCheckConfig config;
    private final Scheduler scheduler;
    private final Duration jitterDelay;
    private final Duration firstDelay;
    private final MonitorState initial;
    private final Mono<?> finish;
    private final UnaryOperator<Transition> gate;

    private MonitorLoop(String name, Supplier<URI> url, Probe probe, HealthCheckConfig config, Scheduler scheduler,
            Duration jitterDelay, Duration firstDelay, MonitorState initial, Mono<?> finish,
            UnaryOperator<Transition> gate) {
        this.name = requireNonNull(name, "name");
        this.url = requireNonNull(url, "url");
        this.probe = requireNonNull(probe, "probe");
        this.config = requireNonNull(config, "config");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.jitterDelay = requireNonNull(jitterDelay, "jitterDelay");
        this.firstDelay = requireNonNull(firstDelay, "firstDelay");
        this.initial = requireNonNull(initial, "initial");
        this.finish = requireNonNull(finish, "finish");
        this.gate = requireNonNull(gate, "gate");
    }

    /**
     * Returns a loop that checks the URL given by {@code url} with {@code probe}, starting from
     * {@link MonitorState#starting(String)}, with no jitter delay, that never finishes by itself.
     */
    public static MonitorLoop create(String name, Supplier<URI> url, Probe probe, HealthCheckConfig config,
            Scheduler scheduler) {
        return new MonitorLoop(name, url, probe, config, scheduler, Duration.ZERO, Duration.ZERO,
                MonitorState.starting(name), Mono.never(), UnaryOperator.identity());
    }

    /** Returns a copy whose periodic schedule starts after {@code delay}. */
    public MonitorLoop withJitterDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("jitter delay: " + delay + " (expected: >= 0)");
        }
        return new MonitorLoop(name, url, probe, config, scheduler, delay, firstDelay, initial, finish, gate);
    }

    /**
     * Returns a copy whose first check waits {@code delay} instead of running at once; the whole schedule moves
     * with it: checks follow at {@code delay + jitter + interval}, {@code delay + jitter + 2 * interval}, ...
     */
    public MonitorLoop withFirstCheckDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("first check delay: " + delay + " (expected: >= 0)");
        }
        return new MonitorLoop(name, url, probe, config, scheduler, jitterDelay, delay, initial, finish, gate);
    }

    /** Returns a copy that starts from {@code state}. */
    public MonitorLoop startingFrom(MonitorState state) {
        return new MonitorLoop(name, url, probe, config, scheduler, jitterDelay, firstDelay, state, finish, gate);
    }

    /**
     * Returns a copy that finishes when {@code signal} emits or completes: the running check is cancelled and a
     * last transition to {@code stopped} is emitted.
     */
    public MonitorLoop until(Mono<?> signal) {
        return new MonitorLoop(name, url, probe, config, scheduler, jitterDelay, firstDelay, initial, signal, gate);
    }

    /**
     * Returns a copy whose every check's transition passes {@code rule} before it is emitted, inside the fold so
     * that the state it changes is the state the next check starts from: how the holding rules beside the
     * reducer ({@link dev.healthmon.core.machine.NotificationGate}) take out the downs they hold.
     */
    public MonitorLoop gatedBy(UnaryOperator<Transition> rule) {
        return new MonitorLoop(name, url, probe, config, scheduler, jitterDelay, firstDelay, initial, finish, rule);
    }

    /**
     * Returns a cold, infinite {@code Flux} of the transitions of this monitor, one per check, on the threads
     * where checks complete or on the scheduler; each transition's {@link Transition#cause() cause} is the check's
     * {@link Cause.Checked observation} or the {@link Cause.Finished finish}. It completes after a transition that
     * stops the monitor (too many errors in a row) or after the transition to {@code stopped} once the finish
     * signal fires; cancel it to stop without that last transition. It never errors: failed checks are data.
     */
    public Flux<Transition> transitions() {
        return Flux.defer(() -> {
            // the finish signal ends the checks; the reason it carried is what the last transition says
            AtomicReference<String> reason = new AtomicReference<>("");
            // a backoff skips the ticks before the one it names: the tick of the last check, and the next due
            AtomicLong lastTick = new AtomicLong();
            AtomicLong nextTick = new AtomicLong();
            return ticks()
                    .concatMap(tick -> {
                        if (tick < nextTick.get()) {
                            return Mono.empty();
                        }
                        lastTick.set(tick);
                        // concatMap keeps its inner's subscription until the next check: without the detach, each
                        // monitor held its last check's whole chain of subscribers between ticks (the probe's
                        // operators, Reactor Netty's connect and retry, the timeout), some 3 KB a monitor
                        return checkOnce().onTerminateDetach();
                    }, 0)
                    .<Function<MonitorState, Transition>>map(observation ->
                            state -> gate.apply(HealthReducer.reduce(state, observation, config)))
                    .takeUntilOther(finish.doOnNext(why -> reason.set(why.toString())))
                    .concatWith(Mono.fromSupplier(() -> state -> HealthReducer.finish(state, reason.get())))
                    .scan(Transition.of(new Cause.Started(), initial, initial),
                            (previous, step) -> step.apply(previous.state()))
                    .skip(1)
                    .doOnNext(transition -> backoff(transition, lastTick.get(), nextTick));
        })
                .takeUntil(Transition::stops);
    }

    /**
     * Returns a cold {@code Mono} that checks {@code url} once with {@code probe}, bounded by {@code timeout} on
     * {@code scheduler}: the one place a check's time is limited. It emits the probe's result, or the unhealthy
     * result "timeout after 5s" ({@link HealthCheckResult#timedOut}) when the time is up, cancelling the probe's
     * check and so closing its connection; it signals the probe's error, or an {@link IllegalStateException} when
     * the probe completes without a result.
     *
     * <pre>{@code
     * MonitorLoop.check(probe, URI.create("tcp://127.0.0.1:5432"), Duration.ofSeconds(5), Schedulers.parallel())
     *         .subscribe(result -> ...);
     * }</pre>
     */
    public static Mono<HealthCheckResult> check(Probe probe, URI url, Duration timeout, Scheduler scheduler) {
        requireNonNull(probe, "probe");
        requireNonNull(url, "url");
        requireNonNull(timeout, "timeout");
        requireNonNull(scheduler, "scheduler");
        return Mono.defer(() -> probe.check(url))
                .switchIfEmpty(NO_RESULT)
                .timeout(timeout, Mono.fromSupplier(() -> HealthCheckResult.timedOut(timeout)), scheduler);
    }

    /**
     * Returns a cold {@code Mono} of one result of this loop's check of its current URL, bounded by its timeout
     * on its scheduler, as {@link #check(Probe, URI, Duration, Scheduler)}.
     */
    Mono<HealthCheckResult> checkResult() {
        return Mono.defer(() -> check(probe, url.get(), config.timeout(), scheduler));
    }

    /**
     * Returns a cold {@code Mono} of one observation of the target: a pass, a fail or an error, never a signal,
     * naming the URL that was checked.
     */
    Mono<Observation> checkOnce() {
        return Mono.defer(() -> {
            URI checked = url.get();
            // a timer and a timed-out result built at each check, not kept: kept with the loop, they were 0.15 KB of
            // each monitor's heap, to spare 0.1 KB of short-lived garbage a check, which the collector's time did
            // not follow
            return check(probe, checked, config.timeout(), scheduler)
                    .map(result -> Observation.of(Outcome.of(result), now(), checked))
                    // a check that could not run is data; a JVM error is a bug and propagates
                    .onErrorResume(e -> !(e instanceof java.lang.Error), e -> Mono.just(Observation.of(
                            new Outcome.Error(Failures.message(e), unreachable(e)), now(), checked)));
        });
    }

    // a transition that backs off names the tick of the next check: so many intervals after the last check's tick
    private void backoff(Transition transition, long tick, AtomicLong nextTick) {
        for (Effect effect : transition.effects()) {
            if (effect instanceof Effect.Backoff backoff) {
                nextTick.set(tick + backoff.delay().toNanos() / config.interval().toNanos());
            }
        }
    }

    // tick 0 is the first check, tick n the n-th interval after the jitter
    private Flux<Long> ticks() {
        Mono<Long> first = firstDelay.isZero() ? Mono.just(0L) : Mono.delay(firstDelay, scheduler);
        return Flux.concat(first, Flux.interval(jitterDelay.plus(config.interval()), config.interval(), scheduler)
                        .map(index -> index + 1))
                // a slow check skips ticks instead of queueing them, or interval would overflow
                .onBackpressureDrop();
    }

    // an agent that cannot be reached may come back by itself: the reducer backs off instead of stopping
    private static boolean unreachable(Throwable e) {
        return e instanceof AgentCheckException agent && agent.unreachable();
    }

    private Instant now() {
        return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
    }
}
