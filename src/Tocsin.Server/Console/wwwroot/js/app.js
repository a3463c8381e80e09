// The console shell: session check, header, hash router. Each page is one module in pages/ exporting
// `default { title, nav, render(main, ctx) }`; ctx carries the route params, the query, the session, an AbortSignal
// that fires when the user navigates away, and hooks for keyboard shortcuts and cleanup.
import { api, get, onUnauthorized } from './api.js';
import { clear, h, toast } from './dom.js';
import { setPageKeys } from './keys.js';
import * as live from './live.js';
import * as inbox from './inbox-count.js';

const routes = [
  { path: /^\/login$/, page: () => import('./pages/login.js'), public: true },
  { path: /^\/alerts$/, page: () => import('./pages/alerts.js') },
  { path: /^\/alerts\/(\d+)$/, page: () => import('./pages/alert.js') },
  { path: /^\/oncall$/, page: () => import('./pages/oncall.js') },
  { path: /^\/oncall\/(\d+)$/, page: () => import('./pages/schedule.js') },
  { path: /^\/policies$/, page: () => import('./pages/policies.js') },
  { path: /^\/policies\/(\d+|new)$/, page: () => import('./pages/policy.js') },
  { path: /^\/sources$/, page: () => import('./pages/sources.js') },
  { path: /^\/sources\/(\d+|new)$/, page: () => import('./pages/source.js') },
  { path: /^\/rules$/, page: () => import('./pages/rules.js') },
  { path: /^\/rules\/(\d+|new)$/, page: () => import('./pages/rule.js') },
  { path: /^\/inbox$/, page: () => import('./pages/inbox.js') },
];

const main = document.getElementById('main');
const top = document.getElementById('top');
let session = null;
let current = null; // { controller, disposers }

export function navigate(hash, { replace = false } = {}) {
  if (replace) { history.replaceState(null, '', hash); render(); } else location.hash = hash;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/alerts';
  const [path, q = ''] = raw.split('?');
  return { path, query: new URLSearchParams(q) };
}

function toLogin() {
  session = null;
  live.stop();
  inbox.stop();
  const { path } = parseHash();
  if (path === '/login') return;
  const next = location.hash && !location.hash.startsWith('#/login') ? location.hash : '';
  navigate(`#/login${next ? `?next=${encodeURIComponent(next)}` : ''}`, { replace: true });
}

onUnauthorized(toLogin);

live.onLiveState((state) => {
  const el = document.getElementById('live');
  el.dataset.state = state;
  el.textContent = state;
});

document.getElementById('logout').addEventListener('click', async () => {
  try { await api('/console/logout', { method: 'POST' }); } catch (e) { toast(e.message, 'error'); }
  toLogin();
});

/** The tenant, and the user when the key is bound to one (whose inbox the header counts). */
function showWho(s) {
  document.getElementById('who').textContent = s.userName ? `${s.userName} · ${s.tenantName}` : s.tenantName;
}

async function ensureSession() {
  if (session) return session;
  try {
    session = await get('/console/session');
  } catch {
    return null; // 401 already redirected to the login page
  }
  showWho(session);
  live.start();
  inbox.start(session);
  return session;
}

async function render() {
  const { path, query } = parseHash();
  const route = routes.find((r) => r.path.test(path));
  current?.controller.abort();
  current?.disposers.forEach((d) => d());
  setPageKeys({});
  const state = { controller: new AbortController(), disposers: [] };
  current = state;

  if (!route) {
    clear(main, h('section', { class: 'empty' }, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/alerts' }, 'Back to alerts'))));
    return;
  }
  if (!route.public && !(await ensureSession())) return;
  if (current !== state) return; // navigated again meanwhile
  top.hidden = route.public;
  if (!route.public) inbox.refresh();

  const module = (await route.page()).default;
  if (current !== state) return;
  document.title = `${module.title} · Tocsin`;
  document.querySelectorAll('[data-nav]').forEach((a) => a.toggleAttribute('aria-current', a.dataset.nav === module.nav));
  const ctx = {
    params: path.match(route.path).slice(1),
    query,
    session,
    signal: state.controller.signal,
    navigate,
    setKeys: setPageKeys,
    onDispose: (fn) => state.disposers.push(fn),
    loggedIn: (s) => { session = s; showWho(s); live.start(); inbox.start(s); },
  };
  clear(main);
  try {
    await module.render(main, ctx);
  } catch (e) {
    if (e.name === 'AbortError') return;
    console.error(e);
    clear(main, h('section', { class: 'empty' }, h('h1', {}, module.title), h('p', { class: 'form-error', role: 'alert' }, e.message)));
  }
}

window.addEventListener('hashchange', render);
render();
