// The workflow checks every Update against JSON Schemas generated from the API's zod schemas
// (domain/update-schemas.ts, §14). These tests keep the generated file current and show that the
// pure checker (domain/json-schema.ts) accepts and refuses what zod does, field by field.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { firstViolation } from '../../domain/json-schema';
import { actionUpdateSchema, reportUpdateSchema } from '../../domain/update-schemas';
import { ACTION_UPDATE_SCHEMA, REPORT_UPDATE_SCHEMA } from '../../workflows/update-schemas.generated';
import { GENERATED_FILE, generatedSource } from '../../scripts/generate-update-schemas';
import { actors, makeReport, sample, T0 } from './case-fixtures';

const issued = { workflowId: 'case-h1', at: T0 };
const validActions = Object.values(sample).map((action) => ({ caseId: 'c-1', action, actor: actors.caseworker, issued }));
const validReport = { report: makeReport({ reportedBy: 'grid-1', reporterOrganisation: '居委会' }), issued };

/** Values that break some rule of some field: wrong types, empty and over-long text, out-of-range numbers. */
const oddValue = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, -1, 0.005, 1.5, 51, 10_000_001, Number.NaN, '', 'x', '2026-13-01', [], {}, ['x'], [''], {
    a: 1,
  }),
  fc.constantFrom('a'.repeat(64), 'a'.repeat(65), 'a'.repeat(101), 'a'.repeat(201), 'a'.repeat(1001), 'a'.repeat(4001)),
  fc.constantFrom('440104001', '4401040', '440104', 'city_officer', 'urgent', 'disaster', 'eligible', 'write-off', T0),
  fc.string({ maxLength: 5 }).filter((s) => s.trim() === s && s !== ''),
);

/** `value` with one field (at any depth) replaced by `odd`, or removed, or an unknown field added. */
function mutate(value: unknown, pathChoice: number, odd: unknown, mode: 'replace' | 'remove' | 'add'): unknown {
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]) => {
    if (typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      paths.push([...at, k]);
      walk(child, [...at, k]);
    }
  };
  walk(value, []);
  const copy = structuredClone(value) as Record<string, unknown>;
  const path = paths[pathChoice % paths.length];
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (mode === 'replace') parent[last] = odd;
  else if (mode === 'remove') delete parent[last];
  else parent[`unexpected_${last}`] = odd;
  // What the workflow receives went through Temporal's JSON payload converter.
  return JSON.parse(JSON.stringify(copy)) as unknown;
}

describe('Update schemas in the workflow', () => {
  test('the generated file is what domain/update-schemas.ts gives (else run npm run generate:update-schemas)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generatedSource());
  });

  test('every valid action and report passes', () => {
    for (const update of validActions)
      expect([update.action.type, firstViolation(ACTION_UPDATE_SCHEMA, update)]).toEqual([update.action.type, null]);
    expect(firstViolation(REPORT_UPDATE_SCHEMA, validReport)).toBeNull();
  });

  test('the checker agrees with zod on mutated actions and reports', () => {
    const modes = fc.constantFrom('replace' as const, 'remove' as const, 'add' as const);
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.nat(validActions.length - 1), fc.nat(), oddValue, modes, (which, pathChoice, odd, mode) => {
        const update = mutate(validActions[which], pathChoice, odd, mode);
        const zodAccepts = actionUpdateSchema.safeParse(update).success;
        outcomes[zodAccepts ? 'accepted' : 'refused']++;
        expect({ update, accepted: firstViolation(ACTION_UPDATE_SCHEMA, update) === null }).toEqual({ update, accepted: zodAccepts });
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.nat(), oddValue, modes, (pathChoice, odd, mode) => {
        const update = mutate(validReport, pathChoice, odd, mode);
        const zodAccepts = reportUpdateSchema.safeParse(update).success;
        expect({ update, accepted: firstViolation(REPORT_UPDATE_SCHEMA, update) === null }).toEqual({ update, accepted: zodAccepts });
      }),
      { numRuns: 1000 },
    );
    // The mutations reach both sides of the rules, so agreement means something.
    expect(outcomes.accepted).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(1000);
  });

  test('a refusal names the field and the rule', () => {
    const long = { ...validActions[3], action: { ...sample['record-visit'], findings: 'x'.repeat(4001) } };
    expect(firstViolation(ACTION_UPDATE_SCHEMA, long)).toEqual({ path: 'action.findings', reason: 'must have at most 4000 characters' });
    const cents = { ...validActions[0], action: { type: 'grant-emergency-aid', amount: 10.005 } };
    expect(firstViolation(ACTION_UPDATE_SCHEMA, cents)).toEqual({ path: 'action.amount', reason: 'must be a multiple of 0.01' });
    const role = { ...validActions[0], actor: { ...actors.caseworker, role: 'mayor' } };
    expect(firstViolation(ACTION_UPDATE_SCHEMA, role)?.path).toBe('actor.role');
    const unknown = { ...validActions[0], action: { type: 'delete-case' } };
    expect(firstViolation(ACTION_UPDATE_SCHEMA, unknown)?.path).toBe('action.type');
    const { issued: _issued, ...unbound } = validActions[0];
    expect(firstViolation(ACTION_UPDATE_SCHEMA, unbound)).toEqual({ path: 'issued', reason: 'is required' });
  });
});
