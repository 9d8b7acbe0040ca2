// The history of one monitor, as a section of its view: a latency chart over 24 h, 7 d or 30 d (plain SVG, from
// /history with a minute, hour or day step), the uptime of each window and the incidents with their durations.

import { registerSection } from './monitor.js';
import { history, uptime, incidents } from './api.js';
import { fromTemplate, setText, formatDuration, formatTime, formatLatency } from './dom.js';
import { formatUptime } from './bars.js';

const SVG = 'http://www.w3.org/2000/svg';
const WINDOWS = [
    { window: '24h', step: '1m', label: '24 hours' },
    { window: '7d', step: '1h', label: '7 days' },
    { window: '30d', step: '1d', label: '30 days' },
];
const WIDTH = 800;
const HEIGHT = 200;
const PAD = { left: 48, right: 8, top: 10, bottom: 22 };
const RELOAD_MS = 60000;

registerSection(createHistorySection);

function createHistorySection(name) {
    const element = fromTemplate('tpl-history');
    const q = selector => element.querySelector(selector);
    let selected = WINDOWS[0];
    let closed = false;

    for (const tab of element.querySelectorAll('[data-window]')) {
        tab.addEventListener('click', () => {
            selected = WINDOWS.find(w => w.window === tab.dataset.window);
            for (const other of element.querySelectorAll('[data-window]')) {
                other.setAttribute('aria-pressed', String(other === tab));
            }
            loadChart();
        });
    }

    async function loadChart() {
        const wanted = selected;
        const chart = q('.chart');
        chart.dataset.state = 'loading';
        try {
            const json = await history(name, wanted.window, wanted.step);
            if (closed || wanted !== selected) {
                return;
            }
            drawChart(chart, json, wanted);
        }
        catch (error) {
            chart.dataset.state = 'error';
            setText(q('.chart-note'), `No history: ${error.message}`);
        }
    }

    async function loadUptime() {
        const answers = await Promise.allSettled(WINDOWS.map(w => uptime(name, w.window)));
        if (closed) {
            return;
        }
        const list = q('.windows');
        list.replaceChildren(...answers.map((answer, index) => {
            const fact = fromTemplate('tpl-fact');
            setText(fact.querySelector('dt'), WINDOWS[index].label);
            const report = answer.status === 'fulfilled' ? answer.value : null;
            fact.dataset.window = WINDOWS[index].window;
            setText(fact.querySelector('dd'), report === null ? 'unavailable'
                : `${formatUptime(report.uptime)} · ${report.incidents} incident${report.incidents === 1 ? '' : 's'}`
                + ` · avg ${formatLatency(Math.round(report.latency?.avg ?? 0))}`);
            return fact;
        }));
    }

    async function loadIncidents() {
        let list;
        try {
            list = await incidents(name, '90d');
        }
        catch (error) {
            list = [];
        }
        if (closed) {
            return;
        }
        q('.incidents-empty').hidden = list.length > 0;
        q('.incident-list').replaceChildren(...list.map(incident => {
            const item = fromTemplate('tpl-check');
            item.classList.add('incident');
            item.dataset.category = incident.end == null ? 'bad' : 'idle';
            setText(item.querySelector('time'), formatTime(incident.start));
            setText(item.querySelector('.outcome'), incident.status);
            setText(item.querySelector('.latency'), incident.end == null
                ? `ongoing, ${formatDuration(incident.duration)}` : formatDuration(incident.duration));
            setText(item.querySelector('.detail'), incident.detail);
            return item;
        }));
    }

    function loadAll() {
        loadChart();
        loadUptime();
        loadIncidents();
    }

    loadAll();
    const timer = setInterval(loadAll, RELOAD_MS);
    let lastStatus = null;

    return {
        element,
        update(monitor) {
            // a status change opens or closes an incident: read them again
            if (lastStatus !== null && monitor.status !== lastStatus) {
                loadIncidents();
                loadUptime();
            }
            lastStatus = monitor.status;
        },
        close() {
            closed = true;
            clearInterval(timer);
        },
    };
}

