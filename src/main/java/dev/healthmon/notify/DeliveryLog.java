package dev.healthmon.notify;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and counts every outcome of one provider's deliveries: counter {@code healthmon.notifications} (tags
 * provider, monitor, kind, result) and timer {@code healthmon.notifications.latency} (tags provider, result).
 */
final class DeliveryLog {

    static final String COUNTER = "healthmon.notifications";
    static final String TIMER = "healthmon.notifications.latency";
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final String provider;
    private final MeterRegistry meters;
    private final Timer delivered;
    private final Timer failed;

    DeliveryLog(String provider, MeterRegistry meters) {
        this.provider = provider;
        this.meters = meters;
        this.delivered = timer(Result.DELIVERED);
        this.failed = timer(Result.FAILED);
    }

    void record(Job job, Result result, Duration took, @Nullable Throwable error) {
        String monitor = job.notification().name();
        String kind = job.notification().kind() + (job.reminder() ? " reminder" : "");
        Counter.builder(COUNTER)
                .description("Notifications by provider, monitor, kind and result")
                .tag("provider", provider)
                .tag("monitor", monitor)
                .tag("kind", job.notification().kind().toString())
                .tag("result", result.toString())
                .register(meters)
                .increment();
        switch (result) {
            case DELIVERED -> {
                delivered.record(took);
                log.info("[{}] {} notification delivered to {} in {} ms", monitor, kind, provider, took.toMillis());
            }
            case FAILED -> {
                failed.record(took);
                log.warn("[{}] {} notification to {} refused for good after {} ms: {}", monitor, kind, provider,
                        took.toMillis(), describe(error));
            }
            case REJECTED -> log.info("[{}] {} notification to {} waits: the circuit is open ({})", monitor, kind,
                    provider, describe(error));
            case DEFERRED -> log.warn("[{}] {} notification to {} waits after every retry failed: {}", monitor, kind,
                    provider, describe(error));
            case PARKED -> log.info("[{}] {} notification to {} waits in the outbox: the queue is full", monitor,
                    kind, provider);
            case DROPPED -> log.error("[{}] {} notification to {} lost: {}", monitor, kind, provider,
                    error == null ? "the queue is full and no outbox keeps it" : describe(error));
        }
    }

    static void retrying(String provider, int attempt, Duration wait, @Nullable Throwable error) {
        log.info("notification to {} failed, retry {} in {} ms: {}", provider, attempt, wait.toMillis(),
                describe(error));
    }

    static void unreadable(String provider, IllegalArgumentException error) {
        log.error("provider={} a notification kept in memory is not readable: {}", provider, error.getMessage());
    }

    private Timer timer(Result result) {
        return Timer.builder(TIMER)
                .description("Time from the first attempt to the end of a delivery")
                .tag("provider", provider)
                .tag("result", result.toString())
                .register(meters);
    }

    private static String describe(@Nullable Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + message;
    }
}
