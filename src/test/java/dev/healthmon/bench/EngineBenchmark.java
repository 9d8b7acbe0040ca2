package dev.healthmon.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.Monitors;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/**
 * Prints how fast the probes and the event stream go on this machine: medians of several rounds, and ratios.
 * Nothing here is asserted; these machines are shared and noisy. Not part of {@code verify} (surefire's default
 * includes skip {@code *Benchmark}); run it with:
 * <pre>
 * ./mvnw -B -q test -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Every loop is bounded in count and time; every target is on 127.0.0.1.
 */
class EngineBenchmark {

    private static final int ROUNDS = 7;
    private static final int CHECKS = 2_000;
    private static final int CONCURRENCY = 16;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(60);

    @Test
    void probes() {
        Probes probes = Probes.create();
        HealthCheckConfig config = HealthCheckConfig.builder().timeout(Duration.ofSeconds(5)).build();
        DisposableServer http = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.status(200).send()).bindNow();
        DisposableServer h2c = HttpServer.create().host("127.0.0.1").port(0).protocol(HttpProtocol.H2C)
                .handle((req, res) -> res.status(200).send()).bindNow();
        DisposableServer tcp = TcpServer.create().host("127.0.0.1").port(0).handle((in, out) -> out.neverComplete())
                .bindNow();
        try {
            double httpRate = run("http", probes.http(config), URI.create("http://127.0.0.1:" + http.port()));
            double h2cRate = run("h2c", probes.h2c(config), URI.create("h2c://127.0.0.1:" + h2c.port()));
            double tcpRate = run("tcp", probes.probeFor("tcp", Target.of(URI.create("tcp://127.0.0.1:1")), config),
                    URI.create("tcp://127.0.0.1:" + tcp.port()));
            System.out.printf(Locale.ROOT, "ratios: tcp/http %.2f, h2c/http %.2f%n", tcpRate / httpRate,
                    h2cRate / httpRate);
        }
        finally {
            http.disposeNow();
            h2c.disposeNow();
            tcp.disposeNow();
        }
    }

    @Test
    void eventStream() {
        int monitors = 1_000;
        Duration interval = Duration.ofMillis(100);
        Duration window = Duration.ofSeconds(3);
        Probe instant = url -> Mono.just(HealthCheckResult.healthy(Duration.ZERO));
        HealthCheckConfig config = HealthCheckConfig.builder().interval(interval).jitter(interval).build();
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            MonitorRegistry registry = MonitorRegistry.create();
            AtomicLong received = new AtomicLong();
            List<Disposable> subscribers = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                subscribers.add(registry.events().subscribe(e -> received.incrementAndGet()));
            }
            for (int i = 0; i < monitors; i++) {
                registry.add(Monitors.of("m" + i, config, URI.create("tcp://127.0.0.1:1"), instant));
            }
            long before = received.get();
            StepVerifier.create(Mono.delay(window, Schedulers.parallel())).expectNextCount(1).expectComplete()
                    .verify(window.plusSeconds(10));
            double perSecond = (received.get() - before) / 3.0 / (window.toMillis() / 1000.0);
            rates.add(perSecond);
            subscribers.forEach(Disposable::dispose);
            registry.dispose();
        }
        // each check of an unchanged healthy monitor publishes one check event
        System.out.printf(Locale.ROOT, "event stream: %d monitors every %s: median %.0f events/s per subscriber "
                + "(expected about %.0f), 3 subscribers%n", monitors, interval, median(rates),
                monitors * 1000.0 / interval.toMillis());
    }

    private static double run(String name, Probe probe, URI url) {
        List<Double> rates = new ArrayList<>();
        List<Long> latenciesMicros = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Long> roundLatencies = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            StepVerifier.create(Flux.range(0, CHECKS)
                            .flatMap(i -> probe.check(url), CONCURRENCY)
                            .doOnNext(r -> {
                                if (!r.healthy()) {
                                    throw new IllegalStateException(name + " check failed: " + r.detail());
                                }
                                roundLatencies.add(r.latency().toNanos() / 1_000);
                            }))
                    .expectNextCount(CHECKS)
                    .expectComplete()
                    .verify(ROUND_LIMIT);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round > 0) {
                // the first round warms up the JIT and the event loops
                rates.add(CHECKS / seconds);
                latenciesMicros.addAll(roundLatencies);
            }
        }
        Collections.sort(latenciesMicros);
        double rate = median(rates);
        System.out.printf(Locale.ROOT, "%-4s probe: median %6.0f checks/s over %d rounds of %d at concurrency %d; "
                        + "latency p50 %d us, p99 %d us%n", name, rate, ROUNDS - 1, CHECKS, CONCURRENCY,
                percentile(latenciesMicros, 50), percentile(latenciesMicros, 99));
        return rate;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
