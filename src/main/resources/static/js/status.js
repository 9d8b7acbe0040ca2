// The public status page: the public monitors by group, an overall banner, 90-day bars and recent incidents, kept
// live by one EventSource on the public stream. It reads only /api/v1/status and /api/v1/status/stream, which
// carry nothing of a private monitor.

import { openStream } from './stream.js';
import { fromTemplate, setText, category, formatDuration, formatTime, formatLatency } from './dom.js';
import { createBar, drawBar, averageUptime, formatUptime } from './bars.js';

const STATUS_URL = '/api/v1/status';
const STREAM_URL = '/api/v1/status/stream';
// bars and incidents change slowly: read again every five minutes, and soon after a monitor comes or goes
const RELOAD_MS = 5 * 60 * 1000;
// after the history writer (which stores within a second) has the change
const RELOAD_SOON_MS = 2500;
const BACK_BANNER_MS = 6000;
const BANNERS = {
    operational: 'All systems operational',
    partial: 'Partial outage',
    major: 'Major outage',
    unknown: 'No status yet',
};

const monitors = new Map();   // name -> public monitor JSON
let page = { from: 0, days: 0, incidents: [] };
let frame = 0;
let reloadTimer = 0;

/**
 * Returns the banner of `statuses`, as the server decides it: of the monitors with a result (healthy or degraded
 * up, unhealthy or error down), none down is operational, more than half down a major outage, fewer a partial one.
 */
export function overallOf(statuses) {
    let counted = 0;
    let down = 0;
    for (const status of statuses) {
        if (status === 'unhealthy' || status === 'error') {
            down++;
            counted++;
        }
        else if (status === 'healthy' || status === 'degraded') {
            counted++;
        }
    }
    if (counted === 0) {
        return 'unknown';
    }
    if (down === 0) {
        return 'operational';
    }
    return down * 2 > counted ? 'major' : 'partial';
}

async function load() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, RELOAD_MS);
    try {
        const response = await fetch(STATUS_URL, { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (!response.ok) {
            throw new Error(`HTTP ${response.status}`);
        }
        const json = await response.json();
        page = json;
        const bars = new Map(json.monitors.map(monitor => [monitor.name, monitor]));
        // the stream may know a newer status than this read: keep it, take the bar
        for (const [name, monitor] of bars) {
            const live = monitors.get(name);
            monitors.set(name, live === undefined ? monitor : { ...monitor, ...live, bar: monitor.bar });
        }
        for (const name of [...monitors.keys()]) {
            if (!bars.has(name)) {
                monitors.delete(name);
            }
        }
        document.documentElement.dataset.loaded = 'true';
        schedule();
    }
    catch (error) {
        console.warn('could not read the status', error);
    }
}

function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, RELOAD_SOON_MS);
}

function schedule() {
    if (frame === 0) {
        frame = requestAnimationFrame(() => {
            frame = 0;
            render();
        });
    }
}

function render() {
    const list = [...monitors.values()];
    const overall = overallOf(list.map(monitor => monitor.status));
    const banner = document.getElementById('overall');
    banner.dataset.overall = overall;
    setText(document.getElementById('overall-text'), BANNERS[overall]);
    setText(document.getElementById('updated'), `Updated ${new Date().toLocaleTimeString()}`);
    document.getElementById('no-monitors').hidden = list.length > 0;
    renderGroups(list);
    renderIncidents();
}

function renderGroups(list) {
    const groups = new Map();
    list.sort((a, b) => compare(a.group ?? '', b.group ?? '') || compare(a.name, b.name));
    for (const monitor of list) {
        const group = monitor.group ?? '';
        if (!groups.has(group)) {
            groups.set(group, []);
        }
        groups.get(group).push(monitor);
    }
    const container = document.getElementById('groups');
    const sections = [];
    for (const [group, members] of groups) {
        const section = reuse(container, 'section', group, 'tpl-status-group');
        setText(section.querySelector('.group-name'), group === '' ? 'Services' : group);
        const ul = section.querySelector('.status-list');
        ul.replaceChildren(...members.map(monitor => drawMonitor(ul, monitor)));
        sections.push(section);
    }
    container.replaceChildren(...sections);
}

