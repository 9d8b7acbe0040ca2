package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.healthmon.web.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service is ready only once it has answered the dashboard's stream and page once (DashboardWarmUp), and by
 * then it has let go of the warm-up's stream: with room for one stream, a client's stream is answered at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardWarmUpTest {

    @Test
    void theServiceIsReadyOnceItAnsweredTheDashboardAndTheWarmUpsStreamIsLetGo(CapturedOutput output)
            throws Exception {
        try (LocalTarget target = LocalTarget.start();
                ConfigurableApplicationContext service = new SpringApplicationBuilder(HealthmonApplication.class).run(
                        "--spring.config.location=classpath:/application.yml,classpath:/e2e.yml",
                        "--server.address=127.0.0.1", "--server.port=0", "--healthmon.limits.maxSseClients=1",
                        "--healthmon.monitors[0].name=db", "--healthmon.monitors[0].url=" + target.url())) {
            // run() returns once the service is ready: the warm-up ran before, on this thread
            assertThat(output.getOut()).containsPattern(
                    "healthmon ready: 1 monitor\\(s\\); the dashboard's stream and page answered once in \\d+ ms");
            assertThat(service.getBean(ApplicationAvailability.class).getReadinessState())
                    .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(service.getBean(StreamHandler.class).open()).as("streams held after the warm-up").isZero();
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
            try (SseConnection stream = SseConnection.open(port, "/api/v1/health/stream?view=brief&preview=100",
                    Map.of())) {
                assertThat(stream.nextEvent(Duration.ofSeconds(10)).event()).isEqualTo("preview");
                assertThat(stream.nextEvent(Duration.ofSeconds(10)).event()).isEqualTo("snapshot");
            }
        }
    }
}
