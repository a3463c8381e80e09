// Who is on call: one row per schedule. Grows a calendar and override form when the schedules API is in this server.
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'On-call',
  nav: 'oncall',
  render: (main, ctx) => renderResourceList(main, ctx, {
    title: 'On-call schedules',
    endpoint: '/api/v1/schedules',
    describe: 'Schedules and who is on call now.',
    missing: 'On-call schedules are not available on this server yet.',
    empty: 'No schedules yet.',
  }),
};
