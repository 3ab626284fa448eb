// fast-check arbitraries from the OpenAPI 3.1 document's JSON Schemas: values the schema allows, and the same
// values broken the ways an attacker or a careless client breaks them (wrong types, hostile strings, `__proto__`
// keys, huge numbers, missing and unknown fields).
import * as fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Strings that have broken parsers, templates, queries and logs before. */
export const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  '{"__proto__":{"polluted":true}}',
  "' OR '1'='1' --",
  '"; DROP TABLE cases; --',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '\u0000',
  '\u202eevil\u202c',
  '𝕳𝖊𝖑𝖑𝖔 🎉 ﷽',
  '\ud800',
  ' ',
  '',
  'a'.repeat(20_000),
  'CASE#00000000-0000-0000-0000-000000000000',
  'EVENT#2026-01-01T00:00:00Z#000001',
  'null',
  '-1',
  '1e309',
  'NaN',
];

/** Numbers outside every sensible range, and the ones JavaScript gets wrong. */
export const HOSTILE_NUMBERS = [0, -0, -1, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, 2 ** 31, -(2 ** 53), 1.5];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false),
  fc.constant([]),
  fc.constant({}),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** `__proto__` as an own, enumerable key: what `JSON.parse` produces from `{"__proto__": …}`. */
export function withProtoKey(value: Record<string, unknown>, payload: unknown): Record<string, unknown> {
  const copy = { ...value };
  Object.defineProperty(copy, '__proto__', { value: payload, enumerable: true, configurable: true, writable: true });
  return copy;
}

export class SchemaArbitraries {
  constructor(private readonly components: Record<string, JsonSchema>) {}

  private resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let i = 0; s.$ref && i < 20; i++) {
      const name = s.$ref.replace('#/components/schemas/', '');
      const target = this.components[name];
      if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
      s = { ...target, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
    }
    return s;
  }

  /** Values the schema accepts (as far as JSON Schema says: cross-field rules are the API's business). */
  valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const union = s.anyOf ?? s.oneOf;
    if (union) return fc.oneof(...union.map((u) => this.valid(u, depth + 1)));
    if (s.allOf) return this.valid(Object.assign({}, ...s.allOf.map((a) => this.resolve(a))) as JsonSchema, depth + 1);
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    switch (type ?? (s.properties ? 'object' : undefined)) {
      case 'object': {
        const props = s.properties ?? {};
        const required = new Set(s.required ?? []);
        const entries = Object.entries(props).filter(([k]) => required.has(k) || depth < 4);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of entries) record[k] = this.valid(v, depth + 1);
        return fc.record(record, { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) });
      }
      case 'array':
        return fc.array(s.items ? this.valid(s.items, depth + 1) : fc.anything(), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
      case 'integer': {
        const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
        const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000_000);
        return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
      }
      case 'number':
        return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'string':
        return this.string(s);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private string(s: JsonSchema): fc.Arbitrary<string> {
    const min = s.minLength ?? 0;
    const max = Math.max(min, Math.min(s.maxLength ?? 60, 60));
    switch (s.format) {
      case 'email':
        return fc.emailAddress();
      case 'uuid':
        return fc.uuid();
      case 'date':
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      case 'date-time':
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    }
    if (s.pattern) {
      try {
        return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
      } catch {
        /* a pattern fast-check cannot generate from: plain strings (the API refuses some, which is fine) */
      }
    }
    return fc.string({ minLength: min, maxLength: max, unit: 'grapheme-composite' }).filter((v) => v.length >= min);
  }

  /**
   * Keys the schema does not allow (`additionalProperties: false`), as dotted paths; for a union, the fewest any
   * branch leaves unexplained. An API that answers 2xx to such a body ignored part of it.
   */
  unknownKeys(value: unknown, schema: JsonSchema, path = ''): string[] {
    const s = this.resolve(schema);
    const union = s.anyOf ?? s.oneOf;
    if (union) {
      let best: string[] | undefined;
      for (const branch of union) {
        const found = this.unknownKeys(value, branch, path);
        if (!best || found.length < best.length) best = found;
      }
      return best ?? [];
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !s.properties) return [];
    const out: string[] = [];
    for (const key of Object.keys(value)) {
      const sub = s.properties[key];
      if (sub) out.push(...this.unknownKeys((value as Record<string, unknown>)[key], sub, `${path}${key}.`));
      else if (s.additionalProperties === false) out.push(`${path}${key}`);
    }
    return out;
  }

  /** Valid values (and the examples given), broken one way each: the request a fuzzer sends. */
  hostile(schema: JsonSchema, examples: unknown[] = []): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    // Known-good examples reach what schema-random values rarely do (rules across fields, such as a category's
    // details), and every mutation below then starts from an accepted request.
    const base = examples.length ? fc.oneof(this.valid(s), fc.constantFrom(...examples)) : this.valid(s);
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    const mutateField = fc.tuple(base, fc.nat(), hostileScalar).map(([v, i, bad]) => {
      if (!isObject(v) || !Object.keys(v).length) return bad;
      const keys = Object.keys(v);
      return { ...v, [keys[i % keys.length]]: bad };
    });
    const mutateNested = fc.tuple(base, fc.nat(), fc.nat(), hostileScalar).map(([v, i, j, bad]) => {
      if (!isObject(v)) return v;
      const keys = Object.keys(v).filter((k) => isObject(v[k]));
      if (!keys.length) return { ...v, [Object.keys(v)[i % Math.max(Object.keys(v).length, 1)] ?? 'x']: bad };
      const k = keys[i % keys.length];
      const inner = v[k] as Record<string, unknown>;
      const innerKeys = Object.keys(inner);
      return { ...v, [k]: innerKeys.length ? { ...inner, [innerKeys[j % innerKeys.length]]: bad } : bad };
    });
    const dropRequired = fc.tuple(base, fc.nat()).map(([v, i]) => {
      if (!isObject(v) || !s.required?.length) return v;
      const copy = { ...v };
      delete copy[s.required[i % s.required.length]];
      return copy;
    });
    const unknownField = fc.tuple(base, fc.constantFrom('isAdmin', 'status', 'pk', 'sk', 'id', 'constructor', 'x'.repeat(300)), hostileScalar).map(([v, k, bad]) =>
      isObject(v) ? { ...v, [k]: bad } : v,
    );
    const protoKey = fc.tuple(base, fc.constantFrom<unknown>({ polluted: true }, { isAdmin: true, status: 'closed' }, null, 'x')).map(([v, payload]) =>
      isObject(v) ? withProtoKey(v, payload) : v,
    );
    const nestedProto = base.map((v) => {
      if (!isObject(v)) return v;
      const k = Object.keys(v).find((key) => isObject(v[key]));
      return k ? { ...v, [k]: withProtoKey(v[k] as Record<string, unknown>, { polluted: true }) } : v;
    });
    return fc.oneof(
      { arbitrary: base, weight: 3 },
      { arbitrary: mutateField, weight: 3 },
      { arbitrary: mutateNested, weight: 2 },
      { arbitrary: dropRequired, weight: 2 },
      { arbitrary: unknownField, weight: 1 },
      { arbitrary: protoKey, weight: 1 },
      { arbitrary: nestedProto, weight: 1 },
      { arbitrary: hostileScalar, weight: 1 },
    );
  }
}

export const arbitraries = { hostileString, hostileScalar };
