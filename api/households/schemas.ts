// Request and response schemas of the family file (GET /households/{id}) and the person look-up
// (POST /persons/lookup), DESIGN.md §7.
import { z } from 'zod';
import { CASE_OUTCOMES, RELATIONS } from '../../domain/household';
import { STAGES } from '../../domain/case-types';
import { idNumberText } from '../../domain/text';

export const householdIdSchema = z.string().regex(/^h-[0-9a-z]{8,80}$/, 'is not a household id (h-…)');

const caseSummarySchema = z
  .strictObject({
    caseId: z.string(),
    stage: z.enum(STAGES),
    openedAt: z.string(),
    closedAt: z.string().optional(),
    outcome: z.enum(CASE_OUTCOMES).optional().meta({ description: 'once decided: assisted, watch-list, not-in-need, merged, or closed' }),
    subjectPersonId: z.string(),
  })
  .meta({ id: 'HouseholdCase' });
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const familyFileSchema = z
  .strictObject({
    householdId: z.string(),
    streetCode: z.string(),
    members: z.array(
      z.strictObject({
        personId: z.string(),
        name: z.string(),
        idNumberMasked: z.string().nullable(),
        birthYear: z.number().int().nullable(),
        relation: z.enum(RELATIONS),
        current: z.boolean().meta({ description: 'false: a member who left; the row is kept as history' }),
        joinedAt: z.string(),
        leftAt: z.string().optional(),
        disability: z.boolean().optional(),
        monthlyIncome: z.number().optional(),
        source: z.enum(['report', 'visit', 'migration']).meta({ description: 'visit: found at the home visit (authoritative)' }),
      }),
    ),
    cases: z.array(caseSummarySchema),
    assistance: z.array(
      z.strictObject({
        caseId: z.string(),
        itemId: z.string(),
        assistanceType: z.string(),
        status: z.enum(['approved', 'active', 'ended']),
        amount: z.number().meta({ description: 'CNY, per month when `months` is set' }),
        months: z.number().int().optional(),
        total: z.number().meta({ description: 'amount × (months ?? 1)' }),
        approvedAt: z.string(),
        startsAt: z.string().optional(),
        endsAt: z.string().optional(),
        disbursed: z.number(),
      }),
    ),
    warnings: z.array(z.looseObject({})).meta({ description: 'warnings raised from shared data about the household (§8)' }),
    timeline: z.array(
      z.strictObject({
        at: z.string(),
        kind: z.enum(['member-joined', 'member-left', 'case-opened', 'case-closed', 'report-received']),
        personId: z.string().optional(),
        caseId: z.string().optional(),
        reportId: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'FamilyFile', description: 'The household with its members (current and past), cases, assistance and timeline.' });
export type FamilyFile = z.infer<typeof familyFileSchema>;

export const personLookupBodySchema = z
  .strictObject({
    idNumber: idNumberText().meta({ description: '18-character resident ID number; a POST so it never sits in a URL or log' }),
  })
  .meta({ id: 'PersonLookup' });

export const personLookupResultSchema = z
  .strictObject({
    personId: z.string(),
    householdId: z.string().optional(),
    openCaseId: z.string().optional().meta({ description: 'the open case of the person or of their household' }),
    cases: z.array(caseSummarySchema),
  })
  .meta({ id: 'PersonLookupResult' });
export type PersonLookupResult = z.infer<typeof personLookupResultSchema>;
