// Alert sources (integrations) list.
import { renderResourceList } from '../resource-list.js';

export default {
  title: 'Alert sources',
  nav: 'sources',
  render: (main, ctx) => renderResourceList(main, ctx, {
    title: 'Alert sources',
    endpoint: '/api/v1/sources',
    missing: 'Alert sources are not available on this server yet.',
    empty: 'No alert sources yet.',
  }),
};
