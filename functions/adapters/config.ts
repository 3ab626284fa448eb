import * as z from '../domain/zod';

/**
 * Configuration from the environment, read once when a handler module loads and validated, so a missing or
 * malformed variable stops the cold start with a message naming it instead of failing on the first request.
 *
 * @example
 * const config = readConfig({ TABLE_NAME: TableName });
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const TableName = z.string().check(z.minLength(3), z.maxLength(255));
export const StateMachineArn = z.string().check(z.regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/, 'must be a state machine ARN'));
export const PublicBaseUrl = z.pipe(z.url({ protocol: /^https?$/ }), z.transform((u) => u.replace(/\/+$/, '')));
export const PolicyPreset = z._default(z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)), 'promptearn');
export const EmailAddress = z.email();
export const ConfigurationSetName = z.string().check(z.minLength(1), z.maxLength(64));

export function readConfig<S extends z.core.$ZodShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.output<z.ZodMiniObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${env[String(i.path[0])] === undefined ? 'is not set' : i.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
