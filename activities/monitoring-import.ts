// The activities of a monitoring import (DESIGN.md §8, workflows/monitoring-import-workflow.ts). Every
// chunk writes its effects and its chunk row in one transaction: a chunk retried after a crash finds its
// row and changes nothing, so no record is applied twice and the import's counts stay exact. Records
// are decrypted here only; what is written is encrypted again (identities, amounts, details), and
// errors name a field and a reason, never a value.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, type Client } from '@temporalio/client';
import { isAlreadyStarted } from '../clients/temporal-failures';
import { parseClockLength } from '../domain/durations';
import { householdKeyOf, personIdForHash } from '../domain/household';
import { districtOfStreet } from '../domain/jurisdictions';
import { MAX_IMPORT_ERRORS, type LowIncomeCategory, type MonitoringRecord } from '../domain/monitoring';
import { checkRecord, missingStreetError, type RecordError } from '../domain/monitoring-records';
import { titleFor, type NotificationIntent } from '../domain/notifications';
import { instantAfter } from '../domain/policy-clocks';
import { responsibleFor } from '../domain/responsibility';
import { evaluateWarnings, isMinorByBirthYear, type EventFact, type HouseholdFacts, type WarningMatch } from '../domain/warning-rules';
import type { WorkingCalendar } from '../domain/working-days';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { PiiCipher } from '../runtime/pii';
import { ActivityFailureType } from '../workflows/activity-options';
import { caseWorkflowId } from '../workflows/definitions';
import type { MonitoringImportInput, MonitoringImportResult } from '../workflows/import-definitions';
import { WARNING_WORKFLOW_TYPE, warningWorkflowId, type WarningClockInput } from '../workflows/warning-definitions';
import { insertOutboxRows } from './outbox';

/** Records per apply chunk: one transaction of about a second, so a crash repeats little. */
const APPLY_CHUNK_RECORDS = 1_000;
/** People per evaluate chunk. */
const EVALUATE_CHUNK_PERSONS = 500;
const TX_OPTIONS = { timeout: 120_000, maxWait: 30_000 };
/**
 * Warning clocks start a few at a time and at most this many a second: each start is a workflow the
 * Temporal server persists and the discovery worker runs, and an import that raises thousands of
 * warnings must leave the server to caseworkers' actions (bench figure discovery.actions.p99). A
 * warning's due time is fixed when it is raised, so a later start moves no deadline.
 */
const CLOCK_STARTS_IN_FLIGHT = 4;
const CLOCK_STARTS_PER_SECOND = 10;

export interface MonitoringImportDeps {
  prisma: PrismaClient;
  pii: PiiCipher;
  /** Starts warning clocks; defaults to the activity context's client (the worker's connection and codec). */
  temporal?: Client;
  now?: () => Date;
}

type Tx = Prisma.TransactionClient;

const FAILURE_TEXT: Record<string, string> = {
  [ActivityFailureType.IMPORT_UNREADABLE]:
    'the import or one of its staged records cannot be read (missing, or encrypted under a key not configured)',
};

function unreadable(what: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ActivityFailureType.IMPORT_UNREADABLE, message: what, nonRetryable: true });
}

/**
 * Lets the event loop run between slices of a chunk's CPU work (decrypting, hashing, evaluating a
 * thousand records): the worker runs case workflows and their projections in the same process, and an
 * action answered while an import runs must not wait for a whole chunk's computation.
 */
const SLICE = 100;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

function shanghaiDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Midnight Asia/Shanghai of a record's date, as the instant stored in occurredAt. */
function dateInstant(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

interface RegisterState {
  personId: string;
  category: string | null;
  streetCode: string;
  disabilityGrade: number | null;
  deceasedAt: Date | null;
}

export function createMonitoringImportActivities(deps: MonitoringImportDeps) {
  const { prisma, pii } = deps;
  const now = deps.now ?? (() => new Date());

  async function chunkRow(importId: string, phase: 'apply' | 'evaluate', chunk: number) {
    return prisma.monitoringImportChunk.findUnique({ where: { importId_phase_chunk: { importId, phase, chunk } } });
  }

  /** The import is running; answers how many apply chunks it has. */
  async function markImportRunning(importId: string): Promise<{ chunks: number }> {
    await prisma.monitoringImport.updateMany({
      where: { importId, status: { in: ['queued', 'running'] } },
      data: { status: 'running' },
    });
    await prisma.monitoringImport.updateMany({ where: { importId, startedAt: null }, data: { startedAt: now() } });
    const row = await prisma.monitoringImport.findUnique({ where: { importId }, select: { total: true } });
    if (!row) throw unreadable(`import ${importId} does not exist`);
    return { chunks: Math.ceil(row.total / APPLY_CHUNK_RECORDS) };
  }

  /** Validates one chunk of records and applies the accepted ones to the register, all in one transaction. */
  async function applyImportChunk(input: { importId: string; chunk: number }): Promise<{ processed: number; rejected: number }> {
    const { importId, chunk } = input;
    const done = await chunkRow(importId, 'apply', chunk);
    if (done) return { processed: done.processed, rejected: done.rejected };
    const imp = await prisma.monitoringImport.findUnique({ where: { importId }, select: { source: true } });
    if (!imp) throw unreadable(`import ${importId} does not exist`);
    const from = chunk * APPLY_CHUNK_RECORDS;
    const staged = await prisma.monitoringImportRecord.findMany({
      where: { importId, index: { gte: from, lt: from + APPLY_CHUNK_RECORDS } },
      orderBy: { index: 'asc' },
    });
    const at = now();
    const errors: RecordError[] = [];
    const accepted: { index: number; record: MonitoringRecord; idHash: string; birthYear: number; sex: string }[] = [];
    for (const [n, row] of staged.entries()) {
      if (n % SLICE === SLICE - 1) await breathe();
      let raw: unknown;
      try {
        raw = JSON.parse(pii.decrypt(row.recordEnc));
      } catch {
        throw unreadable(`record ${row.index} of import ${importId} cannot be decrypted`);
      }
      const check = checkRecord(raw, row.index, at);
      if (!check.ok) errors.push(check.error);
      else
        accepted.push({
          index: row.index,
          record: check.record,
          idHash: pii.lookupHash(check.record.idNumber),
          birthYear: Number(check.birthDate.slice(0, 4)),
          sex: check.sex,
        });
    }

    const hashes = [...new Set(accepted.map((a) => a.idHash))];
    const known = await prisma.person.findMany({
      where: { idHash: { in: hashes } },
      select: { id: true, idHash: true, identifiedAs: true, streetCode: true },
    });
    const personOfHash = new Map(known.map((p) => [p.idHash!, { personId: p.identifiedAs ?? p.id, streetCode: p.streetCode }]));
    const entries = await prisma.registerEntry.findMany({
      where: { personId: { in: [...personOfHash.values()].map((p) => p.personId) } },
      select: { personId: true, category: true, streetCode: true, disabilityGrade: true, deceasedAt: true },
    });
    const register = new Map<string, RegisterState>(entries.map((e) => [e.personId, { ...e }]));

    const newPersons: NewPerson[] = [];
    const events: NewEvent[] = [];
    const touched = new Map<string, RegisterState>();
    // In file order: a later record of the same person sees what an earlier one did (a new person, a category).
    for (const [n, a] of accepted.entries()) {
      if (n % SLICE === SLICE - 1) await breathe();
      let person = personOfHash.get(a.idHash);
      if (!person) {
        if (!a.record.streetCode) {
          errors.push(missingStreetError(a.index));
          continue;
        }
        // A new person on the register, identity encrypted as every person's; a record never overwrites
        // a recorded identity (§14), so known persons are not touched at all.
        person = { personId: personIdForHash(a.idHash), streetCode: a.record.streetCode };
        personOfHash.set(a.idHash, person);
        newPersons.push({
          id: person.personId,
          idHash: a.idHash,
          idNumberEnc: pii.encrypt(a.record.idNumber),
          nameEnc: pii.encrypt(a.record.name ?? ''),
          birthYear: a.birthYear,
          sex: a.sex,
          streetCode: a.record.streetCode,
        });
      }
      const state: RegisterState = touched.get(person.personId) ??
        register.get(person.personId) ?? {
          personId: person.personId,
          category: null,
          streetCode: person.streetCode,
          disabilityGrade: null,
          deceasedAt: null,
        };
      const next = { ...state, ...(a.record.streetCode ? { streetCode: a.record.streetCode } : {}) };
      const details = a.record.details;
      if (a.record.kind === 'low_income_status') next.category = details!.category as string;
      if (a.record.kind === 'disability_certified') next.disabilityGrade = details!.grade as number;
      if (a.record.kind === 'death') next.deceasedAt = dateInstant(a.record.occurredAt);
      touched.set(person.personId, next);
      events.push({
        importId,
        recordIndex: a.index,
        personId: person.personId,
        source: imp.source,
        kind: a.record.kind,
        occurredAt: dateInstant(a.record.occurredAt),
        amountEnc: a.record.amount === undefined ? null : pii.encrypt(String(a.record.amount)),
        detailsEnc: details === undefined ? null : pii.encrypt(JSON.stringify(details)),
      });
    }
    errors.sort((x, y) => x.index - y.index);

    const registerRows = [...touched.values()].map((r) => ({
      personId: r.personId,
      category: r.category,
      streetCode: r.streetCode,
      districtCode: districtOfStreet(r.streetCode) ?? r.streetCode.slice(0, 6),
      disabilityGrade: r.disabilityGrade,
      deceasedAt: r.deceasedAt?.toISOString() ?? null,
    }));
    await prisma.$transaction(async (tx) => {
      // First: a concurrent attempt at the same chunk fails here on the primary key and retries into the check above.
      await tx.monitoringImportChunk.create({
        data: { importId, phase: 'apply', chunk, processed: events.length, rejected: errors.length, warningsRaised: 0 },
      });
      if (newPersons.length) await insertPersons(tx, newPersons);
      if (registerRows.length) await upsertRegister(tx, importId, registerRows);
      if (events.length) await insertEvents(tx, events);
      await addToCounts(tx, importId, { processed: events.length, rejected: errors.length, warningsRaised: 0 }, errors);
    }, TX_OPTIONS);
    return { processed: events.length, rejected: errors.length };
  }

  /**
   * Runs the warning rules for one chunk of the people this import touched, on the register as it
   * stands after the whole import (apply has finished). A person with an open case gets the reasons in
   * the case file and the caseworker is told; anyone else gets (or adds to) one open warning per rule.
   */
  async function evaluateImportChunk(
    input: MonitoringImportInput & { chunk: number },
  ): Promise<{ done: boolean; warningsRaised: number; clocks: WarningClockInput[] }> {
    const { importId, chunk, warnings } = input;
    const page = await prisma.$queryRaw<{ personId: string }[]>`
      SELECT DISTINCT "personId" FROM monitoring_events WHERE "importId" = ${importId}
      ORDER BY "personId" OFFSET ${chunk * EVALUATE_CHUNK_PERSONS} LIMIT ${EVALUATE_CHUNK_PERSONS + 1}`;
    const persons = page.slice(0, EVALUATE_CHUNK_PERSONS).map((p) => p.personId);
    const isLast = page.length <= EVALUATE_CHUNK_PERSONS;
    const done = await chunkRow(importId, 'evaluate', chunk);
    if (done) return { done: isLast, warningsRaised: done.warningsRaised, clocks: await clocksOf(importId, persons, input) };
    const at = now();

    const maxWindow = Math.max(365, ...warnings.rules.map((r) => r.windowDays ?? 0));
    const since = dateInstant(shanghaiDate(at.getTime() - maxWindow * 86_400_000));
    const [entries, eventRows, memberships] = await Promise.all([
      prisma.registerEntry.findMany({
        where: { personId: { in: persons } },
        select: { personId: true, category: true, streetCode: true, districtCode: true },
      }),
      prisma.monitoringEvent.findMany({
        where: { personId: { in: persons }, OR: [{ importId }, { kind: 'medical_expense', occurredAt: { gte: since } }] },
        select: {
          importId: true,
          recordIndex: true,
          personId: true,
          source: true,
          kind: true,
          occurredAt: true,
          amountEnc: true,
          detailsEnc: true,
        },
      }),
      prisma.householdMember.findMany({
        where: { personId: { in: persons }, current: true },
        select: { personId: true, householdId: true },
      }),
    ]);
    const householdOf = new Map(memberships.map((m) => [m.personId, m.householdId]));
    const households = [...new Set(memberships.map((m) => m.householdId))];
    const [others, openCases] = await Promise.all([
      prisma.$queryRaw<
        { householdId: string; personId: string; birthYear: number | null; disability: boolean | null; grade: number | null }[]
      >`
        SELECT m."householdId", m."personId", p."birthYear", m.disability, r."disabilityGrade" AS grade
        FROM household_members m JOIN persons p ON p.id = m."personId" LEFT JOIN register_entries r ON r."personId" = m."personId"
        WHERE m.current AND m."householdId" = ANY(${households}::text[])`,
      prisma.case.findMany({
        where: {
          stage: { not: 'closed' },
          OR: [{ workflowId: { in: households.map((h) => caseWorkflowId(householdKeyOf(h))) } }, { personId: { in: persons } }],
        },
        select: { caseId: true, workflowId: true, personId: true, assigneeId: true, streetCode: true },
      }),
    ]);
    const caseOfHousehold = new Map(openCases.map((c) => [c.workflowId, c]));
    const caseOfPerson = new Map(openCases.map((c) => [c.personId, c]));
    const eventsOf = new Map<string, (EventFact & { source: string; amountEnc: string | null })[]>();
    for (const [n, e] of eventRows.entries()) {
      if (n % SLICE === SLICE - 1) await breathe();
      const list = eventsOf.get(e.personId) ?? [];
      list.push({
        importId: e.importId,
        recordIndex: e.recordIndex,
        kind: e.kind as EventFact['kind'],
        occurredAt: shanghaiDate(e.occurredAt.getTime()),
        ...(e.amountEnc ? { amount: Number(pii.decrypt(e.amountEnc)) } : {}),
        ...(e.detailsEnc ? { details: JSON.parse(pii.decrypt(e.detailsEnc)) as Record<string, unknown> } : {}),
        current: e.importId === importId,
        source: e.source,
        amountEnc: e.amountEnc,
      });
      eventsOf.set(e.personId, list);
    }
    const entryOf = new Map(entries.map((e) => [e.personId, e]));

    const reasons: NewReason[] = [];
    const newWarnings: {
      warningId: string;
      personId: string;
      ruleId: string;
      level: string;
      householdId: string | null;
      streetCode: string;
      districtCode: string;
      verifyDueAt: Date;
      provisional: boolean;
    }[] = [];
    const warningReasons: { personId: string; match: WarningMatch }[] = [];
    const caseNotices = new Map<string, { c: (typeof openCases)[number]; rules: Set<string> }>();
    for (const [n, personId] of persons.entries()) {
      if (n % SLICE === SLICE - 1) await breathe();
      const entry = entryOf.get(personId);
      if (!entry) continue;
      const householdId = householdOf.get(personId) ?? null;
      const members = householdId ? others.filter((o) => o.householdId === householdId && o.personId !== personId) : [];
      const household: HouseholdFacts = {
        withMinor: members.some((m) => m.birthYear !== null && isMinorByBirthYear(m.birthYear, at)),
        withDisabled: members.some((m) => m.disability === true || m.grade !== null),
      };
      const facts = eventsOf.get(personId) ?? [];
      const matches = evaluateWarnings(
        { category: (entry.category as LowIncomeCategory | null) ?? null },
        facts,
        household,
        warnings.rules,
        at,
      );
      if (matches.length === 0) continue;
      const openCase =
        (householdId ? caseOfHousehold.get(caseWorkflowId(householdKeyOf(householdId))) : undefined) ?? caseOfPerson.get(personId);
      const factOf = (ref: { importId: string; recordIndex: number }) =>
        facts.find((f) => f.importId === ref.importId && f.recordIndex === ref.recordIndex)!;
      for (const match of matches) {
        if (openCase) {
          for (const ref of match.events) {
            const f = factOf(ref);
            reasons.push({
              ruleId: match.ruleId,
              importId: ref.importId,
              recordIndex: ref.recordIndex,
              personId,
              caseId: openCase.caseId,
              level: match.level,
              kind: f.kind,
              source: f.source,
              occurredAt: dateInstant(f.occurredAt),
              amountEnc: f.amountEnc,
            });
          }
          const notice = caseNotices.get(openCase.caseId) ?? { c: openCase, rules: new Set<string>() };
          notice.rules.add(match.ruleId);
          caseNotices.set(openCase.caseId, notice);
        } else {
          const due = instantAfter(at.toISOString(), parseClockLength(warnings.verifyWithin[match.level]), input.calendar);
          newWarnings.push({
            warningId: `w-${randomUUID()}`,
            personId,
            ruleId: match.ruleId,
            level: match.level,
            householdId: householdId ?? null,
            streetCode: entry.streetCode,
            districtCode: entry.districtCode,
            verifyDueAt: new Date(due.at),
            provisional: due.provisional,
          });
          warningReasons.push({ personId, match });
        }
      }
    }

    let raised = 0;
    await prisma.$transaction(async (tx) => {
      await tx.monitoringImportChunk.create({ data: { importId, phase: 'evaluate', chunk, processed: 0, rejected: 0, warningsRaised: 0 } });
      if (newWarnings.length) {
        // One open warning per person and rule (the partial unique index): an existing one stays, and takes the reasons.
        const created = await tx.$queryRaw<{ warningId: string }[]>`
          INSERT INTO warnings ("warningId","personId","householdId","streetCode","districtCode",level,"ruleId",status,"raisedAt","verifyDueAt",
            "verifyDueProvisional","escalationWindow","policyVersion","importId","updatedAt")
          SELECT w."warningId", w."personId", w."householdId", w."streetCode", w."districtCode", w.level, w."ruleId", 'open', ${at}::timestamp,
            w."verifyDueAt", w.provisional, ${input.escalationWindow}, ${input.policyVersion}, ${importId}, ${at}::timestamp
          FROM jsonb_to_recordset(${JSON.stringify(newWarnings)}::jsonb) AS w("warningId" text, "personId" text, "householdId" text,
            "streetCode" text, "districtCode" text, level text, "ruleId" text, "verifyDueAt" timestamp, provisional boolean)
          ON CONFLICT ("personId","ruleId") WHERE status = 'open' DO NOTHING
          RETURNING "warningId"`;
        raised = created.length;
        const open = await tx.warning.findMany({
          where: { status: 'open', OR: newWarnings.map((w) => ({ personId: w.personId, ruleId: w.ruleId })) },
          select: { warningId: true, personId: true, ruleId: true },
        });
        const openOf = new Map(open.map((w) => [`${w.personId}\u0000${w.ruleId}`, w.warningId]));
        for (const { personId, match } of warningReasons) {
          const warningId = openOf.get(`${personId}\u0000${match.ruleId}`)!;
          for (const ref of match.events) {
            const f = eventsOf.get(personId)!.find((e) => e.importId === ref.importId && e.recordIndex === ref.recordIndex)!;
            reasons.push({
              ruleId: match.ruleId,
              importId: ref.importId,
              recordIndex: ref.recordIndex,
              personId,
              warningId,
              level: match.level,
              kind: f.kind,
              source: f.source,
              occurredAt: dateInstant(f.occurredAt),
              amountEnc: f.amountEnc,
            });
          }
        }
      }
      if (reasons.length) await insertReasons(tx, reasons);
      for (const { c, rules } of caseNotices.values()) {
        const intent: NotificationIntent = {
          kind: 'monitoring-reasons',
          target: responsibleFor(c),
          // One notice per case and import, however often the chunk runs.
          eventId: `monitoring:${importId}:${c.caseId}`,
          summary: {
            caseId: c.caseId,
            title: titleFor('monitoring-reasons', undefined),
            eventType: 'monitoring-reasons',
            importId,
            rules: [...rules].sort(),
            streetCode: c.streetCode,
            at: at.toISOString(),
          },
        };
        await insertOutboxRows(tx, {
          caseId: c.caseId,
          streetCode: c.streetCode,
          intents: [intent],
          delivery: input.delivery,
          writtenAt: at,
        });
      }
      await tx.monitoringImportChunk.update({
        where: { importId_phase_chunk: { importId, phase: 'evaluate', chunk } },
        data: { warningsRaised: raised },
      });
      await addToCounts(tx, importId, { processed: 0, rejected: 0, warningsRaised: raised }, []);
    }, TX_OPTIONS);
    return { done: isLast, warningsRaised: raised, clocks: await clocksOf(importId, persons, input) };
  }

  /** The clocks of the open warnings this import raised for these people (after the chunk's commit, so also on a retry). */
  async function clocksOf(
    importId: string,
    persons: string[],
    input: { escalationWindow: string; calendar: WorkingCalendar },
  ): Promise<WarningClockInput[]> {
    if (persons.length === 0) return [];
    const rows = await prisma.warning.findMany({
      where: { importId, personId: { in: persons }, status: 'open' },
      select: { warningId: true, verifyDueAt: true },
      orderBy: { warningId: 'asc' },
    });
    const window = parseClockLength(input.escalationWindow);
    return rows.map((w) => {
      const verifyDueAt = w.verifyDueAt.toISOString();
      return {
        warningId: w.warningId,
        verifyDueAt,
        cityDueAt: new Date(instantAfter(verifyDueAt, window, input.calendar).at).toISOString(),
      };
    });
  }

  /** Starts each warning's verification clock (workflows/warning-definitions.ts); one already started is left as it is. */
  async function startWarningClocks(clocks: WarningClockInput[]): Promise<{ started: number }> {
    const context = Context.current();
    const client = deps.temporal ?? context.client;
    let started = 0;
    // A few starts in flight at once: an import can raise thousands of warnings, one round trip each.
    const batchMs = (CLOCK_STARTS_IN_FLIGHT / CLOCK_STARTS_PER_SECOND) * 1000;
    for (let from = 0; from < clocks.length; from += CLOCK_STARTS_IN_FLIGHT) {
      const batchStarted = Date.now();
      const batch = clocks.slice(from, from + CLOCK_STARTS_IN_FLIGHT);
      const results = await Promise.all(
        batch.map(async (clock) => {
          try {
            await client.workflow.start(WARNING_WORKFLOW_TYPE, {
              workflowId: warningWorkflowId(clock.warningId),
              taskQueue: context.info.taskQueue,
              args: [clock],
              // A clock that ran and finished (verified) is never started again.
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            });
            return 1;
          } catch (err) {
            if (!isAlreadyStarted(err)) throw err;
            return 0;
          }
        }),
      );
      started += results.reduce<number>((a, b) => a + b, 0);
      context.heartbeat();
      const rest = batchMs - (Date.now() - batchStarted);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
    return { started };
  }

  /** Completed: the counts are final and the staged records (personal data no longer needed) are deleted. */
  async function completeImport(importId: string): Promise<MonitoringImportResult> {
    const [, , row] = await prisma.$transaction([
      prisma.monitoringImport.updateMany({
        where: { importId, status: { not: 'completed' } },
        data: { status: 'completed', completedAt: now() },
      }),
      prisma.monitoringImportRecord.deleteMany({ where: { importId } }),
      prisma.monitoringImport.findUnique({ where: { importId }, select: { processed: true, rejected: true, warningsRaised: true } }),
    ]);
    if (!row) throw unreadable(`import ${importId} does not exist`);
    return row;
  }

  async function failImport(input: { importId: string; reason: string }): Promise<void> {
    await prisma.monitoringImport.updateMany({
      where: { importId: input.importId, status: { not: 'completed' } },
      data: {
        status: 'failed',
        failure: FAILURE_TEXT[input.reason] ?? 'the import stopped on an error that retrying cannot fix',
        completedAt: now(),
      },
    });
  }

  return { markImportRunning, applyImportChunk, evaluateImportChunk, startWarningClocks, completeImport, failImport };
}

export type MonitoringImportActivities = ReturnType<typeof createMonitoringImportActivities>;

// Rows go in as one JSON parameter per statement: Prisma's createMany binds every field of every row
// and cost more than half a second per thousand records, most of an apply chunk.
interface NewPerson {
  id: string;
  idHash: string;
  idNumberEnc: string;
  nameEnc: string;
  birthYear: number;
  sex: string;
  streetCode: string;
}
interface NewEvent {
  importId: string;
  recordIndex: number;
  personId: string;
  source: string;
  kind: string;
  occurredAt: Date;
  amountEnc: string | null;
  detailsEnc: string | null;
}
interface NewReason {
  ruleId: string;
  importId: string;
  recordIndex: number;
  personId: string;
  warningId?: string;
  caseId?: string;
  level: string;
  kind: string;
  source: string;
  occurredAt: Date;
  amountEnc: string | null;
}

/** New persons; one recorded meanwhile (same id or ID hash, by a report) stays as it is (§14). */
async function insertPersons(tx: Tx, rows: NewPerson[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO persons (id, "idHash", "idNumberEnc", "nameEnc", "birthYear", sex, "streetCode", "updatedAt")
    SELECT p.id, p."idHash", p."idNumberEnc", p."nameEnc", p."birthYear", p.sex, p."streetCode", now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS p(id text, "idHash" text, "idNumberEnc" text, "nameEnc" text, "birthYear" int, sex text, "streetCode" text)
    ON CONFLICT DO NOTHING`;
}

async function insertEvents(tx: Tx, rows: NewEvent[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO monitoring_events ("importId", "recordIndex", "personId", source, kind, "occurredAt", "amountEnc", "detailsEnc")
    SELECT e."importId", e."recordIndex", e."personId", e.source, e.kind, e."occurredAt", e."amountEnc", e."detailsEnc"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e("importId" text, "recordIndex" int, "personId" text, source text,
      kind text, "occurredAt" timestamp, "amountEnc" text, "detailsEnc" text)
    ON CONFLICT ("importId", "recordIndex") DO NOTHING`;
}

/** Reasons are unique per rule and record: one already written (an earlier run of the chunk, an earlier import) stays. */
async function insertReasons(tx: Tx, rows: NewReason[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO warning_reasons ("ruleId", "importId", "recordIndex", "personId", "warningId", "caseId", level, kind, source, "occurredAt", "amountEnc")
    SELECT r."ruleId", r."importId", r."recordIndex", r."personId", r."warningId", r."caseId", r.level, r.kind, r.source, r."occurredAt", r."amountEnc"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("ruleId" text, "importId" text, "recordIndex" int, "personId" text,
      "warningId" text, "caseId" text, level text, kind text, source text, "occurredAt" timestamp, "amountEnc" text)
    ON CONFLICT ("ruleId", "importId", "recordIndex") DO NOTHING`;
}

async function upsertRegister(
  tx: Tx,
  importId: string,
  rows: {
    personId: string;
    category: string | null;
    streetCode: string;
    districtCode: string;
    disabilityGrade: number | null;
    deceasedAt: string | null;
  }[],
): Promise<void> {
  // The chunk's final state per person (computed in file order from the register as it was): a later
  // chunk of the same import starts from what this one wrote.
  await tx.$executeRaw`
    INSERT INTO register_entries ("personId", category, "streetCode", "districtCode", "disabilityGrade", "deceasedAt", "lastImportId", "updatedAt")
    SELECT r."personId", r.category, r."streetCode", r."districtCode", r."disabilityGrade", r."deceasedAt", ${importId}, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r("personId" text, category text, "streetCode" text, "districtCode" text, "disabilityGrade" int, "deceasedAt" timestamp)
    ON CONFLICT ("personId") DO UPDATE SET category = EXCLUDED.category, "streetCode" = EXCLUDED."streetCode",
      "districtCode" = EXCLUDED."districtCode", "disabilityGrade" = EXCLUDED."disabilityGrade", "deceasedAt" = EXCLUDED."deceasedAt",
      "lastImportId" = EXCLUDED."lastImportId", "updatedAt" = now()`;
}

/** Adds a chunk's counts to the import, and its errors while fewer than MAX_IMPORT_ERRORS are kept (chunks run in index order). */
async function addToCounts(
  tx: Tx,
  importId: string,
  counts: { processed: number; rejected: number; warningsRaised: number },
  errors: RecordError[],
): Promise<void> {
  const row = await tx.$queryRaw<
    { errors: RecordError[] }[]
  >`SELECT errors FROM monitoring_imports WHERE "importId" = ${importId} FOR UPDATE`;
  const kept = (row[0]?.errors ?? []).concat(errors).slice(0, MAX_IMPORT_ERRORS);
  await tx.monitoringImport.update({
    where: { importId },
    data: {
      processed: { increment: counts.processed },
      rejected: { increment: counts.rejected },
      warningsRaised: { increment: counts.warningsRaised },
      ...(errors.length ? { errors: kept as unknown as Prisma.InputJsonValue } : {}),
    },
  });
}
