// Unit tests for the OpenAPI document (api/openapi.ts): valid 3.1 structure generated from the zod
// schemas, every route present, every reference resolvable, and schemas that match what the
// handlers actually accept.
import { openApiDocument } from '../../api/openapi';
import { ACTION_TYPES } from '../../domain/case-types';

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
