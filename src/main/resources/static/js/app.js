// The dashboard: one stream feeds one store, and the view of the current address draws from it.
// Addresses: #/ the overview, #/monitor/NAME one monitor, #/new and #/edit/NAME the monitor form.

import { createStore } from './store.js';
import { openStream } from './stream.js';
import { STREAM_URL, monitor as fetchMonitor, monitors as fetchMonitors } from './api.js';
import { createOverview } from './overview.js';
import { fromTemplate, setText } from './dom.js';

const BACK_BANNER_MS = 6000;
// status events carry latency and last-seen only when the status changes: a fleet this small is read again now
// and then so the overview's latency and "last seen" stay current
const REFRESH_MS = 30000;
const REFRESH_UP_TO = 2000;
const TOAST_MS = 8000;
const MAX_TOASTS = 4;

performance.mark('app-start');
const store = createStore();
const view = document.getElementById('view');
const banner = document.getElementById('banner');
const connection = document.getElementById('connection');
const toasts = document.getElementById('toasts');

// the monitor view (with its history section) and the form: loaded when first wanted, or once the overview is
// complete, so the first render waits for none of them
let views = null;

function loadViews() {
    views ??= Promise.all([import('./monitor.js'), import('./manage.js'), import('./history.js')])
            .then(([monitor, manage]) => ({ createMonitorView: monitor.createMonitorView,
                createForm: manage.createForm }));
    return views;
}

const overview = createOverview(store, () => {
    // the first render: milliseconds from the navigation's start to the end of the first frame that drew the counts
    // and the rows on screen with their status (the browser paints it next)
    performance.mark('first-render');
    document.documentElement.dataset.firstRender = String(Math.round(performance.now()));
    // how many rows that frame shows with their status, as proof of what was drawn
    document.documentElement.dataset.firstRenderRows = String([...document.querySelectorAll('#monitor-list .row')]
            .filter(row => row.dataset.status && row.getBoundingClientRect().top < window.innerHeight).length);
}, () => {
    performance.mark('complete-render');
    document.documentElement.dataset.completeRender = String(Math.round(performance.now()));
    (window.requestIdleCallback ?? setTimeout)(() => loadViews());
});
view.append(overview.element);

let current = null;
let overviewScroll = 0;
let routing = 0;

