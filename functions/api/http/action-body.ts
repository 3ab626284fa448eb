import { ActionSchema, type Action } from '../../domain/lifecycle/actions';
import { HttpProblem } from './problem';

/**
 * The body of an action request: the lifecycle's `ActionSchema`, `{ "type": "<name>", ...fields }`
 * (docs/contracts.md). `action` is accepted as an alias of `type` (the first draft of the contract spelled it so).
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The body is checked as parsed, never through a copy: copying with assignment would turn an own `__proto__` key
 * into a prototype and hide it from the unknown-field check.
 */
export function parseActionBody(body: unknown, allowed: readonly string[]): Action {
  if (!isPlainObject(body)) throw HttpProblem.validation([{ field: 'body', message: 'must be a JSON object' }]);
  const aliased = !Object.hasOwn(body, 'type') && Object.hasOwn(body, 'action') ? (({ action, ...rest }) => ({ ...rest, type: action }))(body) : body;
  const action = aliased.type;
  if (typeof action !== 'string' || action === '') throw HttpProblem.validation([{ field: 'type', message: 'type is required' }]);
  if (!allowed.includes(action)) {
    throw HttpProblem.validation([{ field: 'type', message: `unknown action "${action.slice(0, 40)}"; one of ${allowed.join(', ')}` }]);
  }
  const parsed = ActionSchema.safeParse(aliased);
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
