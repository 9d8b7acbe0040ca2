package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobTest {

    @Test
    void keyNamesMonitorOutageKindAndReminderAndIsTheSameForTheSameMessage() {
        assertThat(Job.first(down()).key()).isEqualTo("api/2026-11-24T09:30:00Z/down");
        assertThat(Job.reminder(down(), 2).key()).isEqualTo("api/2026-11-24T09:30:00Z/down/2");
        assertThat(Job.first(up()).key()).isEqualTo("api/2026-11-24T09:42:07Z/up");
        assertThat(Job.first(down()).key()).isEqualTo(Job.first(down()).key());
        assertThat(Job.first(down("db")).key()).isNotEqualTo(Job.first(down()).key());
    }

    @Test
    void onlyAResendIsAReminder() {
        assertThat(Job.first(down()).reminder()).isFalse();
        assertThat(Job.reminder(down(), 1).reminder()).isTrue();
    }
}
