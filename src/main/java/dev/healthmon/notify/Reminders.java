package dev.healthmon.notify;

import java.time.Duration;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Turns one provider's events into the jobs to deliver, re-sending each down every {@code repeat} while it lasts. */
final class Reminders {

    private Reminders() {
    }

    /** Returns whether the notifier needs {@code event}: notifications, recoveries and removals. */
    static boolean relevant(MonitorEvent event) {
        return event instanceof Notification
                || event instanceof MonitorEvent.StatusChanged changed && changed.status().isGood()
                || event instanceof MonitorEvent.Lifecycle lifecycle
                        && lifecycle.action() == MonitorEvent.Lifecycle.Action.REMOVED;
    }

    /**
     * Returns the jobs for {@code events}, which are {@link #relevant(MonitorEvent)} (the notifier filters them
     * once, before they are shared among the providers): each notification once, and with a {@code repeat} each
     * down again every {@code repeat} on {@code scheduler} until the monitor's next notification, a good status
     * or its removal. Hot when {@code events} is; completes when it does.
     */
    static Flux<Job> jobs(Flux<MonitorEvent> events, @Nullable Duration repeat, Scheduler scheduler) {
        if (repeat == null) {
            return events.ofType(Notification.class).map(Job::first);
        }
        return events.publish(shared -> Flux.merge(
                // only what is about an outage ends its reminders: a degraded or a certificate passes them by
                shared.filter(event -> !(event instanceof Notification notification) || notification.kind().outage())
                        .groupBy(MonitorEvent::name)
                        // one group per monitor; all must be drained at once or groupBy stalls
                        .flatMap(monitor -> monitor.switchMap(event -> jobsFor(event, repeat, scheduler)),
                                Integer.MAX_VALUE),
                shared.ofType(Notification.class)
                        .filter(notification -> !notification.kind().outage())
                        .map(Job::first)));
    }

    private static Flux<Job> jobsFor(MonitorEvent event, Duration repeat, Scheduler scheduler) {
        if (!(event instanceof Notification notification)) {
            return Flux.empty();
        }
        if (notification.kind() != Notification.Kind.DOWN) {
            return Flux.just(Job.first(notification));
        }
        return Flux.concat(
                Mono.just(Job.first(notification)),
                Flux.interval(repeat, repeat, scheduler)
                        .onBackpressureDrop()
                        .map(tick -> Job.reminder(notification, (int) Math.min(tick + 1, Integer.MAX_VALUE))));
    }
}
