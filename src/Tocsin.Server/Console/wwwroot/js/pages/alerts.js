// The alert list: filters kept in the URL, counts per status, cursor paging ("Load more"), bulk and keyboard actions,
// and live updates: rows already shown change in place; new alerts matching the filters are fetched and put on top.
import { get, query } from '../api.js';
import { actOnMany, PRIORITIES, STATUSES } from '../alert-actions.js';
import { badge, clear, h, timeEl, toast } from '../dom.js';
import { clearErrors, showErrors } from '../forms.js';
import { subscribe } from '../live.js';

const PAGE = 50;

export default {
  title: 'Alerts',
  nav: 'alerts',
  async render(main, ctx) {
    const filters = {
      status: ctx.query.getAll('status').filter((s) => STATUSES.includes(s)),
      priority: ctx.query.get('priority') ?? '',
      source: ctx.query.get('source') ?? '',
      assignee: ctx.query.get('assignee') ?? '',
      q: ctx.query.get('q') ?? '',
    };
    let items = [];
    let nextCursor = null;
    let cursor = -1;
    const selected = new Set();
    let loadSeq = 0;

    // --- layout -------------------------------------------------------------------------------------------------
    const counts = h('div', { class: 'counts', role: 'group', 'aria-label': 'Filter by status' });
    const form = h('form', { id: 'filters', class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('label', { class: 'grow' }, h('span', { class: 'sr' }, 'Search'),
        h('input', { type: 'search', name: 'q', value: filters.q, placeholder: 'Search title and details  ( / )', 'data-search': true })),
      h('label', {}, h('span', { class: 'sr' }, 'Priority'),
        h('select', { name: 'priority' }, h('option', { value: '' }, 'Any priority'), PRIORITIES.map((p) => h('option', { value: p }, p)))),
      h('label', {}, h('span', { class: 'sr' }, 'Source'), h('input', { name: 'source', value: filters.source, placeholder: 'Source' })),
      h('label', {}, h('span', { class: 'sr' }, 'Assignee'), h('input', { name: 'assignee', value: filters.assignee, placeholder: 'Assignee (user id)', inputmode: 'numeric' })),
      h('button', { type: 'button', class: 'link', onclick: () => { Object.assign(filters, { status: [], priority: '', source: '', assignee: '', q: '' }); syncForm(); changed(); } }, 'Clear'));
    form.elements.priority.value = filters.priority;

    const selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select all shown alerts', onchange: (e) => { items.forEach((a) => (e.target.checked ? selected.add(a.id) : selected.delete(a.id))); paint(); } });
    const selectedCount = h('span', { class: 'muted', id: 'selected-count' });
    const bulkAck = h('button', { type: 'button', id: 'bulk-ack', onclick: () => bulk('acknowledge') }, 'Acknowledge');
    const bulkResolve = h('button', { type: 'button', id: 'bulk-resolve', onclick: () => bulk('resolve') }, 'Resolve');
    const rows = h('tbody', { id: 'alert-rows' });
    const more = h('button', { type: 'button', id: 'more', class: 'more', hidden: true, onclick: () => load(true) }, 'Load more');
    const status = h('p', { class: 'muted list-status', role: 'status' });

    main.append(h('section', { class: 'alerts' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Alerts'), counts),
      form,
      h('div', { class: 'bulk' }, h('label', {}, selectAll, ' All'), selectedCount, bulkAck, bulkResolve),
      h('table', { class: 'list alert-list' },
        h('thead', {}, h('tr', {}, h('th', { class: 'sel' }, h('span', { class: 'sr' }, 'Select')), h('th', {}, '#'), h('th', {}, 'Title'),
          h('th', {}, 'Status'), h('th', {}, 'Priority'), h('th', { class: 'wide' }, 'Source'), h('th', { class: 'wide num' }, 'Count'), h('th', { class: 'wide' }, 'Created'))),
        rows),
      status, more,
      shortcutsHelp()));

    // --- data ---------------------------------------------------------------------------------------------------
    const params = (extra = {}) => ({ status: filters.status, priority: filters.priority, source: filters.source, assignee: filters.assignee, q: filters.q, ...extra });

    async function load(append = false) {
      const seq = ++loadSeq;
      clearErrors(form);
      try {
        const page = await get(`/api/v1/alerts${query(params({ limit: PAGE, cursor: append ? nextCursor : '' }))}`, ctx.signal);
        if (seq !== loadSeq) return;
        items = append ? items.concat(page.items.filter((a) => !items.some((b) => b.id === a.id))) : page.items;
        nextCursor = page.nextCursor ?? null;
        if (!append) cursor = Math.min(cursor, items.length - 1); // -1 (no row) until j/k is pressed
        paint();
      } catch (e) {
        if (e.name === 'AbortError') return;
        showErrors(form, e);
      }
      loadCounts();
    }

    async function loadCounts() {
      try {
        const c = await get(`/api/v1/alerts/count${query(params({ status: [] }))}`, ctx.signal);
        const button = (value, label, n) => h('button', {
          type: 'button', class: `count status-${value || 'all'}`, 'aria-pressed': String(value ? filters.status.includes(value) : filters.status.length === 0),
          dataset: { status: value }, onclick: () => { toggleStatus(value); },
        }, label, ' ', h('b', {}, String(n ?? 0)));
        clear(counts, button('', 'All', c.total), STATUSES.map((s) => button(s, s, c.byStatus[s])));
      } catch (e) {
        if (e.name !== 'AbortError') clear(counts);
      }
    }

    // Live: patch rows in place now, then (debounced) fetch the first page to pick up new alerts in server order.
    let refreshTimer;
    const unsubscribe = subscribe((m) => {
      if (m.kind === 'resync') { load(); return; }
      const e = m.alert;
      const i = items.findIndex((a) => a.id === e.alertId);
      if (i >= 0) {
        Object.assign(items[i], { status: e.status, title: e.title, priority: e.priority });
        if (!matchesKnown(items[i])) { items.splice(i, 1); if (cursor >= items.length) cursor = items.length - 1; }
        paint();
      }
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refreshTop, 200);
    });
    ctx.onDispose(() => { unsubscribe(); clearTimeout(refreshTimer); clearTimeout(typingTimer); });

    async function refreshTop() {
      try {
        const page = await get(`/api/v1/alerts${query(params({ limit: PAGE }))}`, ctx.signal);
        const known = new Set(items.map((a) => a.id));
        const fresh = page.items.filter((a) => !known.has(a.id));
        fresh.forEach((a) => (a.fresh = true));
        for (const a of page.items) {
          const existing = items.find((b) => b.id === a.id);
          if (existing) Object.assign(existing, a);
        }
        if (fresh.length) { items = fresh.concat(items); if (cursor >= 0) cursor += fresh.length; }
        paint();
        loadCounts();
      } catch (e) {
        if (e.name !== 'AbortError') toast(e.message, 'error');
      }
    }

    // Filters the client can judge from an event alone; the rest (text, source, assignee) cannot change by a status change.
    const matchesKnown = (a) => (filters.status.length === 0 || filters.status.includes(a.status)) && (!filters.priority || filters.priority === a.priority);

    // --- rendering ----------------------------------------------------------------------------------------------
    function paint() {
      clear(rows, items.map((a, i) => row(a, i)));
      for (const id of [...selected]) if (!items.some((a) => a.id === id)) selected.delete(id);
      selectedCount.textContent = selected.size ? `${selected.size} selected` : '';
      bulkAck.disabled = bulkResolve.disabled = selected.size === 0;
      // A focused button that becomes disabled swallows key presses; hand focus back so j/k/a/r keep working.
      if (document.activeElement?.disabled || document.activeElement === document.body) document.getElementById('main').focus({ preventScroll: true });
      selectAll.checked = items.length > 0 && selected.size === items.length;
      more.hidden = !nextCursor;
      status.textContent = items.length ? '' : 'No alerts match these filters.';
    }

    function row(a, i) {
      const tr = h('tr', { dataset: { id: a.id, status: a.status }, class: [i === cursor ? 'cursor' : '', a.fresh ? 'fresh' : ''].join(' '), 'aria-selected': String(i === cursor) },
        h('td', { class: 'sel' }, h('input', { type: 'checkbox', checked: selected.has(a.id), 'aria-label': `Select alert #${a.number}`, onchange: (e) => { e.target.checked ? selected.add(a.id) : selected.delete(a.id); paint(); } })),
        h('td', { class: 'num' }, `#${a.number}`),
        h('td', { class: 'title' }, h('a', { href: `#/alerts/${a.id}` }, a.title)),
        h('td', {}, badge('status', a.status)),
        h('td', {}, badge('priority', a.priority)),
        h('td', { class: 'wide' }, a.source ?? ''),
        h('td', { class: 'wide num' }, a.count ?? ''),
        h('td', { class: 'wide' }, a.createdAt ? timeEl(a.createdAt) : ''));
      delete a.fresh;
      return tr;
    }

    // --- actions ------------------------------------------------------------------------------------------------
    async function bulk(action, ids = [...selected]) {
      if (!ids.length) return;
      const { done, failed } = await actOnMany(ids, action);
      for (const updated of done) {
        const i = items.findIndex((a) => a.id === updated.id);
        if (i >= 0) items[i] = updated;
      }
      selected.clear();
      paint();
      loadCounts();
      if (failed.length) toast(`${failed.length} of ${ids.length} failed: ${failed[0].error.message}`, 'error');
      else toast(`${action === 'acknowledge' ? 'Acknowledged' : 'Resolved'} ${done.length} alert${done.length === 1 ? '' : 's'}`);
    }

    const targets = () => (selected.size ? [...selected] : cursor >= 0 ? [items[cursor].id] : []);
    const move = (d) => {
      if (!items.length) return;
      cursor = Math.min(items.length - 1, Math.max(0, cursor + d));
      paint();
      rows.children[cursor]?.scrollIntoView({ block: 'nearest' });
    };
    ctx.setKeys({
      j: () => move(1),
      k: () => move(-1),
      x: () => { if (cursor < 0) return; const id = items[cursor].id; selected.has(id) ? selected.delete(id) : selected.add(id); paint(); },
      o: () => cursor >= 0 && ctx.navigate(`#/alerts/${items[cursor].id}`),
      Enter: () => cursor >= 0 && ctx.navigate(`#/alerts/${items[cursor].id}`),
      a: () => bulk('acknowledge', targets()),
      r: () => bulk('resolve', targets()),
    });

    // --- filters ------------------------------------------------------------------------------------------------
    function toggleStatus(value) {
      if (!value) filters.status = [];
      else filters.status = filters.status.includes(value) ? filters.status.filter((s) => s !== value) : [...filters.status, value];
      changed();
    }

    function syncForm() {
      form.elements.q.value = filters.q;
      form.elements.priority.value = filters.priority;
      form.elements.source.value = filters.source;
      form.elements.assignee.value = filters.assignee;
    }

    function changed() {
      // Keep the filters in the address so reload, back and a shared link show the same list.
      history.replaceState(null, '', `#/alerts${query(params())}`);
      cursor = -1;
      selected.clear();
      load();
    }

    let typingTimer;
    form.addEventListener('input', (e) => {
      filters[e.target.name] = e.target.value.trim();
      clearTimeout(typingTimer);
      typingTimer = setTimeout(changed, e.target.tagName === 'SELECT' ? 0 : 300);
    });

    await load();
  },
};

function shortcutsHelp() {
  const keys = [['j / k', 'next / previous alert'], ['x', 'select'], ['o or Enter', 'open'], ['a', 'acknowledge (selected or current)'], ['r', 'resolve'], ['/', 'search'], ['?', 'show this help']];
  return h('details', { class: 'shortcuts' }, h('summary', {}, 'Keyboard shortcuts'),
    h('dl', {}, keys.map(([k, v]) => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, v)])));
}
