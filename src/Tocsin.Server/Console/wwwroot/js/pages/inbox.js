// In-app notifications for the logged-in user. The inbox API ships separately; without it the page says so.
// Item fields are read loosely (title/text/message, createdAt/at, readAt/read) so small shape differences still render.
import { api, get } from '../api.js';
import { clear, h, timeEl, toast } from '../dom.js';
import { refresh as refreshCount } from '../inbox-count.js';

export default {
  title: 'Inbox',
  nav: 'inbox',
  async render(main, ctx) {
    const body = h('div', { class: 'resource', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
    main.append(h('section', { class: 'resource-page' }, h('div', { class: 'page-head' }, h('h1', {}, 'My inbox')), body));
    let items;
    try {
      const page = await get('/api/v1/inbox', ctx.signal);
      items = Array.isArray(page) ? page : page?.items ?? [];
    } catch (e) {
      if (e.name === 'AbortError') return;
      body.removeAttribute('aria-busy');
      clear(body, h('div', { class: 'notice', role: 'status', dataset: { missing: String(!!e.isMissingEndpoint) } },
        e.isMissingEndpoint ? 'The in-app inbox is not available on this server yet.' : e.status === 403 ? 'Your API key does not have permission to see this.' : e.message));
      return;
    }
    body.removeAttribute('aria-busy');
    if (!items.length) { clear(body, h('p', { class: 'empty' }, 'No notifications. Quiet is good.')); return; }
    const unread = (n) => !(n.readAt || n.read === true);
    clear(body, h('ul', { class: 'plain inbox', id: 'inbox-items' }, items.map((n) => {
      const li = h('li', { class: `inbox-item${unread(n) ? ' unread' : ''}`, dataset: { id: n.id } },
        n.alertId ? h('a', { href: `#/alerts/${n.alertId}` }, n.title ?? n.text ?? n.message ?? `Alert ${n.alertId}`) : (n.title ?? n.text ?? n.message ?? ''),
        ' ', (n.createdAt ?? n.at) ? timeEl(n.createdAt ?? n.at) : '',
        unread(n) ? [' ', h('button', { type: 'button', class: 'link', onclick: async () => {
          try {
            await api(`/api/v1/inbox/${n.id}/read`, { method: 'POST' });
            li.classList.remove('unread');
            refreshCount();
          } catch (e) { toast(e.message, 'error'); }
        } }, 'Mark read')] : '');
      return li;
    })));
  },
};
