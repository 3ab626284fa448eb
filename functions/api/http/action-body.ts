import * as z from 'zod';
import { ActionSchema, type Action } from '../../domain/lifecycle/actions';
import { HttpProblem } from './problem';

/**
 * The body of an action request: `{ "action": "<name>", ...fields }` (docs/contracts.md), which is the lifecycle's
 * `ActionSchema` with its discriminator `type` spelled `action` on the wire. Field errors name the wire field.
 */

const EnvelopeSchema = z.object({ action: z.string({ error: 'action is required' }).min(1, 'action is required') }).passthrough();

export function parseActionBody(body: unknown, allowed: readonly string[]): Action {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    const errors = envelope.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.path.length ? i.message : 'must be a JSON object' }));
    throw HttpProblem.validation(errors);
  }
  const { action, ...fields } = envelope.data;
  if (!allowed.includes(action)) {
    throw HttpProblem.validation([{ field: 'action', message: `unknown action "${action.slice(0, 40)}"; one of ${allowed.join(', ')}` }]);
  }
  const parsed = ActionSchema.safeParse({ ...fields, type: action });
  if (!parsed.success) {
    throw HttpProblem.validation(
      parsed.error.issues.flatMap((i) => {
        if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: k, message: `unknown field ${JSON.stringify(k)}` }));
        const field = i.path.map(String).join('.');
        return [{ field: field === 'type' ? 'action' : field || 'body', message: i.message }];
      }),
    );
  }
  return parsed.data;
}
