// Ranking organisations and their projects for a case (GET /cases/{caseId}/matches, DESIGN.md §10):
// what the case needs (its assistance proposal, its reports' categories and urgent flags) against what
// each candidate offers, among those that could take the referral at all (they serve the case's
// district; a project has budget left and runs today). Pure and deterministic: the same inputs give
// the same list in the same order, ties broken by organisation id, then project id (an organisation
// alone before its projects).
import { ASSISTANCE_LABELS } from './labels-zh';
import { isProjectActive, type ProjectTerms, type Service } from './organisations';

/** The services an urgent flag calls for (§3): a critically ill person needs medical aid, a disaster its relief. */
const FLAG_SERVICES: Readonly<Record<string, Service>> = { critical_illness: 'medical', disaster: 'disaster' };

const SERVICE_POINTS = 30;
const LOCAL_POINTS = 10;
const ACTIVE_PROJECT_POINTS = 10;
/** Up to this many points for the share of a project's budget that is left. */
const BUDGET_POINTS = 10;

export const MATCH_REASON_LABELS = {
  'serves-district': '服务本区',
  'local-organisation': '本区机构',
  'service-match': '服务对口',
  'no-service-match': '服务不对口',
  'project-active': '项目执行中',
  'budget-left': '项目尚有余额',
} as const;
export type MatchReasonCode = keyof typeof MATCH_REASON_LABELS;

export interface MatchReason {
  code: MatchReasonCode;
  label: string;
  /** service-match: which service. */
  service?: Service;
  /** budget-left: what is left, in CNY. */
  remaining?: number;
}

export interface MatchCase {
  districtCode: string;
  /** Assistance types proposed or approved for the case. */
  assistanceTypes: readonly string[];
  /** The categories of the case's reports (free text; those that name a service count). */
  categories: readonly string[];
  urgentFlags: readonly string[];
}

export interface MatchCandidate {
  organisationId: string;
  services: readonly Service[];
  districts: readonly string[];
  projects: readonly ProjectTerms[];
}

export interface Match {
  organisationId: string;
  projectId?: string;
  score: number;
  reasons: MatchReason[];
}

const SERVICES: ReadonlySet<string> = new Set(Object.keys(ASSISTANCE_LABELS));

/** The services a case needs, in the order the platform lists them (stable reasons). */
function servicesNeeded(c: MatchCase): Service[] {
  const wanted = new Set<string>();
  for (const t of [...c.assistanceTypes, ...c.categories]) if (SERVICES.has(t)) wanted.add(t);
  for (const f of c.urgentFlags) if (FLAG_SERVICES[f]) wanted.add(FLAG_SERVICES[f]);
  return (Object.keys(ASSISTANCE_LABELS) as Service[]).filter((s) => wanted.has(s));
}

function reason(code: MatchReasonCode, extra: Partial<MatchReason> = {}): MatchReason {
  return { code, label: MATCH_REASON_LABELS[code], ...extra };
}

function serviceReasons(needed: readonly Service[], offered: readonly Service[]): { points: number; reasons: MatchReason[] } {
  const hits = needed.filter((s) => offered.includes(s));
  if (needed.length > 0 && hits.length === 0) return { points: 0, reasons: [reason('no-service-match')] };
  return {
    points: hits.length * SERVICE_POINTS,
    reasons: hits.map((s) => ({
      ...reason('service-match', { service: s }),
      label: `${MATCH_REASON_LABELS['service-match']}：${ASSISTANCE_LABELS[s]}`,
    })),
  };
}

function compareMatches(a: Match, b: Match): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.organisationId !== b.organisationId) return a.organisationId < b.organisationId ? -1 : 1;
  const pa = a.projectId ?? '';
  const pb = b.projectId ?? '';
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

/**
 * Every organisation serving the case's district, and each of its projects that runs `today` (YYYY-MM-DD)
 * with budget left, scored: 30 per needed service offered, 10 for an organisation of this district only,
 * and for a project 10 for running plus up to 10 for the share of its budget left. Best first.
 */
export function rankMatches(c: MatchCase, candidates: readonly MatchCandidate[], today: string): Match[] {
  const needed = servicesNeeded(c);
  const matches: Match[] = [];
  for (const org of candidates) {
    if (!org.districts.includes(c.districtCode)) continue;
    const base = [reason('serves-district'), ...(org.districts.length === 1 ? [reason('local-organisation')] : [])];
    const basePoints = org.districts.length === 1 ? LOCAL_POINTS : 0;
    const own = serviceReasons(needed, org.services);
    matches.push({ organisationId: org.organisationId, score: basePoints + own.points, reasons: [...base, ...own.reasons] });
    for (const p of org.projects) {
      if (p.organisationId !== org.organisationId || p.remainingFen <= 0 || !isProjectActive(p, today)) continue;
      const services = serviceReasons(needed, p.services);
      const budgetPoints = p.budgetFen > 0 ? Math.round((BUDGET_POINTS * Math.min(p.remainingFen, p.budgetFen)) / p.budgetFen) : 0;
      matches.push({
        organisationId: org.organisationId,
        projectId: p.projectId,
        score: basePoints + services.points + ACTIVE_PROJECT_POINTS + budgetPoints,
        reasons: [...base, ...services.reasons, reason('project-active'), reason('budget-left', { remaining: p.remainingFen / 100 })],
      });
    }
  }
  return matches.sort(compareMatches);
}
