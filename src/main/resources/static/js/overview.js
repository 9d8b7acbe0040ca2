// The overview: every monitor as a row, counted and filtered by status, searched by name or URL and grouped by
// `group`. Only the rows on screen exist in the DOM (a virtualised list), so 10,000 monitors cost what 40 do.

import { fromTemplate, setText, category, monitorCategory, formatLatency, formatAgo } from './dom.js';
import { dailyUptime } from './api.js';
import { createBar, drawBar } from './bars.js';

const OVERSCAN = 6;
const BAR_DAYS = 90;
// the bars change once a day at most: read after the first render (never in its way), then every ten minutes
const BARS_REFRESH_MS = 10 * 60 * 1000;
const GROUPING_KEY = 'healthmon.grouped';
const CATEGORIES = ['good', 'bad', 'idle', 'maintenance'];
const AGO_REFRESH_MS = 5000;

/**
 * Returns the overview of `store`: `{element, show(), hide()}`. `onFirstRender()` is called at the end of the first
 * frame that drew the counts and the rows on screen with their status, from the preview or the snapshot, whichever
 * came first; `onComplete()` after the first frame that drew the whole snapshot.
 */
export function createOverview(store, onFirstRender = () => {}, onComplete = () => {}) {
    const element = fromTemplate('tpl-overview');
    const list = element.querySelector('#monitor-list');
    const search = element.querySelector('#search');
    const chips = [...element.querySelectorAll('[data-filter]')];
    const summary = element.querySelector('#summary');
    const empty = element.querySelector('#list-empty');
    const groupToggle = element.querySelector('#group-toggle');

    let query = '';
    let filter = 'all';
    let order = [];          // every monitor's name, by group then name
    let items = [];          // what the list shows: {group} heads and {name} rows
    let grouped = false;
    let grouping = localStorage.getItem(GROUPING_KEY) !== 'false';
    let bars = { from: 0, monitors: {}, revision: 0 };
    let shown = false;
    let stale = true;        // the order must be rebuilt before the next paint
    let rowHeight = 0;
    let frame = 0;
    let firstRendered = false;
    let completed = false;
    const live = new Map();  // item key -> element on screen
    const pools = { row: [], group: [] };

    groupToggle.checked = grouping;
    groupToggle.addEventListener('change', () => {
        grouping = groupToggle.checked;
        localStorage.setItem(GROUPING_KEY, String(grouping));
        refilter();
    });
    search.addEventListener('input', () => {
        query = search.value.trim().toLowerCase();
        refilter();
    });
    for (const chip of chips) {
        chip.addEventListener('click', () => {
            filter = chip.dataset.filter;
            for (const other of chips) {
                other.setAttribute('aria-pressed', String(other === chip));
            }
            refilter();
        });
    }
    window.addEventListener('scroll', schedulePaint, { passive: true });
    window.addEventListener('resize', () => {
        rowHeight = 0;
        schedulePaint();
    });
    setInterval(() => shown && paint(true), AGO_REFRESH_MS);

    store.subscribe(change => {
        if (change.full) {
            stale = true;
        }
        if (!shown) {
            return;
        }
        if (stale || (filter !== 'all' && change.names.size > 0)) {
            rebuild();
        }
        else {
            count();
        }
        paint(false);
        if (change.full && !firstRendered && store.size > 0) {
            firstRendered = true;
            onFirstRender();
        }
        if (change.full && !completed && store.complete) {
            completed = true;
            onComplete();
            // the bars are read once the whole list is in, never in the way of its first render
            setTimeout(loadBars, 0);
            setInterval(loadBars, BARS_REFRESH_MS);
        }
    });

    async function loadBars() {
        try {
            const json = await dailyUptime(BAR_DAYS);
            bars = { from: json.from, monitors: json.monitors, revision: bars.revision + 1 };
            list.dataset.bars = String(bars.revision);
            paint(false);
        }
        catch (error) {
            // the history may be switched off or down: the rows stay, without bars
            console.warn('could not read the daily uptime', error);
        }
    }

    function refilter() {
        rebuild();
        window.scrollTo({ top: Math.min(window.scrollY, list.offsetTop) });
        paint(false);
    }

    function rebuild() {
        if (stale) {
            const monitors = [...store.all()];
            grouped = monitors.some(m => groupOf(m) !== '');
            monitors.sort((a, b) => compare(groupOf(a), groupOf(b)) || compare(a.name, b.name));
            order = monitors.map(m => m.name);
            stale = false;
        }
        items = [];
        let group = null;
        let head = null;
        for (const name of order) {
            const monitor = store.get(name);
            if (monitor === undefined || !matches(monitor)) {
                continue;
            }
            if (grouped && grouping && (head === null || groupOf(monitor) !== group)) {
                group = groupOf(monitor);
                head = { key: `g:${group}`, group, count: 0 };
                items.push(head);
            }
            if (head !== null) {
                head.count++;
            }
            items.push({ key: `m:${name}`, name });
        }
        count();
    }

    function matches(monitor) {
        if (filter !== 'all' && monitorCategory(monitor) !== filter) {
            return false;
        }
        if (query === '') {
            return true;
        }
        return monitor.name.toLowerCase().includes(query) || String(monitor.url ?? '').toLowerCase().includes(query);
    }

    function count() {
        const counts = { all: 0, good: 0, bad: 0, idle: 0, maintenance: 0 };
        const partial = store.partial;
        if (partial === null) {
            for (const monitor of store.all()) {
                counts.all++;
                counts[monitorCategory(monitor)]++;
            }
        }
        else {
            // a preview: the first rows, and the counts of all
            counts.all = partial.total;
            counts.maintenance = partial.inMaintenance;
            for (const [status, n] of Object.entries(partial.statuses)) {
                counts[category(status)] += n;
            }
        }
        for (const chip of chips) {
            setText(chip.querySelector('b'), counts[chip.dataset.filter]);
        }
        let rows = grouped && grouping ? items.filter(item => item.name !== undefined).length : items.length;
        if (partial !== null && filter === 'all' && query === '') {
            rows = partial.total;
        }
        setText(summary, rows === counts.all ? `${counts.all} monitors` : `Showing ${rows} of ${counts.all} monitors`);
        empty.hidden = rows > 0 || counts.all === 0;
        list.dataset.rows = String(rows);
        list.dataset.complete = String(store.complete);
        list.dataset.bad = String(counts.bad);
    }

    function schedulePaint() {
        if (frame === 0 && shown) {
            frame = requestAnimationFrame(() => {
                frame = 0;
                paint(false);
            });
        }
    }

    function paint(force) {
        if (!shown) {
            return;
        }
        if (rowHeight === 0) {
            rowHeight = parseFloat(getComputedStyle(list).getPropertyValue('--row-height')) || 44;
        }
        // a preview holds the first rows only: the list is as tall as all of them will be
        list.style.height = `${Math.max(items.length, store.partial?.total ?? 0) * rowHeight}px`;
        const top = -list.getBoundingClientRect().top;
        const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
        const last = Math.max(first, Math.min(items.length,
                Math.ceil((top + window.innerHeight) / rowHeight) + OVERSCAN));
        const wanted = new Set();
        for (let index = first; index < last; index++) {
            wanted.add(items[index].key);
        }
        for (const [key, element] of live) {
            if (!wanted.has(key)) {
                live.delete(key);
                element.remove();
                pools[element.classList.contains('row') ? 'row' : 'group'].push(element);
            }
        }
        for (let index = first; index < last; index++) {
            const item = items[index];
            let element = live.get(item.key);
            if (element === undefined) {
                element = item.name === undefined ? take('group', 'tpl-group') : take('row', 'tpl-row');
                element.dataset.rev = '';
                live.set(item.key, element);
                list.append(element);
            }
            element.style.transform = `translateY(${index * rowHeight}px)`;
            if (item.name === undefined) {
                setText(element.querySelector('.group-name'), item.group || 'Ungrouped');
                setText(element.querySelector('.group-count'), item.count);
            }
            else {
                drawRow(element, store.get(item.name), force);
            }
        }
    }

    function take(kind, template) {
        return pools[kind].pop() ?? fromTemplate(template);
    }

    function drawRow(element, monitor, force) {
        if (monitor === undefined) {
            return;
        }
        const barKey = `${monitor.name}#${bars.revision}`;
        if (element.dataset.bar !== barKey) {
            element.dataset.bar = barKey;
            const slot = element.querySelector('.bar-slot');
            let bar = slot.firstElementChild;
            if (bar === null) {
                bar = createBar(BAR_DAYS);
                slot.append(bar);
            }
            // a monitor left out of the answer has no history in the period yet: a bar of empty days
            drawBar(bar, bars.from, bars.revision === 0 ? undefined
                : bars.monitors[monitor.name] ?? new Array(BAR_DAYS).fill(null));
        }
        const seen = element.querySelector('.seen');
        if (!force && element.dataset.rev === String(monitor.rev)) {
            return;
        }
        element.dataset.rev = String(monitor.rev);
        element.dataset.name = monitor.name;
        element.dataset.status = monitor.status;
        element.dataset.category = monitorCategory(monitor);
        element.dataset.maintenance = monitor.maintenance ? monitor.maintenance.name : '';
        element.href = `#/monitor/${encodeURIComponent(monitor.name)}`;
        setText(element.querySelector('.status-text'), monitor.status);
        setText(element.querySelector('.name'), monitor.name);
        setText(element.querySelector('.url'), monitor.url);
        setText(element.querySelector('.latency'), formatLatency(monitor.latency));
        setText(element.querySelector('.detail'), monitor.detail);
        element.querySelector('.detail').title = monitor.detail ?? '';
        setText(seen, formatAgo(monitor.lastSeen));
    }

    return {
        element,
        show() {
            shown = true;
            element.hidden = false;
            rebuild();
            paint(true);
        },
        hide() {
            shown = false;
            element.hidden = true;
        },
    };
}

function groupOf(monitor) {
    const group = monitor.config?.group ?? monitor.group;
    return group == null ? '' : String(group);
}

function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
