// The monitors by name, fed by the stream. Changes are collected and handed to the views once per animation
// frame, so a burst of a thousand events is one paint.

const CHECK_LOG = 500;
const NOTIFICATION_LOG = 200;

/** Returns an empty store. */
export function createStore() {
    const monitors = new Map();
    const listeners = new Set();
    const checks = [];
    const notifications = [];
    let changed = new Set();
    let full = false;
    let partial = null;
    let complete = false;
    let frame = 0;
    let revision = 0;

    function schedule() {
        if (frame === 0) {
            frame = requestAnimationFrame(flush);
        }
    }

    function flush() {
        frame = 0;
        const change = { full, names: changed };
        full = false;
        changed = new Set();
        for (const listener of listeners) {
            listener(change);
        }
    }

    function touch(name) {
        changed.add(name);
        schedule();
    }

    // the parsed JSON is the store's own: numbered in place, not copied (10,000 copies cost a frame)
    function entry(json) {
        json.rev = ++revision;
        return json;
    }

    return {
        /** Returns the monitor named `name`, or undefined. */
        get: name => monitors.get(name),

        /** Returns every monitor, in no particular order. */
        all: () => monitors.values(),

        /** Returns how many monitors there are. */
        get size() {
            return monitors.size;
        },

        /**
         * The counts of a preview that stands for every monitor until the snapshot is in: `{total, statuses,
         * inMaintenance}`; null once there is a snapshot.
         */
        get partial() {
            return partial;
        },

        /** Returns whether a whole snapshot is in. */
        get complete() {
            return complete;
        },

        /**
         * Takes a preview (`{total, statuses, inMaintenance, monitors}`: the counts and the first monitors) as the
         * monitors until the snapshot comes; ignored once there is one, which is newer.
         */
        preview(json) {
            if (complete) {
                return;
            }
            monitors.clear();
            for (const monitor of json.monitors) {
                monitors.set(monitor.name, entry(monitor));
            }
            partial = { total: json.total, statuses: json.statuses, inMaintenance: json.inMaintenance };
            full = true;
            schedule();
        },

        /** Replaces every monitor with `list` (a snapshot). */
        replace(list) {
            monitors.clear();
            for (const monitor of list) {
                monitors.set(monitor.name, entry(monitor));
            }
            partial = null;
            complete = true;
            full = true;
            schedule();
        },

        /** Adds or replaces one monitor from its full JSON. */
        upsert(monitor) {
            const known = monitors.has(monitor.name);
            monitors.set(monitor.name, entry(monitor));
            if (!known) {
                full = true;
            }
            touch(monitor.name);
        },

        /** Merges `fields` into the monitor named `name`; returns false when there is none. */
        patch(name, fields) {
            const current = monitors.get(name);
            if (current === undefined) {
                return false;
            }
            monitors.set(name, { ...current, ...fields, rev: ++revision });
            touch(name);
            return true;
        },

        /**
         * Takes the latency, last-seen time and uptime of known monitors from `list` (a fresh read); their status
         * stays as the stream set it, since the read may be older than the last status event.
         */
        refresh(list) {
            for (const monitor of list) {
                const current = monitors.get(monitor.name);
                if (current !== undefined && (current.latency !== monitor.latency
                        || current.lastSeen !== monitor.lastSeen || current.uptime !== monitor.uptime)) {
                    monitors.set(monitor.name, { ...current, latency: monitor.latency, lastSeen: monitor.lastSeen,
                        uptime: monitor.uptime, rev: ++revision });
                    touch(monitor.name);
                }
            }
        },

        /** Removes the monitor named `name`. */
        remove(name) {
            if (monitors.delete(name)) {
                full = true;
                touch(name);
            }
        },

        /** Records a check event; the latest ones are kept for the monitor view. */
        recordCheck(check) {
            checks.push(check);
            if (checks.length > CHECK_LOG) {
                checks.splice(0, checks.length - CHECK_LOG);
            }
        },

        /** Returns the recorded checks of `name`, newest first. */
        checksOf: name => checks.filter(c => c.name === name).reverse(),

        /** Records a notification event. */
        recordNotification(notification) {
            notifications.push(notification);
            if (notifications.length > NOTIFICATION_LOG) {
                notifications.splice(0, notifications.length - NOTIFICATION_LOG);
            }
            touch(notification.name);
        },

        /** Returns the recorded notifications of `name`, newest first. */
        notificationsOf: name => notifications.filter(n => n.name === name).reverse(),

        /**
         * Calls `listener({full, names})` once per frame after changes: `full` when monitors were added, removed
         * or replaced, `names` the monitors that changed. Returns a function that unsubscribes.
         */
        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
    };
}
