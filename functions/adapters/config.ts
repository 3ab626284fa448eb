import * as z from 'zod';

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

export const TableName = z.string().min(3).max(255);
export const StateMachineArn = z.string().regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/, 'must be a state machine ARN');
export const PublicBaseUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));
export const PolicyPreset = z.string().regex(/^[a-z][a-z0-9_]*$/).default('promptearn');
export const EmailAddress = z.email();
export const ConfigurationSetName = z.string().min(1).max(64);

export function readConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.output<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${env[String(i.path[0])] === undefined ? 'is not set' : i.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
