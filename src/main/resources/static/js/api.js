// The JSON API of README "HTTP API". Management sends the API token from session storage when there is one.

const TOKEN_KEY = 'healthmon.token';

/** An answer other than 2xx: `status`, and the server's `{"error","field"}` when it sent one. */
export class ApiError extends Error {
    constructor(status, body) {
        super(body?.error ?? `HTTP ${status}`);
        this.status = status;
        this.field = body?.field ?? null;
    }
}

/** Returns the API token of this tab's session, or null. */
export function token() {
    return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps `value` as the API token of this tab's session; null forgets it. */
export function setToken(value) {
    if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
    }
    else {
        sessionStorage.removeItem(TOKEN_KEY);
    }
}

async function request(method, path, body) {
    // a state-changing request always says JSON, which a cross-site form cannot
    const headers = { 'Accept': 'application/json', 'Content-Type': 'application/json' };
    const bearer = token();
    if (bearer) {
        headers['Authorization'] = `Bearer ${bearer}`;
    }
    const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
    });
    const type = response.headers.get('Content-Type') ?? '';
    const json = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
        throw new ApiError(response.status, json);
    }
    return json;
}

const enc = encodeURIComponent;

/**
 * The stream of every monitor: status changes, notifications and monitors added or removed. Check results are
 * left out: at 10,000 monitors they would be hundreds of events a second for every open page. Its snapshots are
 * brief (no config, the group instead): half the size for the overview; a monitor's view reads its full JSON. Each
 * snapshot comes after a preview: the counts and the first 100 rows, sent while the whole is written. index.html
 * opens this stream as the page starts.
 */
export const STREAM_URL = '/api/v1/health/stream?view=brief&preview=100';

/** Returns the stream of the monitor named `name`, with every check result. */
export const checksUrl = name => `/api/v1/health/${enc(name)}/stream?checks=true`;

/** Returns every monitor's JSON, by name. */
export const monitors = () => request('GET', '/api/v1/health');

/** Returns the JSON of the monitor named `name`. */
export const monitor = name => request('GET', `/api/v1/health/${enc(name)}`);

/** Returns the monitor named `name` as written (its fields, not their defaults); needs the token when one is set. */
export const writtenMonitor = name => request('GET', `/api/v1/monitors/${enc(name)}`);

/** Creates a monitor from its fields; returns its JSON. */
export const createMonitor = fields => request('POST', '/api/v1/monitors', fields);

/** Replaces (or creates) the monitor named `name`; returns its JSON. */
export const replaceMonitor = (name, fields) => request('PUT', `/api/v1/monitors/${enc(name)}`, fields);

/** Stops and removes the monitor named `name`. */
export const deleteMonitor = name => request('DELETE', `/api/v1/monitors/${enc(name)}`);

/** Starts the monitor named `name` again; returns its JSON. */
export const restartMonitor = name => request('POST', `/api/v1/monitors/${enc(name)}/restart`);

/** Returns every monitor's uptime per UTC day over the last `days` days: `{from, days, monitors: {name: [..]}}`. */
export const dailyUptime = days => request('GET', `/api/v1/uptime/daily?days=${days}`);

/** Returns the uptime of the monitor named `name` over `window` (24h, 7d, 30d, ...). */
export const uptime = (name, window) => request('GET', `/api/v1/monitors/${enc(name)}/uptime?window=${window}`);

/** Returns the history points of the monitor named `name` over `window`, one per `step` (1m, 1h, 1d). */
export const history = (name, window, step) =>
    request('GET', `/api/v1/monitors/${enc(name)}/history?window=${window}&step=${step}`);

/** Returns the incidents of the monitor named `name` over the last `window`, newest first. */
export const incidents = (name, window) =>
    request('GET', `/api/v1/monitors/${enc(name)}/incidents?window=${window}&limit=50`);

/** Holds the notifications of the monitor named `name` for `duration` (such as 2h); returns the answer's JSON. */
export const muteMonitor = (name, duration) =>
    request('POST', `/api/v1/monitors/${enc(name)}/mute?for=${enc(duration)}`);

/** Ends the mute of the monitor named `name`. */
export const unmuteMonitor = name => request('DELETE', `/api/v1/monitors/${enc(name)}/mute`);
