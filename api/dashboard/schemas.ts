// Schemas of the dashboard's development-only sign-in (seeded users → token).
import { z } from 'zod';
import { ROLES } from '../../domain/case-types';

export const devUserSchema = z.strictObject({
  id: z.string(),
  role: z.enum(ROLES),
  jurisdictionCode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
});
export type DevUser = z.infer<typeof devUserSchema>;

export const devTokenBodySchema = z.strictObject({ userId: z.string().min(1).max(64) });
