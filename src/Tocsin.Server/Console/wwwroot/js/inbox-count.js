// The unread count on the header's Inbox link (GET /api/v1/inbox/unread-count answers {unread}) and the live inbox
// stream (GET /api/v1/inbox/stream: `ready`, then `item` per new in-app notification, `resync` when this client fell
// behind). Only a key bound to a user has an inbox (the session says so with userId); for other keys the badge stays
// hidden and nothing is asked. A server without the inbox API answers 404: the console stops asking until the next login.
import { get } from './api.js';

let missing = false;
let bound = false;
let started = false;
let timer = null;
let source = null;
let retryTimer = null;
let inFlight = false;
let again = false;
const listeners = new Set();

const badge = () => document.getElementById('inbox-count');

/** Items arriving on the stream, for the inbox page: fn({kind: 'item', item}) or fn({kind: 'resync'}). */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(message) {
  for (const fn of [...listeners]) {
    try { fn(message); } catch (e) { console.error(e); }
  }
}

export function start(session) {
  if (started) return;
  started = true;
  missing = false;
  bound = session?.userId != null;
  if (!bound) { show(0); return; }
  // The stream brings changes at once; the slow poll only repairs a count changed elsewhere (read in another tab).
  timer = setInterval(refresh, 60_000);
  connect();
  refresh();
}

function connect() {
  if (source || !started || missing) return;
  source = new EventSource('/api/v1/inbox/stream');
  source.addEventListener('ready', () => { refresh(); emit({ kind: 'resync' }); });
  source.addEventListener('item', (e) => { refresh(); emit({ kind: 'item', item: JSON.parse(e.data) }); });
  source.addEventListener('resync', () => { refresh(); emit({ kind: 'resync' }); });
  source.onerror = () => {
    if (source?.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
    source.close();
    source = null;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, 5000); // closed for good (401, 503): a 401 elsewhere sends us to login and stop()
  };
}

export function stop() {
  started = false;
  clearInterval(timer);
  clearTimeout(retryTimer);
  source?.close();
  source = null;
  timer = null;
  show(0);
}

/** Whether the session's key has an inbox at all (false: the key is not bound to a user). */
export const hasInbox = () => bound;

export async function refresh() {
  if (!started || !bound || missing) return;
  if (inFlight) { again = true; return; } // a change during a request must not be lost
  inFlight = true;
  try {
    const answer = await get('/api/v1/inbox/unread-count');
    show(answer?.unread ?? 0);
  } catch (e) {
    if (e.isMissingEndpoint) { missing = true; source?.close(); source = null; }
    show(0);
  } finally {
    inFlight = false;
    if (again) { again = false; refresh(); }
  }
}

export function show(n) {
  const el = badge();
  if (!el) return;
  el.hidden = !(n > 0);
  el.textContent = n > 99 ? '99+' : String(n);
  el.parentElement?.setAttribute('aria-label', n > 0 ? `Inbox, ${n} unread` : 'Inbox');
}
