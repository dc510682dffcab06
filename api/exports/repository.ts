// The ledgers' rows from the read model, read in keyset batches (never the whole table at once) inside
// the caller's jurisdiction and filters, with the persons they name decrypted one batch at a time.
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { approvedItemSql, assistanceItemsSql } from '../cases/assistance-sql';
import { householdKeyOf } from '../../domain/household';
import type { Sealer } from '../../domain/sealing';
import { caseWorkflowId } from '../../workflows/definitions';
import { jurisdictionSql, jurisdictionWhere, type ScopeFilter } from '../http/scope';
import type { AssistanceLine, CaseLine, EscalationLine, ExportKind, HouseholdLine, LineOf, NamedPerson, WarningLine } from './export-kinds';

export interface ExportFilters {
  districtCode?: string;
  streetCode?: string;
  /** The ledger's own time (opened, created, approved, raised, escalated) >= from. */
  from?: Date;
  /** … < to. */
  to?: Date;
}

export interface ExportRead {
  prisma: PrismaClient;
  cipher: Pick<Sealer, 'decrypt'>;
  scope: ScopeFilter;
  filters: ExportFilters;
  batchSize: number;
}

type Where = Record<string, unknown>;

/** Scope AND the narrowing filters, over a table with districtCode and streetCode columns. */
function placeWhere(r: ExportRead): Where[] {
  const and: Where[] = [jurisdictionWhere(r.scope) ?? { districtCode: { in: [] } }];
  if (r.filters.districtCode) and.push({ districtCode: r.filters.districtCode });
  if (r.filters.streetCode) and.push({ streetCode: r.filters.streetCode });
  return and;
}

/** The same for households, which have a street only: a district or city is a prefix of its street codes. */
function streetOnlyWhere(r: ExportRead): Where[] {
  const s = r.scope;
  const scoped = s.streetCode ?? s.districtCode ?? s.cityPrefix;
  const and: Where[] = [scoped ? { streetCode: { startsWith: scoped } } : { streetCode: { in: [] } }];
  if (r.filters.districtCode) and.push({ streetCode: { startsWith: r.filters.districtCode } });
  if (r.filters.streetCode) and.push({ streetCode: r.filters.streetCode });
  return and;
}

function timeWhere(column: string, f: ExportFilters): Where[] {
  if (!f.from && !f.to) return [];
  return [{ [column]: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } }];
}

async function namedPersons(r: ExportRead, personIds: readonly string[]): Promise<Map<string, NamedPerson>> {
  const rows = await r.prisma.person.findMany({
    where: { id: { in: [...new Set(personIds)] } },
    select: { id: true, nameEnc: true, idNumberEnc: true, unidentified: true },
  });
  return new Map(
    rows.map((p) => [
      p.id,
      {
        name: p.unidentified ? null : r.cipher.decrypt(p.nameEnc),
        idNumber: p.idNumberEnc ? r.cipher.decrypt(p.idNumberEnc) : null,
      },
    ]),
  );
}

const NOBODY: NamedPerson = { name: null, idNumber: null };

async function* caseLines(r: ExportRead): AsyncGenerator<CaseLine[]> {
  for (let after = ''; ;) {
    const rows = await r.prisma.case.findMany({
      where: { AND: [...placeWhere(r), ...timeWhere('openedAt', r.filters), { caseId: { gt: after } }] },
      orderBy: { caseId: 'asc' },
      take: r.batchSize,
      select: {
        caseId: true,
        personId: true,
        districtCode: true,
        streetCode: true,
        urgency: true,
        stage: true,
        assigneeId: true,
        openedAt: true,
        nextDueAt: true,
        nextDueClock: true,
        escalationLevel: true,
        closedAt: true,
        view: true,
      },
    });
    if (rows.length === 0) return;
    const persons = await namedPersons(
      r,
      rows.map((c) => c.personId),
    );
    yield rows.map(({ view, personId, ...c }) => ({
      ...c,
      person: persons.get(personId) ?? NOBODY,
      disbursedTotal: Number((view as { disbursedTotal?: unknown }).disbursedTotal ?? 0) || 0,
    }));
    after = rows[rows.length - 1].caseId;
  }
}

async function* householdLines(r: ExportRead): AsyncGenerator<HouseholdLine[]> {
  for (let after = ''; ;) {
    const rows = await r.prisma.household.findMany({
      where: { AND: [...streetOnlyWhere(r), ...timeWhere('createdAt', r.filters), { id: { gt: after } }] },
      orderBy: { id: 'asc' },
      take: r.batchSize,
      select: {
        id: true,
        streetCode: true,
        createdAt: true,
        members: { where: { current: true }, select: { personId: true, relation: true }, orderBy: { id: 'asc' } },
      },
    });
    if (rows.length === 0) return;
    const heads = rows.map((h) => (h.members.find((m) => m.relation === 'self') ?? h.members[0])?.personId ?? null);
    const persons = await namedPersons(
      r,
      heads.filter((p): p is string => p !== null),
    );
    const workflowIds = rows.map((h) => caseWorkflowId(householdKeyOf(h.id)));
    const open = await r.prisma.case.findMany({
      where: { workflowId: { in: workflowIds }, stage: { not: 'closed' } },
      select: { workflowId: true, caseId: true },
    });
    const openByWorkflow = new Map(open.map((c) => [c.workflowId, c.caseId]));
    yield rows.map((h, i) => ({
      householdId: h.id,
      streetCode: h.streetCode,
      head: (heads[i] && persons.get(heads[i])) || NOBODY,
      currentMembers: h.members.length,
      openCaseId: openByWorkflow.get(workflowIds[i]) ?? null,
      createdAt: h.createdAt,
    }));
    after = rows[rows.length - 1].id;
  }
}

