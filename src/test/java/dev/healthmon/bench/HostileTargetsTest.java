package dev.healthmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The fault suite's "Targets" run, scaled down for the test suite: the service with 400 monitors of targets that
 * black-hole, reset, half-answer and stream forever, in every mode, for 10 seconds. It prints how far checks
 * overran their timeout, next to the control (how late an idle timer on the same scheduler was), and the
 * connections left open; {@code healthmon bench hostile} runs 5,000, and BENCHMARKS.md ("Hostile targets") has
 * the figures. Asserted is only what no load excuses: every kind of target was checked in every mode,
 * connections never pile up beyond one per monitor while it runs, and none is left open once the service stopped.
 * Timings are printed, not asserted: the machine is shared.
 */
class HostileTargetsTest {

    private static final int MONITORS = 400;

    @Test
    void checksOfMisbehavingTargetsAreTimedAndTheirConnectionsDoNotPileUpOrOutliveTheService() throws Exception {
        HostileBench.Result result = new HostileBench(MONITORS, Duration.ofSeconds(10)).run();
        result.report().print(System.out);

        assertThat(result.checks()).as("checks timed").isGreaterThan(MONITORS);
        // every target kind in every mode was checked: 9 kinds in 4 modes, and the stalled TLS handshake
        assertThat(result.maxOverrunByGroup()).hasSize(37);
        // while it runs, a check that left its connection behind on every timeout would pile them up
        assertThat(result.openMiddle()).as("open at the targets half way").isLessThanOrEqualTo(MONITORS);
        assertThat(result.openEnd()).as("open at the targets at the end").isLessThanOrEqualTo(MONITORS);
        // the service cancels the checks it stops, which close their connections, and closes what its probes opened
        assertThat(result.openAfterByKind()).as("open at the targets after the service stopped").isEmpty();
    }
}
