// Property-based fuzzing (fast-check) of every endpoint in /openapi.json with bad input: malformed
// JSON, wrong media types and charsets, wrong types, missing and unknown fields, huge strings and
// arrays, unicode edge cases (lone surrogates, NUL, RTL and zero-width marks, emoji), injection
// strings (SQL, JSON, prototype keys, header CRLF), invalid ID numbers, phones, codes and dates.
// The contract: always a 4xx problem document with a clear `detail` (and `errors[]` naming the field
// for a validation error), never a 5xx, and nothing written — the row count of every table (but the
// access audit) and the workflows on this platform's task queue are unchanged. The database is this
// file's own, so the counts are exact. Well-formed hostile text, on the other hand, is stored verbatim.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { Pool } from 'pg';
import request from 'supertest';
import { IMPORT_BODY_LIMIT_BYTES } from '../../api/monitoring/schemas';
import type { Role } from '../../domain/case-types';
import { idCheckDigit, makeIdNumber } from '../../domain/ids';
import { historyLength } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';

const STREET = '440104001';
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

let db: OwnDatabase;
let p: TestPlatform;
let server: Server;
let base: string;
let pool: Pool;
let doc: OpenApi;
let caseId: string;
let workflowId: string;
const tokens: Partial<Record<Role, string>> = {};

// ---------------------------------------------------------------------------------------------
// Setup: one case to aim actions at, the OpenAPI document, counters
// ---------------------------------------------------------------------------------------------

type JsonSchema = Record<string, unknown>;
interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

beforeAll(async () => {
  db = await startOwnDatabase('fuzz');
  // No write limit: the fuzzer sends thousands of writes, and a 429 would hide what validation says.
  p = await startTestPlatform({
    databaseUrl: db.url,
    apiDeps: { rateLimit: { capacity: 1_000_000_000, windowMs: 1000 }, temporalTimeoutMs: 15_000 },
  });
  server = createServer(p.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pool = new Pool({ connectionString: db.url, max: 2 });
  for (const [role, code] of [
    ['caseworker', STREET],
    ['street_supervisor', STREET],
    ['district_officer', '440104'],
    ['city_officer', '440100'],
    ['hotline', '440100'],
  ] as [Role, string][]) {
    tokens[role] = await p.tokenFor(role, code);
  }
  const opened = await request(base).post('/api/v1/reports').set('Authorization', `Bearer ${tokens.hotline}`).send(validReport());
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
  expect(
    (
      await request(base)
        .post(`/api/v1/cases/${caseId}/actions`)
        .set('Authorization', `Bearer ${tokens.caseworker}`)
        .send({ type: 'accept' })
    ).status,
  ).toBe(200);
  workflowId = (await p.prisma.case.findUniqueOrThrow({ where: { caseId } })).workflowId;
  doc = (await request(base).get('/openapi.json')).body as OpenApi;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await pool?.end();
  await p?.stop();
  await db?.drop();
});

interface Snapshot {
  rows: Record<string, number>;
  workflows: number;
  history: number;
}

/** What a request could have written: every table's row count (the access audit aside), the workflows, the case's history. */
async function snapshot(): Promise<Snapshot> {
  const { rows: tables } = await pool.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'access_audit' order by 1",
  );
  const rows: Record<string, number> = {};
  for (const { table_name } of tables) rows[table_name] = Number((await pool.query(`select count(*) as n from "${table_name}"`)).rows[0].n);
  const { count } = await p.client.workflow.count(`TaskQueue = '${p.taskQueue}'`);
  return { rows, workflows: count, history: await historyLength(p, workflowId) };
}

/** Runs a property and then checks nothing was written. */
async function nothingWritten(run: () => Promise<void>): Promise<void> {
  const before = await snapshot();
  await run();
  expect(await snapshot()).toEqual(before);
}

// ---------------------------------------------------------------------------------------------
// Valid bases, from which one guaranteed fault is made
// ---------------------------------------------------------------------------------------------

let idSeq = 0;
function validIdNumber(): string {
  idSeq++;
  return makeIdNumber(
    '440104',
    `19${String(30 + (idSeq % 60)).padStart(2, '0')}0${1 + (idSeq % 9)}1${idSeq % 10}`,
    String(100 + (idSeq % 899)),
  );
}

function validReport(): Record<string, unknown> {
  return {
    channel: 'grid',
    subject: { idNumber: validIdNumber(), name: '林阿姨', phone: '13800138000', streetCode: STREET, address: '北京路1号' },
    situation: { summary: 'lives alone', categories: ['elderly'], urgentFlags: [] },
    reporter: { name: '网格员', phone: '020-83331234', organisation: 'grid team' },
  };
}

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const VALID_ACTIONS: Record<string, unknown>[] = [
  { type: 'accept', assigneeId: 'cw-440104001' },
  { type: 'transfer', toStreetCode: '440104002', reason: 'moved' },
  { type: 'assign', assigneeId: 'cw-440104001' },
  { type: 'record-visit', visitedAt: iso(), findings: 'rent arrears', householdSize: 2, monthlyIncome: 300 },
  { type: 'record-economic-check', result: 'eligible', details: 'ok' },
  { type: 'grant-emergency-aid', amount: 500, kind: 'cash', note: 'n' },
  { type: 'complete-verification', outcome: 'eligible', note: 'n' },
  { type: 'propose-assistance', assistanceType: 'temporary', amount: 1500, months: 3, note: 'n' },
  { type: 'approve-assistance', note: 'n' },
  { type: 'reject-assistance', reason: 'r' },
  { type: 'record-disbursement', amount: 1500, disbursedAt: iso() },
  { type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: ['food'] },
  { type: 'charity-response', response: 'accepted', note: 'n' },
  { type: 'record-revisit', visitedAt: iso(), findings: 'f', circumstancesChanged: false },
  { type: 'pause-clock', reason: 'in hospital', expectedResumeAt: iso(86_400_000) },
  { type: 'resume-clock' },
  { type: 'close', reason: 'r' },
  { type: 'reopen', reason: 'r' },
];

