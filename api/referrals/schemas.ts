// Request and response schemas of referrals (DESIGN.md §10): the list an organisation or the staff of a
// jurisdiction see, an organisation's answer, and the statistics per organisation. Items carry codes,
// instants and amounts only; the needs, the one text, are what the referral asks the organisation for.
import { z } from 'zod';
import { referralDeliverySchema } from '../../domain/action-schemas';
import { text } from '../../domain/text';
import { cursorQuery, instantQuery, limitQuery } from '../http/schemas';

export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

const organisationIdQuery = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'is not an organisation id');

export const listReferralsQuerySchema = z.strictObject({
  status: z.enum(REFERRAL_STATUSES).optional(),
  organisationId: organisationIdQuery.optional().meta({ description: 'staff only; an organisation always sees its own' }),
  cursor: cursorQuery(512),
  limit: limitQuery(200, 50),
});
export type ListReferralsQuery = z.output<typeof listReferralsQuerySchema>;

export const referralItemSchema = z
  .strictObject({
    referralId: z.string(),
    caseId: z.string(),
    organisationId: z.string(),
    projectId: z.string().optional(),
    needs: z.array(z.string()).meta({ description: 'what the referral asks the organisation for' }),
    status: z.enum(REFERRAL_STATUSES),
    referredAt: z.string(),
    respondBy: z.string().optional().meta({ description: 'due time of the answer (clock charityResponse)' }),
    respondedAt: z.string().optional().meta({ description: 'the first answer' }),
    completedAt: z.string().optional(),
    followUpBy: z.string().optional().meta({ description: 'due time of completion once accepted (clock charityFollowUp)' }),
    delivered: z
      .strictObject({ amount: z.number().optional(), services: z.array(z.string()).optional() })
      .optional()
      .meta({ description: 'what the organisation recorded with completed' }),
    districtCode: z.string(),
    streetCode: z.string(),
  })
  .meta({ id: 'Referral', description: 'A referral without personal data: the household is known by its case, district and street.' });
export type ReferralItem = z.infer<typeof referralItemSchema>;

export const referralListSchema = z
  .strictObject({ items: z.array(referralItemSchema), nextCursor: z.string().optional() })
  .meta({ id: 'ReferralList', description: 'Newest referral first (by referredAt, then id).' });

export const referralResponseBodySchema = z
  .strictObject({
    response: z.enum(['accepted', 'declined', 'completed']),
    note: text(1000).optional().meta({ description: 'stored sealed with the case’s event' }),
    delivered: referralDeliverySchema.optional().meta({ description: 'only with completed' }),
  })
  .meta({ id: 'ReferralResponse' });
export type ReferralResponseBody = z.output<typeof referralResponseBodySchema>;

export const organisationStatsQuerySchema = z.strictObject({
  from: instantQuery.optional().meta({ description: 'referred at or after (default: all time)' }),
  to: instantQuery.optional().meta({ description: 'referred before' }),
});
export type OrganisationStatsQuery = z.output<typeof organisationStatsQuerySchema>;

export const organisationStatsSchema = z
  .strictObject({
    organisationId: z.string(),
    scope: z.string().meta({ description: 'whose referrals are counted: the organisation’s all, or a district’s (district officers)' }),
    from: z.string().optional(),
    to: z.string().optional(),
    referrals: z.number().int(),
    pending: z.number().int(),
    accepted: z.number().int().meta({ description: 'accepted and not yet completed' }),
    declined: z.number().int(),
    completed: z.number().int(),
    acceptanceRate: z.number().nullable().meta({ description: '(accepted + completed) / answered; null before any answer' }),
    medianTimeToAnswerMs: z.number().nullable().meta({ description: 'referredAt → first answer (respondedAt)' }),
    medianTimeToAnswer: z.string().nullable().meta({ description: 'the same, readable (e.g. 36h)' }),
    deliveredAmount: z.number().meta({ description: 'CNY recorded as delivered on completed referrals' }),
  })
  .meta({ id: 'OrganisationStats' });
export type OrganisationStats = z.infer<typeof organisationStatsSchema>;
