import { OpenAPIRegistry, OpenApiGeneratorV31, zodToOpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import * as z from '../domain/zod';

/** zod-to-openapi's route types with its zod classic schemas replaced by zod/mini's (the only zod we bundle). */
type Mini<T> = T extends ZodType ? z.ZodMiniType : T extends (...args: never[]) => unknown ? T : T extends object ? { [K in keyof T]: Mini<T[K]> } : T;
export type MiniRouteConfig = Mini<RouteConfig>;

/**
 * zod-to-openapi's registry for zod/mini schemas. The library reads schemas by their definitions (`_zod.def`), which
 * mini shares with classic, except for a few classic members it calls: `meta()`, `unwrap()`, a string's `format`,
 * `minLength` and `maxLength`, a record's `keyType` and `valueType`. `generateDocument` gives each schema it will
 * read those members (computed as classic computes them) and then runs the library's generator unchanged.
 */
export class OpenApiRegistry {
  private readonly registry = new OpenAPIRegistry();

  registerPath(route: MiniRouteConfig): void {
    this.registry.registerPath(route as unknown as RouteConfig);
  }

  registerWebhook(webhook: MiniRouteConfig): void {
    this.registry.registerWebhook(webhook as unknown as RouteConfig);
  }

  registerComponent(...args: Parameters<OpenAPIRegistry['registerComponent']>): void {
    this.registry.registerComponent(...args);
  }

  /** The OpenAPI 3.1 document of everything registered. */
  generateDocument(config: Parameters<OpenApiGeneratorV31['generateDocument']>[0]): ReturnType<OpenApiGeneratorV31['generateDocument']> {
    const seen = new Set<object>();
    for (const definition of this.registry.definitions) withClassicReaders(definition, seen);
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument(config);
  }
}

/** Walks route configs and schema definitions, giving every mini schema the classic members zod-to-openapi reads. */
function withClassicReaders(value: unknown, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (!('_zod' in value)) {
    for (const item of Object.values(value)) withClassicReaders(item, seen);
    return;
  }
  const schema = value as z.ZodMiniType & Record<string, unknown>;
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const reader = (name: string, get: () => unknown) => {
    if (!(name in schema)) Object.defineProperty(schema, name, { get, configurable: true, enumerable: false });
  };
  reader('meta', () => () => z.globalRegistry.get(schema));
  // The library names a component after `id` only for a schema it holds metadata of its own for, which under classic is
  // every schema `.meta()` made (a clone, whose parent its registry reads through). Registered directly, with no
  // parent, a schema needs an empty entry there to keep its component.
  if (z.globalRegistry.has(schema) && !schema._zod.parent && !zodToOpenAPIRegistry.has(schema)) zodToOpenAPIRegistry.add(schema, {});
  if ('innerType' in def) reader('unwrap', () => () => def.innerType);
  if (def.type === 'string' || def.type === 'number') {
    reader('format', () => aggregate(schema).format ?? null);
    reader('minLength', () => aggregate(schema).minimum ?? null);
    reader('maxLength', () => aggregate(schema).maximum ?? null);
  }
  if (def.type === 'record') {
    reader('keyType', () => def.keyType);
    reader('valueType', () => def.valueType);
  }
  withClassicReaders(def.type === 'lazy' ? (def.getter as () => unknown)() : def, seen);
}

type CheckDef = { check: string; format?: string; minimum?: number; maximum?: number; length?: number };

/**
 * What classic's `format`, `minLength` and `maxLength` report (zod's own aggregateChecks, which zod does not export):
 * the last format among the checks (a format schema such as `z.uuid()` is its own first check), the tightest lengths.
 */
function aggregate(schema: z.ZodMiniType): { format?: string; minimum?: number; maximum?: number } {
  const checks = (schema._zod.def.checks ?? []) as unknown as { _zod: { def: CheckDef } }[];
  const list = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as { _zod: { def: CheckDef } }, ...checks] : checks;
  const agg: { format?: string; minimum?: number; maximum?: number } = {};
  const atLeast = (n: number) => (agg.minimum = agg.minimum === undefined ? n : Math.max(agg.minimum, n));
  const atMost = (n: number) => (agg.maximum = agg.maximum === undefined ? n : Math.min(agg.maximum, n));
  for (const { _zod: { def } } of list) {
    if ((def.check === 'string_format' || def.check === 'number_format') && def.format) agg.format = def.format;
    if (def.check === 'min_length') atLeast(def.minimum!);
    if (def.check === 'max_length') atMost(def.maximum!);
    if (def.check === 'length_equals') (atLeast(def.length!), atMost(def.length!));
  }
  const bag = schema._zod.bag as { format?: string };
  agg.format ??= bag.format;
  return agg;
}
