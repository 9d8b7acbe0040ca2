package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.Monitors;
import dev.healthmon.web.EventHub;
import dev.healthmon.web.StreamStats;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * One SSE client stops reading while another reads a burst of transitions: the live one receives every event, in
 * order, with no gap, while the stalled one costs a bounded queue and is later brought up to date by a snapshot.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.location=classpath:/application.yml,classpath:/e2e.yml",
                "healthmon.sse.clientBuffer=256",
                "healthmon.monitors[0].name=flip-a", "healthmon.monitors[0].url=tcp://127.0.0.1:1",
                "healthmon.monitors[1].name=flip-b", "healthmon.monitors[1].url=tcp://127.0.0.1:2",
                "healthmon.defaults.interval=10ms", "healthmon.defaults.retries=-1"})
class SlowClientTest {

    private static final int FLIPS = 200;
    private static final int BUFFER = 256;
    private static final AtomicBoolean BURST = new AtomicBoolean();
    private static final CountDownLatch DONE = new CountDownLatch(2);

    @LocalServerPort
    int port;

    @Autowired
    EventHub hub;

    @Test
    void stalledClientStaysBoundedWhileALiveClientGetsEveryEventOfABurst() throws IOException {
        try (SseConnection stalled = SseConnection.open(port, "/api/v1/health/stream?checks=true", Map.of(), 2048);
                SseConnection live = SseConnection.open(port, "/api/v1/health/stream?checks=true", Map.of())) {
            SseConnection.Block snapshot = live.nextEvent(Duration.ofSeconds(5));
            assertThat(snapshot.event()).isEqualTo("snapshot");
            BURST.set(true);

            long expected = snapshot.idNumber() + 1;
            long end = Long.MAX_VALUE;
            int maxQueued = 0;
            int flips = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (expected <= end) {
                assertThat(System.nanoTime()).as("the burst ends within 30s").isLessThan(deadline);
                SseConnection.Block event = live.nextEvent(Duration.ofSeconds(5));
                // every event of the hub, in order: no gap, no snapshot, for the client that keeps up
                assertThat(event.idNumber()).isEqualTo(expected);
                assertThat(event.event()).isNotEqualTo("snapshot");
                expected++;
                flips += "notification".equals(event.event()) ? 1 : 0;
                for (StreamStats stats : hub.clients()) {
                    maxQueued = Math.max(maxQueued, stats.queued());
                }
                if (end == Long.MAX_VALUE && DONE.getCount() == 0) {
                    end = hub.lastId();
                }
            }

            assertThat(flips).isGreaterThanOrEqualTo(2 * 2 * FLIPS);
            assertThat(maxQueued).isLessThanOrEqualTo(BUFFER);
            assertThat(hub.clients()).hasSize(2)
                    .allSatisfy(stats -> assertThat(stats.queued()).isLessThanOrEqualTo(BUFFER))
                    .extracting(StreamStats::resyncs)
                    .containsOnlyOnce(0L)
                    .anySatisfy(resyncs -> assertThat(resyncs).isPositive());

            // the stalled client reads again: what was in flight, then a fresh snapshot, ids still increasing
            long previous = 0;
            SseConnection.Block block;
            do {
                block = stalled.nextEvent(Duration.ofSeconds(5));
                assertThat(block.idNumber()).isGreaterThan(previous);
                previous = block.idNumber();
            }
            while (!"snapshot".equals(block.event()) || previous == snapshot.idNumber());
            assertThat(block.data()).contains("\"name\":\"flip-a\"").contains("\"name\":\"flip-b\"");
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class BurstingMonitors {

        /** Monitors that pass, then alternate fail and pass {@code FLIPS} times each once the burst starts. */
        @Bean
        @Primary
        MonitorFactory burstingMonitorFactory() {
            MonitorOptions options = MonitorOptions.defaults().withFixedJitter(Duration.ZERO);
            return spec -> {
                AtomicInteger checks = new AtomicInteger();
                return Monitors.of(spec.name(), spec.config(), spec.target().url(), url -> Mono.fromSupplier(() -> {
                    if (!BURST.get()) {
                        return HealthCheckResult.healthy(Duration.ofMillis(1));
                    }
                    int n = checks.getAndIncrement();
                    if (n == 2 * FLIPS) {
                        DONE.countDown();
                    }
                    return n < 2 * FLIPS && n % 2 == 0
                            ? HealthCheckResult.unhealthy("flip " + n)
                            : HealthCheckResult.healthy(Duration.ofMillis(1));
                }), options);
            };
        }

        /** Small socket buffers, so that a client that stops reading fills them after a few events. */
        @Bean
        NettyServerCustomizer smallSocketBuffers() {
            return server -> server
                    .childOption(ChannelOption.SO_SNDBUF, 4096)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1024, 2048));
        }
    }
}
