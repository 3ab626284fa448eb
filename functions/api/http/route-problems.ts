import { problemTypes, type Problem } from './problem';

/**
 * The answers for a request no route takes, in the API's one problem namespace: given by the `$default` route's
 * function on AWS (functions/api/not-found.ts), and by the local gateway for what it answers itself.
 */
export const routeProblems = {
  noRoute: (method: string, path: string): Problem => ({
    type: problemTypes.notFound,
    title: 'Not Found',
    status: 404,
    detail: `No route or page for ${method.slice(0, 20)} ${path.slice(0, 200)}.`,
  }),
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]): Problem => ({
    type: problemTypes.methodNotAllowed,
    title: 'Method Not Allowed',
    status: 405,
    detail: `${method.slice(0, 20)} is not allowed on ${path.slice(0, 200)}; allowed: ${allowed.join(', ')}.`,
  }),
};
