// Adding and editing monitors, and the API token: a request the server refuses with 401 asks for the token,
// keeps it in this tab's session storage and is sent again.

import { fromTemplate, setText } from './dom.js';
import { ApiError, token, setToken, createMonitor, replaceMonitor } from './api.js';

const NUMBERS = new Set(['retries', 'healthyThreshold', 'maxErrors']);
const MAX_TOKEN_TRIES = 3;

/**
 * Returns what `call()` returns; when the server answers 401, asks for the API token (telling `reason`) and calls
 * again, up to three times. Cancelling the question rethrows the 401.
 */
export async function withToken(call, reason) {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        }
        catch (error) {
            if (!(error instanceof ApiError) || error.status !== 401 || attempt > MAX_TOKEN_TRIES) {
                throw error;
            }
            const refused = token() !== null;
            const given = await askToken(refused ? `The server refused that token. ${reason}` : reason);
            if (given === null) {
                setToken(null);
                throw error;
            }
            setToken(given);
        }
    }
}

function askToken(reason) {
    const dialog = document.getElementById('token-dialog');
    const input = document.getElementById('token-input');
    setText(dialog.querySelector('.token-reason'), reason);
    input.value = '';
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
    return new Promise(resolve => {
        dialog.addEventListener('close', () => {
            const value = input.value.trim();
            input.value = '';
            resolve(dialog.returnValue === 'ok' && value !== '' ? value : null);
        }, { once: true });
    });
}

/** Returns the form that adds a monitor, or edits the one named `name`: `{element, close()}`. */
export function createForm(store, name = null) {
    const element = fromTemplate('tpl-form');
    const form = element.querySelector('form');
    const failure = element.querySelector('.form-error');
    const save = form.querySelector('.save');
    setText(element.querySelector('.form-title'), name === null ? 'Add monitor' : `Edit ${name}`);
    element.querySelector('.back').href = name === null ? '#/' : `#/monitor/${encodeURIComponent(name)}`;
    let filled = name === null;
    let unsubscribe = () => {};

    if (name !== null) {
        form.elements.name.value = name;
        form.elements.name.readOnly = true;
        fill();
        if (!filled) {
            unsubscribe = store.subscribe(fill);
        }
    }

    function fill() {
        const monitor = store.get(name);
        if (filled || monitor === undefined) {
            return;
        }
        filled = true;
        form.elements.url.value = monitor.url ?? '';
        for (const [key, value] of Object.entries(monitor.config ?? {})) {
            const field = form.elements.namedItem(key);
            if (field !== null && value != null) {
                field.value = Array.isArray(value) ? value.join(', ') : String(value);
            }
        }
    }

    form.addEventListener('input', event => event.target.removeAttribute('aria-invalid'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const fields = collect(form);
        failure.hidden = true;
        for (const field of form.querySelectorAll('[aria-invalid]')) {
            field.removeAttribute('aria-invalid');
        }
        save.disabled = true;
        try {
            const json = name === null
                ? await withToken(() => createMonitor(fields), 'Adding a monitor needs the API token.')
                : await withToken(() => replaceMonitor(name, fields), 'Editing a monitor needs the API token.');
            store.upsert(json);
            location.hash = `#/monitor/${encodeURIComponent(json.name)}`;
        }
        catch (error) {
            show(error);
        }
        finally {
            save.disabled = false;
        }
    });

    function show(error) {
        setText(failure, error.message);
        failure.hidden = false;
        failure.dataset.status = String(error.status ?? '');
        const field = error.field ? form.elements.namedItem(error.field) : null;
        if (field !== null && typeof field.focus === 'function') {
            field.setAttribute('aria-invalid', 'true');
            field.focus();
        }
    }

    return {
        element,
        close() {
            unsubscribe();
        },
    };
}

function collect(form) {
    const fields = {};
    for (const field of form.elements) {
        if (!field.name || field.readOnly) {
            continue;
        }
        const value = field.value.trim();
        if (value === '') {
            continue;
        }
        if (NUMBERS.has(field.name) && /^-?\d+$/.test(value)) {
            fields[field.name] = Number(value);
        }
        else if (field.name === 'expectStatus') {
            fields.expectStatus = value.split(/[\s,]+/).filter(Boolean)
                .map(code => /^\d+$/.test(code) ? Number(code) : code);
        }
        else if (field.name === 'tlsVerify') {
            fields.tlsVerify = value === 'true';
        }
        else {
            fields[field.name] = value;
        }
    }
    return fields;
}
