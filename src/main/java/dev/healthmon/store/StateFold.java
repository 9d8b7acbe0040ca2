package dev.healthmon.store;

import java.time.Instant;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import org.jspecify.annotations.Nullable;

/** Folds a monitor's events into its stored state: a pure function. */
final class StateFold {

    private StateFold() {
    }

    static @Nullable StoredState apply(@Nullable StoredState state, List<HistoryEntry> entries) {
        StoredState current = state;
        for (HistoryEntry entry : entries) {
            current = entry instanceof CheckSummary summary ? apply(current, summary)
                    : apply(current, ((HistoryEntry.Event) entry).event());
        }
        return current;
    }

    // the same as folding each of the summary's checks in turn (see the Checked case below)
    private static StoredState apply(@Nullable StoredState s, CheckSummary checks) {
        if (s == null) {
            return new StoredState(checks.name(), checks.status(), checks.statusSince(), checks.lastPass(),
                    checks.last(), checks.trailingFailures(), false, null, checks.detail());
        }
        boolean passed = checks.lastPass() != null;
        Instant since = checks.statusFromFirst() && s.status() == checks.status() ? s.since() : checks.statusSince();
        return new StoredState(s.name(), checks.status(), since, later(s.lastSeen(), checks.lastPass()),
                checks.last(),
                passed ? checks.trailingFailures() : s.consecutiveFailures() + checks.trailingFailures(), s.downSent(),
                s.outageStart(), checks.detail());
    }

    private static @Nullable StoredState apply(@Nullable StoredState s, MonitorEvent event) {
        if (event instanceof MonitorEvent.StatusChanged changed) {
            StoredState base = s != null ? s : fresh(changed.name(), changed.time(), changed.status());
            Instant lastSeen = later(base.lastSeen(), changed.lastSeen());
            return new StoredState(base.name(), changed.status(), changed.time(), lastSeen, base.lastCheck(),
                    changed.consecutiveFailures(), base.downSent(), base.outageStart(), changed.detail());
        }
        if (event instanceof MonitorEvent.Checked checked) {
            StoredState base = s != null ? s : fresh(checked.name(), checked.time(), checked.status());
            boolean pass = checked.outcome() == Outcome.Kind.PASS;
            boolean changed = base.status() != checked.status();
            return new StoredState(base.name(), checked.status(), changed ? checked.time() : base.since(),
                    pass ? later(base.lastSeen(), checked.time()) : base.lastSeen(), checked.time(),
                    pass ? 0 : base.consecutiveFailures() + 1, base.downSent(), base.outageStart(),
                    checked.detail());
        }
        if (event instanceof MonitorEvent.Notification notification && !notification.kind().outage()) {
            // a degraded, recovered or certificate notification says nothing about an outage
            return s;
        }
        if (event instanceof MonitorEvent.Notification notification && s != null) {
            boolean down = notification.kind() == MonitorEvent.Notification.Kind.DOWN;
            return new StoredState(s.name(), s.status(), s.since(), s.lastSeen(), s.lastCheck(),
                    s.consecutiveFailures(), down, down ? notification.time() : null, s.detail());
        }
        if (event instanceof MonitorEvent.Notification notification) {
            boolean down = notification.kind() == MonitorEvent.Notification.Kind.DOWN;
            StoredState base = fresh(notification.name(), notification.time(),
                    down ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY);
            return apply(base, event);
        }
        return s;
    }

    private static StoredState fresh(String name, Instant at, HealthStatus status) {
        return new StoredState(name, status, at, null, null, 0, false, null, "");
    }

    private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
