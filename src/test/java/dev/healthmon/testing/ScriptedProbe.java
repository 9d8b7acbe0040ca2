package dev.healthmon.testing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.probe.Probe;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A probe that answers from a script, one step per check, repeating the last step; it counts checks and
 * cancellations and records the URLs it was asked to check.
 */
public final class ScriptedProbe implements Probe {

    private final List<Probe> steps = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger cancellations = new AtomicInteger();
    private final List<URI> urls = new CopyOnWriteArrayList<>();

    private ScriptedProbe(List<Probe> steps) {
        this.steps.addAll(steps);
    }

    /** Returns a probe that answers with {@code steps} in order, then repeats the last one. */
    public static ScriptedProbe of(Probe... steps) {
        return new ScriptedProbe(List.of(steps));
    }

    /** Replaces the rest of the script: the next checks answer with {@code next} steps. */
    public ScriptedProbe then(Probe... next) {
        int done = checks.get();
        while (steps.size() > done) {
            steps.remove(steps.size() - 1);
        }
        while (steps.size() < done) {
            steps.add(steps.get(steps.size() - 1));
        }
        steps.addAll(List.of(next));
        return this;
    }

    @Override
    public Mono<HealthCheckResult> check(URI url) {
        urls.add(url);
        int index = checks.getAndIncrement();
        Probe step = steps.get(Math.min(index, steps.size() - 1));
        return step.check(url).doOnCancel(cancellations::incrementAndGet);
    }

    /** Returns how many checks were started. */
    public int checks() {
        return checks.get();
    }

    /** Returns how many checks were cancelled before they ended. */
    public int cancellations() {
        return cancellations.get();
    }

    /** Returns the URLs checked, in order. */
    public List<URI> urls() {
        return List.copyOf(urls);
    }

    /** Returns a step that passes at once with a latency of 5 ms. */
    public static Probe pass() {
        return url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(5)));
    }

    /** Returns a step that passes at once with {@code latency}. */
    public static Probe pass(Duration latency) {
        return url -> Mono.just(HealthCheckResult.healthy(latency));
    }

    /** Returns a step whose target fails at once with {@code detail}. */
    public static Probe fail(String detail) {
        return url -> Mono.just(HealthCheckResult.unhealthy(detail, Duration.ofMillis(5)));
    }

    /** Returns a step whose target fails at once with "HTTP 503 Service Unavailable". */
    public static Probe fail() {
        return fail("HTTP 503 Service Unavailable");
    }

    /** Returns a step whose check cannot be performed: an error signal. */
    public static Probe error(String message) {
        return url -> Mono.error(new IllegalStateException(message));
    }

    /** Returns a step that throws instead of returning a publisher, as a careless check function might. */
    public static Probe thrown(String message) {
        return url -> {
            throw new IllegalStateException(message);
        };
    }

    /** Returns a step that never answers. */
    public static Probe hang() {
        return url -> Mono.never();
    }

    /** Returns a step that passes after {@code delay} on {@code scheduler}. */
    public static Probe slowPass(Duration delay, Scheduler scheduler) {
        return url -> Mono.delay(delay, scheduler).thenReturn(HealthCheckResult.healthy(delay));
    }
}
