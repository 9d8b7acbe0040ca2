package dev.healthmon.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.Transition;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.testing.ScriptedProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The seed's status-transition table and state diagram, and DESIGN section 4, row by row through the real
 * pipeline in virtual time: a script of outcomes (p = pass, f = fail, e = error), one per interval, and the
 * status and notification expected after each check.
 */
class TransitionTableTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @ParameterizedTest(name = "[{0}] retries={1} healthyThreshold={2}: {3} -> {4} / {5}")
    @CsvSource(delimiter = '|', value = {
        // row                                     |retries|thr| script    | statuses after each check                          | notifications
        "Starting -> Healthy: check passes          | 3 | 1 | p         | healthy                                            | -",
        "Starting -> Unhealthy: check fails         | 3 | 1 | f         | unhealthy                                          | -",
        "Starting -> Error: check error             | 3 | 1 | e         | error                                              | -",
        "Healthy -> Unhealthy: retries failures     | 3 | 1 | pfff      | healthy healthy healthy unhealthy                  | - - - down",
        "Healthy -> Unhealthy: retries=5            | 5 | 1 | pfffff    | healthy healthy healthy healthy healthy unhealthy  | - - - - - down",
        "Healthy -> Unhealthy: retries<0 at once    | -1| 1 | pf        | healthy unhealthy                                  | - down",
        "Healthy -> Error: check error              | 3 | 1 | pe        | healthy error                                      | - -",
        "Error -> Healthy: check passes             | 3 | 1 | pep       | healthy error healthy                              | - - -",
        "Error -> Unhealthy: retries failures       | 3 | 1 | peff      | healthy error error unhealthy                      | - - - down",
        "Unhealthy -> Healthy: check passes         | 1 | 1 | pfp       | healthy unhealthy healthy                          | - down up",
        "Unhealthy -> Error: check error            | 1 | 1 | pfe       | healthy unhealthy error                            | - down -",
        "Unhealthy stays unhealthy: fails           | 1 | 1 | fff       | unhealthy unhealthy unhealthy                      | down - -",
        "recovery before threshold sends nothing    | 3 | 1 | pffp      | healthy healthy healthy healthy                    | - - - -",
        "a recovery resets the count                | 2 | 1 | pfpff     | healthy healthy healthy healthy unhealthy          | - - - - down",
        "healthyThreshold holds the recovery        | 1 | 2 | pfpfpp    | healthy unhealthy unhealthy unhealthy unhealthy healthy | - down - - - up",
        "healthyThreshold from error                | 3 | 3 | peppp     | healthy error error error healthy                  | - - - - -",
        "one down per outage, fails and errors mixed | 2 | 1 | pfefef   | healthy healthy error unhealthy error unhealthy | - - down - - -",
        "maxErrors in a row stop, status stays error| 3 | 1 | eeeee     | error error error error error                      | - - down - -"})
    void everyRowOfTheTable(String row, int retries, int healthyThreshold, String script, String statuses,
            String notifications) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        HealthCheckConfig config = HealthCheckConfig.builder().interval(INTERVAL).timeout(Duration.ofSeconds(5))
                .retries(retries).healthyThreshold(healthyThreshold).jitter(Duration.ZERO).build();
        ScriptedProbe probe = ScriptedProbe.of(script.chars().mapToObj(c -> step((char) c)).toArray(Probe[]::new));
        List<HealthStatus> expectedStatuses = Arrays.stream(statuses.trim().split("\\s+")).map(HealthStatus::parse)
                .toList();
        List<String> expectedNotifications = Arrays.asList(notifications.trim().split("\\s+"));

        StepVerifier.Step<Transition> steps = StepVerifier.withVirtualTime(
                () -> MonitorLoop.create("api", () -> URI.create("http://127.0.0.1:8080"), probe, config, vts)
                        .transitions(), () -> vts, Long.MAX_VALUE);
        for (int check = 0; check < script.length(); check++) {
            int index = check;
            if (check > 0) {
                steps = steps.thenAwait(INTERVAL);
            }
            steps = steps.assertNext(t -> {
                assertThat(t.state().status()).as("%s: status after check %d", row, index + 1)
                        .isEqualTo(expectedStatuses.get(index));
                assertThat(notification(t)).as("%s: notification after check %d", row, index + 1)
                        .isEqualTo(expectedNotifications.get(index));
            });
        }
        if (row.startsWith("maxErrors")) {
            steps.expectComplete().verify(Duration.ofSeconds(5));
        }
        else {
            steps.thenCancel().verify(Duration.ofSeconds(5));
        }
    }

    private static Probe step(char outcome) {
        return switch (outcome) {
            case 'p' -> ScriptedProbe.pass();
            case 'f' -> ScriptedProbe.fail();
            case 'e' -> ScriptedProbe.error("check could not run");
            default -> throw new IllegalArgumentException("script step " + outcome);
        };
    }

    private static String notification(Transition t) {
        String kinds = t.effects().stream()
                .filter(e -> !(e instanceof Effect.Stop))
                .map(e -> e instanceof Effect.NotifyDown ? "down" : "up")
                .collect(Collectors.joining("+"));
        return kinds.isEmpty() ? "-" : kinds;
    }
}
