// In-app notifications for the logged-in user.
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'Inbox',
  nav: 'inbox',
  render: (main, ctx) => renderResourceList(main, ctx, {
    title: 'My inbox',
    endpoint: '/api/v1/inbox',
    missing: 'The in-app inbox is not available on this server yet.',
    empty: 'No notifications. Quiet is good.',
  }),
};
