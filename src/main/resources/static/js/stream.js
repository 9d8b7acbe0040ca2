// The one EventSource of the page. The browser resumes a dropped stream by itself and sends Last-Event-ID; when
// it gives up (the EventSource is closed), a new one is opened after a back-off and starts with a snapshot.

const EVENTS = ['snapshot', 'status', 'check', 'monitor', 'notification'];
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

    function connect() {
        source = new EventSource(url);
        for (const name of EVENTS) {
            source.addEventListener(name, event => {
                const handler = handlers[name];
                if (handler !== undefined) {
                    handler(JSON.parse(event.data));
                }
            });
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
    }

    connect();
    return () => {
        closed = true;
        clearTimeout(retry);
        source.close();
    };
}
