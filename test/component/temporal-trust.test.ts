// §14 item 5: the case workflow trusts only what the platform's API sent. Someone who reaches the
// Temporal frontend directly — without PII_KEY — used to act as a city officer by sending an Update
// with any actor; someone who copied an encrypted Update could send it to another case; field rules
// held only at the API. Each attack below was accepted before and is refused now, the case unchanged
// and still working (a refused payload must never wedge the workflow).
import { randomUUID } from 'node:crypto';
import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { issuedFor } from '../../clients/case-client';
import { FAILURE_CONVERTER_PATH, PiiPayloadCodec } from '../../runtime/codec';
import type { CaseView } from '../../domain/case-types';
import { actionUpdate, calendarUpdatedSignal, CASE_WORKFLOW_TYPE, caseViewQuery, reportUpdate } from '../../workflows/definitions';
import { act, actor, caseworker, eventually, makeReport, openTestCase, view, type CaseRef } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';

let p: TestPlatform;
/**
 * A client of the same Temporal frontend that sends plain payloads: what an intruder without PII_KEY
 * has. Only so that the test can read the refusal's type, it decodes the (encrypted) answers.
 */
let intruder: Client;

beforeAll(async () => {
  p = await startTestPlatform({ withoutApi: true });
  const reader = PiiPayloadCodec.fromSpec(p.config.piiKey, { plaintext: 'pass' });
  const sendsPlain: PayloadCodec = { encode: async (payloads) => payloads, decode: (payloads) => reader.decode(payloads) };
  intruder = new Client({
    connection: p.client.connection,
    namespace: p.config.temporalNamespace,
    dataConverter: { payloadCodecs: [sendsPlain], failureConverterPath: FAILURE_CONVERTER_PATH },
  });
});

afterAll(async () => {
  await p?.stop();
});

const cityOfficer = actor('city_officer', '440100');

/** The failure type of a refused Update; fails the test when the Update was accepted. */
async function refusal(sent: Promise<unknown>): Promise<string> {
  try {
    await sent;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return (err.cause as { type?: string }).type ?? 'unknown';
    throw err;
  }
  throw new Error('the Update was accepted');
}

async function unchanged(ref: CaseRef, before: CaseView): Promise<void> {
  const now = await view(p, ref);
  expect({ stage: now.stage, events: now.events.length }).toEqual({ stage: before.stage, events: before.events.length });
  // Still working: the platform's own action goes through at once.
  await expect(act(p, ref, { type: 'accept' })).resolves.toMatchObject({ stage: 'verifying' });
}

test('an unencrypted Update with a city officer as actor is refused, and the case goes on', async () => {
  const ref = await openTestCase(p);
  const before = await view(p, ref);
  const close = { caseId: ref.caseId, action: { type: 'close', reason: 'closed by an intruder' }, actor: cityOfficer };
  const sent = intruder.workflow.getHandle(ref.workflowId).executeUpdate(actionUpdate, {
    args: [{ ...close, issued: issuedFor(ref.workflowId) } as never],
  });
  expect(await refusal(sent)).toBe('UNTRUSTED_UPDATE');
  await unchanged(ref, before);
});

test('an unencrypted report is refused, and an unencrypted start fails that workflow without a case', async () => {
  const ref = await openTestCase(p);
  const before = await view(p, ref);
  const report = makeReport({ streetCode: '440104001' });
  const attach = intruder.workflow.getHandle(ref.workflowId).executeUpdate(reportUpdate, {
    args: [{ report, issued: issuedFor(ref.workflowId) }],
  });
  expect(await refusal(attach)).toBe('UNTRUSTED_UPDATE');

  const workflowId = `case-intruder-${randomUUID()}`;
  const opened = intruder.workflow.executeUpdateWithStart(reportUpdate, {
    args: [{ report, issued: issuedFor(workflowId) }],
    startWorkflowOperation: new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: p.taskQueue,
      args: [{ caseId: `c-${randomUUID()}`, policy: p.policy }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  await expect(opened).rejects.toThrow();
  const status = await eventually(async () => {
    const name = (await intruder.workflow.getHandle(workflowId).describe()).status.name;
    return name === 'RUNNING' ? undefined : name;
  });
  expect(status).toBe('FAILED');
  expect(await p.prisma.case.count({ where: { workflowId } })).toBe(0);
  await unchanged(ref, before);
});

test('an unencrypted signal is dropped', async () => {
  const ref = await openTestCase(p);
  const before = await view(p, ref);
  await intruder.workflow.getHandle(ref.workflowId).signal(calendarUpdatedSignal, { calendar: { years: { 2026: 'junk' } } } as never);
  // The signal is in history before the query answers: the workflow handled (dropped) it.
  await p.client.workflow.getHandle(ref.workflowId).query(caseViewQuery);
  await unchanged(ref, before);
});

test('an encrypted Update issued for another case, or long ago, is refused', async () => {
  const ref = await openTestCase(p);
  const other = await openTestCase(p);
  const before = await view(p, ref);
  const handle = p.client.workflow.getHandle(ref.workflowId);
  const close = { caseId: ref.caseId, action: { type: 'close' as const, reason: 'copied' }, actor: caseworker() };
  expect(await refusal(handle.executeUpdate(actionUpdate, { args: [{ ...close, issued: issuedFor(other.workflowId) }] }))).toBe(
    'UNTRUSTED_UPDATE',
  );
  const stale = { workflowId: ref.workflowId, at: new Date(Date.now() - 10 * 60_000).toISOString() };
  expect(await refusal(handle.executeUpdate(actionUpdate, { args: [{ ...close, issued: stale }] }))).toBe('UNTRUSTED_UPDATE');
  expect(await refusal(handle.executeUpdate(actionUpdate, { args: [close] }))).toBe('INVALID_ACTION');
  await unchanged(ref, before);
});

test('fields the API would refuse are refused by the workflow too, naming the field', async () => {
  const ref = await openTestCase(p);
  const before = await view(p, ref);
  const handle = p.client.workflow.getHandle(ref.workflowId);
  const send = (update: object) =>
    handle.executeUpdate(actionUpdate, { args: [{ ...update, issued: issuedFor(ref.workflowId) } as never] });
  const visit = { type: 'record-visit', visitedAt: new Date().toISOString(), findings: 'x'.repeat(4001) };
  const cases = [
    { update: { caseId: ref.caseId, action: visit, actor: caseworker() }, field: 'action.findings' },
    { update: { caseId: ref.caseId, action: { type: 'accept' }, actor: { ...cityOfficer, role: 'mayor' } }, field: 'actor.role' },
    { update: { caseId: ref.caseId, action: { type: 'grant-emergency-aid', amount: -5 }, actor: caseworker() }, field: 'action.amount' },
  ];
  for (const { update, field } of cases) {
    const err = await send(update).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
    expect({ type: cause.type, names: cause.message.includes(field) }).toEqual({ type: 'INVALID_ACTION', names: true });
  }
  await unchanged(ref, before);
});
