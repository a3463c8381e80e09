// A plain list of whatever an API collection returns. The on-call, policy, source, rule and inbox pages start as this
// and grow their own views as their APIs land; when the endpoint is missing they say so instead of failing.
import { get } from './api.js';
import { clear, h, timeEl } from './dom.js';

/**
 * @param {HTMLElement} main
 * @param {object} ctx page context from app.js
 * @param {{ title: string, endpoint: string, columns?: (string|[string, (item) => any])[], describe?: string, missing: string, empty?: string,
 *   link?: (item) => string|null, newHref?: string, newLabel?: string, id?: string }} spec
 * A column is a field path ("name", "owner.name") or [label, item => content] for anything computed.
 */
export async function renderResourceList(main, ctx, spec) {
  const body = h('div', { class: 'resource', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('section', { class: 'resource-page' }, h('div', { class: 'page-head' }, h('h1', {}, spec.title),
    spec.newHref ? h('a', { class: 'button primary page-actions', href: spec.newHref }, spec.newLabel ?? 'New') : []),
    spec.describe ? h('p', { class: 'muted' }, spec.describe) : [], body));
  try {
    const data = await get(spec.endpoint, ctx.signal);
    const items = Array.isArray(data) ? data : data?.items ?? [];
    body.removeAttribute('aria-busy');
    if (!items.length) { clear(body, h('p', { class: 'empty' }, spec.empty ?? 'Nothing here yet.')); return items; }
    const columns = spec.columns ?? guessColumns(items);
    clear(body, h('table', { class: 'list', id: spec.id },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, Array.isArray(c) ? c[0] : label(c))))),
      h('tbody', {}, items.map((item) => h('tr', { dataset: { id: item.id } }, columns.map((c, i) => h('td', {}, cell(item, c, i === 0 ? spec.link?.(item) : null))))))));
    return items;
  } catch (e) {
    if (e.name === 'AbortError') return [];
    body.removeAttribute('aria-busy');
    const text = e.isMissingEndpoint ? spec.missing : e.status === 403 ? 'Your API key does not have permission to see this.' : e.message;
    clear(body, h('div', { class: 'notice', role: 'status', dataset: { missing: String(!!e.isMissingEndpoint) } }, text));
    return [];
  }
}

// Prefer the usual identifying fields, then whatever scalar fields the first item has, so a new API shows something useful.
function guessColumns(items) {
  const preferred = ['id', 'name', 'title', 'kind', 'status', 'enabled', 'timeZone', 'createdAt'];
  const keys = Object.keys(items[0]).filter((k) => { const v = items[0][k]; return v === null || typeof v !== 'object'; });
  return [...preferred.filter((k) => keys.includes(k)), ...keys.filter((k) => !preferred.includes(k))].slice(0, 6);
}

const label = (key) => key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

function cell(item, key, href) {
  if (Array.isArray(key)) { const content = key[1](item); return href ? h('a', { href }, content) : content; }
  const path = key.split('.');
  let v = item;
  for (const p of path) v = v?.[p];
  let content;
  if (v === undefined || v === null) content = '';
  else if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) content = timeEl(v);
  else if (typeof v === 'object') content = Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? x.name ?? x.id ?? JSON.stringify(x) : x)).join(', ') : JSON.stringify(v);
  else content = String(v);
  return href ? h('a', { href }, content) : content;
}
