// One schedule: who is on call now, a timeline for the next weeks with one row per layer (its own rotation), the final
// shifts and the overrides, the layer definitions, and a form to add an override. "Now" is the server's (the `at` of
// /on-call), not the browser's: the schedule is computed by the server, and the two clocks can disagree.
import { api, get, post, query } from '../api.js';
import { clear, formatTime, h, toast } from '../dom.js';
import { loadDirectory, nameOf } from '../directory.js';
import { submitForm } from '../forms.js';

const DAY = 86_400_000;
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' }); // "Sat 28": fits a day column
const shortTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export default {
  title: 'Schedule',
  nav: 'oncall',
  async render(main, ctx) {
    const id = Number(ctx.params[0]);
    let schedule;
    try {
      schedule = await get(`/api/v1/schedules/${id}`, ctx.signal);
    } catch (e) {
      if (e.status === 404 && !e.isMissingEndpoint) {
        clear(main, h('section', { class: 'empty' }, h('h1', {}, 'Schedule not found'), h('p', {}, h('a', { href: '#/oncall' }, 'Back to on-call'))));
        return;
      }
      throw e;
    }
    document.title = `${schedule.name} · Tocsin`;
    const { users } = await loadDirectory(['users'], ctx.signal);
    let weeks = Number(ctx.query.get('weeks')) === 4 ? 4 : 2;

    const now = h('p', { class: 'oncall-now' });
    const calendar = h('div', { class: 'calendar-wrap', 'aria-busy': 'true' });
    const overrides = h('div', { class: 'overrides' });
    const range = h('select', { id: 'cal-weeks', 'aria-label': 'Calendar range' },
      h('option', { value: '2' }, 'Next 2 weeks'), h('option', { value: '4' }, 'Next 4 weeks'));
    range.value = String(weeks);
    range.addEventListener('change', () => {
      weeks = Number(range.value);
      history.replaceState(null, '', `#/oncall/${id}${weeks === 4 ? '?weeks=4' : ''}`);
      refresh();
    });
    const form = overrideForm();

    main.append(h('section', { class: 'schedule-page' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/oncall' }, '← On-call')),
      h('div', { class: 'page-head' }, h('h1', {}, schedule.name), h('span', { class: 'muted' }, schedule.timeZone || 'UTC')),
      now,
      h('div', { class: 'columns' },
        h('div', { class: 'col-main' }, h('div', { class: 'section-head' }, h('h2', {}, 'Shifts'), range), calendar,
          h('h2', {}, 'Layers'), layersView()),
        h('aside', { class: 'col-side' }, h('h2', {}, 'Add an override'), form, h('h2', {}, 'Overrides'), overrides))));

    let serverNow = null;

    async function refresh() {
      const [onCall, fresh] = await Promise.all([get(`/api/v1/schedules/${id}/on-call`, ctx.signal), get(`/api/v1/schedules/${id}`, ctx.signal)]);
      schedule = fresh;
      const first = serverNow === null;
      serverNow = new Date(onCall.at);
      if (first) setDefaults();
      clear(now, 'On call now: ',
        h('strong', { id: 'oncall-now' }, onCall.userId ? onCall.userName ?? nameOf(users, onCall.userId, 'user') : 'nobody'),
        onCall.source === 'override' ? h('span', { class: 'muted' }, ' (override)') : '');
      const from = new Date(serverNow.getFullYear(), serverNow.getMonth(), serverNow.getDate()); // local midnight: days line up with the header
      // Calendar days, not 24-hour steps: across a DST change a day is 23 or 25 hours.
      const until = new Date(from.getFullYear(), from.getMonth(), from.getDate() + weeks * 7);
      const range = { from: from.toISOString(), until: until.toISOString() };
      // The final shifts and, for the rows above them, each layer's own rotation (?layer=i: before overrides and layering).
      const [shifts, ...layerShifts] = await Promise.all([
        get(`/api/v1/schedules/${id}/shifts${query(range)}`, ctx.signal),
        ...schedule.layers.map((_, i) => get(`/api/v1/schedules/${id}/shifts${query({ ...range, layer: i })}`, ctx.signal)),
      ].map((p) => p.then((page) => page.items ?? [])));
      paintCalendar(from, until, shifts, layerShifts);
      paintOverrides();
    }

    function paintCalendar(from, until, shifts, layerShifts) {
      calendar.removeAttribute('aria-busy');
      const span = until - from;
      const days = Math.round(span / DAY);
      const pos = (t) => Math.min(100, Math.max(0, ((new Date(t) - from) / span) * 100));
      const bar = (cls, start, end, label, userId) => h('div', {
        class: `bar ${cls}`, style: { left: `${pos(start)}%`, width: `${Math.max(0.3, pos(end) - pos(start))}%`, '--hue': (userId * 67) % 360 },
        title: `${label}: ${shortTime.format(new Date(start))} – ${shortTime.format(new Date(end))}`, dataset: { user: userId },
      }, h('span', {}, label));
      const overridesIn = schedule.overrides.filter((o) => new Date(o.until) > from && new Date(o.from) < until);
      clear(calendar,
        h('div', { class: 'calendar', style: { '--days': days }, role: 'img', 'aria-label': `Layer and final on-call shifts for the next ${weeks} weeks; final shifts listed below` },
          h('div', { class: 'cal-label' }), h('div', { class: 'cal-days' }, Array.from({ length: days }, (_, i) => {
            const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + i);
            return h('div', { class: `cal-day${d.getDay() === 0 || d.getDay() === 6 ? ' weekend' : ''}`, title: d.toDateString() }, dayFormat.format(d));
          })),
          // Layers from the top: a later layer wins over the ones below it where it has someone.
          layerShifts.map((list, i) => [h('div', { class: 'cal-label', title: layerName(i) }, layerName(i)),
            h('div', { class: 'cal-track layer', dataset: { layer: i } }, list.map((s) => bar('shift', s.start, s.end, s.userName ?? nameOf(users, s.userId, 'user'), s.userId)))]).reverse(),
          h('div', { class: 'cal-label' }, 'Final'),
          h('div', { class: 'cal-track final' }, shifts.map((s) => bar('shift', s.start, s.end, s.userName ?? nameOf(users, s.userId, 'user'), s.userId)),
            h('div', { class: 'now-line', style: { left: `${pos(serverNow)}%` }, title: 'now' })),
          h('div', { class: 'cal-label' }, 'Overrides'),
          h('div', { class: 'cal-track' }, overridesIn.map((o) => bar('override', o.from, o.until, nameOf(users, o.userId, 'user'), o.userId)))),
        shifts.length
          ? h('table', { class: 'list compact', id: 'shift-list' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Who'), h('th', {}, 'From'), h('th', {}, 'Until'))),
            h('tbody', {}, shifts.map((s) => h('tr', {}, h('td', {}, s.userName ?? nameOf(users, s.userId, 'user')),
              h('td', {}, shortTime.format(new Date(s.start))), h('td', {}, shortTime.format(new Date(s.end)))))))
          : h('p', { class: 'muted' }, 'Nobody is scheduled in this range.'));
    }

    function paintOverrides() {
      const list = [...schedule.overrides].sort((a, b) => new Date(a.from) - new Date(b.from));
      clear(overrides, list.length
        ? h('ul', { class: 'plain override-list' }, list.map((o) => h('li', { dataset: { id: o.id } },
          h('strong', {}, nameOf(users, o.userId, 'user')), ' ', h('span', { class: 'muted' }, `${shortTime.format(new Date(o.from))} – ${shortTime.format(new Date(o.until))}`), ' ',
          h('button', { type: 'button', class: 'link', 'aria-label': `Remove override ${o.id}`, onclick: () => removeOverride(o.id) }, 'Remove'))))
        : h('p', { class: 'muted' }, 'No overrides.'));
    }

    async function removeOverride(overrideId) {
      try {
        await api(`/api/v1/schedules/${id}/overrides/${overrideId}`, { method: 'DELETE' });
        toast('Override removed');
        await refresh();
      } catch (e) {
        if (e.name !== 'AbortError') toast(e.message, 'error');
      }
    }

    const layerName = (i) => schedule.layers[i]?.name || `Layer ${i + 1}`;

    function layersView() {
      if (!schedule.layers.length) return h('p', { class: 'muted' }, 'No layers.');
      const unit = (l) => `${l.shiftLength.count} ${l.shiftLength.count === 1 ? l.shiftLength.unit.replace(/s$/, '') : l.shiftLength.unit}`;
      // Later layers win where they have someone, so they are listed from the top.
      return h('ol', { class: 'layers', reversed: true }, [...schedule.layers].map((l, i) => h('li', {},
        h('strong', {}, l.name ?? `Layer ${i + 1}`), ' ',
        h('span', { class: 'muted' }, `every ${unit(l)}, hand-off ${l.handoffTime}${l.timeZone ? ` ${l.timeZone}` : ''}, from ${formatTime(l.start)}${l.end ? ` until ${formatTime(l.end)}` : ''}`),
        h('div', {}, (l.users ?? []).map((u) => nameOf(users, u, 'user')).join(' → ') || 'no users'),
        l.restrictions?.length ? h('div', { class: 'muted' }, 'only ', l.restrictions.map((r) => `${r.day ?? 'daily'} ${r.start}–${r.end}`).join(', ')) : '')).reverse());
    }

    function overrideForm() {
      const f = h('form', { id: 'override-form', class: 'stack', novalidate: true },
        h('label', { for: 'override-user' }, 'Who covers'),
        h('select', { id: 'override-user', name: 'userId', required: true },
          h('option', { value: '' }, users.length ? 'Choose a person…' : 'No users yet'), users.map((u) => h('option', { value: u.id }, u.name))),
        h('label', { for: 'override-from' }, 'From'),
        h('input', { id: 'override-from', name: 'from', type: 'datetime-local', required: true }),
        h('label', { for: 'override-until' }, 'Until'),
        h('input', { id: 'override-until', name: 'until', type: 'datetime-local', required: true }),
        h('p', { class: 'hint' }, 'Times are in this browser\'s time zone.'),
        h('button', { type: 'submit', class: 'primary' }, 'Add override'));
      f.addEventListener('submit', async (e) => {
        e.preventDefault();
        const ok = await submitForm(f, (data) => post(`/api/v1/schedules/${id}/overrides`, {
          // Empty fields go as null so the server's own "is required" message lands next to them.
          userId: data.userId ? Number(data.userId) : null, from: instant(data.from), until: instant(data.until),
        }));
        if (ok) { toast('Override added'); await refresh(); }
      });
      return f;
    }

    function setDefaults() {
      // Default: from the current minute (server time) for 8 hours — the usual "I'll take it tonight".
      const start = new Date(Math.floor(serverNow.getTime() / 60_000) * 60_000);
      form.elements.from.value = localInput(start);
      form.elements.until.value = localInput(new Date(start.getTime() + 8 * 3_600_000));
    }

    await refresh();
  },
};

/** A datetime-local value (browser time, no zone) as an ISO instant; empty or invalid gives null. */
function instant(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function localInput(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