async function route() {
    const [, kind, rest] = location.hash.match(/^#\/(monitor|edit|new)?\/?(.*)$/) ?? [];
    const name = rest ? decodeURIComponent(rest) : null;
    const wanted = (kind === 'monitor' || kind === 'edit') && name !== null || kind === 'new';
    const turn = ++routing;
    let loaded = null;
    if (wanted) {
        try {
            loaded = await loadViews();
        }
        catch (error) {
            views = null;
            console.warn('could not load the view', error);
            showBanner('lost', 'Could not load this view; reload the page to try again.');
            return;
        }
        if (turn !== routing) {
            // the address changed again meanwhile
            return;
        }
    }
    if (current !== null) {
        current.close();
        current.element.remove();
        current = null;
    }
    else {
        overviewScroll = window.scrollY;
    }
    if (kind === 'monitor' && name !== null) {
        current = loaded.createMonitorView(name, store);
    }
    else if (kind === 'edit' && name !== null) {
        current = loaded.createForm(store, name);
    }
    else if (kind === 'new') {
        current = loaded.createForm(store);
    }
    if (current === null) {
        overview.show();
        window.scrollTo(0, overviewScroll);
    }
    else {
        overview.hide();
        view.append(current.element);
        window.scrollTo(0, 0);
    }
}

// a monitor the store does not know yet (added, or seen first in an event) is read from the API: a few one by
// one, a burst (a reload, a start-up) with one read of them all
const READ_DELAY_MS = 50;
const READ_ALL_ABOVE = 20;
const pending = new Set();
let readTimer = 0;

function refresh(name) {
    pending.add(name);
    if (readTimer === 0) {
        readTimer = setTimeout(readPending, READ_DELAY_MS);
    }
}

async function readPending() {
    readTimer = 0;
    const names = [...pending];
    pending.clear();
    if (names.length > READ_ALL_ABOVE) {
        const all = await fetchMonitors().catch(error => {
            console.warn('could not read the monitors', error);
            return null;
        });
        for (const name of all === null ? [] : names) {
            if (all[name] === undefined) {
                store.remove(name);
            }
            else {
                store.upsert(all[name]);
            }
        }
        return;
    }
    for (const name of names) {
        fetchMonitor(name).then(json => store.upsert(json), error => {
            if (error.status === 404) {
                store.remove(name);
            }
            else {
                console.warn(`could not read monitor ${name}`, error);
            }
        });
    }
}

const handlers = {
    preview: json => {
        store.preview(json);
    },
    snapshot: monitors => {
        // milliseconds from navigation to the first snapshot, parsed: what the network and the server took
        performance.mark('snapshot-parsed');
        document.documentElement.dataset.firstSnapshot ??= String(Math.round(performance.now()));
        store.replace(monitors);
    },
    status: event => {
        const known = store.patch(event.name, {
            status: event.status,
            detail: event.detail,
            latency: event.latency,
            lastSeen: event.lastSeen,
            consecutiveFailures: event.consecutiveFailures,
        });
        if (!known) {
            refresh(event.name);
        }
    },
    monitor: event => {
        if (event.action === 'removed') {
            store.remove(event.name);
        }
        else {
            refresh(event.name);
        }
    },
    notification: event => {
        store.recordNotification(event);
        toast(event);
    },
};

let lost = false;
let bannerTimer = 0;

function onStreamState(state) {
    connection.dataset.state = state === 'open' ? 'live' : 'lost';
    setText(connection, state === 'open' ? 'live' : 'reconnecting');
    if (state === 'lost' && !lost) {
        lost = true;
        showBanner('lost', 'Lost the live stream; reconnecting…');
    }
    else if (state === 'open' && lost) {
        lost = false;
        showBanner('back', 'Back online: the live stream is connected again.');
        bannerTimer = setTimeout(() => {
            banner.hidden = true;
        }, BACK_BANNER_MS);
    }
}

function showBanner(state, text) {
    clearTimeout(bannerTimer);
    banner.dataset.state = state;
    setText(banner, text);
    banner.hidden = false;
}

// notifications are shown once per frame: a few as a toast each, a burst (a network cut) as one toast
const arrived = [];
let toastFrame = 0;

function toast(notification) {
    arrived.push(notification);
    if (toastFrame === 0) {
        toastFrame = requestAnimationFrame(showToasts);
    }
}

function showToasts() {
    toastFrame = 0;
    const batch = arrived.splice(0);
    if (batch.length > MAX_TOASTS) {
        const down = batch.filter(n => n.kind !== 'up').length;
        addToast(down > 0 ? 'bad' : 'good', `${batch.length} notifications: ${down} down, ${batch.length - down} up`);
        return;
    }
    for (const notification of batch) {
        addToast(notification.kind === 'up' ? 'good' : 'bad', `${notification.name}: ${notification.title}`);
    }
}

function addToast(category, text) {
    const element = fromTemplate('tpl-toast');
    element.dataset.category = category;
    setText(element.querySelector('.toast-text'), text);
    toasts.append(element);
    while (toasts.childElementCount > MAX_TOASTS) {
        toasts.firstElementChild.remove();
    }
    setTimeout(() => element.remove(), TOAST_MS);
}

setInterval(() => {
    if (document.visibilityState === 'visible' && !lost && store.size > 0 && store.size <= REFRESH_UP_TO) {
        fetchMonitors().then(all => store.refresh(Object.values(all)),
            error => console.warn('could not read the monitors', error));
    }
}, REFRESH_MS);

window.addEventListener('hashchange', route);
route();
openStream(STREAM_URL, handlers, onStreamState);