function drawChart(chart, json, wanted) {
    const svg = chart.querySelector('svg');
    const points = json.points.filter(point => point.latencyAvg != null || point.failures > 0);
    chart.dataset.state = 'ready';
    chart.dataset.points = String(points.length);
    setText(chart.querySelector('.chart-note'), points.length === 0
        ? `No checks in the last ${wanted.label}.`
        : `${points.length} points, one per ${formatDuration(json.step)}; line: mean latency, shade: highest.`);
    svg.replaceChildren();
    if (points.length === 0) {
        return;
    }
    const now = Date.now() / 1000;
    const span = { '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 }[wanted.window];
    const start = now - span;
    const top = niceMax(Math.max(1, ...points.map(p => p.latencyMax ?? p.latencyAvg ?? 0)));
    const x = time => PAD.left + (WIDTH - PAD.left - PAD.right) * Math.min(1, Math.max(0, (time - start) / span));
    const y = ms => HEIGHT - PAD.bottom - (HEIGHT - PAD.top - PAD.bottom) * Math.min(1, ms / top);

    for (const fraction of [0, 0.5, 1]) {
        const value = top * fraction;
        svg.append(line(PAD.left, y(value), WIDTH - PAD.right, y(value), 'grid'));
        svg.append(text(PAD.left - 6, y(value) + 4, formatLatency(Math.round(value)) === '–' ? '0' :
            formatLatency(Math.round(value)), 'axis end'));
    }
    svg.append(text(PAD.left, HEIGHT - 4, new Date(start * 1000).toLocaleString(), 'axis'));
    svg.append(text(WIDTH - PAD.right, HEIGHT - 4, 'now', 'axis end'));

    const latency = points.filter(p => p.latencyAvg != null);
    if (latency.length > 0) {
        const high = latency.map(p => `${x(p.time).toFixed(1)},${y(p.latencyMax ?? p.latencyAvg).toFixed(1)}`);
        const low = latency.map(p => `${x(p.time).toFixed(1)},${y(p.latencyAvg).toFixed(1)}`).reverse();
        svg.append(shape('polygon', { points: [...high, ...low].join(' '), class: 'latency-max' }));
        svg.append(shape('polyline', {
            points: latency.map(p => `${x(p.time).toFixed(1)},${y(p.latencyAvg).toFixed(1)}`).join(' '),
            class: 'latency-avg',
        }));
        if (latency.length === 1) {
            // one point draws no line: mark it
            svg.append(shape('circle', { cx: x(latency[0].time).toFixed(1), cy: y(latency[0].latencyAvg).toFixed(1),
                r: 3, class: 'latency-point' }));
        }
    }
    const width = Math.max(1, (WIDTH - PAD.left - PAD.right) * json.step / span);
    for (const point of points) {
        // a failed step is a red mark on the time axis; every step has a tooltip
        if (point.failures > 0) {
            svg.append(shape('rect', { x: x(point.time).toFixed(1), y: HEIGHT - PAD.bottom, width: width.toFixed(1),
                height: 4, class: 'failure' }));
        }
        const hover = shape('rect', { x: x(point.time).toFixed(1), y: PAD.top, width: width.toFixed(1),
            height: HEIGHT - PAD.top - PAD.bottom, class: 'hover' });
        const title = document.createElementNS(SVG, 'title');
        title.textContent = `${formatTime(point.time)}: avg ${formatLatency(Math.round(point.latencyAvg ?? 0))}, `
            + `max ${formatLatency(Math.round(point.latencyMax ?? 0))}, ${point.checks} checks, `
            + `${point.failures} failed, uptime ${formatUptime(point.uptime)}`;
        hover.append(title);
        svg.append(hover);
    }
}

function niceMax(value) {
    const magnitude = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 5, 10]) {
        if (value <= step * magnitude) {
            return step * magnitude;
        }
    }
    return 10 * magnitude;
}

function shape(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) {
        element.setAttribute(key, String(value));
    }
    return element;
}

function line(x1, y1, x2, y2, cls) {
    return shape('line', { x1, y1, x2, y2, class: cls });
}

function text(x, y, content, cls) {
    const element = shape('text', { x, y, class: cls });
    element.textContent = content;
    return element;
}
