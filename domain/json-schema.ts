// A checker for the part of JSON Schema (2020-12) that zod's toJSONSchema writes for the workflow's
// Update schemas (./update-schemas.ts). Pure and dependency-free, so the workflow bundle can run it in
// its validators. A keyword outside SUPPORTED_KEYWORDS is an error when the schema is generated
// (assertSupported), never skipped silently while checking. Lengths count UTF-16 units, as zod does.

export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaViolation {
  /** Dotted path of the offending field, e.g. `action.findings` or `report.categories.2`. */
  path: string;
  reason: string;
}

const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'minLength',
  'maxLength',
  'pattern',
  // Always written with a `pattern` that says the same (z.iso.datetime): checked through the pattern.
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'items',
  'minItems',
  'maxItems',
  'oneOf',
  'anyOf',
  'description',
]);

/** Throws naming the first keyword the checker does not implement, or a format without a pattern. */
export function assertSupported(schema: unknown, at = '#'): void {
  if (Array.isArray(schema)) return schema.forEach((s, i) => assertSupported(s, `${at}/${i}`));
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as JsonSchema;
  for (const keyword of Object.keys(s)) {
    if (!SUPPORTED_KEYWORDS.has(keyword))
      throw new Error(`JSON Schema keyword "${keyword}" at ${at} is not supported by domain/json-schema.ts`);
  }
  if ('format' in s && !('pattern' in s)) throw new Error(`"format" without "pattern" at ${at} would not be checked`);
  for (const key of ['items', 'additionalProperties', 'oneOf', 'anyOf'] as const) if (key in s) assertSupported(s[key], `${at}/${key}`);
  if (s.properties) for (const [name, sub] of Object.entries(s.properties)) assertSupported(sub, `${at}/properties/${name}`);
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern, 'u')));
  return re;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/** Within floating-point error of a multiple (0.07 is a multiple of 0.01). */
function isMultipleOf(value: number, step: number): boolean {
  const quotient = value / step;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9 * Math.max(1, Math.abs(quotient));
}

/** The first violation of `schema` by `value`, or null when it conforms. */
export function firstViolation(schema: JsonSchema, value: unknown, path = ''): SchemaViolation | null {
  const fail = (reason: string): SchemaViolation => ({ path: path || '(root)', reason });
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));

  if ('const' in schema && value !== schema.const) return fail(`must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return fail(`must be one of ${schema.enum.join(', ')}`);
  if (typeof schema.type === 'string' && !matchesType(schema.type, typeOf(value))) return fail(`must be of type ${schema.type}`);

  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      return fail(`must have at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      return fail(`must have at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string' && !compiled(schema.pattern).test(value))
      return fail(typeof schema.format === 'string' ? `must be a ${schema.format}` : 'has an invalid format');
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('must be a finite number');
    if (typeof schema.minimum === 'number' && value < schema.minimum) return fail(`must be at least ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) return fail(`must be at most ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      return fail(`must be more than ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      return fail(`must be less than ${schema.exclusiveMaximum}`);
    if (typeof schema.multipleOf === 'number' && !isMultipleOf(value, schema.multipleOf))
      return fail(`must be a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return fail(`must have at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return fail(`must have at most ${schema.maxItems} items`);
    if (typeof schema.items === 'object' && schema.items !== null) {
      for (let i = 0; i < value.length; i++) {
        const violation = firstViolation(schema.items as JsonSchema, value[i], at(i));
        if (violation) return violation;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required ?? []) as string[])
      if (object[name] === undefined) return { path: at(name), reason: 'is required' };
    for (const [name, field] of Object.entries(object)) {
      if (field === undefined) continue;
      const sub = properties[name];
      if (sub) {
        const violation = firstViolation(sub, field, at(name));
        if (violation) return violation;
      } else if (schema.additionalProperties === false) {
        return { path: at(name), reason: 'is not a known field' };
      }
    }
  }
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (branches) return violationOfUnion(branches, value, path);
  return null;
}

/**
 * A discriminated union (every branch fixes `type` with a const, as caseActionSchema does) is checked
 * against the branch its `type` names, so the reason is that branch's; any other union passes if one
 * branch does (oneOf's "exactly one" holds for discriminated unions).
 */
function violationOfUnion(branches: JsonSchema[], value: unknown, path: string): SchemaViolation | null {
  const discriminators = branches.map((b) => ((b.properties as Record<string, JsonSchema> | undefined)?.type ?? {}).const);
  if (discriminators.every((d) => typeof d === 'string')) {
    const type = typeOf(value) === 'object' ? (value as { type?: unknown }).type : undefined;
    const index = typeof type === 'string' ? discriminators.indexOf(type) : -1;
    if (index < 0) return { path: path ? `${path}.type` : 'type', reason: `must be one of ${discriminators.join(', ')}` };
    return firstViolation(branches[index], value, path);
  }
  const violations = branches.map((b) => firstViolation(b, value, path));
  return violations.some((v) => v === null) ? null : violations[0];
}
