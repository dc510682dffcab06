// Supervision statistics (GET /stats): street figures from the read model, added up per district and
// for the caller's whole scope, with 2000:1:1 staffing coverage. Percentiles come from SQL per level,
// since a median of medians is not a median.
import type { Actor } from '../../domain/case-types';
import { fromFen, fundLimits, toFen } from '../../domain/emergency-fund';
import { scopeLevel } from '../../domain/roles';
import { shanghaiYearOf } from '../../domain/working-days';
import { fundUseByStreet, type StreetFundUse } from '../emergency-fund/repository';
import type { ApiContext } from '../http/deps';
import { validationError } from '../http/errors';
import { loadStatsFacts, NO_WARNINGS, type Percentiles, type StatsFacts, type StreetRef, type WarningFacts } from './repository';
import { requireCaseReader, scopeFilterOf } from '../http/scope';
import { OPEN_STAGES, STAFFING_STANDARD, type OpenStage, type StatsFigures, type StatsOut, type StatsQuery } from './schemas';

const DEFAULT_STATS_PERIOD_MS = 30 * 24 * 3600 * 1000;

/** Caseworkers a street needs: one per 2,000 people in difficulty, and at least one. */
export function caseworkersRequired(populationInDifficulty: number): number {
  return Math.max(STAFFING_STANDARD.minCaseworkersPerStreet, Math.ceil(populationInDifficulty / STAFFING_STANDARD.peoplePerCaseworker));
}

function emptyByStage(): Record<OpenStage, number> {
  return Object.fromEntries(OPEN_STAGES.map((s) => [s, 0])) as Record<OpenStage, number>;
}

const NO_PERCENTILES: Percentiles = { resolved: 0, medianMs: null, p90Ms: null };

type FundFigures = StatsFigures['emergencyFund'];

function streetFund(use: StreetFundUse | undefined, budgetFen: number, year: number): FundFigures {
  const grantedFen = use?.grantedFen ?? 0;
  const reservedFen = use?.reservedFen ?? 0;
  return {
    year,
    budget: fromFen(budgetFen),
    granted: fromFen(grantedFen),
    reserved: fromFen(reservedFen),
    left: fromFen(Math.max(0, budgetFen - grantedFen - reservedFen)),
    grants: use?.grants ?? 0,
    beyondLimit: use?.beyondLimit ?? 0,
  };
}

function streetFigures(street: StreetRef, facts: StatsFacts, fund: FundFigures): StatsFigures {
  const byStage = emptyByStage();
  for (const g of facts.openCases) if (g.streetCode === street.code && g.stage in byStage) byStage[g.stage as OpenStage] += g.count;
  const escalations = { district: 0, city: 0, total: 0 };
  for (const g of facts.openEscalations) {
    if (g.streetCode !== street.code) continue;
    if (g.level >= 2) escalations.city += g.count;
    else escalations.district += g.count;
    escalations.total += g.count;
  }
  const caseworkers = facts.caseworkers.get(street.code) ?? 0;
  const required = caseworkersRequired(street.populationInDifficulty);
  const committees = facts.committees.filter((c) => c.streetCode === street.code);
  // A designated worker counts only while an active staff member of the committee's own street.
  const uncovered = committees
    .filter((c) => c.designatedWorkerId === null || facts.activeStaffStreet.get(c.designatedWorkerId) !== street.code)
    .map((c) => c.code);
  const missing = Math.max(0, required - caseworkers);
  return {
    openCases: { total: Object.values(byStage).reduce((a, b) => a + b, 0), byStage },
    overdue: facts.overdue.get(street.code) ?? 0,
    openEscalations: escalations,
    timeToResolve: facts.timeToResolve.get(`street:${street.code}`) ?? NO_PERCENTILES,
    remindersSent: facts.reminders.get(street.code) ?? 0,
    staffing: {
      peopleInDifficulty: street.populationInDifficulty,
      fullTimeCaseworkers: caseworkers,
      peoplePerCaseworker: ratio(street.populationInDifficulty, caseworkers),
      caseworkersRequired: required,
      caseworkersMissing: missing,
      streets: 1,
      streetsWithoutCaseworker: caseworkers === 0 ? [street.code] : [],
      committees: committees.length,
      committeesWithoutDesignatedWorker: uncovered,
      meetsStandard: missing === 0 && uncovered.length === 0,
    },
    emergencyFund: fund,
    warnings: facts.warnings.get(`street:${street.code}`) ?? NO_WARNINGS,
  };
}

function ratio(people: number, caseworkers: number): number | null {
  return caseworkers === 0 ? null : Math.round((people / caseworkers) * 10) / 10;
}

