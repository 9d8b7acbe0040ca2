package dev.healthmon.web.history;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Collection;
import java.util.function.Supplier;

import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.store.HistoryStore;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The routes of the history API (DESIGN section 10), all {@code GET} and read-only: uptime, history points,
 * incidents, every monitor's uptime per day, SVG badges and GoDoxy's uptime JSON.
 *
 * <p>Bad input gets 400 {@code {"error","field"}}, a name that is neither live nor stored 404
 * {@code {"error"}}, and a store that is down 503 {@code {"error"}}.
 *
 * <pre>{@code
 * RouterFunction<ServerResponse> history = HistoryRoutes.create(store, registry::snapshot, Clock.systemUTC());
 * }</pre>
 */
public final class HistoryRoutes {

    /** The path prefix of a monitor's history reads. */
    public static final String MONITORS = "/api/v1/monitors";
    /** The path prefix of the badges. */
    public static final String BADGES = "/api/v1/badges";
    /** The path of every monitor's uptime. */
    public static final String UPTIME = "/api/v1/uptime";
    /** The path of every monitor's uptime per UTC day. */
    public static final String DAILY = "/api/v1/uptime/daily";
    /** The path of GoDoxy's uptime JSON. */
    public static final String METRICS_UPTIME = "/api/v1/metrics/uptime";

    private HistoryRoutes() {
    }

    /**
     * Returns every monitor's uptime per UTC day over {@code store}, for pages that show bars of a selection of the
     * monitors (the public status page).
     */
    public static DailyUptime daily(HistoryStore store, Clock clock) {
        return new DailyUptime(requireNonNull(store, "store"), requireNonNull(clock, "clock"));
    }

    /**
     * Returns the routes over {@code store}.
     *
     * @param monitors the live monitors now; called on every request, so it must be cheap and non-blocking
     * @param clock what "now" is: the end of the named windows and GoDoxy's periods
     */
    public static RouterFunction<ServerResponse> create(HistoryStore store,
            Supplier<? extends Collection<MonitorSnapshot>> monitors, Clock clock) {
        requireNonNull(store, "store");
        requireNonNull(monitors, "monitors");
        requireNonNull(clock, "clock");
        MonitorDirectory directory = new MonitorDirectory(store, monitors);
        HistoryHandler history = new HistoryHandler(store, directory, new DailyUptime(store, clock),
                clock);
        BadgeHandler badges = new BadgeHandler(store, directory, clock);
        UptimeMetricsHandler metrics = new UptimeMetricsHandler(store, directory, clock);
        return RouterFunctions.route()
                .GET(MONITORS + "/{name}/uptime", history::uptime)
                .GET(MONITORS + "/{name}/history", history::history)
                .GET(MONITORS + "/{name}/incidents", history::incidents)
                .GET(UPTIME, history::uptimeAll)
                .GET(DAILY, history::daily)
                .GET(BADGES + "/{name}/status.svg", badges::status)
                .GET(BADGES + "/{name}/uptime.svg", badges::uptime)
                .GET(BADGES + "/{name}/latency.svg", badges::latency)
                .GET(METRICS_UPTIME, metrics::uptime)
                .build();
    }
}
