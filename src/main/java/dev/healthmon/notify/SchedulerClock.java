package dev.healthmon.notify;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import reactor.core.scheduler.Scheduler;

/** A clock that reads a scheduler, so resilience4j keeps the same (possibly virtual) time as Reactor. */
final class SchedulerClock extends Clock {

    private final Scheduler scheduler;
    private final ZoneId zone;

    SchedulerClock(Scheduler scheduler, ZoneId zone) {
        this.scheduler = scheduler;
        this.zone = zone;
    }

    SchedulerClock(Scheduler scheduler) {
        this(scheduler, ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new SchedulerClock(scheduler, newZone);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
    }

    @Override
    public long millis() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }
}
