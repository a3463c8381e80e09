// One alert: details, labels, links, images, the full timeline, actions and a comment form. Re-fetches when the live
// stream reports a change to it. Reject, assign (user, policy or a schedule's on-call), hand off (user or team) and
// responders use the on-call API; their pickers list names from /users, /teams, /schedules and /escalation-policies.
import { api, get, post, query } from '../api.js';
import { act, allowed } from '../alert-actions.js';
import { badge, clear, formatTime, h, safeUrl, timeEl, toast } from '../dom.js';
import { loadDirectory, nameOf, parseTarget, targetSelect } from '../directory.js';
import { submitForm } from '../forms.js';
import { subscribe } from '../live.js';

export default {
  title: 'Alert',
  nav: 'alerts',
  async render(main, ctx) {
    const id = Number(ctx.params[0]);
    const head = h('div', { class: 'alert-head' });
    const actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Alert actions' });
    const facts = h('dl', { class: 'facts' });
    const body = h('div', { class: 'alert-body' });
    const timeline = h('ol', { class: 'timeline', id: 'timeline', 'aria-live': 'polite' });
    const notifications = h('div', { class: 'notifications' });
    const comment = commentForm(id, () => refresh());
    const dir = await loadDirectory(['users', 'teams', 'schedules', 'policies'], ctx.signal);
    const team = teamForms(id, dir, () => refresh());
    const suggested = h('div', { class: 'suggested' });
    let alert = null;

    main.append(h('section', { class: 'alert-page' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/alerts' }, '← Alerts')),
      head, actions,
      h('div', { class: 'columns' },
        h('div', { class: 'col-main' }, body, h('h2', {}, 'Timeline'), timeline, comment),
        h('aside', { class: 'col-side' }, h('h2', {}, 'Details'), facts, h('h2', {}, 'People'), team, suggested, h('h2', {}, 'Notifications'), notifications))));

    async function refresh() {
      alert = await get(`/api/v1/alerts/${id}`, ctx.signal);
      document.title = `#${alert.number} ${alert.title} · Tocsin`;
      paintHead();
      paintFacts();
      paintBody();
      await loadTimeline();
      loadSuggested();
      loadNotifications();
    }

    function paintHead() {
      clear(head, h('h1', {}, h('span', { class: 'muted' }, `#${alert.number} `), alert.title), ' ', badge('status', alert.status), ' ', badge('priority', alert.priority));
      const button = (action, label, key) => h('button', {
        type: 'button', id: `do-${action}`, class: action === 'acknowledge' || action === 'resolve' ? 'primary' : '',
        disabled: !allowed[action](alert.status), onclick: () => run(action), title: key ? `Shortcut: ${key}` : undefined,
      }, label);
      clear(actions, button('acknowledge', 'Acknowledge', 'a'), button('unacknowledge', 'Un-acknowledge', 'u'), button('resolve', 'Resolve', 'r'),
        button('archive', 'Archive', 'e'),
        h('button', { type: 'button', id: 'do-reject', onclick: reject, disabled: !canReject(alert.status),
          title: 'Decline: escalation moves to the next rule now' }, 'Reject'),
        h('p', { class: 'action-error', id: 'action-error', role: 'alert' }));
    }

    function paintFacts() {
      const fact = (k, v) => (v === undefined || v === null || v === '' ? [] : [h('dt', {}, k), h('dd', {}, v)]);
      const when = (iso, by) => (iso ? [timeEl(iso), by ? ` by ${by}` : ''] : null);
      clear(facts,
        fact('Source', alert.source), fact('Dedup key', alert.dedupKey), fact('Severity', alert.severity), fact('Count', alert.count),
        fact('First seen', timeEl(alert.firstSeenAt)), fact('Last seen', timeEl(alert.lastSeenAt)), fact('Created', formatTime(alert.createdAt)),
        fact('Acknowledged', when(alert.acknowledgedAt, alert.acknowledgedBy)), fact('Resolved', when(alert.resolvedAt, alert.resolvedBy)),
        fact('Archived', when(alert.archivedAt, alert.archivedBy)), fact('Assignee', alert.assigneeUserId ? h('span', { id: 'assignee' }, nameOf(dir.users, alert.assigneeUserId, 'user')) : null),
        fact('Responders', alert.responders?.length ? h('ul', { class: 'plain', id: 'responders' }, alert.responders.map((r) => h('li', {},
          `${nameOf(dir.users, r.userId, 'user')} (${r.status}) `,
          h('button', { type: 'button', class: 'link', 'aria-label': `Remove responder ${nameOf(dir.users, r.userId, 'user')}`, onclick: () => removeResponder(r.userId) }, 'Remove')))) : null),
        fact('Parent', alert.parentId ? h('a', { href: `#/alerts/${alert.parentId}` }, `alert ${alert.parentId}`) : null));
    }

    function paintBody() {
      const labels = Object.entries(alert.labels ?? {});
      const links = (alert.links ?? []).map((l) => ({ href: safeUrl(l.href), text: l.text || l.href })).filter((l) => l.href);
      const images = (alert.images ?? []).map((i) => ({ src: safeUrl(i.src), href: i.href ? safeUrl(i.href) : null, alt: i.alt || 'alert image' })).filter((i) => i.src);
      clear(body,
        alert.details ? h('pre', { class: 'details' }, alert.details) : h('p', { class: 'muted' }, 'No details.'),
        labels.length ? [h('h2', {}, 'Labels'), h('ul', { class: 'labels' }, labels.map(([k, v]) => h('li', {}, h('span', { class: 'k' }, k), '=', h('span', { class: 'v' }, v))))] : [],
        alert.tags?.length ? [h('h2', {}, 'Tags'), h('ul', { class: 'labels' }, alert.tags.map((t) => h('li', {}, t)))] : [],
        links.length ? [h('h2', {}, 'Links'), h('ul', { class: 'links' }, links.map((l) => h('li', {}, h('a', { href: l.href, target: '_blank', rel: 'noopener noreferrer' }, l.text))))] : [],
        images.length ? [h('h2', {}, 'Images'), h('div', { class: 'images' }, images.map((i) => {
          const img = h('img', { src: i.src, alt: i.alt, loading: 'lazy', referrerpolicy: 'no-referrer' });
          return i.href ? h('a', { href: i.href, target: '_blank', rel: 'noopener noreferrer' }, img) : img;
        }))] : []);
    }

    async function loadTimeline() {
      // Fetch every page: an incident's timeline is read whole; the page size only bounds one response.
      const entries = [];
      let cursor = '';
      for (let i = 0; i < 50; i++) {
        const page = await get(`/api/v1/alerts/${id}/timeline${query({ limit: 500, cursor })}`, ctx.signal);
        entries.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      clear(timeline, entries.map((e) => h('li', { class: `entry type-${e.type}`, dataset: { type: e.type } },
        h('div', { class: 'entry-head' }, h('span', { class: 'etype' }, e.type), ' ', timeEl(e.at), ' ', h('span', { class: 'muted' }, e.actor)),
        h('div', { class: 'entry-text' }, e.text))));
    }

    // GET /alerts/{id}/notifications: {items: deliveries (channel, target, event, status SCHEDULED|RETRY|SENT|FAILED|…,
    // attempts, lastError), pending: intents not yet expanded into deliveries}. Re-read on every change of the alert.
    async function loadNotifications() {
      try {
        const page = await get(`/api/v1/alerts/${id}/notifications`, ctx.signal);
        const items = page?.items ?? [];
        const pending = page?.pending ?? [];
        const who = (n) => (n.userId ? nameOf(dir.users, n.userId, 'user') : n.target ?? '');
        clear(notifications, items.length || pending.length
          ? h('ul', { class: 'plain', id: 'notification-list' },
            items.map((n) => h('li', { dataset: { channel: n.channel, status: (n.status ?? '').toLowerCase() }, title: n.lastError ?? '' },
              `${n.channel} → ${who(n)} `, h('span', { class: 'muted' }, n.event), ' ', badge('delivery', (n.status ?? '').toLowerCase()),
              n.attempts > 1 ? h('span', { class: 'muted' }, ` ${n.attempts} attempts`) : '',
              n.lastError ? h('div', { class: 'muted small' }, n.lastError) : '')),
            pending.map((n) => h('li', { dataset: { channel: n.channel, status: 'pending' } },
              `${n.channel} → ${who(n)} `, h('span', { class: 'muted' }, n.event), ' ', badge('delivery', 'pending'))))
          : h('p', { class: 'muted' }, 'No notifications sent.'));
      } catch (e) {
        if (e.name === 'AbortError') return;
        clear(notifications, h('p', { class: 'muted' }, e.isMissingEndpoint ? 'Notification delivery status is not available on this server yet.' : e.message));
      }
    }

    const actionError = () => document.getElementById('action-error');

    async function run(action) {
      if (!alert || !allowed[action](alert.status)) return;
      actionError().textContent = '';
      try {
        await act(id, action);
        await refresh();
        toast(`Alert ${PAST[action]}`);
      } catch (e) {
        if (e.name !== 'AbortError') actionError().textContent = e.message;
      }
    }

    async function reject() {
      if (!alert || !canReject(alert.status)) return;
      actionError().textContent = '';
      try {
        await post(`/api/v1/alerts/${id}/reject`, {});
        await refresh();
        toast('Alert rejected: escalation moves on');
      } catch (e) {
        if (e.name !== 'AbortError') actionError().textContent = e.message;
      }
    }

    async function removeResponder(userId) {
      actionError().textContent = '';
      try {
        await api(`/api/v1/alerts/${id}/responders/${userId}`, { method: 'DELETE' });
        await refresh();
      } catch (e) {
        if (e.name !== 'AbortError') actionError().textContent = e.message;
      }
    }

    // Who the alert's policy would page now and is not yet involved: one click to ask them for help.
    async function loadSuggested() {
      try {
        const page = await get(`/api/v1/alerts/${id}/suggested-responders`, ctx.signal);
        const items = page?.items ?? [];
        clear(suggested, items.length ? [h('p', { class: 'muted' }, 'Suggested'), h('ul', { class: 'plain' }, items.map((x) => h('li', {},
          `${x.name} `, h('span', { class: 'muted' }, x.reason), ' ',
          h('button', { type: 'button', class: 'link', onclick: async () => {
            try { await post(`/api/v1/alerts/${id}/responders`, { userId: x.userId }); await refresh(); } catch (e) { toast(e.message, 'error'); }
          } }, 'Add'))))] : []);
      } catch (e) {
        if (e.name !== 'AbortError') clear(suggested); // a nice-to-have: never an error on the page
      }
    }

    const unsubscribe = subscribe((m) => {
      if (m.kind === 'resync' || m.alert?.alertId === id) refresh().catch((e) => e.name !== 'AbortError' && toast(e.message, 'error'));
    });
    ctx.onDispose(unsubscribe);
    ctx.setKeys({
      a: () => run('acknowledge'),
      u: () => run('unacknowledge'),
      r: () => run('resolve'),
      e: () => run('archive'),
      c: () => comment.querySelector('textarea').focus(),
      Escape: () => ctx.navigate('#/alerts'),
    });

    try {
      await refresh();
    } catch (e) {
      if (e.status === 404) { clear(main, h('section', { class: 'empty' }, h('h1', {}, 'Alert not found'), h('p', {}, h('a', { href: '#/alerts' }, 'Back to alerts')))); return; }
      throw e;
    }
  },
};

function commentForm(id, after) {
  const form = h('form', { id: 'comment', class: 'comment' },
    h('label', { for: 'comment-text' }, 'Add a comment'),
    h('textarea', { id: 'comment-text', name: 'text', rows: 3, placeholder: 'What did you find? ( c )' }),
    h('button', { type: 'submit', class: 'primary' }, 'Comment'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const ok = await submitForm(form, (data) => post(`/api/v1/alerts/${id}/comments`, { text: data.text }));
    if (ok) { form.reset(); await after(); }
  });
  form.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit(); });
  return form;
}

