// Escalation policies list; the editor arrives with the escalation API.
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'Escalation policies',
  nav: 'policies',
  render: (main, ctx) => renderResourceList(main, ctx, {
    title: 'Escalation policies',
    endpoint: '/api/v1/escalation-policies',
    missing: 'Escalation policies are not available on this server yet.',
    empty: 'No escalation policies yet.',
  }),
};
