import { kpiStoreFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { readKpis } from '../../analytics/read-kpis';
import { kpiCsv } from '../../domain/kpi';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** GET /staff/kpis?period=day|week|month&from=&to=&dimension=&format=json|csv (JWT, supervisors): the KPI table. */

const policies = policiesFromEnv();
const deps = { store: kpiStoreFromEnv(), policy: policies.current(), clock: systemClock, audit: staffAuditTrail('GET /staff/kpis') };

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { table, format } = accepted(await readKpis(deps, actor, event.queryStringParameters ?? {}));
  if (format === 'csv') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="kpis-${table.grain}-${table.dimension}-${table.from}.csv"`,
        'cache-control': 'no-store',
      },
      body: kpiCsv(table.lines),
    };
  }
  return jsonResponse(200, table, { 'cache-control': 'no-store' });
});
