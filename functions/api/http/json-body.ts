import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem, problemTypes } from './problem';

/** The event after {@link jsonBody}: `body` is the parsed JSON, still unknown until validated with zod. */
export type JsonEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body: unknown };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Parses a JSON request body, or answers with a problem: 415 for another content type, 413 above `maxBytes`,
 * 400 for malformed JSON. Written here rather than taken from @middy/http-json-body-parser because that one
 * answers malformed JSON with 422 (which this API keeps for well-formed but invalid requests) and has no size
 * limit. Runs after @middy/http-header-normalizer, so header names are lower case.
 */
export function jsonBody({ maxBytes = DEFAULT_MAX_BODY_BYTES } = {}): MiddlewareObj<JsonEvent> {
  return {
    name: 'jsonBody',
    before: (request) => {
      const event = request.event;
      const contentType = event.headers?.['content-type'] ?? '';
      if (!JSON_MEDIA_TYPE.test(contentType)) {
        throw new HttpProblem({
          type: problemTypes.unsupportedMediaType,
          title: 'Unsupported Media Type',
          status: 415,
          detail: 'Send the request body as application/json.',
        });
      }
      const raw = typeof event.body === 'string' ? event.body : '';
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.byteLength > maxBytes) {
        throw new HttpProblem({
          type: problemTypes.tooLarge,
          title: 'Content Too Large',
          status: 413,
          detail: `The request body must not exceed ${maxBytes} bytes.`,
        });
      }
      try {
        event.body = JSON.parse(bytes.toString('utf8')) as unknown;
      } catch {
        throw new HttpProblem({
          type: problemTypes.malformedJson,
          title: 'Malformed JSON',
          status: 400,
          detail: 'The request body is not valid JSON.',
          errors: [{ field: 'body', message: 'not valid JSON' }],
        });
      }
    },
  };
}
