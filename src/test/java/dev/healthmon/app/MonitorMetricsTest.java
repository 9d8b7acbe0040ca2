package dev.healthmon.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.MonitorTask;
import dev.healthmon.core.schedule.Monitors;
import dev.healthmon.web.EventHub;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The meters of DESIGN section 9: built once per monitor, and a scrape that stays readable at 10,000 monitors. */
class MonitorMetricsTest {

    private static final URI URL = URI.create("tcp://127.0.0.1:1");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().interval(Duration.ofSeconds(1))
            .retries(1).build();

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("metrics"), time);
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Runnable> restore = new ArrayList<>();
    private Disposable subscription = () -> { };

    @AfterEach
    void stop() {
        registry.dispose();
        subscription.dispose();
        time.dispose();
        restore.forEach(Runnable::run);
    }

    @Test
    void scrapeOfTenThousandMonitorsStaysUnderFiveMegabytes() {
        // as the bundled config tags every series
        meters.config().commonTags("application", "healthmon");
        subscribe(false);
        Probe up = url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(12)));
        quiet(MonitorRegistry.class);
        quiet(HealthMonitor.class);
        Probe down = url -> Mono.just(HealthCheckResult.unhealthy("HTTP 503 Service Unavailable"));
        for (int i = 0; i < 10_000; i++) {
            // one in ten is failing, so it has a series of fails too
            registry.add(Monitors.of(String.format(Locale.ROOT, "checkout-%05d", i), CONFIG, URL,
                    i % 10 == 0 ? down : up, MonitorOptions.on(time).withFixedJitter(Duration.ZERO)));
        }
        time.advanceTimeBy(Duration.ofSeconds(3));

        String scrape = meters.scrape();

        assertThat(scrape.getBytes(UTF_8).length).isLessThan(5_000_000);
        assertThat(scrape)
                .contains("healthmon_checks_total{application=\"healthmon\",monitor=\"checkout-09999\","
                        + "outcome=\"pass\"} 4.0")
                .contains("healthmon_monitor_status{application=\"healthmon\",monitor=\"checkout-09999\","
                        + "status=\"healthy\"} 1.0")
                .doesNotContain("healthmon_check_latency_seconds");
    }

    @Test
    void metersOfAMonitorAreThereFromItsAdditionAndGoWithIt() {
        subscribe(false);
        registry.add(Monitors.of("db", CONFIG, URL, url -> Mono.never(), MonitorOptions.on(time)));

        assertThat(meters.scrape())
                .contains("healthmon_checks_total{monitor=\"db\",outcome=\"pass\"} 0.0")
                .contains("healthmon_monitor_consecutive_failures{monitor=\"db\"} 0.0")
                .contains("healthmon_monitor_latency_seconds{monitor=\"db\"} 0.0")
                .contains("healthmon_monitor_uptime_seconds{monitor=\"db\"} 0.0")
                .contains("healthmon_monitor_status{monitor=\"db\",status=\"starting\"} 1.0");

        registry.remove("db");

        assertThat(meters.scrape()).doesNotContain("monitor=\"db\"");
    }

    @Test
    void statusSeriesMovesWithTheStatus() {
        subscribe(false);
        quiet(MonitorRegistry.class);
        quiet(HealthMonitor.class);
        Probe down = url -> Mono.just(HealthCheckResult.unhealthy("HTTP 503 Service Unavailable"));
        registry.add(Monitors.of("api", CONFIG, URL, down, MonitorOptions.on(time)));

        assertThat(registry.get("api").orElseThrow().status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(meters.scrape())
                .contains("healthmon_monitor_status{monitor=\"api\",status=\"unhealthy\"} 1.0")
                .doesNotContain("status=\"starting\"")
                .contains("healthmon_checks_total{monitor=\"api\",outcome=\"fail\"} 1.0")
                .contains("healthmon_checks_total{monitor=\"api\",outcome=\"pass\"} 0.0")
                .doesNotContain("outcome=\"error\"");
    }

    @Test
    void latencyHistogramIsThereOnlyWhenTurnedOn() {
        subscribe(true);
        registry.add(Monitors.of("db", CONFIG, URL, url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(3))),
                MonitorOptions.on(time)));

        assertThat(meters.scrape())
                .contains("healthmon_check_latency_seconds_bucket{monitor=\"db\",le=")
                .contains("healthmon_check_latency_seconds_count{monitor=\"db\"} 1");
    }

    @Test
    void seriesCollectedAtScrapeAreThoseOfTheMeters() {
        PrometheusMeterRegistry withMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().commonTags("application", "healthmon");
        withMeters.config().commonTags("application", "healthmon");
        EventHub hub = EventHub.create(registry::snapshot, 16, 16, 0);
        Disposable collected = new MonitorMetrics(meters, registry, hub, false, true).subscribeTo(registry.events());
        subscription = new MonitorMetrics(withMeters, registry, hub, false, false).subscribeTo(registry.events());
        quiet(MonitorRegistry.class);
        quiet(HealthMonitor.class);
        MonitorOptions options = MonitorOptions.on(time).withFixedJitter(Duration.ZERO);
        registry.add(Monitors.of("up", CONFIG, URL, url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(7))),
                options));
        registry.add(Monitors.of("down", CONFIG, URL, url -> Mono.just(HealthCheckResult.unhealthy("HTTP 503")),
                options));
        registry.add(Monitors.of("broken", CONFIG, URL, url -> Mono.error(new IllegalStateException("no probe")),
                options));
        registry.add(Monitors.of("tls", CONFIG, URI.create("https://127.0.0.1:1"),
                url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(2))), options));
        time.advanceTimeBy(Duration.ofSeconds(3));
        registry.add(Monitors.of("idle", CONFIG, URL, url -> Mono.never(), options));

        try {
            assertThat(series(meters.scrape())).isEqualTo(series(withMeters.scrape()))
                    .contains("healthmon_checks_total{application=\"healthmon\",monitor=\"broken\",outcome=\"error\"} 4.0")
                    .contains("healthmon_monitor_status{application=\"healthmon\",monitor=\"down\",status=\"unhealthy\"} 1.0")
                    .contains("healthmon_monitor_latency_seconds{application=\"healthmon\",monitor=\"up\"} 0.007")
                    .contains("healthmon_certificate_expiry_seconds{application=\"healthmon\",monitor=\"tls\"} NaN");
            registry.remove("down");
            assertThat(series(meters.scrape())).isEqualTo(series(withMeters.scrape()))
                    .noneMatch(line -> line.contains("monitor=\"down\""));
        }
        finally {
            collected.dispose();
        }
    }

    // the lines of the monitors' series (and their HELP and TYPE), sorted: the order of series is the registry's
    private static List<String> series(String scrape) {
        return scrape.lines()
                .filter(line -> line.contains("healthmon_monitor") || line.contains("healthmon_checks")
                        || line.contains("healthmon_certificate"))
                .sorted()
                .toList();
    }

    // 10,000 "monitor added" lines say nothing here and cost most of the test's time
    private void quiet(Class<?> type) {
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        Level level = logger.getLevel();
        logger.setLevel(Level.ERROR);
        restore.add(() -> logger.setLevel(level));
    }

    private void subscribe(boolean latencyHistogram) {
        EventHub hub = EventHub.create(registry::snapshot, 16, 16, 0);
        subscription = new MonitorMetrics(meters, registry, hub, latencyHistogram).subscribeTo(registry.events());
    }
}
