// Metric rules list. The rules API may not be in this server (it ships separately); then the page says so.
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'Rules',
  nav: 'rules',
  render: (main, ctx) => renderResourceList(main, ctx, {
    title: 'Rules',
    id: 'rule-list',
    endpoint: '/api/v1/rules',
    missing: 'Rules are not available on this server yet.',
    empty: 'No rules yet.',
    newHref: '#/rules/new',
    newLabel: 'New rule',
    link: (r) => `#/rules/${r.id}`,
    columns: ['name', ['Condition', (r) => r.condition], ['Enabled', (r) => (r.enabled ? 'yes' : 'no')], ['Severity', (r) => String(r.severity ?? '')]],
  }),
};
