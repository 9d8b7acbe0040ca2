package dev.healthmon.web.history;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.store.HistoryPoint;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of a monitor's history: one point per step that has checks, oldest first.
 *
 * @param name the monitor
 * @param step the width of a point, seconds
 * @param points the points
 */
public record HistoryView(String name, long step, List<PointView> points) {

    public HistoryView {
        points = List.copyOf(points);
    }

    /** Returns the view of {@code points}, {@code step} seconds wide. */
    static HistoryView of(String name, long step, List<HistoryPoint> points) {
        return new HistoryView(name, step, points.stream().map(PointView::of).toList());
    }

    /**
     * One step of history.
     *
     * @param time the start of the step, unix seconds
     * @param checks checks in the step
     * @param failures failed checks
     * @param uptime the time-weighted uptime over the step, 0..1, or {@code null} when neither up nor down
     * @param latencyAvg mean latency of the passing checks, milliseconds, or {@code null}
     * @param latencyMax largest latency, milliseconds, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PointView(long time, long checks, long failures, @Nullable Double uptime,
            @Nullable Double latencyAvg, @Nullable Double latencyMax) {

        static PointView of(HistoryPoint point) {
            return new PointView(point.time().getEpochSecond(), point.checks(), point.failures(), point.uptime(),
                    point.latencyAvg(), point.latencyMax());
        }
    }
}