/** Adds street figures up; the percentiles and warning figures are not additive and come from SQL for the group. */
function sumFigures(parts: StatsFigures[], percentiles: Percentiles, warnings: WarningFacts, year: number): StatsFigures {
  const byStage = emptyByStage();
  const out: StatsFigures = {
    openCases: { total: 0, byStage },
    overdue: 0,
    openEscalations: { district: 0, city: 0, total: 0 },
    timeToResolve: percentiles,
    remindersSent: 0,
    staffing: {
      peopleInDifficulty: 0,
      fullTimeCaseworkers: 0,
      peoplePerCaseworker: null,
      caseworkersRequired: 0,
      caseworkersMissing: 0,
      streets: 0,
      streetsWithoutCaseworker: [],
      committees: 0,
      committeesWithoutDesignatedWorker: [],
      meetsStandard: true,
    },
    emergencyFund: { year, budget: 0, granted: 0, reserved: 0, left: 0, grants: 0, beyondLimit: 0 },
    warnings,
  };
  // Money is added in fen, as it is kept, so the sums do not drift.
  const fundFen = { budget: 0, granted: 0, reserved: 0, left: 0 };
  for (const p of parts) {
    fundFen.budget += toFen(p.emergencyFund.budget);
    fundFen.granted += toFen(p.emergencyFund.granted);
    fundFen.reserved += toFen(p.emergencyFund.reserved);
    fundFen.left += toFen(p.emergencyFund.left);
    out.emergencyFund.grants += p.emergencyFund.grants;
    out.emergencyFund.beyondLimit += p.emergencyFund.beyondLimit;
    out.openCases.total += p.openCases.total;
    for (const s of OPEN_STAGES) byStage[s] += p.openCases.byStage[s];
    out.overdue += p.overdue;
    out.openEscalations.district += p.openEscalations.district;
    out.openEscalations.city += p.openEscalations.city;
    out.openEscalations.total += p.openEscalations.total;
    out.remindersSent += p.remindersSent;
    const st = out.staffing;
    st.peopleInDifficulty += p.staffing.peopleInDifficulty;
    st.fullTimeCaseworkers += p.staffing.fullTimeCaseworkers;
    st.caseworkersRequired += p.staffing.caseworkersRequired;
    st.caseworkersMissing += p.staffing.caseworkersMissing;
    st.streets += p.staffing.streets;
    st.streetsWithoutCaseworker.push(...p.staffing.streetsWithoutCaseworker);
    st.committees += p.staffing.committees;
    st.committeesWithoutDesignatedWorker.push(...p.staffing.committeesWithoutDesignatedWorker);
  }
  Object.assign(out.emergencyFund, {
    budget: fromFen(fundFen.budget),
    granted: fromFen(fundFen.granted),
    reserved: fromFen(fundFen.reserved),
    left: fromFen(fundFen.left),
  });
  out.staffing.peoplePerCaseworker = ratio(out.staffing.peopleInDifficulty, out.staffing.fullTimeCaseworkers);
  out.staffing.meetsStandard = out.staffing.caseworkersMissing === 0 && out.staffing.committeesWithoutDesignatedWorker.length === 0;
  return out;
}

function statsPeriod(query: StatsQuery, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_STATS_PERIOD_MS);
  if (from >= to)
    throw validationError([{ path: query.to ? 'to' : 'from', message: 'the period must end after it starts' }], 'invalid query parameters');
  return { from, to };
}

export async function getStats(ctx: ApiContext, actor: Actor, query: StatsQuery): Promise<StatsOut> {
  requireCaseReader(actor);
  const now = ctx.now();
  const period = statsPeriod(query, now);
  const level = scopeLevel(actor.jurisdictionCode);
  const facts = await loadStatsFacts(ctx.prisma, scopeFilterOf(actor), period, now);

  const year = shanghaiYearOf(now.getTime());
  const fundUse = await fundUseByStreet(
    ctx.prisma,
    year,
    facts.streets.map((s) => s.code),
  );
  const { budgetFen } = fundLimits(ctx.policy);
  const streets = facts.streets.map((s) => ({
    code: s.code,
    districtCode: s.districtCode,
    nameZh: s.nameZh,
    nameEn: s.nameEn,
    ...streetFigures(s, facts, streetFund(fundUse.get(s.code), budgetFen, year)),
  }));
  const districts = facts.districts.map((d) => ({
    ...d,
    ...sumFigures(
      streets.filter((s) => s.districtCode === d.code),
      facts.timeToResolve.get(`district:${d.code}`) ?? NO_PERCENTILES,
      facts.warnings.get(`district:${d.code}`) ?? NO_WARNINGS,
      year,
    ),
  }));
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    generatedAt: now.toISOString(),
    scope: { level, code: actor.jurisdictionCode },
    standard: { ...STAFFING_STANDARD },
    total: sumFigures(streets, facts.timeToResolve.get('total') ?? NO_PERCENTILES, facts.warnings.get('total') ?? NO_WARNINGS, year),
    districts,
    streets,
  };
}
