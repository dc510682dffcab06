// Request and response schemas of organisations and their projects (GET/POST/PATCH /organisations,
// GET/POST /organisations/{organisationId}/projects, DESIGN.md §10). Services are the platform's
// assistance types; districts are district codes of the jurisdiction tree. The contact person is
// personal data: stored encrypted, shown to staff only (the only roles that may read organisations).
import { z } from 'zod';
import { ASSISTANCE_TYPES } from '../../domain/action-schemas';
import { MATCH_REASON_LABELS, type MatchReasonCode } from '../../domain/matching';
import { ORGANISATION_KINDS } from '../../domain/organisations';
import { text } from '../../domain/text';

/** Ids chosen by the caller; seeded ids (org-gz-charity) have the same shape. */
export const newOrganisationIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be 2–64 lowercase letters, digits or hyphens, starting with a letter or digit');
/** Any id as it may appear in a path. */
export const idInPathSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

const services = z
  .array(z.enum(ASSISTANCE_TYPES))
  .min(1)
  .max(ASSISTANCE_TYPES.length)
  .meta({ description: 'assistance types offered (the platform’s categories, see ASSISTANCE_LABELS); repeats are dropped' });
const districts = z
  .array(z.string().regex(/^\d{6}$/, 'must be a 6-digit district code'))
  .min(1)
  .max(50)
  .meta({ description: 'district codes served (see GET /api/v1/jurisdictions); a city-wide organisation lists every district' });

export const contactSchema = z
  .strictObject({ name: text(100), phone: text(30).optional() })
  .meta({ id: 'OrganisationContact', description: 'The contact person: personal data, stored encrypted.' });

const amount = z.number().positive().max(1_000_000_000).multipleOf(0.01);

export const organisationSchema = z
  .strictObject({
    organisationId: z.string(),
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    services: z.array(z.enum(ASSISTANCE_TYPES)),
    districts: z.array(z.string()),
    contact: contactSchema.nullable().meta({ description: 'null for seed organisations recorded without one' }),
  })
  .meta({ id: 'Organisation' });
export type OrganisationOut = z.infer<typeof organisationSchema>;

export const organisationListSchema = z
  .strictObject({ items: z.array(organisationSchema) })
  .meta({ id: 'OrganisationList', description: 'Every organisation the caller may see, by id.' });

export const listOrganisationsQuerySchema = z.strictObject({
  districtCode: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit district code')
    .optional()
    .meta({ description: 'only organisations serving this district' }),
  service: z.enum(ASSISTANCE_TYPES).optional().meta({ description: 'only organisations offering this service' }),
});
export type ListOrganisationsQuery = z.output<typeof listOrganisationsQuerySchema>;

export const createOrganisationBodySchema = z
  .strictObject({
    organisationId: newOrganisationIdSchema.optional().meta({ description: 'chosen by the caller, or generated (`org-…`) when absent' }),
    name: text(200),
    kind: z.enum(ORGANISATION_KINDS),
    services,
    districts,
    contact: contactSchema,
  })
  .meta({ id: 'OrganisationCreate' });
export type CreateOrganisationBody = z.infer<typeof createOrganisationBodySchema>;

export const updateOrganisationBodySchema = z
  .strictObject({
    name: text(200).optional(),
    kind: z.enum(ORGANISATION_KINDS).optional(),
    services: services.optional(),
    districts: districts.optional(),
    contact: contactSchema.optional(),
  })
  .meta({ id: 'OrganisationUpdate', description: 'Only the fields sent change.' });
export type UpdateOrganisationBody = z.infer<typeof updateOrganisationBodySchema>;

export const projectSchema = z
  .strictObject({
    projectId: z.string(),
    organisationId: z.string(),
    name: z.string(),
    services: z.array(z.enum(ASSISTANCE_TYPES)),
    budget: z.number().meta({ description: 'CNY' }),
    remaining: z.number().meta({ description: 'CNY; starts at the budget' }),
    startsAt: z.string().meta({ description: 'YYYY-MM-DD, first day (Asia/Shanghai)' }),
    endsAt: z.string().optional().meta({ description: 'YYYY-MM-DD, last day; open-ended when absent' }),
  })
  .meta({ id: 'Project' });
export type ProjectOut = z.infer<typeof projectSchema>;

export const projectListSchema = z.strictObject({ items: z.array(projectSchema) }).meta({ id: 'ProjectList' });

export const createProjectBodySchema = z
  .strictObject({
    name: text(200),
    services,
    budget: amount.meta({ description: 'CNY' }),
    startsAt: z.iso.date().meta({ description: 'YYYY-MM-DD' }),
    endsAt: z.iso.date().optional().meta({ description: 'YYYY-MM-DD, not before startsAt' }),
  })
  .refine((b) => b.endsAt === undefined || b.endsAt >= b.startsAt, { path: ['endsAt'], message: 'must not be before startsAt' })
  .meta({ id: 'ProjectCreate' });
export type CreateProjectBody = z.infer<typeof createProjectBodySchema>;

export const matchReasonSchema = z
  .strictObject({
    code: z.enum(Object.keys(MATCH_REASON_LABELS) as [MatchReasonCode, ...MatchReasonCode[]]),
    label: z.string().meta({ description: 'Chinese label of the code' }),
    service: z.enum(ASSISTANCE_TYPES).optional().meta({ description: 'service-match: the service' }),
    remaining: z.number().optional().meta({ description: 'budget-left: CNY left in the project' }),
  })
  .meta({ id: 'MatchReason' });

export const matchListSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        organisationId: z.string(),
        projectId: z.string().optional(),
        score: z.number().int(),
        reasons: z.array(matchReasonSchema),
      }),
    ),
  })
  .meta({
    id: 'MatchList',
    description:
      'Organisations serving the case’s district and their projects running today with budget left, best first (ties: by organisation id, then project id).',
  });