/** Valid bodies for the operations whose contract is known here; others start from `{}`. */
function validBodyFor(operationId: string | undefined): Record<string, unknown> {
  switch (operationId) {
    case 'submitReport':
      return validReport();
    case 'submitDepartmentSignals':
      return { signals: [validReport()] };
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const UNICODE_EDGES = [
  '\u202eevil\u202c',
  '\u200f',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u00a0',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '𠮷野家',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
  'مرحبا',
  'שלום',
  'Ω≈ç√∫',
  '١٢٣',
  '４４０１０４',
];
const INJECTIONS = [
  "' OR '1'='1' --",
  "'); DROP TABLE cases; --",
  '"; DELETE FROM persons; --',
  "1' UNION SELECT id_number_enc FROM persons --",
  '$$; DROP TABLE x; $$',
  '{"$ne": null}',
  '{"__proto__": {"polluted": true}}',
  '__proto__',
  'constructor',
  'prototype',
  'a\r\nX-Injected: yes',
  '\r\n\r\n<html>',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '../../../etc/passwd',
  '%00',
  '%0d%0a',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
];
/** Text that is hostile but well-formed: the API must store it verbatim, never choke on it. */
const wellFormedHostile = fc
  .oneof(
    fc.constantFrom(...UNICODE_EDGES, ...INJECTIONS),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.tuple(fc.constantFrom(...UNICODE_EDGES), fc.constantFrom(...INJECTIONS)).map(([a, b]) => `${a} ${b}`),
  )
  .filter((s) => s.trim().length > 0 && s.length <= 100 && !s.includes('\u0000'));
/** Text that can never be valid: NUL characters and unpaired surrogates. */
const malformedText = fc.oneof(
  fc.tuple(fc.string({ maxLength: 10 }), loneSurrogate, fc.string({ maxLength: 10 })).map(([a, s, b]) => `${a}x${s}${b}`),
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}x\u0000${b}`),
);
const anyText = fc.oneof(wellFormedHostile, malformedText, fc.string({ unit: 'binary', maxLength: 40 }));
const HUGE_TEXT = '界'.repeat(100_000);
const HUGE_ARRAY = Array.from({ length: 5000 }, (_, i) => i);

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const VALUE_OF: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.oneof(anyText, fc.constant(HUGE_TEXT)),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e308, -1e308, 0.001)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.constant(HUGE_ARRAY)),
  object: fc.oneof(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    fc.constant({ __proto__: { admin: true } }),
  ),
};
const ALL_TYPES: JsonType[] = ['string', 'number', 'boolean', 'null', 'array', 'object'];
const wrongTypeFor = (allowed: Set<JsonType>) => fc.oneof(...ALL_TYPES.filter((t) => !allowed.has(t)).map((t) => VALUE_OF[t]));

// ---------------------------------------------------------------------------------------------
// JSON Schema (from /openapi.json) → a guaranteed fault
// ---------------------------------------------------------------------------------------------

function resolve(schema: JsonSchema | undefined): JsonSchema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) s = doc.components.schemas[s.$ref.split('/').pop()!] ?? {};
  return s;
}

/** The JSON types a schema allows, or null when it allows anything. */
function typesOf(raw: JsonSchema): Set<JsonType> | null {
  const s = resolve(raw);
  const out = new Set<JsonType>();
  const add = (t: unknown) => {
    if (t === 'integer') out.add('number');
    else out.add(t as JsonType);
  };
  if (Array.isArray(s.enum)) for (const v of s.enum) add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  else if ('const' in s) add(s.const === null ? 'null' : typeof s.const);
  else if (typeof s.type === 'string') add(s.type);
  else if (Array.isArray(s.type)) s.type.forEach(add);
  else if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    for (const m of (s.anyOf ?? s.oneOf) as JsonSchema[]) {
      const t = typesOf(m);
      if (!t) return null;
      t.forEach((x) => out.add(x));
    }
  } else return null;
  return out;
}

/** For a union of objects told apart by `type` (CaseAction), the member that matches `base`. */
function memberFor(schema: JsonSchema, base: Record<string, unknown>): JsonSchema {
  const s = resolve(schema);
  const members = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (!members) return s;
  return (
    members.map(resolve).find((m) => {
      const t = resolve(((m.properties ?? {}) as Record<string, JsonSchema>).type);
      return t.const === base.type || (Array.isArray(t.enum) && t.enum.includes(base.type));
    }) ?? s
  );
}

interface Fault {
  body: unknown;
  fault: string;
}

/**
 * One body with at least one certain violation of `schema` (an object schema): a value of a type the
 * field does not allow, a value outside an enum, a string or array over its limit, a required field
 * missing, an unknown field in a strict object — at the top level or in a nested object — or a
 * body that is not an object at all.
 */
function faultyBody(rawSchema: JsonSchema, base: Record<string, unknown>, depth = 0): fc.Arbitrary<Fault> {
  const schema = memberFor(rawSchema, base);
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const options: fc.Arbitrary<Fault>[] = [];
  const withField = (key: string, value: unknown, fault: string): Fault => ({ body: { ...base, [key]: value }, fault });

  if (depth === 0)
    options.push(
      fc.oneof(VALUE_OF.array, VALUE_OF.string, VALUE_OF.number, VALUE_OF.null).map((body) => ({ body, fault: 'not an object' })),
    );
  if (schema.additionalProperties === false) {
    const unknownKey = fc
      .oneof(fc.constantFrom('__proto__', 'constructor', 'admin', 'role', 'idNumber ', 'Type'), fc.string({ minLength: 1, maxLength: 12 }))
      .filter((k) => !(k in props));
    options.push(
      fc.tuple(unknownKey, fc.jsonValue({ maxDepth: 1 })).map(([k, v]) => ({
        body: Object.defineProperty({ ...base }, k, { value: v, enumerable: true }),
        fault: `unknown field ${JSON.stringify(k)}`,
      })),
    );
  }
  const missing = required.filter((k) => k in base);
  if (missing.length)
    options.push(
      fc
        .constantFrom(...missing)
        .map((k) => ({ body: Object.fromEntries(Object.entries(base).filter(([key]) => key !== k)), fault: `missing ${k}` })),
    );
  for (const [key, propSchema] of Object.entries(props)) {
    const prop = resolve(propSchema);
    const types = typesOf(prop);
    if (types) options.push(wrongTypeFor(types).map((v) => withField(key, v, `wrong type for ${key}`)));
    if (Array.isArray(prop.enum) && prop.enum.every((v) => typeof v === 'string')) {
      options.push(anyText.filter((v) => !(prop.enum as string[]).includes(v)).map((v) => withField(key, v, `${key} not in enum`)));
    }
    if (typeof prop.maxLength === 'number') options.push(fc.constant(withField(key, 'x'.repeat(prop.maxLength + 1), `${key} too long`)));
    if (typeof prop.maxItems === 'number' && prop.maxItems < 5000)
      options.push(fc.constant(withField(key, HUGE_ARRAY.slice(0, prop.maxItems + 1), `${key} too many items`)));
    const nested = memberFor(prop, (base[key] as Record<string, unknown>) ?? {});
    if (depth < 2 && nested.type === 'object' && base[key] && typeof base[key] === 'object') {
      options.push(
        faultyBody(prop, base[key] as Record<string, unknown>, depth + 1).map((f) => ({
          body: { ...base, [key]: f.body },
          fault: `${key}: ${f.fault}`,
        })),
      );
    }
  }
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// Sending and judging
// ---------------------------------------------------------------------------------------------

interface Sent {
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  role?: Role;
}

async function send(r: Sent): Promise<request.Response> {
  // A request that hangs (an escalation stream opened by mistake) fails fast with its own error.
  let req = request(base)
    [r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](r.path)
    .timeout(20_000)
    .set('Authorization', `Bearer ${tokens[r.role ?? 'city_officer']}`);
  for (const [k, v] of Object.entries(r.headers ?? {})) req = req.set(k, v);
  if (r.raw !== undefined) return req.set('Content-Type', r.contentType ?? 'application/json').send(r.raw);
  if (r.body !== undefined) return req.set('Content-Type', r.contentType ?? 'application/json').send(JSON.stringify(r.body));
  return req;
}

/** A 4xx problem document with a clear detail; a validation error names its fields. */
function expectClearRefusal(res: request.Response, what: string): void {
  const summary = `${what} → ${res.status} ${res.body?.code ?? ''}: ${res.body?.detail ?? res.text?.slice(0, 200)}`;
  expect([summary, res.status >= 400 && res.status < 500]).toEqual([summary, true]);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const b = res.body as {
    type?: unknown;
    title?: unknown;
    status?: unknown;
    detail?: unknown;
    code?: unknown;
    requestId?: unknown;
    errors?: unknown;
  };
  expect([
    summary,
    typeof b.detail === 'string' && b.detail.length > 5,
    typeof b.code === 'string',
    b.status === res.status,
    Array.isArray(b.errors),
  ]).toEqual([summary, true, true, true, true]);
  if (b.code === 'VALIDATION_FAILED') {
    const errors = b.errors as { path?: unknown; message?: unknown }[];
    expect([
      summary,
      errors.length > 0 && errors.every((e) => typeof e.path === 'string' && typeof e.message === 'string' && e.message.length > 0),
    ]).toEqual([summary, true]);
  }
}

/** Whether the field errors name `path` itself or something inside it (`situation.categories.0`). */
function namesField(errors: { path: string }[], path: string): boolean {
  return errors.some((e) => e.path === path || e.path.startsWith(`${path}.`));
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…(${s.length})` : s;
}

const fillPath = (template: string) =>
  template.replace(
    /\{(\w+)\}/g,
    (_, name: string) => ({ caseId, id: '1', jurisdictionCode: STREET, committeeCode: '440104001001' })[name] ?? 'x',
  );

interface Op {
  method: string;
  template: string;
  op: Operation;
}
function operations(filter: (o: Op) => boolean = () => true): Op[] {
  const ops: Op[] = [];
  for (const [template, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) ops.push({ method: method.toUpperCase(), template, op });
  return ops.filter(filter);
}
const withBody = (o: Op) => o.op.requestBody !== undefined;
const isApi = (o: Op) => o.template.startsWith('/api/');

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

test('the OpenAPI document lists the endpoints this file fuzzes', () => {
  const ops = operations();
  expect(ops.length).toBeGreaterThanOrEqual(20);
  expect(ops.filter(withBody).map((o) => o.op.operationId)).toEqual(
    expect.arrayContaining(['submitReport', 'submitDepartmentSignals', 'performAction']),
  );
  expect(ops.filter((o) => (o.op.parameters ?? []).some((q) => q.in === 'query')).map((o) => o.op.operationId)).toEqual(
    expect.arrayContaining(['listCases', 'listEscalations', 'listAccessLog']),
  );
});

describe('request bodies', () => {
  test('every endpoint with a body: any body with a fault is refused with a clear 4xx, and nothing is written', async () => {
    for (const o of operations(withBody)) {
      const schema = Object.values(o.op.requestBody!.content)[0].schema;
      const path = fillPath(o.template);
      await nothingWritten(() =>
        fc.assert(
          fc.asyncProperty(
            o.op.operationId === 'performAction'
              ? fc.constantFrom(...VALID_ACTIONS).chain((a) => faultyBody(schema, a))
              : faultyBody(schema, validBodyFor(o.op.operationId)),
            fc.constantFrom<Role>('city_officer', 'caseworker'),
            async ({ body, fault }, role) => {
              const res = await send({ method: o.method, path, body, role });
              // A department batch answers per item: a faulty item is rejected inside a 200.
              if (o.op.operationId === 'submitDepartmentSignals' && res.status === 200) {
                expect(
                  (res.body.results as { status: string; errors?: unknown[] }[]).every(
                    (r) => r.status === 'rejected' && (r.errors?.length ?? 0) > 0,
                  ),
                ).toBe(true);
                return;
              }
              expectClearRefusal(res, `${o.method} ${o.template} as ${role} with ${fault}: ${describeValue(body)}`);
            },
          ),
          { numRuns: RUNS },
        ),
      );
    }
  });

  test('every endpoint with a body: malformed JSON, other media types and charsets, and bodies over 1 MB are refused with 400/413/415', async () => {
    const malformed = fc.oneof(
      fc.constantFrom(
        '{',
        '{"a":',
        '[1,2',
        '{"a":1,}',
        "{'a':1}",
        'NaN',
        '{"a": undefined}',
        '{"a":01}',
        '{"a":1}{"b":2}',
        '\u0000',
        'nul\u0000l',
        '"just a string"',
        '42',
        'null',
        'true',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => {
        try {
          const v: unknown = JSON.parse(s);
          return v === null || typeof v !== 'object';
        } catch {
          return true;
        }
      }),
    );
    const contentType = fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'text/json',
    );
    for (const o of operations(withBody)) {
      const path = fillPath(o.template);
      await nothingWritten(async () => {
        await fc.assert(
          fc.asyncProperty(malformed, async (raw) => {
            const res = await send({ method: o.method, path, raw });
            expectClearRefusal(res, `${o.method} ${o.template} with raw ${describeValue(raw)}`);
            expect(res.status).toBe(400);
          }),
          { numRuns: Math.ceil(RUNS / 3) },
        );
        await fc.assert(
          fc.asyncProperty(contentType, async (type) => {
            const res = await send({
              method: o.method,
              path,
              raw: JSON.stringify(o.op.operationId === 'performAction' ? { type: 'accept' } : validBodyFor(o.op.operationId)),
              contentType: type,
            });
            expectClearRefusal(res, `${o.method} ${o.template} as ${type}`);
          }),
          { numRuns: 14 },
        );
        // Monitoring imports read their own bodies, up to 64 MB (§8); every other body is at most 1 MB.
        const limit = o.op.operationId === 'submitMonitoringImport' ? IMPORT_BODY_LIMIT_BYTES : 1_000_000;
        const huge = await send({ method: o.method, path, raw: JSON.stringify({ pad: 'x'.repeat(limit + 100_000) }) });
        expectClearRefusal(huge, `${o.method} ${o.template} with ${Math.round(limit / 1e6 + 0.1)} MB`);
        expect(huge.status).toBe(413);
        const gzip = await send({ method: o.method, path, raw: 'not gzip at all', headers: { 'Content-Encoding': 'gzip' } });
        expectClearRefusal(gzip, `${o.method} ${o.template} with a broken gzip body`);
        const br = await send({ method: o.method, path, raw: '{}', headers: { 'Content-Encoding': 'br, compress' } });
        expectClearRefusal(br, `${o.method} ${o.template} with an unsupported encoding`);
      });
    }
  });
});

describe('reports', () => {
  /** ID numbers that must be refused: bad check digit, length, characters, impossible or future dates. */
  const badIdNumber = fc.oneof(
    fc.constant(null).map(() => {
      const id = validIdNumber();
      return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    }),
    fc.constant(null).map(() => validIdNumber().slice(0, 17)),
    fc.constant(null).map(() => `${validIdNumber()}1`),
    fc.constantFrom('19990230', '19990231', '20230229', '19991301', '19990000', '20991231', '18991231', '00000000').map((birth) => {
      const first17 = `440104${birth}123`;
      return first17 + idCheckDigit(first17);
    }),
    fc.constant(null).map(() => validIdNumber().replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))), // full-width digits
    fc.constant(null).map(() => validIdNumber().replace(/^(\d{6})/, '$1 ')),
    fc.constant(null).map(() => `X${validIdNumber().slice(1)}`),
    malformedText,
    fc.constantFrom(...INJECTIONS, ...UNICODE_EDGES),
  );
  const badPhone = fc.oneof(
    fc.constantFrom(
      '12345',
      '1380013800',
      '138001380001',
      '1380013800a',
      '23800138000',
      '020-123',
      '+1 555 0100',
      '１３８００１３８０００',
    ),
    malformedText,
    fc.constantFrom(...INJECTIONS),
  );
  const badStreet = fc.oneof(
    fc.constantFrom('440104999', '44010400', '4401040011', 'ABCDEFGHI', '４４０１０４００１', ''),
    fc.constantFrom(...INJECTIONS),
  );

  /** A report with exactly one certain fault (and hostile but valid text elsewhere). */
  const faultyReport = fc
    .tuple(
      fc.oneof(
        badIdNumber.map((v) => ['subject.idNumber', v] as const),
        badPhone.map((v) => ['subject.phone', v] as const),
        badPhone.map((v) => ['reporter.phone', v] as const),
        badStreet.map((v) => ['subject.streetCode', v] as const),
        // Only wrong for a caseworker, whose scope is one street (see below).
        fc.constantFrom('440105001', '440104002').map((v) => ['subject.streetCode (out of scope)', v] as const),
        malformedText.map((v) => ['subject.name', v] as const),
        malformedText.map((v) => ['subject.address', v] as const),
        malformedText.map((v) => ['situation.summary', v] as const),
        malformedText.map((v) => ['reporter.organisation', v] as const),
        fc.constantFrom('', '   ', '\u00a0', 'x'.repeat(4001)).map((v) => ['situation.summary', v] as const),
        fc.constantFrom('', 'x'.repeat(101)).map((v) => ['subject.name', v] as const),
        fc
          .oneof(
            malformedText.map((t) => [t]),
            fc.constant(Array.from({ length: 21 }, (_, i) => `c${i}`)),
            fc.constant(['x'.repeat(65)]),
            fc.constant(['']),
          )
          .map((v) => ['situation.categories', v] as const),
        fc
          .oneof(
            fc.constant(['fire']),
            fc.constant('disaster'),
            fc.constant(['disaster', 'disaster', 'disaster', 'disaster', 'disaster', 'disaster']),
          )
          .map((v) => ['situation.urgentFlags', v] as const),
        fc
          .oneof(anyText, fc.constant('GRID'))
          .filter((v) => !['grid', 'committee', 'social_worker', 'hotline', 'department', 'media', 'neighbor', 'self'].includes(v))
          .map((v) => ['channel', v] as const),
      ),
      wellFormedHostile,
      wellFormedHostile,
      fc.constantFrom<Role>('caseworker', 'city_officer', 'hotline'),
    )
    .map(([[fault, value], name, summary, someRole]) => {
      const body = validReport() as {
        subject: Record<string, unknown>;
        situation: Record<string, unknown>;
        reporter: Record<string, unknown>;
      } & Record<string, unknown>;
      body.subject.name = name;
      body.situation.summary = summary;
      const outOfScope = fault.endsWith('(out of scope)');
      const path = fault.replace(' (out of scope)', '');
      const [head, field] = path.split('.') as [string, string | undefined];
      if (field === undefined) body[head] = value;
      else (body[head] as Record<string, unknown>)[field] = value;
      return { body, path, role: outOfScope ? 'caseworker' : someRole, outOfScope };
    });

  test('a report with a bad ID number, phone, street, text, flag or channel is a 422 naming the field; nothing is written', async () => {
    await nothingWritten(() =>
      fc.assert(
        fc.asyncProperty(faultyReport, async ({ body, path, role }) => {
          const res = await send({ method: 'POST', path: '/api/v1/reports', body, role, headers: { 'Idempotency-Key': randomUUID() } });
          expectClearRefusal(res, `report with bad ${path} as ${role}: ${describeValue(body)}`);
          expect([path, res.status, res.body.code]).toEqual([path, 422, 'VALIDATION_FAILED']);
          expect([path, namesField(res.body.errors as { path: string }[], path)]).toEqual([path, true]);
          // The refusal never repeats the submitted ID number.
          const id = (body.subject as { idNumber?: unknown }).idNumber;
          if (typeof id === 'string' && id.length >= 15) expect(JSON.stringify(res.body)).not.toContain(id);
        }),
        { numRuns: RUNS * 2 },
      ),
    );
  });

  test('a department batch of faulty reports rejects every item with field errors and writes nothing', async () => {
    await nothingWritten(() =>
      fc.assert(
        // A department batch is sent with city-wide scope, where no street of the city is out of scope.
        fc.asyncProperty(
          fc.array(
            faultyReport.filter((r) => !r.outOfScope),
            { minLength: 1, maxLength: 5 },
          ),
          async (items) => {
            const res = await send({
              method: 'POST',
              path: '/api/v1/department-signals',
              body: { signals: items.map((i) => i.body) },
              role: 'city_officer',
            });
            expect(res.status).toBe(200);
            const results = res.body.results as { index: number; status: string; errors?: { path: string }[] }[];
            expect(results.map((r) => r.index)).toEqual(items.map((_, i) => i));
            results.forEach((r, i) => {
              expect([i, r.status]).toEqual([i, 'rejected']);
              expect([items[i].path, namesField(r.errors!, items[i].path)]).toEqual([items[i].path, true]);
            });
          },
        ),
        { numRuns: Math.ceil(RUNS / 2) },
      ),
    );
  });

  test('a bad Idempotency-Key is refused before anything happens, even with a valid report', async () => {
    // HTTP itself strips spaces and tabs around a header value, so those are not the API's to refuse.
    const badKey = fc.oneof(
      fc.constantFrom('', ' ', 'x'.repeat(201), '\t', 'tab\tinside', 'é', 'ключ', 'a\u0001b'),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20 }).filter((k) => /[^\x09\x20-\x7e]/.test(k)),
    );
    await nothingWritten(() =>
      fc.assert(
        fc.asyncProperty(badKey, async (key) => {
          let res: request.Response;
          try {
            res = await send({ method: 'POST', path: '/api/v1/reports', body: validReport(), headers: { 'Idempotency-Key': key } });
          } catch {
            return; // the HTTP client itself refuses to send this header value
          }
          expectClearRefusal(res, `Idempotency-Key ${describeValue(key)}`);
          expect(res.status).toBe(422);
          expect(res.body.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
        }),
        { numRuns: 40 },
      ),
    );
  });
});

