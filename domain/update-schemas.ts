// The case workflow's two Updates as the API sends them (workflows/definitions.ts: ReportInput,
// ActionRequest), as zod schemas. The workflow cannot load zod (every cached workflow would build its
// own copy), so `npm run generate:update-schemas` writes them as JSON Schema into
// workflows/update-schemas.generated.ts, which the workflow's validators check with the pure checker
// in ./json-schema.ts (§14: someone who reaches the Temporal frontend must not get past field rules the
// API enforces). A unit test fails while the generated file is out of date. Refinements (text being
// storable, an ID number's check digit, a street being in the tree) stay with the API.
import { z } from 'zod';
import { caseActionSchema, isoDateTime } from './action-schemas';
import { CHANNELS, ROLES, URGENT_FLAGS, type Actor, type CaseReport } from './case-types';
import { text } from './text';

const actorSchema = z.strictObject({
  // 128 like a token's subject: an organisation's user is `ou-` and an organisation id of up to 64 (§10).
  userId: text(128),
  role: z.enum(ROLES),
  // A district or street code, or for the organisation role an organisation's id (§10).
  jurisdictionCode: z.string().regex(/^(?:\d{6}(?:\d{3})?|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/),
});

/**
 * Which workflow the sender meant the Update for, and when it sent it. Inside the authenticated payload
 * (runtime/codec.ts) this binds an Update to its case: a payload copied from one case's history and
 * sent to another, or sent again much later, is refused.
 */
const updateIssueSchema = z.strictObject({ workflowId: text(200), at: isoDateTime });
export type UpdateIssue = z.infer<typeof updateIssueSchema>;

/** What the workflow receives of a report; the API's report body takes its situation fields from here. */
export const caseReportSchema = z.strictObject({
  reportId: text(100),
  channel: z.enum(CHANNELS),
  personId: text(100),
  streetCode: z.string().regex(/^\d{9}$/),
  districtCode: z.string().regex(/^\d{6}$/),
  summary: text(4000),
  categories: z.array(text(64)).max(20),
  urgentFlags: z.array(z.enum(URGENT_FLAGS)).max(URGENT_FLAGS.length),
  subjectIsMinor: z.boolean(),
  reporterOrganisation: text(200).optional(),
  receivedAt: isoDateTime,
  reportedBy: text(64).optional(),
  subjectUnidentified: z.boolean().optional(),
});

export const reportUpdateSchema = z.strictObject({ report: caseReportSchema, issued: updateIssueSchema });
export const actionUpdateSchema = z.strictObject({
  caseId: text(100),
  action: caseActionSchema,
  actor: actorSchema,
  issued: updateIssueSchema,
});

// Compile-time checks that the schemas describe exactly the types the workflow works with.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reportMatches: Same<z.infer<typeof caseReportSchema>, CaseReport> = true;
const actorMatches: Same<z.infer<typeof actorSchema>, Actor> = true;
void reportMatches;
void actorMatches;

/** The JSON Schemas the workflow checks Updates against (written by scripts/generate-update-schemas.ts). */
export function updateJsonSchemas() {
  const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' });
  return { report: toJson(reportUpdateSchema), action: toJson(actionUpdateSchema) };
}
