import { incidentStoreFromEnv } from '../../adapters/wiring';
import { activeIncidentBanners } from '../../core/use-cases/incidents/list-incidents';
import { httpHandler } from '../http/http-handler';
import { jsonResponse } from '../http/problem';

/** GET /incidents/active (public): the banners the complaint form and the case page show while an outage lasts. */

const incidents = incidentStoreFromEnv();

export const handler = httpHandler(async () => {
  // Not cached: an update or the resolution shows on the next page view (one query of a small partition per view).
  return jsonResponse(200, { items: await activeIncidentBanners({ incidents }) }, { 'cache-control': 'no-cache' });
});
