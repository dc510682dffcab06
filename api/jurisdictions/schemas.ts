// The jurisdiction tree as the API answers it (city → districts → streets → committees).
import { z } from 'zod';

export interface JurisdictionOut {
  code: string;
  level: 'city' | 'district' | 'street' | 'committee';
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  populationInDifficulty?: number;
  children: JurisdictionOut[];
}

export const jurisdictionSchema: z.ZodType<JurisdictionOut> = z
  .strictObject({
    code: z.string(),
    level: z.enum(['city', 'district', 'street', 'committee']),
    nameZh: z.string(),
    nameEn: z.string(),
    parentCode: z.string().nullable(),
    populationInDifficulty: z.number().int().optional().meta({
      description:
        'the seed’s illustrative figure for a street (it decides how many caseworkers the seed creates); 2000:1:1 in GET /stats counts the monitored register instead',
    }),
    get children(): z.ZodArray<z.ZodType<JurisdictionOut>> {
      return z.array(jurisdictionSchema);
    },
  })
  .meta({ id: 'Jurisdiction' });
