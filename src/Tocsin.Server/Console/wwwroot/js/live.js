// One Server-Sent Events connection for the whole console, shared by the pages that want live alert changes.
// Listeners get { kind: 'alert', alert } per change and { kind: 'resync' } when they should refetch (the server dropped
// events for this slow client, or the connection was re-established and changes may have been missed meanwhile).
import { get } from './api.js';

const listeners = new Set();
let source = null;
let everReady = false;
let retryTimer = null;
let setState = () => {};

export function onLiveState(fn) { setState = fn; }

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(message) {
  for (const fn of [...listeners]) {
    try { fn(message); } catch (e) { console.error(e); }
  }
}

export function start() {
  if (source) return;
  clearTimeout(retryTimer);
  setState('connecting');
  source = new EventSource('/api/v1/alerts/stream');
  source.addEventListener('ready', () => {
    setState('live');
    if (everReady) emit({ kind: 'resync' });
    everReady = true;
  });
  source.addEventListener('alert', (e) => emit({ kind: 'alert', alert: JSON.parse(e.data) }));
  source.addEventListener('resync', () => emit({ kind: 'resync' }));
  source.addEventListener('unauthorized', () => {
    stop();
    get('/console/session').catch(() => {}); // answers 401, which sends the console to the login page
  });
  source.onerror = () => {
    setState('offline');
    if (source?.readyState !== EventSource.CLOSED) return; // the browser retries by itself
    // Closed for good (e.g. 401 after the key was revoked): ask why, then try again later if still logged in.
    stop();
    get('/console/session').then(() => { retryTimer = setTimeout(start, 5000); }, () => {});
  };
}

export function stop() {
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
  everReady = false;
  setState('offline');
}
