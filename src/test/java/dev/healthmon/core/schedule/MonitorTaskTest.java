package dev.healthmon.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class MonitorTaskTest {

    @Test
    void finishingAParentFinishesItsSubtasksWithTheReason() {
        MonitorTask root = MonitorTask.root("routes");
        MonitorTask api = root.subtask("api", "API server");

        StepVerifier.create(api.whenFinished())
                .then(() -> root.finish("shutdown"))
                .expectNext("shutdown")
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(api.isFinished()).isTrue();
        assertThat(api.finishReason()).isEqualTo("shutdown");
        assertThat(api.name()).isEqualTo("routes/api");
        assertThat(api.displayName()).isEqualTo("API server");
    }

    @Test
    void onlyTheFirstFinishCounts() {
        MonitorTask task = MonitorTask.root("t");
        task.finish("first");
        task.finish("second");

        assertThat(task.finishReason()).isEqualTo("first");
    }

    @Test
    void aSubtaskOfAFinishedTaskIsBornFinished() {
        MonitorTask root = MonitorTask.root("routes");
        root.finish(null);

        assertThat(root.subtask("late").isFinished()).isTrue();
    }

    @Test
    void finishingASubtaskLeavesTheParentRunning() {
        MonitorTask root = MonitorTask.root("routes");
        root.subtask("api").finish("removed");

        assertThat(root.isFinished()).isFalse();
    }
}
