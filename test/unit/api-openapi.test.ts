// Unit tests for the OpenAPI document (api/openapi.ts): valid 3.1 structure generated from the zod
// schemas, every route present, every reference resolvable, and schemas that match what the
// handlers actually accept.
import { openApiDocument } from '../../api/openapi';
import { ASSISTANCE_TYPES } from '../../domain/action-schemas';
import { ACTION_TYPES } from '../../domain/case-types';
import { ORGANISATION_KINDS } from '../../domain/organisations';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

const doc = openApiDocument() as unknown as Doc;

describe('openApiDocument', () => {
  it('is OpenAPI 3.1 with bearer auth required by default and lifted for operational endpoints', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs']) expect(doc.paths[path].get.security).toEqual([]);
    expect(doc.paths['/api/v1/cases'].get.security).toBeUndefined();
  });

  it('resolves every $ref to a component and keeps no JSON Schema dialect markers inside components', () => {
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[name]).toBeDefined();
    expect(text).not.toContain('"$schema"');
  });

  it('describes the report body with the channels, urgent flags and subject fields', () => {
    const report = doc.components.schemas.ReportBody as {
      properties: Record<string, { enum?: string[]; properties?: Record<string, unknown> }>;
      required: string[];
    };
    expect(report.required).toEqual(['channel', 'subject', 'situation']);
    expect(report.properties.channel.enum).toContain('department');
    expect(Object.keys(report.properties.subject.properties!)).toEqual([
      'idNumber',
      'name',
      'unidentified',
      'description',
      'phone',
      'streetCode',
      'address',
    ]);
  });

  it('offers every action type, each with its own fields', () => {
    const action = doc.components.schemas.CaseAction as { oneOf: { properties: { type: { const: string } } }[] };
    expect(action.oneOf.map((o) => o.properties.type.const)).toEqual(ACTION_TYPES);
  });

  it('documents problem answers on the API routes', () => {
    const actions = doc.paths['/api/v1/cases/{caseId}/actions'].post.responses;
    expect(Object.keys(actions).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503']);
  });
});

// Found by npm run test:schemathesis (ST202): `limit=0` matched the documented `^\d+$` but answered 422.
test('every documented limit parameter accepts exactly 1..max, as the API does', () => {
  const paths = (openApiDocument() as unknown as { paths: Record<string, Record<string, { parameters?: unknown[] }>> }).paths;
  const limits = Object.values(paths)
    .flatMap((ops) => Object.values(ops))
    .flatMap((op) => (op.parameters ?? []) as { name: string; in: string; schema: { pattern?: string }; description?: string }[])
    .filter((param) => param.in === 'query' && param.name === 'limit');
  expect(limits.length).toBeGreaterThanOrEqual(5);
  for (const param of limits) {
    const max = Number(/1–(\d+)/.exec(param.description ?? '')?.[1]);
    const pattern = new RegExp(param.schema.pattern!);
    expect([param.description, ['1', String(max), '50'].every((v) => pattern.test(v))]).toEqual([param.description, true]);
    expect([param.description, ['0', '00', '01', String(max + 1), '-1', '1.5'].some((v) => pattern.test(v))]).toEqual([
      param.description,
      false,
    ]);
  }
});

type Param = { name: string; in: string; schema: { pattern?: string; maxLength?: number } };
function documentedParams(name: string): Param[] {
  return Object.values(doc.paths)
    .flatMap((ops) => Object.values(ops))
    .flatMap((op) => ((op as { parameters?: Param[] }).parameters ?? []).filter((p) => p.name === name));
}

// Found by npm run test:schemathesis (ST202): a bare date-time let it send year 0020 and 40 zeros as valid.
test('every documented instant parameter has the pattern the API enforces: a real date from 1900 to 2099 with an offset', () => {
  const instants = [...documentedParams('from'), ...documentedParams('to')].filter((p) => p.in === 'query');
  expect(instants.length).toBeGreaterThanOrEqual(9);
  for (const param of instants) {
    const pattern = new RegExp(param.schema.pattern!);
    for (const ok of [
      '2026-09-30T10:00:00+08:00',
      '2026-09-30T10:00+08:00',
      '2024-02-29T00:00:00.123Z',
      '1900-01-01T00:00:00Z',
      '2099-12-31T23:59:59 08:00',
    ])
      expect([ok, pattern.test(ok)]).toEqual([ok, true]);
    for (const bad of [
      '0020-02-29T00:00:00.000Z',
      '0'.repeat(40),
      '2100-01-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-09-30T10:00:00',
      '2026-09-30T24:00:00Z',
      '२०२६-09-30T10:00:00Z',
    ])
      expect([bad, pattern.test(bad)]).toEqual([bad, false]);
  }
});

test('every documented cursor is bounded base64url, and the deadline duration and ID numbers have their patterns', () => {
  const cursors = documentedParams('cursor');
  expect(cursors.length).toBeGreaterThanOrEqual(7);
  for (const param of cursors) {
    expect(param.schema.maxLength).toBeGreaterThan(0);
    expect([new RegExp(param.schema.pattern!).test('WzEsIngiXQ'), new RegExp(param.schema.pattern!).test('')]).toEqual([true, false]);
  }
  const duration = new RegExp(documentedParams('duration')[0].schema.pattern!);
  expect(['45s', '10m', '24h', '7d', '3wd', '1000wd'].every((v) => duration.test(v))).toBe(true);
  expect(['', '0wd', '05m', '1001wd', '1234567d', '3x'].some((v) => duration.test(v))).toBe(false);
  const lookup = doc.components.schemas.PersonLookup as { properties: { idNumber: { pattern: string } } };
  expect(new RegExp(lookup.properties.idNumber.pattern).test('44010419800101001X')).toBe(true);
  expect(new RegExp(lookup.properties.idNumber.pattern).test('ù')).toBe(false);
});

test('documents organisations, their projects, a case’s matches and the referral’s project (§10)', () => {
  expect(Object.keys(doc.paths['/api/v1/organisations']).sort()).toEqual(['get', 'post']);
  expect(Object.keys(doc.paths['/api/v1/organisations/{organisationId}'])).toEqual(['patch']);
  expect(Object.keys(doc.paths['/api/v1/organisations/{organisationId}/projects']).sort()).toEqual(['get', 'post']);
  expect(Object.keys(doc.paths['/api/v1/cases/{caseId}/matches'].get.responses).sort()).toEqual(['200', '401', '403', '404', '429', '503']);
  const create = doc.components.schemas.OrganisationCreate as {
    required: string[];
    properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }>;
  };
  expect(create.required).toEqual(['name', 'kind', 'services', 'districts', 'contact']);
  expect(create.properties.kind.enum).toEqual([...ORGANISATION_KINDS]);
  expect(create.properties.services.items?.enum).toEqual([...ASSISTANCE_TYPES]);
  expect(Object.keys((doc.components.schemas.Project as { properties: object }).properties)).toEqual([
    'projectId',
    'organisationId',
    'name',
    'services',
    'budget',
    'remaining',
    'startsAt',
    'endsAt',
  ]);
  const refer = (
    doc.components.schemas.CaseAction as { oneOf: { properties: Record<string, { const?: string }>; required: string[] }[] }
  ).oneOf.find((o) => o.properties.type.const === 'refer-to-charity')!;
  expect(Object.keys(refer.properties)).toEqual(['type', 'organisationId', 'projectId', 'needs']);
  expect(refer.required).toEqual(['type', 'organisationId', 'needs']);
});
