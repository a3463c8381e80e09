// Escalation policies: each row says how many rules and who the first rule pages; the name opens the editor.
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'Escalation policies',
  nav: 'policies',
  render: (main, ctx) => renderResourceList(main, ctx, {
    title: 'Escalation policies',
    id: 'policy-list',
    endpoint: '/api/v1/escalation-policies',
    missing: 'Escalation policies are not available on this server yet.',
    empty: 'No escalation policies yet.',
    newHref: '#/policies/new',
    newLabel: 'New policy',
    link: (p) => `#/policies/${p.id}`,
    columns: ['name', ['Rules', (p) => String(p.rules.length)],
      ['Timeouts', (p) => p.rules.map((r) => `${r.timeoutMinutes} min`).join(' → ')], ['Repeat', (p) => (p.repeat ? `${p.repeat}×` : 'no')]],
  }),
};
