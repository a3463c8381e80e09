// The unread count on the header's Inbox link, from GET /api/v1/inbox/unread-count. Refreshed on every page change,
// after live alert changes (a notification usually follows one) and once a minute. A server without the inbox API
// answers 404: the badge then stays hidden and the console stops asking until the next login.
import { get } from './api.js';
import { subscribe } from './live.js';

let missing = false;
let timer = null;
let debounce = null;
let unsubscribe = null;
let inFlight = false;

const badge = () => document.getElementById('inbox-count');

export function start() {
  if (timer) return;
  missing = false;
  timer = setInterval(refresh, 60_000);
  unsubscribe = subscribe(() => { clearTimeout(debounce); debounce = setTimeout(refresh, 1000); });
  refresh();
}

export function stop() {
  clearInterval(timer);
  clearTimeout(debounce);
  unsubscribe?.();
  timer = null;
  unsubscribe = null;
  show(0);
}

/** The server's answer may be a bare number or an object; accept the usual names. */
const countOf = (a) => (typeof a === 'number' ? a : a?.count ?? a?.unread ?? a?.unreadCount ?? 0);

export async function refresh() {
  if (missing || inFlight || !timer) return;
  inFlight = true;
  try {
    show(countOf(await get('/api/v1/inbox/unread-count')));
  } catch (e) {
    if (e.isMissingEndpoint) missing = true;
    show(0);
  } finally {
    inFlight = false;
  }
}

export function show(n) {
  const el = badge();
  if (!el) return;
  el.hidden = !(n > 0);
  el.textContent = n > 99 ? '99+' : String(n);
  el.parentElement?.setAttribute('aria-label', n > 0 ? `Inbox, ${n} unread` : 'Inbox');
}
