// Adding and editing monitors, and the API token: a request the server refuses with 401 asks for the token,
// keeps it in this tab's session storage and is sent again.

import { fromTemplate, setText } from './dom.js';
import { ApiError, token, setToken, createMonitor, replaceMonitor, writtenMonitor } from './api.js';

const NUMBERS = new Set(['retries', 'healthyThreshold', 'maxErrors']);
const BOOLEANS = new Set(['tlsVerify', 'public', 'publicDetail']);
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
    // the monitor as written: an edit sends back every field the form does not show (docker, agent, notify, ...)
    // unchanged, and the fields it shows as they are now
    let written = null;
    let closed = false;

    if (name !== null) {
        form.elements.name.value = name;
        form.elements.name.readOnly = true;
        save.disabled = true;
        withToken(() => writtenMonitor(name), 'Editing a monitor needs the API token.').then(fields => {
            if (!closed) {
                written = fields;
                fill(fields);
                save.disabled = false;
                form.dataset.loaded = 'true';
            }
        }, error => {
            if (!closed) {
                show(error);
            }
        });
    }

    function fill(fields) {
        for (const [key, value] of Object.entries(fields)) {
            const field = key === 'name' ? null : form.elements.namedItem(key);
            if (field === null || value == null) {
                continue;
            }
            if (Array.isArray(value)) {
                field.value = value.join(', ');
            }
            else if (typeof value !== 'object') {
                field.value = String(value);
            }
        }
    }

    form.addEventListener('input', event => event.target.removeAttribute('aria-invalid'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const fields = written === null ? collect(form) : merge(written, form);
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
            closed = true;
        },
    };
}

// what was written, less the name and the fields of the form, plus what the form holds now: a field emptied in
// the form is left out, so its default applies again
function merge(written, form) {
    const fields = {};
    for (const [key, value] of Object.entries(written)) {
        if (key !== 'name' && form.elements.namedItem(key) === null) {
            fields[key] = value;
        }
    }
    return { ...fields, ...collect(form) };
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
        else if (BOOLEANS.has(field.name)) {
            fields[field.name] = value === 'true';
        }
        else {
            fields[field.name] = value;
        }
    }
    return fields;
}
