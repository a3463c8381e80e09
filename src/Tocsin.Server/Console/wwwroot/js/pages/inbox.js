// In-app notifications of the user the session's key is bound to: GET /api/v1/inbox ({items:[{id, alertId, title,
// body, createdAt, readAt}], nextCursor}), newest first, "Load more" following nextCursor; POST /inbox/{id}/read marks
// one read. New items arrive through the inbox stream (inbox-count.js) and are put on top without a reload.
// A key not bound to a user gets 403 with the reason, shown as is; a server without the inbox API answers 404.
import { api, get, query } from '../api.js';
import { clear, h, timeEl, toast } from '../dom.js';
import { refresh as refreshCount, subscribe } from '../inbox-count.js';

const PAGE_SIZE = 50;

export default {
  title: 'Inbox',
  nav: 'inbox',
  async render(main, ctx) {
    const unreadOnly = ctx.query.get('unread') === 'true';
    const body = h('div', { class: 'resource', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
    const filter = h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'inbox-unread-only', checked: unreadOnly,
      onchange: (e) => ctx.navigate(e.target.checked ? '#/inbox?unread=true' : '#/inbox', { replace: true }) }), ' Unread only');
    main.append(h('section', { class: 'resource-page' }, h('div', { class: 'page-head' }, h('h1', {}, 'My inbox'), filter), body));

    const list = h('ul', { class: 'plain inbox', id: 'inbox-items' });
    const more = h('button', { type: 'button', id: 'inbox-more', hidden: true }, 'Load more');
    const shown = new Set();
    let cursor = null;

    async function load(reset) {
      const page = await get(`/api/v1/inbox${query({ limit: PAGE_SIZE, unread: unreadOnly ? 'true' : '', cursor: reset ? '' : cursor })}`, ctx.signal);
      if (reset) { list.replaceChildren(); shown.clear(); }
      for (const n of page.items ?? []) if (!shown.has(n.id)) { shown.add(n.id); list.append(item(n)); }
      cursor = page.nextCursor ?? null;
      more.hidden = !cursor;
      paintEmpty();
    }

    function paintEmpty() {
      clear(body, list.children.length ? [list, more] : h('p', { class: 'empty' }, unreadOnly ? 'Nothing unread.' : 'No notifications. Quiet is good.'));
    }

    function item(n) {
      const unread = !n.readAt;
      const li = h('li', { class: `inbox-item${unread ? ' unread' : ''}`, dataset: { id: n.id } });
      const markRead = h('button', { type: 'button', class: 'link mark-read', onclick: async () => {
        markRead.disabled = true;
        try {
          await api(`/api/v1/inbox/${n.id}/read`, { method: 'POST' });
          li.classList.remove('unread');
          markRead.remove();
          refreshCount();
        } catch (e) {
          markRead.disabled = false;
          toast(e.message, 'error');
        }
      } }, 'Mark read');
      li.append(
        h('div', { class: 'inbox-line' },
          n.alertId ? h('a', { href: `#/alerts/${n.alertId}` }, n.title || `Alert ${n.alertId}`) : h('span', {}, n.title ?? ''),
          ' ', n.createdAt ? timeEl(n.createdAt) : '', unread ? [' ', markRead] : ''),
        n.body ? h('p', { class: 'inbox-body muted' }, n.body) : '');
      return li;
    }

    more.addEventListener('click', () => load(false).catch((e) => toast(e.message, 'error')));

    try {
      await load(true);
    } catch (e) {
      if (e.name === 'AbortError') return;
      clear(body, h('div', { class: 'notice', role: 'status', dataset: { missing: String(!!e.isMissingEndpoint) } },
        e.isMissingEndpoint ? 'The in-app inbox is not available on this server yet.'
          : e.status === 403 ? `No inbox for this key: ${e.problem.detail ?? 'permission denied'}.` : e.message));
      return;
    } finally {
      body.removeAttribute('aria-busy');
    }

    // Live: a new item goes on top; after a resync (reconnect, or this client fell behind) the first page is reloaded.
    ctx.onDispose(subscribe((m) => {
      if (m.kind === 'item') {
        if (shown.has(m.item.id)) return;
        shown.add(m.item.id);
        list.prepend(item(m.item));
        paintEmpty();
      } else {
        load(true).catch(() => {});
      }
    }));
  },
};
