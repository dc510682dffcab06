// Request and response schemas of staff administration (GET/POST/PATCH /staff) and committee worker
// assignment (PUT /jurisdictions/{committeeCode}/designated-worker), which feed the 2000:1:1 statistics.
import { z } from 'zod';
import { cursorQuery, limitQuery } from '../http/schemas';
import { text } from '../../domain/text';
import { ROLES } from '../../domain/case-types';
// An organisation's user (§10) is written with its organisation, never through the staff API.
import { STAFF_ROLES } from '../../domain/seed-staff';

/** Ids of staff created through the API; seeded ids (cw-440104001-2, co-440100) have the same shape. */
export const newStaffIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be 2–64 lowercase letters, digits or hyphens, starting with a letter or digit');
/** Any existing staff id, as it may appear in a path or a reference. */
export const staffIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a staff id');

const jurisdictionCode = z
  .string()
  .regex(/^\d{6}(\d{3})?$/, 'must be a 6-digit city/district code or a 9-digit street code, see GET /api/v1/jurisdictions')
  .meta({ example: '440104001' });

export const staffUserSchema = z
  .strictObject({
    id: z.string(),
    role: z.enum(ROLES),
    jurisdictionCode: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    fullTimeAssistance: z.boolean(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'StaffUser' });
export type StaffUserOut = z.infer<typeof staffUserSchema>;

export const staffListSchema = z
  .strictObject({ items: z.array(staffUserSchema), nextCursor: z.string().optional() })
  .meta({ id: 'StaffList' });

export const listStaffQuerySchema = z.strictObject({
  jurisdictionCode: jurisdictionCode
    .optional()
    .meta({ description: 'exactly this jurisdiction (a district code does not include its streets)' }),
  role: z.enum(ROLES).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  cursor: cursorQuery(200),
  limit: limitQuery(500, 200),
});
export type ListStaffQuery = z.output<typeof listStaffQuerySchema>;

export const createStaffBodySchema = z
  .strictObject({
    id: newStaffIdSchema.optional().meta({ description: 'chosen by the caller, or generated (`st-…`) when absent' }),
    role: z.enum(STAFF_ROLES),
    jurisdictionCode,
    nameZh: text(100),
    nameEn: text(100),
    fullTimeAssistance: z.boolean().optional().meta({ description: 'caseworkers only; default true for caseworkers' }),
    active: z.boolean().optional().meta({ description: 'default true' }),
  })
  .meta({ id: 'StaffCreate' });
export type CreateStaffBody = z.infer<typeof createStaffBodySchema>;

export const updateStaffBodySchema = z
  .strictObject({
    role: z.enum(STAFF_ROLES).optional(),
    jurisdictionCode: jurisdictionCode.optional(),
    fullTimeAssistance: z
      .boolean()
      .optional()
      .meta({ description: 'caseworkers only; cleared when the role changes away from caseworker' }),
    active: z.boolean().optional(),
    nameZh: text(100).optional(),
    nameEn: text(100).optional(),
  })
  .meta({
    id: 'StaffUpdate',
    description: 'Only the fields sent change. A role and its jurisdiction must match (street roles: a street code).',
  });
export type UpdateStaffBody = z.infer<typeof updateStaffBodySchema>;

export const designatedWorkerBodySchema = z
  .strictObject({
    userId: staffIdSchema.nullable().meta({ description: 'an active staff member of the committee’s street, or null to clear' }),
  })
  .meta({ id: 'DesignatedWorkerBody' });

export const committeeSchema = z
  .strictObject({
    code: z.string(),
    streetCode: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    designatedWorkerId: z.string().nullable(),
  })
  .meta({ id: 'Committee' });
export type CommitteeOut = z.infer<typeof committeeSchema>;
