/**
 * An HTTP API route template (`/complaints/{id}`, `/files/{proxy+}`) as API Gateway matches it: `{name}` is one
 * path segment, `{name+}` the rest of the path, a trailing slash is ignored. `score` orders templates the way API
 * Gateway prefers the most specific route: literal segments first, then parameters, greedy last. The local gateway
 * routes with it, and the not-found function answers 405 with it, so both agree on which paths exist.
 */
export interface RouteTemplate {
  regex: RegExp;
  params: string[];
  score: number;
}

export function routeTemplate(path: string): RouteTemplate {
  if (path === '$default') return { regex: /^.*$/, params: [], score: -1 };
  const params: string[] = [];
  let score = 0;
  const pattern = path
    .split('/')
    .map((seg) => {
      const greedy = /^\{(\w+)\+\}$/.exec(seg);
      if (greedy) {
        params.push(greedy[1]!);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(seg);
      if (param) {
        params.push(param[1]!);
        score += 10;
        return '([^/]+)';
      }
      score += 100;
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${pattern}/?$`), params, score };
}

/**
 * The methods the route keys (`GET /complaints/{id}`, …) serve on `pathname`, sorted; empty when no route has
 * that path, whatever the method.
 */
export function methodsServing(routeKeys: readonly string[], pathname: string): string[] {
  const methods = new Set<string>();
  for (const key of routeKeys) {
    const [method, path] = key.split(' ', 2) as [string, string | undefined];
    if (!path || path === '$default') continue;
    if (routeTemplate(path).regex.test(pathname)) methods.add(method);
  }
  return [...methods].sort();
}
