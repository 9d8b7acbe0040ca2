package dev.healthmon.web.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import dev.healthmon.store.HistoryPoint;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.Resolution;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Every monitor's uptime per UTC day, for the 90-day bars of the dashboard and the status page: one store read for
 * all monitors, never one per monitor.
 */
public final class DailyUptime {

    /** The days of a bar when the request names none. */
    public static final int DEFAULT_DAYS = 90;
    /** The most days a bar may hold. */
    public static final int MAX_DAYS = 365;

    private final HistoryStore store;
    private final Clock clock;

    DailyUptime(HistoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Returns the bars of the monitors whose name {@code listed} accepts and that have history in the period;
     * {@code days} UTC days ending with today. Cold; the read runs on the store's read scheduler.
     */
    public Mono<DailyView> bars(int days, Predicate<String> listed) {
        return Mono.defer(() -> {
            Instant now = HistoryHandler.now(clock);
            Instant today = Resolution.DAY.bucketOf(now);
            Instant from = today.minus(Duration.ofDays(days - 1L));
            // at midnight itself today has no time yet: a second of it keeps it in the bar
            Instant to = now.isAfter(today) ? now : today.plusSeconds(1);
            return store.dailyAll(from, to).map(daily -> view(from, days, daily, listed));
        });
    }

    private static DailyView view(Instant from, int days, Map<String, List<HistoryPoint>> daily,
            Predicate<String> listed) {
        Map<String, List<@Nullable Double>> monitors = new TreeMap<>();
        daily.forEach((name, points) -> {
            if (listed.test(name) && points.stream().anyMatch(point -> point.uptime() != null)) {
                List<@Nullable Double> bar = new ArrayList<>(points.size());
                points.forEach(point -> bar.add(rounded(point.uptime())));
                monitors.put(name, bar);
            }
        });
        return new DailyView(from.getEpochSecond(), days, monitors);
    }

    // four decimals tell 99.99 % from 100 % and keep 10,000 bars of 90 days small
    private static @Nullable Double rounded(@Nullable Double uptime) {
        return uptime == null ? null : Math.round(uptime * 10_000) / 10_000.0;
    }

    /**
     * The JSON of the bars.
     *
     * @param from the start of the first day, unix seconds (midnight UTC); day {@code i} starts {@code i} days later
     * @param days the days of each bar; the last one is today, so far
     * @param monitors for each monitor with history in the period, by name, the uptime of each day (0..1),
     *         oldest first; {@code null} for a day that was neither up nor down (no history, idle, maintenance or
     *         unmonitored). A monitor with no such day at all is left out: 10,000 new monitors are not 10,000
     *         bars of nothing
     */
    public record DailyView(long from, int days, Map<String, List<@Nullable Double>> monitors) {
    }
}
