// Alert sources (integrations): name, the policy that pages for them and the integration key senders use.
import { get } from '../api.js';
import { h } from '../dom.js';
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'Alert sources',
  nav: 'sources',
  async render(main, ctx) {
    // Policy names are a nicety: without them the column shows the id.
    const policies = await get('/api/v1/escalation-policies', ctx.signal).then((p) => p.items ?? [], (e) => { if (e.name === 'AbortError') throw e; return []; });
    const policyName = (id) => (id == null ? 'none' : policies.find((p) => p.id === id)?.name ?? `policy ${id}`);
    return renderResourceList(main, ctx, {
      title: 'Alert sources',
      id: 'source-list',
      endpoint: '/api/v1/sources',
      missing: 'Alert sources are not available on this server yet.',
      empty: 'No alert sources yet.',
      newHref: '#/sources/new',
      newLabel: 'New source',
      link: (s) => `#/sources/${s.id}`,
      columns: ['name', ['Escalation policy', (s) => policyName(s.escalationPolicyId)], ['Integration key', (s) => h('code', { class: 'key' }, s.integrationKey)],
        ['Priority', (s) => s.priorityRule]],
    });
  },
};
