package dev.healthmon.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The collector's pauses while a bench runs: every collection the JVM reports ({@code jdk.management}'s
 * notifications), but the concurrent cycles, which do not stop the application. A check cannot end while the
 * application is stopped, so a pause longer than the overrun the bench allows explains an overrun by itself.
 */
final class GcPauses implements AutoCloseable {

    private final LongAccumulator max = new LongAccumulator(Math::max, 0);
    private final LongAdder count = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final LongAdder overLimit = new LongAdder();
    private final long limitMillis;
    private final List<Runnable> removals = new ArrayList<>();

    private GcPauses(long limitMillis) {
        this.limitMillis = limitMillis;
    }

    /** Starts counting pauses; those longer than {@code limitMillis} are counted apart. */
    static GcPauses start(long limitMillis) {
        GcPauses pauses = new GcPauses(limitMillis);
        NotificationListener listener = pauses::handle;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                pauses.removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    }
                    catch (ListenerNotFoundException ignored) {
                        // removed already
                    }
                });
            }
        }
        return pauses;
    }

    private void handle(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                .from((CompositeData) notification.getUserData());
        // concurrent work runs beside the application, not a pause: G1's concurrent cycle, and the "Cycles" of
        // ZGC and Shenandoah (whose pauses are reported apart, as their "Pauses")
        if (info.getGcName().contains("Concurrent") || info.getGcName().contains("Cycles")) {
            return;
        }
        long millis = info.getGcInfo().getDuration();
        count.increment();
        total.add(millis);
        max.accumulate(millis);
        if (millis > limitMillis) {
            overLimit.increment();
        }
    }

    long count() {
        return count.sum();
    }

    long totalMillis() {
        return total.sum();
    }

    long maxMillis() {
        return max.get();
    }

    long overLimit() {
        return overLimit.sum();
    }

    @Override
    public void close() {
        removals.forEach(Runnable::run);
    }
}
