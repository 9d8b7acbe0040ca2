package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the service (what SIGTERM does through the shutdown hook) stops every monitor and ends the streams. */
class ShutdownTest {

    @Test
    void closingStopsMonitorsAndEndsStreamsWithinSeconds() throws IOException {
        try (LocalTarget target = LocalTarget.start()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(HealthmonApplication.class)
                    .run("--spring.config.location=classpath:/application.yml,classpath:/e2e.yml", "--server.port=0",
                            "--healthmon.monitors[0].name=db", "--healthmon.monitors[0].url=" + target.url());
            MonitorRegistry registry = context.getBean(MonitorRegistry.class);
            HealthMonitor db = registry.get("db").orElseThrow();
            Awaits.status(registry, "db", HealthStatus.HEALTHY, Duration.ofSeconds(5));
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            try (SseConnection all = SseConnection.open(port, "/api/v1/health/stream?checks=true", Map.of());
                    SseConnection one = SseConnection.open(port, "/api/v1/health/db/stream", Map.of())) {
                assertThat(all.nextEvent("snapshot", Duration.ofSeconds(5)).event()).isEqualTo("snapshot");
                assertThat(one.nextEvent("snapshot", Duration.ofSeconds(5)).event()).isEqualTo("snapshot");

                long start = System.nanoTime();
                context.close();
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isLessThan(Duration.ofSeconds(3));
                assertThat(db.status()).isEqualTo(HealthStatus.STOPPED);
                assertThat(all.endsWithin(Duration.ofSeconds(2))).isTrue();
                assertThat(one.endsWithin(Duration.ofSeconds(2))).isTrue();
                assertThat(all.raw()).contains("event:status").contains("\"status\":\"stopped\"");
            }
        }
    }
}
