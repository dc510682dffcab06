// The action field schemas: the API parses every action with caseActionSchema before it reaches the
// workflow or the closed-case path, so these are the only field checks an action goes through
// (decideAction checks the type and the business rules only).
import { actionSchemas, caseActionSchema } from '../../domain/action-schemas';
import { ACTION_TYPES } from '../../domain/case-types';
import { OTHER_STREET, sample } from './case-fixtures';

/** The paths of the issues a rejected action gets. */
function rejectedPaths(action: unknown): string[] {
  const result = caseActionSchema.safeParse(action);
  if (result.success) throw new Error(`expected ${JSON.stringify(action)} to be rejected`);
  return result.error.issues.map((issue) => issue.path.join('.'));
}

describe('caseActionSchema', () => {
  it('has one schema per action type, in ACTION_TYPES order', () => {
    expect(Object.keys(actionSchemas)).toEqual([...ACTION_TYPES]);
  });

  it.each(ACTION_TYPES.map((type) => [type]))('accepts a valid %s action unchanged', (type) => {
    expect(caseActionSchema.parse(sample[type])).toEqual(sample[type]);
  });

  it('rejects an action whose fields do not match its schema, naming the field', () => {
    expect(rejectedPaths({ type: 'transfer', toStreetCode: OTHER_STREET, reason: '' })).toEqual(['reason']);
  });

  it('refer-to-charity takes an optional projectId (§10)', () => {
    const base = { type: 'refer-to-charity', organisationId: 'org-a', needs: ['助医'] };
    expect(caseActionSchema.parse(base)).toEqual(base);
    expect(caseActionSchema.parse({ ...base, projectId: 'prj-1' })).toEqual({ ...base, projectId: 'prj-1' });
    expect(rejectedPaths({ ...base, projectId: '' })).toEqual(['projectId']);
  });

  it('rejects an unknown action type', () => {
    expect(rejectedPaths({ type: 'escalate' })).toEqual(['type']);
  });

  it('trims text fields, and parsing a parsed action again changes nothing', () => {
    const once = caseActionSchema.parse({ type: 'close', reason: '  Moved out of the city  ' });
    expect(once).toEqual({ type: 'close', reason: 'Moved out of the city' });
    expect(caseActionSchema.parse(once)).toEqual(once);
  });
});
