// GET /cases/{caseId}/matches (DESIGN.md §10): the organisations and projects that could take the case's
// referral, ranked by domain/matching.ts. Scoped like the case file (the same 404 outside the caller's
// jurisdiction); it reads the case's assistance items and its reports' categories and flags, no personal data.
import type { Actor } from '../../domain/case-types';
import { rankMatches, type Match } from '../../domain/matching';
import { shanghaiToday } from '../../domain/organisations';
import { loadCaseForActor } from '../cases/get-case-file';
import type { ApiContext } from '../http/deps';
import { findReportRecords } from '../reports/repository';
import { listOrganisations, listProjects } from './repository';

const MAX_MATCHES = 50;

export async function matchesForCase(ctx: ApiContext, actor: Actor, caseId: string): Promise<{ items: Match[] }> {
  const row = await loadCaseForActor(ctx, actor, caseId);
  const view = row.view;
  const [reports, organisations] = await Promise.all([
    findReportRecords(ctx.prisma, view.reportIds),
    listOrganisations(ctx.prisma, { districtCode: view.districtCode }),
  ]);
  const projects = await listProjects(
    ctx.prisma,
    organisations.map((o) => o.organisationId),
  );
  // What the family is proposed for or receives now (§10): the needs a charity's services can meet.
  const assistanceTypes = (view.assistance ?? [])
    .filter((i) => i.status !== 'rejected' && i.status !== 'ended')
    .map((i) => i.assistanceType);
  const items = rankMatches(
    {
      districtCode: view.districtCode,
      assistanceTypes,
      categories: reports.flatMap((r) => r.categories),
      urgentFlags: reports.flatMap((r) => r.urgentFlags),
    },
    organisations.map((o) => ({
      organisationId: o.organisationId,
      services: o.services,
      districts: o.districts,
      projects: projects.filter((p) => p.organisationId === o.organisationId),
    })),
    shanghaiToday(ctx.now()),
  );
  return { items: items.slice(0, MAX_MATCHES) };
}