interface ApprovedRow {
  caseId: string;
  personId: string;
  districtCode: string;
  streetCode: string;
  approved: {
    itemId: string;
    status: string;
    total: number;
    assistanceType: string;
    amount: number;
    months?: number;
    requiredTier?: string;
    approvedBy: string;
    approvedAt: string;
    disbursed?: number;
  };
}

/**
 * Approved assistance items (§10) live in the case view (`assistance`); read with SQL's JSON operators,
 * one line per item approved (and not withdrawn), paged by case and item id.
 */
async function* assistanceLines(r: ExportRead): AsyncGenerator<AssistanceLine[]> {
  const f = r.filters;
  const conditions = [
    approvedItemSql('item'),
    jurisdictionSql(r.scope, 'cases'),
    ...(f.districtCode ? [Prisma.sql`"districtCode" = ${f.districtCode}`] : []),
    ...(f.streetCode ? [Prisma.sql`"streetCode" = ${f.streetCode}`] : []),
    ...(f.from ? [Prisma.sql`(item->>'approvedAt')::timestamptz >= ${f.from}`] : []),
    ...(f.to ? [Prisma.sql`(item->>'approvedAt')::timestamptz < ${f.to}`] : []),
  ];
  for (let afterCase = '', afterItem = ''; ;) {
    const page = Prisma.sql`"caseId" >= ${afterCase} AND ("caseId", item->>'itemId') > (${afterCase}, ${afterItem})`;
    const rows = await r.prisma.$queryRaw<ApprovedRow[]>`
      SELECT "caseId", "personId", "districtCode", "streetCode", item AS approved
      FROM cases, ${assistanceItemsSql('cases')} AS item
      WHERE ${Prisma.join([...conditions, page], ' AND ')}
      ORDER BY "caseId", item->>'itemId' LIMIT ${r.batchSize}`;
    if (rows.length === 0) return;
    const persons = await namedPersons(
      r,
      rows.map((c) => c.personId),
    );
    yield rows.map((c) => ({
      caseId: c.caseId,
      itemId: c.approved.itemId,
      status: c.approved.status,
      total: c.approved.total,
      person: persons.get(c.personId) ?? NOBODY,
      districtCode: c.districtCode,
      streetCode: c.streetCode,
      assistanceType: c.approved.assistanceType,
      amount: c.approved.amount,
      months: c.approved.months ?? null,
      requiredTier: c.approved.requiredTier ?? null,
      approvedBy: c.approved.approvedBy,
      approvedAt: c.approved.approvedAt,
      disbursed: c.approved.disbursed ?? 0,
    }));
    afterCase = rows[rows.length - 1].caseId;
    afterItem = rows[rows.length - 1].approved.itemId;
  }
}

async function* warningLines(r: ExportRead): AsyncGenerator<WarningLine[]> {
  for (let after = ''; ;) {
    const rows = await r.prisma.warning.findMany({
      where: { AND: [...placeWhere(r), ...timeWhere('raisedAt', r.filters), { warningId: { gt: after } }] },
      orderBy: { warningId: 'asc' },
      take: r.batchSize,
      select: {
        warningId: true,
        personId: true,
        districtCode: true,
        streetCode: true,
        level: true,
        ruleId: true,
        status: true,
        raisedAt: true,
        verifyDueAt: true,
        escalationLevel: true,
        outcome: true,
        caseId: true,
        verifiedAt: true,
      },
    });
    if (rows.length === 0) return;
    const persons = await namedPersons(
      r,
      rows.map((w) => w.personId),
    );
    yield rows.map(({ personId, ...w }) => ({ ...w, person: persons.get(personId) ?? NOBODY }));
    after = rows[rows.length - 1].warningId;
  }
}

async function* escalationLines(r: ExportRead): AsyncGenerator<EscalationLine[]> {
  for (let after = ''; ;) {
    const rows = await r.prisma.escalation.findMany({
      where: { AND: [...placeWhere(r), ...timeWhere('escalatedAt', r.filters), { escalationId: { gt: after } }] },
      orderBy: { escalationId: 'asc' },
      take: r.batchSize,
      select: {
        escalationId: true,
        caseId: true,
        warningId: true,
        districtCode: true,
        streetCode: true,
        clock: true,
        level: true,
        status: true,
        dueAt: true,
        escalatedAt: true,
        raisedToCityAt: true,
        resolvedAt: true,
        timeToResolveMs: true,
      },
    });
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].escalationId;
  }
}

const READERS: { [K in ExportKind]: (r: ExportRead) => AsyncGenerator<LineOf<K>[]> } = {
  cases: caseLines,
  households: householdLines,
  assistance: assistanceLines,
  warnings: warningLines,
  escalations: escalationLines,
};

export function exportLines<K extends ExportKind>(kind: K, read: ExportRead): AsyncGenerator<LineOf<K>[]> {
  return READERS[kind](read);
}
