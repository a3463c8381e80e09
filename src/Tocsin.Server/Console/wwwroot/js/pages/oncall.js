// Who is on call now, one row per schedule. The schedules list comes first; each schedule's /on-call is then asked in
// parallel and fills its row as it answers, so one slow or failing schedule does not hold up the others.
import { get } from '../api.js';
import { clear, h } from '../dom.js';

const SOURCE = { layer: 'rotation', override: 'override', nobody: 'nobody' };

export default {
  title: 'On-call',
  nav: 'oncall',
  async render(main, ctx) {
    const body = h('div', { class: 'resource', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
    main.append(h('section', { class: 'resource-page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'On-call schedules')),
      h('p', { class: 'muted' }, 'Schedules and who is on call now.'), body));
    let schedules;
    try {
      schedules = (await get('/api/v1/schedules', ctx.signal)).items ?? [];
    } catch (e) {
      if (e.name === 'AbortError') return;
      body.removeAttribute('aria-busy');
      clear(body, h('div', { class: 'notice', role: 'status' },
        e.isMissingEndpoint ? 'On-call schedules are not available on this server yet.'
          : e.status === 403 ? 'Your API key does not have permission to see this.' : e.message));
      return;
    }
    body.removeAttribute('aria-busy');
    if (!schedules.length) { clear(body, h('p', { class: 'empty' }, 'No schedules yet. Create one with the API (POST /api/v1/schedules).')); return; }

    const rows = schedules.map((s) => {
      const who = h('td', { class: 'oncall-who' }, h('span', { class: 'muted' }, '…'));
      const via = h('td', { class: 'wide' });
      get(`/api/v1/schedules/${s.id}/on-call`, ctx.signal).then((o) => {
        clear(who, o.userId ? h('strong', {}, o.userName ?? `user ${o.userId}`) : h('span', { class: 'muted' }, 'Nobody'));
        clear(via, o.source === 'layer' && o.layerIndex != null ? `${SOURCE.layer} (${s.layers[o.layerIndex]?.name ?? `layer ${o.layerIndex + 1}`})` : SOURCE[o.source] ?? o.source);
      }, (e) => { if (e.name !== 'AbortError') clear(who, h('span', { class: 'form-error' }, e.message)); });
      return h('tr', { dataset: { id: s.id } },
        h('td', {}, h('a', { href: `#/oncall/${s.id}` }, s.name)), who, via,
        h('td', { class: 'wide' }, s.timeZone || 'UTC'), h('td', { class: 'wide num' }, String(s.layers.length)));
    });
    clear(body, h('table', { class: 'list', id: 'oncall-list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Schedule'), h('th', {}, 'On call now'), h('th', { class: 'wide' }, 'Via'),
        h('th', { class: 'wide' }, 'Time zone'), h('th', { class: 'wide num' }, 'Layers'))),
      h('tbody', {}, rows)));
  },
};
