// Warnings for tests, raised the way the monitoring import raises them (api/monitoring, §8): the person on
// the register (encrypted), the warning and its reasons in PostgreSQL (amounts encrypted), then its
// verification clock started with the same call the import makes.
import { randomUUID } from 'node:crypto';
import { makeIdNumber } from '../../domain/ids';
import type { MonitoringSource, RecordKind, WarningLevel } from '../../domain/monitoring';
import { personIdForHash } from '../../domain/household';
import { WARNING_WORKFLOW_TYPE, warningWorkflowId, type WarningClockInput } from '../../workflows/warning-definitions';
import type { TestPlatform } from './harness';

export interface TestPerson {
  personId: string;
  idNumber: string;
  name: string;
  streetCode: string;
}

const pick = (n: number) => Math.floor(Math.random() * n);
const two = (n: number) => String(n).padStart(2, '0');

/** A person on the register with a valid ID number (random birth date and serial: unique within a run) and a name, stored encrypted. */
export async function registerPerson(p: Pick<TestPlatform, 'prisma' | 'pii'>, streetCode: string, name = '陈测试'): Promise<TestPerson> {
  const birthYear = 1950 + pick(40);
  const idNumber = makeIdNumber(
    streetCode.slice(0, 6),
    `${birthYear}${two(1 + pick(12))}${two(1 + pick(28))}`,
    String(pick(1000)).padStart(3, '0'),
  );
  const idHash = p.pii.lookupHash(idNumber);
  const personId = personIdForHash(idHash);
  await p.prisma.person.upsert({
    where: { id: personId },
    create: {
      id: personId,
      idHash,
      idNumberEnc: p.pii.encrypt(idNumber),
      nameEnc: p.pii.encrypt(name),
      birthYear,
      streetCode,
    },
    update: {},
  });
  return { personId, idNumber, name, streetCode };
}

export interface TestWarningOptions {
  level?: WarningLevel;
  ruleId?: string;
  /** Default: in a day. */
  verifyDueAt?: Date;
  /** Default: two days after verifyDueAt. */
  cityDueAt?: Date;
  reasons?: { kind: RecordKind; source: MonitoringSource; occurredAt: string; amount?: number }[];
  raisedAt?: Date;
  /** Insert the rows only; the test starts (or never starts) the clock itself. */
  withoutClock?: boolean;
}

export interface TestWarning {
  warningId: string;
  personId: string;
  clock: WarningClockInput;
}

export async function raiseWarning(
  p: Pick<TestPlatform, 'prisma' | 'pii' | 'client' | 'taskQueue'>,
  person: TestPerson,
  options: TestWarningOptions = {},
): Promise<TestWarning> {
  const warningId = `w-${randomUUID()}`;
  const importId = `i-${randomUUID()}`;
  const raisedAt = options.raisedAt ?? new Date();
  const verifyDueAt = options.verifyDueAt ?? new Date(raisedAt.getTime() + 86_400_000);
  const cityDueAt = options.cityDueAt ?? new Date(verifyDueAt.getTime() + 2 * 86_400_000);
  const level = options.level ?? 'orange';
  const ruleId = options.ruleId ?? 'medical_expense';
  const reasons = options.reasons ?? [{ kind: 'medical_expense', source: 'medical_insurance', occurredAt: '2026-11-03', amount: 12_345.5 }];
  await p.prisma.warning.create({
    data: {
      warningId,
      personId: person.personId,
      streetCode: person.streetCode,
      districtCode: person.streetCode.slice(0, 6),
      level,
      ruleId,
      status: 'open',
      raisedAt,
      verifyDueAt,
      escalationWindow: '48h',
      policyVersion: 'test-policy',
      importId,
    },
  });
  await p.prisma.warningReason.createMany({
    data: reasons.map((r, recordIndex) => ({
      ruleId,
      importId,
      recordIndex,
      personId: person.personId,
      warningId,
      level,
      kind: r.kind,
      source: r.source,
      occurredAt: new Date(`${r.occurredAt}T00:00:00+08:00`),
      amountEnc: r.amount === undefined ? null : p.pii.encrypt(String(r.amount)),
    })),
  });
  const clock: WarningClockInput = { warningId, verifyDueAt: verifyDueAt.toISOString(), cityDueAt: cityDueAt.toISOString() };
  if (!options.withoutClock) await startWarningClock(p, clock);
  return { warningId, personId: person.personId, clock };
}

/** Exactly the import's call (§8 integration): one clock per warning, its id from the warning's. */
export async function startWarningClock(p: Pick<TestPlatform, 'client' | 'taskQueue'>, clock: WarningClockInput): Promise<void> {
  await p.client.workflow.start(WARNING_WORKFLOW_TYPE, {
    workflowId: warningWorkflowId(clock.warningId),
    taskQueue: p.taskQueue,
    args: [clock],
  });
}