const DONE = { assign: 'Assigned', handoff: 'Handed off', responder: 'Responder added' };
const canReject = (status) => status === 'triggered' || status === 'acknowledged';

// Assign (user, policy = fresh escalation, schedule = whoever is on call now), hand off (user or team, with a note) and
// add a responder (user). Each sends the body its endpoint takes; the server's field errors land next to the picker.
function teamForms(id, dir, after) {
  const form = (name, label, picker, extra, button, body) => {
    const f = h('form', { id: `${name}-form`, class: 'inline', novalidate: true },
      h('label', { for: picker.id }, label),
      h('div', { class: 'row' }, picker, h('button', { type: 'submit' }, button)), extra);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const ok = await submitForm(f, (data) => api(`/api/v1/alerts/${id}/${name === 'responder' ? 'responders' : name}`, { method: 'POST', body: body(data) }));
      if (ok) { f.reset(); toast(DONE[name]); await after(); }
    });
    return f;
  };
  const users = { kind: 'user', label: 'People', items: dir.users };
  // An empty choice still goes to the server (as an empty body) so the answer is the server's own "give exactly one of…".
  const byKind = (value, keys) => {
    const t = parseTarget(value);
    return t && keys[t.kind] ? { [keys[t.kind]]: t.id } : {};
  };
  return h('div', { class: 'team' },
    form('assign', 'Assign to', targetSelect({ id: 'assign-target', name: 'target', 'data-error-for': 'userId policyId scheduleId' },
      [users, { kind: 'schedule', label: 'On call in schedule', items: dir.schedules }, { kind: 'policy', label: 'Escalation policy (restart)', items: dir.policies }]),
    null, 'Assign', (d) => byKind(d.target, { user: 'userId', schedule: 'scheduleId', policy: 'policyId' })),
    form('handoff', 'Hand off to', targetSelect({ id: 'handoff-target', name: 'target', 'data-error-for': 'userId teamId' },
      [users, { kind: 'team', label: 'Teams', items: dir.teams }]),
    h('input', { id: 'handoff-note', name: 'note', placeholder: 'Note for them (optional)', 'aria-label': 'Hand-off note' }),
    'Hand off', (d) => ({ ...byKind(d.target, { user: 'userId', team: 'teamId' }), ...(d.note?.trim() ? { note: d.note.trim() } : {}) })),
    form('responder', 'Add responder', targetSelect({ id: 'responder-target', name: 'target', 'data-error-for': 'userId' }, [users]),
      null, 'Add', (d) => byKind(d.target, { user: 'userId' })));
}
