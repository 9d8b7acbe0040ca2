// The one EventSource of the page. The browser resumes a dropped stream by itself and sends Last-Event-ID; when
// it gives up (the EventSource is closed), a new one is opened after a back-off and starts with a snapshot. A
// stream the page opened before its modules loaded (window.healthmonStream, from index.html) is taken over.

const EVENTS = ['preview', 'snapshot', 'status', 'check', 'monitor', 'notification'];
const MAX_BACKOFF_MS = 10000;

/**
 * Opens the stream at `url`, calls `handlers[event](data)` with each event's parsed JSON and `onState(state)` with
 * "open" or "lost". Returns a function that closes it.
 */
export function openStream(url, handlers, onState) {
    let source = null;
    let retry = 0;
    let backoff = 1000;
    let closed = false;

    function dispatch(name, event) {
        if (name === 'snapshot' || name === 'preview') {
            performance.mark(`${name}-received`);
        }
        const handler = handlers[name];
        if (handler !== undefined) {
            handler(JSON.parse(event.data));
        }
    }

    function connect(early = null) {
        source = early === null ? new EventSource(url) : early.source;
        // taken and replayed in this one task: no event of the source can come in between
        const missed = early === null ? [] : early.take();
        for (const name of EVENTS) {
            source.addEventListener(name, event => dispatch(name, event));
        }
        source.onopen = () => {
            backoff = 1000;
            onState('open');
        };
        source.onerror = () => {
            onState('lost');
            if (source.readyState === EventSource.CLOSED && !closed) {
                // the browser stopped retrying (an answer that was not a stream): start over ourselves
                clearTimeout(retry);
                retry = setTimeout(connect, backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        };
        if (early === null) {
            return;
        }
        // what happened before the modules were in
        if (source.readyState === EventSource.OPEN || missed.length > 0) {
            onState('open');
        }
        for (const event of missed) {
            dispatch(event.type, event);
        }
        if (source.readyState === EventSource.CLOSED) {
            source.onerror();
        }
    }

    const early = window.healthmonStream;
    if (early?.url === url) {
        delete window.healthmonStream;
        connect(early);
    }
    else {
        performance.mark('stream-requested');
        connect();
    }
    return () => {
        closed = true;
        clearTimeout(retry);
        source.close();
    };
}