// the element of `key` under `parent`, kept from the last render, or a new one from `template`
function reuse(parent, tag, key, template) {
    for (const child of parent.children) {
        if (child.dataset.key === key) {
            return child;
        }
    }
    const element = fromTemplate(template);
    element.dataset.key = key;
    return element;
}

function drawMonitor(parent, monitor) {
    const item = reuse(parent, 'li', monitor.name, 'tpl-status-monitor');
    item.dataset.name = monitor.name;
    item.dataset.status = monitor.status;
    item.dataset.category = category(monitor.status);
    setText(item.querySelector('.name'), monitor.name);
    setText(item.querySelector('.status-text'), monitor.status);
    const detail = [monitor.url, monitor.latency != null ? formatLatency(monitor.latency) : null, monitor.detail]
        .filter(part => part != null && part !== '').join(' · ');
    setText(item.querySelector('.public-detail'), detail);
    const slot = item.querySelector('.bar-slot');
    let bar = slot.firstElementChild;
    if (bar === null) {
        bar = createBar(page.days || 90);
        slot.append(bar);
    }
    // a public monitor without history yet has a bar of empty days
    drawBar(bar, page.from, monitor.bar ?? (page.days > 0 ? new Array(page.days).fill(null) : undefined));
    const average = averageUptime(monitor.bar);
    setText(item.querySelector('.uptime'), monitor.bar ? formatUptime(average) : '');
    return item;
}

function renderIncidents() {
    const incidents = page.incidents ?? [];
    document.getElementById('no-incidents').hidden = incidents.length > 0;
    document.getElementById('incidents').replaceChildren(...incidents.map(incident => {
        const item = fromTemplate('tpl-incident');
        item.dataset.ongoing = String(incident.end == null);
        setText(item.querySelector('.incident-name'), incident.name);
        setText(item.querySelector('time'), formatTime(incident.start));
        setText(item.querySelector('.incident-duration'), incident.end == null
            ? `ongoing for ${formatDuration(incident.duration)}` : `down for ${formatDuration(incident.duration)}`);
        return item;
    }));
}

function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

const connection = document.getElementById('connection');
const streamBanner = document.getElementById('banner');
let lost = false;
let bannerTimer = 0;

function onStreamState(state) {
    connection.dataset.state = state === 'open' ? 'live' : 'lost';
    setText(connection, state === 'open' ? 'live' : 'reconnecting');
    clearTimeout(bannerTimer);
    if (state === 'lost' && !lost) {
        lost = true;
        streamBanner.dataset.state = 'lost';
        setText(streamBanner, 'Lost the live updates; reconnecting…');
        streamBanner.hidden = false;
    }
    else if (state === 'open' && lost) {
        lost = false;
        streamBanner.dataset.state = 'back';
        setText(streamBanner, 'Back online: live updates again.');
        streamBanner.hidden = false;
        bannerTimer = setTimeout(() => {
            streamBanner.hidden = true;
        }, BACK_BANNER_MS);
    }
}

openStream(STREAM_URL, {
    snapshot: list => {
        const names = new Set(list.map(monitor => monitor.name));
        for (const monitor of list) {
            monitors.set(monitor.name, { ...monitors.get(monitor.name), ...monitor });
        }
        for (const name of [...monitors.keys()]) {
            if (!names.has(name)) {
                monitors.delete(name);
            }
        }
        schedule();
    },
    status: event => {
        const current = monitors.get(event.name);
        if (current === undefined) {
            reloadSoon();
            return;
        }
        monitors.set(event.name, { ...current, status: event.status, detail: event.detail ?? current.detail,
            latency: event.latency ?? current.latency });
        if (category(event.status) !== category(current.status)) {
            // an outage began or ended: the incidents and today's cell change
            reloadSoon();
        }
        schedule();
    },
    monitor: () => reloadSoon(),
}, onStreamState);
load();
