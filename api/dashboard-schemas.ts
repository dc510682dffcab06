// Schemas of the supervisors' dashboard helpers: the link from a case to its workflow in the Temporal UI
// and the development-only sign-in (seeded users → token).
import { z } from 'zod';
import { ROLES } from '../domain/case-types';

export const caseWorkflowLinkSchema = z
  .strictObject({
    caseId: z.string(),
    workflowId: z.string(),
    namespace: z.string(),
    temporalUiUrl: z.string().nullable().meta({ description: 'the workflow in the Temporal web UI; null when the UI address is not configured' }),
  })
  .meta({ id: 'CaseWorkflowLink' });

export const devUserSchema = z.strictObject({
  id: z.string(),
  role: z.enum(ROLES),
  jurisdictionCode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
});
export type DevUser = z.infer<typeof devUserSchema>;

export const devTokenBodySchema = z.strictObject({ userId: z.string().min(1).max(64) });