describe('actions', () => {
  const badDate = fc.oneof(
    fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-04-31T00:00:00+08:00',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:00:00',
      '2026-01-01',
      'yesterday',
      '',
      '1/2/2026',
      '2026-01-01T10:00:00+25:00',
      '+275760-09-13T00:00:00Z',
    ),
    fc.integer().map((n) => n),
    malformedText,
  );
  const badAmount = fc.oneof(
    fc.constantFrom(0, -1, -0.01, 0.001, 10_000_000.01, 1e308, '100', null, true, [100], { amount: 1 }),
    fc.double({ min: -1e9, max: 0, noNaN: true }),
  );
  const TEXT_FIELDS: Record<string, string[]> = {
    transfer: ['reason'],
    'record-visit': ['findings'],
    'reject-assistance': ['reason'],
    close: ['reason'],
    reopen: ['reason'],
    'pause-clock': ['reason'],
    'record-revisit': ['findings'],
    'complete-verification': ['note'],
    'approve-assistance': ['note'],
    'grant-emergency-aid': ['note', 'kind'],
    'record-economic-check': ['details'],
    'charity-response': ['note'],
    assign: ['assigneeId'],
    accept: ['assigneeId'],
  };
  const DATE_FIELDS: Record<string, string[]> = {
    'record-visit': ['visitedAt'],
    'record-revisit': ['visitedAt'],
    'pause-clock': ['expectedResumeAt'],
    'record-disbursement': ['disbursedAt'],
  };
  const AMOUNT_FIELDS: Record<string, string[]> = {
    'grant-emergency-aid': ['amount'],
    'propose-assistance': ['amount'],
    'record-disbursement': ['amount'],
  };
  const pick = (table: Record<string, string[]>) => VALID_ACTIONS.filter((a) => table[a.type as string]);

  const faultyAction = fc.oneof(
    fc
      .constantFrom(...pick(TEXT_FIELDS))
      .chain((a) =>
        fc
          .tuple(fc.constantFrom(...TEXT_FIELDS[a.type as string]), fc.oneof(malformedText, fc.constantFrom('', '   ', 'x'.repeat(4001))))
          .map(([f, v]) => ({ body: { ...a, [f]: v }, field: f })),
      ),
    fc
      .constantFrom(...pick(DATE_FIELDS))
      .chain((a) =>
        fc.tuple(fc.constantFrom(...DATE_FIELDS[a.type as string]), badDate).map(([f, v]) => ({ body: { ...a, [f]: v }, field: f })),
      ),
    fc
      .constantFrom(...pick(AMOUNT_FIELDS))
      .chain((a) =>
        fc.tuple(fc.constantFrom(...AMOUNT_FIELDS[a.type as string]), badAmount).map(([f, v]) => ({ body: { ...a, [f]: v }, field: f })),
      ),
    fc
      .constantFrom('440104', '4401040019', '44010400X', '')
      .map((v) => ({ body: { type: 'transfer', toStreetCode: v, reason: 'r' }, field: 'toStreetCode' })),
    fc.oneof(anyText, fc.constantFrom('ACCEPT', 'accept ', 'approve')).map((v) => ({ body: { type: v }, field: 'type' })),
    fc.constant({ body: { type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: [] }, field: 'needs' }),
  );

  test('an action with malformed text, an impossible date, a bad amount or type is a 422 naming the field; the case is untouched', async () => {
    await nothingWritten(() =>
      fc.assert(
        fc.asyncProperty(
          faultyAction,
          fc.constantFrom<Role>('caseworker', 'street_supervisor', 'city_officer'),
          async ({ body, field }, role) => {
            const res = await send({
              method: 'POST',
              path: `/api/v1/cases/${caseId}/actions`,
              body,
              role,
              headers: { 'Idempotency-Key': randomUUID() },
            });
            expectClearRefusal(res, `action ${describeValue(body)} as ${role}`);
            expect([field, res.status, res.body.code]).toEqual([field, 422, 'VALIDATION_FAILED']);
            expect([field, namesField(res.body.errors as { path: string }[], field)]).toEqual([field, true]);
          },
        ),
        { numRuns: RUNS * 2 },
      ),
    );
  });
});

