import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The next page of a listing as a link: the same path and query with the new cursor, relative to the request (a
 * client resolves it against the URL it called, so it is right behind CloudFront, API Gateway and the local gateway
 * alike). In the body as `next`, and as an RFC 8288 `Link` header.
 */
export function nextLink(event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'queryStringParameters'>, cursor: string | undefined): { next?: string; headers: Record<string, string> } {
  if (cursor === undefined) return { headers: {} };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (k !== 'cursor' && v !== undefined) query.set(k, v);
  query.set('cursor', cursor);
  const next = `${event.rawPath}?${query.toString()}`;
  return { next, headers: { link: `<${next}>; rel="next"` } };
}
