// One monitor: its status and detail, what it is now, its configuration, the latest checks and notifications,
// and its management actions. While it is open, a stream of its own brings every check. Further sections (the
// history charts) plug in through registerSection.

import { fromTemplate, setText, monitorCategory, formatLatency, formatAgo, formatTime, formatDuration, formatClock }
    from './dom.js';
import { deleteMonitor, restartMonitor, muteMonitor, unmuteMonitor, checksUrl, ApiError } from './api.js';
import { openStream } from './stream.js';
import { withToken } from './manage.js';

const sections = [];
const CHECKS_SHOWN = 50;

/**
 * Adds a section to every monitor view: `create(name, store)` returns `{element, update(monitor), close()}`;
 * the view calls `update` on each change of the monitor and `close` when it goes.
 */
export function registerSection(create) {
    sections.push(create);
}

/** Returns the view of the monitor named `name`: `{element, close()}`. */
export function createMonitorView(name, store) {
    const element = fromTemplate('tpl-monitor');
    const q = selector => element.querySelector(selector);
    const result = q('.action-result');
    const extra = sections.map(create => create(name, store));
    for (const section of extra) {
        q('.monitor-sections').append(section.element);
    }
    q('.edit').href = `#/edit/${encodeURIComponent(name)}`;

    q('.restart').addEventListener('click', () => act('Restarting', async () => {
        const json = await withToken(() => restartMonitor(name), 'Restarting a monitor needs the API token.');
        store.upsert(json);
        return 'Restarted.';
    }));
    q('.mute').addEventListener('click', () => act('Muting', async () => {
        const duration = q('.mute-for').value;
        await mute(() => muteMonitor(name, duration), 'Muting a monitor needs the API token.');
        return `Muted for ${duration}: notifications are held.`;
    }));
    q('.unmute').addEventListener('click', () => act('Unmuting', async () => {
        await mute(() => unmuteMonitor(name), 'Unmuting a monitor needs the API token.');
        return 'Unmuted.';
    }));
    q('.delete').addEventListener('click', () => {
        q('.delete').hidden = true;
        q('.confirm-delete').hidden = false;
        q('.confirm-delete').focus();
    });
    q('.confirm-delete').addEventListener('click', () => act('Deleting', async () => {
        await withToken(() => deleteMonitor(name), 'Deleting a monitor needs the API token.');
        store.remove(name);
        location.hash = '#/';
        return 'Deleted.';
    }));

    async function act(doing, action) {
        setText(result, `${doing}…`);
        result.dataset.state = 'busy';
        try {
            setText(result, await action());
            result.dataset.state = 'done';
        }
        catch (error) {
            setText(result, error.message);
            result.dataset.state = 'error';
        }
        finally {
            q('.delete').hidden = false;
            q('.confirm-delete').hidden = true;
        }
    }

    function draw() {
        const monitor = store.get(name);
        q('.monitor-missing').hidden = monitor !== undefined;
        setText(q('.monitor-name'), name);
        if (monitor === undefined) {
            return;
        }
        const badge = q('.badge');
        badge.dataset.category = monitorCategory(monitor);
        badge.dataset.status = monitor.status;
        setText(q('.badge .status-text'), monitor.status);
        setText(q('.monitor-url'), monitor.url);
        setText(q('.monitor-detail'), monitor.detail);
        facts(q('.facts'), [
            ['Latency', formatLatency(monitor.latency)],
            ['Last seen', `${formatAgo(monitor.lastSeen)} (${formatTime(monitor.lastSeen)})`],
            ['Failures in a row', monitor.consecutiveFailures],
            ['Running for', formatDuration(monitor.uptime ?? 0)],
            ['Started', formatTime(monitor.started)],
            ...(monitor.group != null ? [['Group', monitor.group]] : []),
        ]);
        facts(q('.config'), Object.entries(monitor.config ?? {}).map(([key, value]) => [key, configText(value)]));
        drawChecks();
        drawNotifications();
        for (const section of extra) {
            section.update(monitor);
        }
    }

    function drawChecks() {
        const checks = store.checksOf(name).slice(0, CHECKS_SHOWN);
        const list = q('.checks');
        q('.checks-empty').hidden = checks.length > 0;
        list.replaceChildren(...checks.map(check => {
            const item = fromTemplate('tpl-check');
            item.dataset.category = check.outcome === 'pass' ? 'good' : 'bad';
            setText(item.querySelector('time'), formatClock(check.time));
            setText(item.querySelector('.outcome'), check.outcome);
            setText(item.querySelector('.latency'), formatLatency(check.latency));
            setText(item.querySelector('.detail'), check.detail);
            return item;
        }));
    }

    function drawNotifications() {
        const notifications = store.notificationsOf(name);
        q('.notifications-empty').hidden = notifications.length > 0;
        q('.notifications').replaceChildren(...notifications.map(notification => {
            const item = fromTemplate('tpl-check');
            item.dataset.category = notification.kind === 'up' ? 'good' : 'bad';
            setText(item.querySelector('time'), formatTime(notification.time));
            setText(item.querySelector('.outcome'), notification.title);
            setText(item.querySelector('.latency'), formatLatency(notification.latency));
            setText(item.querySelector('.detail'), notification.detail);
            return item;
        }));
    }

    const unsubscribe = store.subscribe(change => {
        if (change.full || change.names.has(name)) {
            draw();
        }
    });
    const ticker = setInterval(draw, 5000);
    // every check of this monitor while its view is open; the page's stream carries its other events
    const closeChecks = openStream(checksUrl(name), {
        snapshot: monitors => monitors.forEach(monitor => store.upsert(monitor)),
        check: check => {
            store.recordCheck(check);
            const fields = { status: check.status, detail: check.detail, latency: check.latency };
            if (check.outcome === 'pass') {
                fields.lastSeen = check.time;
            }
            store.patch(name, fields);
        },
    }, () => {});
    draw();

    return {
        element,
        close() {
            unsubscribe();
            clearInterval(ticker);
            closeChecks();
            for (const section of extra) {
                section.close();
            }
        },
    };
}

// a server without the mute API answers 404 or 405: say so instead of showing "HTTP 404"
async function mute(call, reason) {
    try {
        return await withToken(call, reason);
    }
    catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 405) && error.field === null
                && !/monitor/i.test(error.message)) {
            throw new Error('This server cannot mute monitors yet.');
        }
        throw error;
    }
}

function facts(list, pairs) {
    list.replaceChildren(...pairs.map(([key, value]) => {
        const fact = fromTemplate('tpl-fact');
        setText(fact.querySelector('dt'), key);
        setText(fact.querySelector('dd'), value);
        return fact;
    }));
}

function configText(value) {
    if (Array.isArray(value)) {
        return value.length === 0 ? 'any' : value.join(', ');
    }
    if (value !== null && typeof value === 'object') {
        return JSON.stringify(value);
    }
    return String(value);
}
