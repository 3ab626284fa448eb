import * as z from 'zod';
import { ActionSchema, type Action } from '../../domain/lifecycle/actions';
import { HttpProblem } from './problem';

/**
 * The body of an action request: the lifecycle's `ActionSchema`, `{ "type": "<name>", ...fields }`
 * (docs/contracts.md). `action` is accepted as an alias of `type` (the first draft of the contract spelled it so).
 */

const EnvelopeSchema = z.object({ type: z.string({ error: 'type is required' }).min(1, 'type is required') }).passthrough();

export function parseActionBody(body: unknown, allowed: readonly string[]): Action {
  const aliased = body && typeof body === 'object' && !Array.isArray(body) && !('type' in body) && 'action' in body ? (({ action, ...rest }) => ({ ...rest, type: action }))(body as Record<string, unknown>) : body;
  const envelope = EnvelopeSchema.safeParse(aliased);
  if (!envelope.success) {
    const errors = envelope.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.path.length ? i.message : 'must be a JSON object' }));
    throw HttpProblem.validation(errors);
  }
  const action = envelope.data.type;
  if (!allowed.includes(action)) {
    throw HttpProblem.validation([{ field: 'type', message: `unknown action "${action.slice(0, 40)}"; one of ${allowed.join(', ')}` }]);
  }
  const parsed = ActionSchema.safeParse(envelope.data);
  if (!parsed.success) {
    throw HttpProblem.validation(
      parsed.error.issues.flatMap((i) => {
        if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: k, message: `unknown field ${JSON.stringify(k)}` }));
        const field = i.path.map(String).join('.');
        return [{ field: field || 'body', message: i.message }];
      }),
    );
  }
  return parsed.data;
}