describe('query strings and paths', () => {
  function faultyQuery(params: NonNullable<Operation['parameters']>): fc.Arbitrary<{ query: Record<string, string>; fault: string }> {
    const known = params.filter((x) => x.in === 'query');
    const names = new Set(known.map((x) => x.name));
    const options: fc.Arbitrary<{ query: Record<string, string>; fault: string }>[] = [
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 12 }).filter((n) => !names.has(n)),
          anyText,
        )
        .map(([n, v]) => ({ query: { [n]: v }, fault: `unknown parameter ${n}` })),
    ];
    for (const param of known) {
      const s = resolve(param.schema);
      if (Array.isArray(s.enum))
        options.push(
          anyText
            .filter((v) => !(s.enum as unknown[]).includes(v))
            .map((v) => ({ query: { [param.name]: v }, fault: `${param.name} not in enum` })),
        );
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern);
        options.push(
          fc
            .oneof(anyText, fc.constantFrom('', '0', '-1', '1e3', '9'.repeat(30)))
            .filter((v) => !re.test(v))
            .map((v) => ({ query: { [param.name]: v }, fault: `${param.name} not matching ${String(s.pattern)}` })),
        );
      }
      if (typeof s.maxLength === 'number')
        options.push(fc.constant({ query: { [param.name]: 'x'.repeat(s.maxLength + 1) }, fault: `${param.name} too long` }));
      // Free strings: a NUL can never be stored or matched, so it must be refused, not passed to SQL.
      // (access_token is ignored when an Authorization header is sent, as here.)
      if (s.type === 'string' && !s.enum && !s.pattern && !s.format && param.name !== 'access_token')
        options.push(fc.string({ maxLength: 10 }).map((v) => ({ query: { [param.name]: `${v}\u0000` }, fault: `${param.name} with NUL` })));
      if (s.format === 'date-time')
        options.push(
          fc
            .constantFrom('2026-02-30T00:00:00Z', 'yesterday', '2026-01-01', '0')
            .map((v) => ({ query: { [param.name]: v }, fault: `${param.name} not a date-time` })),
        );
    }
    return fc.oneof(...options);
  }

  test('every endpoint with query parameters refuses a bad one with a clear 4xx; nothing is written', async () => {
    for (const o of operations((x) => isApi(x) && (x.op.parameters ?? []).some((q) => q.in === 'query'))) {
      await nothingWritten(() =>
        fc.assert(
          fc.asyncProperty(
            faultyQuery(o.op.parameters!),
            fc.constantFrom<Role>('city_officer', 'caseworker'),
            async ({ query, fault }, role) => {
              const qs = new URLSearchParams(query).toString();
              const res = await send({
                method: o.method,
                path: `${fillPath(o.template)}?${qs}`,
                role,
                body: o.op.requestBody ? {} : undefined,
              });
              expectClearRefusal(res, `${o.method} ${o.template}?${qs} as ${role} (${fault})`);
            },
          ),
          { numRuns: RUNS },
        ),
      );
    }
  });

  test('every endpoint, with junk in its path parameters or unknown query parameters, never answers 5xx; nothing is written', async () => {
    // Non-empty: an empty segment would address another route (`/webhooks/` is the list).
    const junk = fc
      .oneof(
        anyText,
        fc.constantFrom(
          '..',
          '%',
          '%zz',
          '%E0%A4%A',
          '%00',
          '%0d%0aX-Injected:%201',
          'c-does-not-exist',
          '0',
          '-1',
          '99999999999999999999',
          '440104001001',
        ),
        fc.constant('x'.repeat(5000)),
      )
      .filter((v) => v.trim().length > 0 && v !== '.');
    const encode = (s: string) => {
      const fixed = Buffer.from(s, 'utf8').toString('utf8'); // lone surrogates become U+FFFD
      // Broken percent-encoding is sent as it is (it is the point); everything around it is encoded,
      // so a `#`, `?` or `/` in the junk cannot turn the request into another route.
      return /%(?![0-9A-Fa-f]{2})/.test(fixed) ? fixed.split('%').map(encodeURIComponent).join('%') : encodeURIComponent(fixed);
    };
    for (const o of operations((x) => isApi(x) && x.template !== '/api/v1/escalations/stream')) {
      const hasPathParam = /\{\w+\}/.test(o.template);
      await nothingWritten(() =>
        fc.assert(
          fc.asyncProperty(junk, fc.string({ minLength: 1, maxLength: 8 }), async (value, name) => {
            const path = hasPathParam
              ? o.template.replace(/\{\w+\}/g, () => encode(value))
              : `${fillPath(o.template)}?${encodeURIComponent(`zz${name}`)}=${encode(value)}`;
            const res = await send({
              method: o.method,
              path,
              body: o.op.requestBody ? (o.op.operationId === 'performAction' ? { type: 'close', reason: 'fuzz' } : {}) : undefined,
            });
            const summary = `${o.method} ${path} → ${res.status} ${res.body?.code ?? ''}`;
            expect([summary, res.status < 500]).toEqual([summary, true]);
            if (hasPathParam) expectClearRefusal(res, summary);
            expect(Object.keys(res.headers)).not.toContain('x-injected');
          }),
          { numRuns: Math.ceil(RUNS / 2) },
        ),
      );
    }
  });

  test('the access log: a from later than to is a 422 naming from; any well-formed filter answers only matching rows', async () => {
    // Instants are years 1900–2099 (api/http/schemas.ts); `from` is up to 10^10 ms (116 days) after `to`,
    // so `to` ends by September 2099 or a 2100 `from` (or `to`) fails the pattern as well (seen once).
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-09-01T00:00:00Z'), noInvalidDate: true });
    const officer = fc.constantFrom<Role>('city_officer', 'district_officer');
    // Rows to find: the case file read by its caseworker and by the city officer.
    for (const role of ['caseworker', 'city_officer'] as const) {
      expect((await send({ method: 'GET', path: `/api/v1/cases/${caseId}`, role })).status).toBe(200);
    }
    const { personId } = await p.prisma.case.findUniqueOrThrow({ where: { caseId }, select: { personId: true } });
    let listed = 0;
    await nothingWritten(async () => {
      await fc.assert(
        fc.asyncProperty(instant, fc.integer({ min: 1, max: 10 ** 10 }), officer, async (to, gapMs, role) => {
          const from = new Date(to.getTime() + gapMs);
          const qs = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() }).toString();
          const res = await send({ method: 'GET', path: `/api/v1/access-log?${qs}`, role });
          expectClearRefusal(res, `GET /api/v1/access-log?${qs} as ${role}`);
          expect([qs, res.status, res.body.errors.map((e: { path: string }) => e.path)]).toEqual([qs, 422, ['from']]);
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              personId: fc.oneof(fc.constant(personId), fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/)),
              userId: fc.constantFrom('co-440100', 'cw-440104001', 'do-440104', 'nobody'),
              kind: fc.constantFrom('case-file', 'family-file', 'lookup', 'export', 'codec'),
            },
            { requiredKeys: [] },
          ),
          officer,
          async (filters, role) => {
            const qs = new URLSearchParams(filters).toString();
            const res = await send({ method: 'GET', path: `/api/v1/access-log?${qs}`, role });
            expect([qs, res.status]).toEqual([qs, 200]);
            for (const row of res.body.items as Record<string, unknown>[]) {
              expect(row).toMatchObject(filters);
              if (role === 'district_officer') expect(row.districtCode).toBe('440104');
              listed++;
            }
          },
        ),
        { numRuns: Math.ceil(RUNS / 3) },
      );
    });
    // The filters were checked against real rows, not only against empty pages.
    expect(listed).toBeGreaterThan(0);
  });

  test('a bad Last-Event-ID on the escalation stream is a 422, never a stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom('abc', '-1', '1.5', '9'.repeat(30), ' 1 2', '0x10'),
          fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '' && !/^\s*\d{1,18}\s*$/.test(s)),
        ),
        async (id) => {
          const res = await send({ method: 'GET', path: '/api/v1/escalations/stream', headers: { 'Last-Event-ID': id } });
          expectClearRefusal(res, `Last-Event-ID ${describeValue(id)}`);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('headers', () => {
  test('a hostile X-Request-Id is never echoed, only a well-formed one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
          fc.constantFrom('<script>', 'a b', 'x'.repeat(129), 'id;rm -rf /', 'ok-id_1.2:3'),
        ),
        async (id) => {
          const res = await request(base).get('/healthz').set('X-Request-Id', id);
          expect(res.status).toBe(200);
          expect(res.headers['x-request-id'] === id).toBe(/^[A-Za-z0-9._:-]{1,128}$/.test(id));
        },
      ),
      { numRuns: RUNS },
    );
  });

  /** Raw HTTP: what no well-behaved client would send (CR/LF inside header values, bad request lines). */
  async function rawRequest(text: string): Promise<string> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let out = '';
      socket.on('data', (c) => (out += c.toString('latin1')));
      socket.on('end', () => resolve(out));
      socket.on('close', () => resolve(out));
      socket.on('error', reject);
      socket.setTimeout(5000, () => {
        socket.destroy();
        resolve(out);
      });
      socket.end(text, 'latin1');
    });
  }

  test('CR/LF smuggled into header values or the request line gets a 4xx from the HTTP parser and injects nothing', async () => {
    const auth = `Authorization: Bearer ${tokens.city_officer}\r\n`;
    const cases = [
      `GET /api/v1/cases HTTP/1.1\r\nHost: x\r\n${auth}X-Request-Id: a\rX-Injected: 1\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/cases HTTP/1.1\r\nHost: x\r\n${auth}Idempotency-Key: a\nX-Injected: 1\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/cases/a\r\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `POST /api/v1/reports HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
      `GET /api/v1/cases HTTP/1.1\r\nHost: x\r\n${auth}X-Folded: a\r\n b\r\nConnection: close\r\n\r\n`,
      `GET /api/v1/cases%0d%0aX-Injected:%201 HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
    ];
    const before = await snapshot();
    for (const text of cases) {
      const answer = await rawRequest(text);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? '0');
      // A 4xx, or (for a request line that is not HTTP/1.x at all) the connection closed unanswered.
      expect([JSON.stringify(text.slice(0, 60)), status === 0 ? answer : status >= 400 && status < 500]).toEqual([
        JSON.stringify(text.slice(0, 60)),
        status === 0 ? '' : true,
      ]);
      const head = answer.split('\r\n\r\n')[0];
      expect(head.toLowerCase()).not.toContain('x-injected');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('well-formed hostile text', () => {
  test('is stored and answered verbatim (after trimming): SQL, JSON, RTL, zero-width and emoji are just text', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormedHostile, wellFormedHostile, wellFormedHostile, async (name, address, summary) => {
        const body = validReport() as { subject: Record<string, unknown>; situation: Record<string, unknown> };
        body.subject.name = name;
        body.subject.address = address;
        body.situation.summary = summary;
        const res = await send({ method: 'POST', path: '/api/v1/reports', body, role: 'caseworker' });
        expect([describeValue(body), res.status]).toEqual([describeValue(body), 201]);
        const file = await send({ method: 'GET', path: `/api/v1/cases/${res.body.caseId}`, role: 'caseworker' });
        expect(file.status).toBe(200);
        expect(file.body.subject).toMatchObject({ name: name.trim(), address: address.trim() });
      }),
      { numRuns: 25 },
    );
    const findings = fc.sample(wellFormedHostile, 10);
    for (const f of findings) {
      const res = await send({
        method: 'POST',
        path: `/api/v1/cases/${caseId}/actions`,
        body: { type: 'record-visit', visitedAt: iso(), findings: f },
        role: 'caseworker',
      });
      expect([describeValue(f), res.status]).toEqual([describeValue(f), 200]);
      expect(res.body.events.at(-1).details.findings).toBe(f.trim());
    }
  });
});
