// Organisations that take referrals and their projects (DESIGN.md §10, 资源对接): the kinds, the
// services they offer (the platform's assistance types, domain/action-schemas.ts, labelled in
// domain/labels-zh.ts) and the rules a referral to one of them must meet. Pure: the API reads the rows
// and asks these; the workflow never sees them (reference data, like the jurisdiction tree).
import type { ASSISTANCE_TYPES } from './action-schemas';

export const ORGANISATION_KINDS = ['charity', 'social_work_agency', 'volunteer_team', 'fund', 'enterprise'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** What an organisation or project offers: an assistance type (§3), the one category list the platform has. */
export type Service = (typeof ASSISTANCE_TYPES)[number];

export interface ProjectTerms {
  projectId: string;
  organisationId: string;
  services: readonly Service[];
  /** In fen. */
  budgetFen: number;
  remainingFen: number;
  /** YYYY-MM-DD, the first day it runs. */
  startsAt: string;
  /** YYYY-MM-DD, the last day it runs; open-ended without. */
  endsAt?: string;
}

/** A project runs from its first day to its last, both included (dates in Asia/Shanghai). */
export function isProjectActive(project: Pick<ProjectTerms, 'startsAt' | 'endsAt'>, today: string): boolean {
  return project.startsAt <= today && (project.endsAt === undefined || today <= project.endsAt);
}

/** Today's calendar date in Asia/Shanghai (UTC+8, no daylight saving), YYYY-MM-DD. */
export function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The user of a registered organisation (§10): one per organisation, role `organisation`, its
 * jurisdiction the organisation's id. A staff_users row written with the organisation, so its tokens
 * name an existing user like every other (§14); `npm run token` derives it without a database.
 */
export function organisationUser(organisation: { organisationId: string; name: string }): {
  id: string;
  role: 'organisation';
  jurisdictionCode: string;
  nameZh: string;
  nameEn: string;
} {
  return {
    id: `ou-${organisation.organisationId}`,
    role: 'organisation',
    jurisdictionCode: organisation.organisationId,
    nameZh: organisation.name,
    nameEn: organisation.organisationId,
  };
}

/** What an organisation id looks like (POST /organisations): the shape a token's jurisdiction must have for the organisation role. */
export const ORGANISATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ReferralProblem {
  code: 'ORGANISATION_NOT_SERVING_DISTRICT' | 'PROJECT_NOT_OF_ORGANISATION' | 'PROJECT_BUDGET_EXHAUSTED' | 'PROJECT_NOT_ACTIVE';
  path: 'organisationId' | 'projectId';
  message: string;
}

/**
 * Why a referral of a case in `districtCode` to this organisation (and project) cannot be made, or
 * null when it can. The organisation must serve the district; a project must be the organisation's,
 * have budget left and run today.
 */
export function referralProblem(
  organisation: { organisationId: string; districts: readonly string[] },
  project: ProjectTerms | null,
  districtCode: string,
  today: string,
): ReferralProblem | null {
  if (!organisation.districts.includes(districtCode)) {
    return {
      code: 'ORGANISATION_NOT_SERVING_DISTRICT',
      path: 'organisationId',
      message: `organisation ${organisation.organisationId} does not serve district ${districtCode} (it serves ${organisation.districts.join(', ') || 'no district'})`,
    };
  }
  if (!project) return null;
  if (project.organisationId !== organisation.organisationId) {
    return {
      code: 'PROJECT_NOT_OF_ORGANISATION',
      path: 'projectId',
      message: `project ${project.projectId} belongs to organisation ${project.organisationId}, not ${organisation.organisationId}`,
    };
  }
  if (project.remainingFen <= 0) {
    return { code: 'PROJECT_BUDGET_EXHAUSTED', path: 'projectId', message: `project ${project.projectId} has no budget left` };
  }
  if (!isProjectActive(project, today)) {
    const when = project.startsAt > today ? `starts on ${project.startsAt}` : `ended on ${project.endsAt}`;
    return {
      code: 'PROJECT_NOT_ACTIVE',
      path: 'projectId',
      message: `project ${project.projectId} is not running today (${today}): it ${when}`,
    };
  }
  return null;
}
