import * as z from '../domain/zod';
import { readConfig } from '../adapters/config';
import { httpHandler } from './http/http-handler';
import { problemResponse } from './http/problem';
import { routeProblems } from './http/route-problems';
import { methodsServing } from './http/route-template';

/**
 * The HTTP API's `$default` route: every request no other route takes. API Gateway would answer those itself with
 * `{"message":"Not Found"}`; this answers problem+json instead — 405 with `Allow` when the path exists under other
 * methods, 404 otherwise. The route keys come from the API construct (`API_ROUTE_KEYS`), the owner of the routes.
 */

// "GET /complaints/{id},POST /complaints,…": the route keys of every other route.
const RouteKeys = z.pipe(z.pipe(z.string(), z.transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean))), z.array(z.string().check(z.regex(/^[A-Z]+ \/\S*$/, 'each key "<METHOD> /<path>"'))).check(z.minLength(1, 'at least one route key')));

const config = readConfig({ API_ROUTE_KEYS: RouteKeys });

export const handler = httpHandler(async (event) => {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath || event.requestContext.http.path;
  const allowed = methodsServing(config.API_ROUTE_KEYS, path);
  if (allowed.length) {
    return problemResponse(routeProblems.methodNotAllowed(method, path, allowed), { allow: allowed.join(', ') });
  }
  return problemResponse(routeProblems.noRoute(method, path));
});
