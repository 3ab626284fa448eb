import { incidentStoreFromEnv } from '../../adapters/wiring';
import { activeIncidentBanners } from '../../core/use-cases/incidents/list-incidents';
import { httpHandler } from '../http/http-handler';
import { jsonResponse } from '../http/problem';

/** GET /incidents/active (public): the banners the complaint form and the case page show while an outage lasts. */

const incidents = incidentStoreFromEnv();

export const handler = httpHandler(async () => {
  // A minute of caching: the banner may lag an update by that much, the table is spared a read per page view.
  return jsonResponse(200, { items: await activeIncidentBanners({ incidents }) }, { 'cache-control': 'public, max-age=60' });
});
