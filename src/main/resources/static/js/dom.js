// Small helpers shared by the views: templates, status colours and formatting. Network strings only ever reach
// the page through textContent or attributes, never through innerHTML.

/** Returns a deep clone of the first element of the template with id `id`. */
export function fromTemplate(id) {
    const template = document.getElementById(id);
    return template.content.firstElementChild.cloneNode(true);
}

/** Sets `element`'s text when it differs, so an unchanged row costs no layout. */
export function setText(element, text) {
    const value = text == null ? '' : String(text);
    if (element.textContent !== value) {
        element.textContent = value;
    }
}

const CATEGORIES = {
    healthy: 'good',
    degraded: 'good',
    unhealthy: 'bad',
    error: 'bad',
    maintenance: 'maintenance',
    muted: 'maintenance',
};

/** Returns the colour class of a status: good, bad, maintenance or idle (unknown, starting, stopped, napping). */
export function category(status) {
    return CATEGORIES[status] ?? 'idle';
}

/** Returns the category of a monitor: its status, or maintenance while a down is held for a window. */
export function monitorCategory(monitor) {
    if (monitor.maintenance) {
        return 'maintenance';
    }
    return category(monitor.status);
}

/** Returns a latency in milliseconds as text. */
export function formatLatency(ms) {
    if (ms == null || ms <= 0) {
        return '–';
    }
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

/** Returns how long ago a unix time in seconds was, as short text; "never" for 0. */
export function formatAgo(unixSeconds, nowMillis = Date.now()) {
    if (!unixSeconds) {
        return 'never';
    }
    const seconds = Math.max(0, Math.round(nowMillis / 1000 - unixSeconds));
    if (seconds < 60) {
        return `${seconds}s ago`;
    }
    if (seconds < 3600) {
        return `${Math.floor(seconds / 60)}m ago`;
    }
    if (seconds < 86400) {
        return `${Math.floor(seconds / 3600)}h ago`;
    }
    return `${Math.floor(seconds / 86400)}d ago`;
}

/** Returns a unix time in seconds as local date and time; "never" for 0. */
export function formatTime(unixSeconds) {
    if (!unixSeconds) {
        return 'never';
    }
    return new Date(unixSeconds * 1000).toLocaleString();
}

/** Returns the time of day of a unix time in seconds, to the second. */
export function formatClock(unixSeconds) {
    return new Date(unixSeconds * 1000).toLocaleTimeString();
}

/** Returns a duration in seconds as text such as "3d 4h" or "12m 5s". */
export function formatDuration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const parts = [[86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']]
        .map(([size, unit]) => [Math.floor(s / size) % (unit === 'd' ? Infinity : size === 3600 ? 24 : 60), unit])
        .filter(([count]) => count > 0)
        .slice(0, 2);
    return parts.length === 0 ? '0s' : parts.map(([count, unit]) => `${count}${unit}`).join(' ');
}
