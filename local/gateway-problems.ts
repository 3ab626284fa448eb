// The problems the local gateway answers by itself (no handler involved), in the API's one problem namespace.
// The builder and the shared types are the API's own (functions/api/http/problem.ts); the kinds only the
// gateway produces use the same `urn:redress:problem:` prefix until that module lists them.
import { internalProblem, problemTypes, type Problem } from '../functions/api/http/problem';
import { routeProblems } from '../functions/api/http/route-problems';

const gatewayTypes = problemTypes;

export const gatewayProblem = {
  noRoute: routeProblems.noRoute,
  methodNotAllowed: routeProblems.methodNotAllowed,
  malformedUrl: (): Problem => ({
    type: gatewayTypes.malformedUrl,
    title: 'Bad Request',
    status: 400,
    detail: 'The request path is not a valid URL (a malformed percent-encoding, for example).',
  }),
  headersTooLarge: (): Problem => ({
    type: gatewayTypes.tooLarge,
    title: 'Request Header Fields Too Large',
    status: 431,
    detail: 'The request headers are larger than 16 KiB.',
  }),
  malformedRequest: (): Problem => ({
    type: gatewayTypes.malformedUrl,
    title: 'Bad Request',
    status: 400,
    detail: 'The request is not valid HTTP.',
  }),
  tooLarge: (limitBytes: number): Problem => ({
    type: gatewayTypes.tooLarge,
    title: 'Payload Too Large',
    status: 413,
    detail: `The request body is larger than ${limitBytes} bytes.`,
  }),
  unauthorized: (reason?: string): Problem => ({
    type: gatewayTypes.unauthorized,
    title: 'Unauthorized',
    status: 401,
    detail: reason ?? 'A valid staff token is required.',
  }),
  malformedJson: (): Problem => ({ type: gatewayTypes.malformedJson, title: 'Malformed JSON', status: 400, detail: 'The body is not valid JSON.' }),
  invalidField: (status: number, field: string, message: string): Problem => ({
    type: gatewayTypes.validation,
    title: 'Invalid request',
    status,
    detail: 'The request has invalid fields; see errors.',
    errors: [{ field, message }],
  }),
  internal: internalProblem,
};
