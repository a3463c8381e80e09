// Metric rules list; the editor (condition validation as you type, per-segment preview) arrives with the rules API.
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'Rules',
  nav: 'rules',
  render: (main, ctx) => renderResourceList(main, ctx, {
    title: 'Rules',
    endpoint: '/api/v1/rules',
    missing: 'Rules are not available on this server yet.',
    empty: 'No rules yet.',
  }),
};
