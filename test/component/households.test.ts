// Households and the family file (DESIGN.md §7) on the real stack: one open case per household (also
// under parallel reports), a report never overwriting the recorded identity, unidentified subjects and
// identify-subject, the visit's composition with possible duplicates and merge-into, the family file,
// the person look-up, the reporter's own list, and the §14 answer for a case outside the caller's scope.
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { startTestPlatform, type TestPlatform } from '../support/harness';

let p: TestPlatform;

// Liwan district belongs to this file.
const STREET = '440103001';
const OTHER_STREET = '440103002';
const DISTRICT = '440103';

const token = (role: Role, jurisdiction: string) => p.tokenFor(role, jurisdiction);

let serial = 0;
function newIdNumber(birth = '19560412'): string {
  serial += 1;
  const seq = String((Date.now() + serial * 7919) % 1000).padStart(3, '0');
  return makeIdNumber('440103', `${birth.slice(0, 6)}${String(1 + ((serial + Number(birth.slice(6))) % 28)).padStart(2, '0')}`, seq);
}

async function report(body: Record<string, unknown>, as: [Role, string] = ['hotline', '440100'], key?: string) {
  const req = request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${await token(...as)}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

function reportAbout(idNumber: string, name: string, extra: Record<string, unknown> = {}, streetCode = STREET) {
  return {
    channel: 'hotline',
    subject: { idNumber, name, streetCode, ...((extra.subject as object) ?? {}) },
    situation: { summary: (extra.summary as string) ?? '独居老人，行动不便，家中无人照料' },
    ...(extra.household ? { household: extra.household } : {}),
    ...(extra.reporter ? { reporter: extra.reporter } : {}),
  };
}

const get = async (path: string, role: Role, jurisdiction: string) =>
  request(p.app)
    .get(path)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);
const act = async (caseId: string, action: Record<string, unknown>, as: [Role, string] = ['caseworker', STREET]) =>
  request(p.app)
    .post(`/api/v1/cases/${caseId}/actions`)
    .set('Authorization', `Bearer ${await token(...as)}`)
    .send(action);
const lookup = async (idNumber: string, as: [Role, string] = ['caseworker', STREET]) =>
  request(p.app)
    .post('/api/v1/persons/lookup')
    .set('Authorization', `Bearer ${await token(...as)}`)
    .send({ idNumber });

beforeAll(async () => {
  p = await startTestPlatform();
});

afterAll(async () => {
  await p?.stop();
});

describe('one open case per household', () => {
  it('attaches a report about a member of the household to its open case (attachedVia household)', async () => {
    const mother = newIdNumber('19480301');
    const son = newIdNumber('19750615');
    const opened = await report(
      reportAbout(mother, '陈秀兰', {
        household: { members: [{ idNumber: son, name: '李建国', relation: 'child', monthlyIncome: 1200 }] },
      }),
    );
    expect(opened.status).toBe(201);
    expect(opened.body.householdId).toMatch(/^h-/);

    const aboutSon = await report(reportAbout(son, '李建国', { summary: '儿子失业，无力照顾母亲' }));
    expect(aboutSon.status).toBe(200);
    expect(aboutSon.body).toMatchObject({
      caseId: opened.body.caseId,
      created: false,
      attachedVia: 'household',
      householdId: opened.body.householdId,
    });

    const again = await report(reportAbout(mother, '陈秀兰'));
    expect(again.body).toMatchObject({ caseId: opened.body.caseId, attachedVia: 'person' });

    const file = await get(`/api/v1/cases/${opened.body.caseId}`, 'caseworker', STREET);
    expect(file.status).toBe(200);
    expect(file.body.householdId).toBe(opened.body.householdId);
    expect(file.body.reports.map((r: { summary: string }) => r.summary)).toEqual([
      '独居老人，行动不便，家中无人照料',
      '儿子失业，无力照顾母亲',
      '独居老人，行动不便，家中无人照料',
    ]);
    expect(file.body.reports[0]).toMatchObject({ channel: 'hotline', filedBy: 'hl-440100', identityDiffers: [] });
    // The audit trail names the user who filed each report.
    const reportEvents = file.body.events.filter((e: { type: string }) => e.type === 'reported' || e.type === 'report-attached');
    expect(reportEvents.map((e: { actorId: string }) => e.actorId)).toEqual(['hl-440100', 'hl-440100', 'hl-440100']);
  });

  it('ends two reports about two members of a known household, sent at the same instant, in one case', async () => {
    const wife = newIdNumber('19620220');
    const husband = newIdNumber('19600108');
    const first = await report(
      reportAbout(wife, '王美华', { household: { members: [{ idNumber: husband, name: '赵大成', relation: 'spouse' }] } }),
    );
    expect(first.status).toBe(201);
    // The household is known; its case is closed, so the next report opens a new one.
    expect((await act(first.body.caseId, { type: 'close', reason: '已核实情况好转' })).status).toBe(200);

    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([
        report(reportAbout(wife, '王美华', { summary: `第${round}次：妻子突发重病` })),
        report(reportAbout(husband, '赵大成', { summary: `第${round}次：丈夫无人照料` })),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.caseId).toBe(b.body.caseId);
      expect(a.body.householdId).toBe(first.body.householdId);
      expect((await act(a.body.caseId, { type: 'close', reason: '本轮测试结束' })).status).toBe(200);
    }
    const cases = await p.prisma.case.findMany({ where: { workflowId: `case-${(first.body.householdId as string).slice(2)}` } });
    expect(cases).toHaveLength(4);
  });
});

describe('identity', () => {
  it('never overwrites who the person is: a different name and phone are kept with the report and flagged', async () => {
    const idNumber = newIdNumber('19530909');
    const opened = await report(reportAbout(idNumber, '黄秀英', { subject: { phone: '13912345678' } }));
    expect(opened.status).toBe(201);
    const later = await report(reportAbout(idNumber, '黄秀瑛', { subject: { phone: '13800001111', address: '多宝路8号' } }));
    expect(later.status).toBe(200);

    const file = await get(`/api/v1/cases/${opened.body.caseId}`, 'caseworker', STREET);
    expect(file.body.subject).toMatchObject({ name: '黄秀英', phoneMasked: '139****5678', address: '多宝路8号' });
    expect(file.body.reports[1]).toMatchObject({ identityDiffers: ['name', 'phone'], claimed: { name: '黄秀瑛', phone: '138****1111' } });
    expect(file.body.reports[0].identityDiffers).toEqual([]);
  });

  it('opens a case for an unidentified person and records the identity later with identify-subject', async () => {
    const found = await report({
      channel: 'grid',
      subject: { unidentified: true, description: '男性，约60岁，在公园长椅上发现，神志不清', streetCode: STREET },
      situation: { summary: '流浪人员，夜间低温', urgentFlags: ['critical_illness'] },
    });
    expect(found.status).toBe(201);
    const caseId = found.body.caseId as string;
    let file = await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET);
    expect(file.body.subject).toMatchObject({
      unidentified: true,
      idNumberMasked: null,
      description: '男性，约60岁，在公园长椅上发现，神志不清',
    });

    const missing = await report({ channel: 'grid', subject: { streetCode: STREET, name: 'x' }, situation: { summary: 'y' } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: 'subject.idNumber', message: expect.stringMatching(/unidentified/) }]);

    const idNumber = newIdNumber('19640505');
    const badId = await act(caseId, {
      type: 'identify-subject',
      idNumber: idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'),
      name: '张三',
    });
    expect(badId.status).toBe(422);
    expect(badId.body.errors[0].path).toBe('idNumber');

    const identified = await act(caseId, { type: 'identify-subject', idNumber, name: '张国强' });
    expect(identified.status).toBe(200);
    expect(identified.body.subject).toMatchObject({
      unidentified: false,
      name: '张国强',
      idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`,
    });
    expect(identified.body.events.at(-1)).toMatchObject({ type: 'identify-subject' });
    expect(JSON.stringify(identified.body.events)).not.toContain(idNumber);

    const twice = await act(caseId, { type: 'identify-subject', idNumber: newIdNumber(), name: '李四' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SUBJECT_ALREADY_IDENTIFIED');

    // A later report with the number now finds the case.
    const byNumber = await report(reportAbout(idNumber, '张国强'));
    expect(byNumber.body).toMatchObject({ caseId, attachedVia: 'person' });
    file = await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET);
    expect(file.body.reports).toHaveLength(2);
  });

  it('refuses identify-subject with the ID number of an open case outside the caller’s scope, changing nothing', async () => {
    const elsewhere = newIdNumber('19700101');
    expect((await report(reportAbout(elsewhere, '周某', {}, '440106001'))).status).toBe(201);
    const found = await report({
      channel: 'grid',
      subject: { unidentified: true, description: '女性，约50岁', streetCode: STREET },
      situation: { summary: '在车站滞留' },
    });
    const refused = await act(found.body.caseId, { type: 'identify-subject', idNumber: elsewhere, name: '周某' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IDENTITY_HAS_OPEN_CASE');
    const file = await get(`/api/v1/cases/${found.body.caseId}`, 'caseworker', STREET);
    expect(file.body.subject.unidentified).toBe(true);
    expect(file.body.events.map((e: { type: string }) => e.type)).not.toContain('identify-subject');
  });
});

describe('the visit, possible duplicates and merge-into', () => {
  it('replaces the composition, lists a member with another open case as a possible duplicate, and merges', async () => {
    const grandmother = newIdNumber('19400707');
    const grandson = newIdNumber('20100303');
    const household = await report(reportAbout(grandmother, '刘阿婆'));
    const grandsonCase = await report(reportAbout(grandson, '刘小明', { summary: '留守儿童，父母在外务工' }));
    expect(grandsonCase.body.caseId).not.toBe(household.body.caseId);
    const caseId = household.body.caseId as string;
    expect((await act(caseId, { type: 'accept' })).status).toBe(200);

    const visit = (members: unknown[]) =>
      act(caseId, {
        type: 'record-visit',
        visitedAt: new Date(Date.now() - 60_000).toISOString(),
        findings: '祖孙二人同住，孙子由祖母照看',
        investigators: ['cw-440103001', 'ss-440103001'],
        householdMembers: members,
      });

    // Bad members change nothing: a wrong check digit, a relation outside the list.
    const wrong = grandson.slice(0, 17) + (grandson[17] === '3' ? '4' : '3');
    const bad = await visit([
      { idNumber: wrong, name: '刘小明', relation: 'grandchild' },
      { name: '刘某', relation: 'cousin' },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['householdMembers.1.relation']);
    const badId = await visit([{ idNumber: wrong, name: '刘小明', relation: 'grandchild' }]);
    expect(badId.status).toBe(422);
    expect(badId.body.errors).toEqual([{ path: 'householdMembers.0.idNumber', message: expect.stringMatching(/check digit/) }]);
    expect((await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET)).body.events.map((e: { type: string }) => e.type)).not.toContain(
      'record-visit',
    );

    const visited = await visit([
      { idNumber: grandmother, name: '刘阿婆', relation: 'self', disability: true },
      { idNumber: grandson, name: '刘小明', relation: 'grandchild' },
      { name: '刘小红', relation: 'grandchild', birthDate: '2014-09-01' },
    ]);
    expect(visited.status).toBe(200);
    expect(visited.body.events.at(-1)).toMatchObject({ type: 'record-visit', details: { householdSize: 3, householdMemberCount: 3 } });
    expect(JSON.stringify(visited.body.events)).not.toContain('刘小明');
    expect(visited.body.possibleDuplicates).toEqual([
      { caseId: grandsonCase.body.caseId, reason: expect.stringMatching(/another open case/) },
    ]);
    const other = await get(`/api/v1/cases/${grandsonCase.body.caseId}`, 'caseworker', STREET);
    expect(other.body.possibleDuplicates).toEqual([{ caseId, reason: expect.any(String) }]);
    const notices = await p.prisma.notification.findMany({ where: { kind: 'possible-duplicate', recipientId: 'ss-440103001', caseId } });
    expect(notices).toHaveLength(1);

    // The same visit again changes neither the membership nor the notices.
    const membersBefore = await p.prisma.householdMember.count({ where: { householdId: household.body.householdId } });
    expect(
      (
        await visit([
          { idNumber: grandmother, name: '刘阿婆', relation: 'self', disability: true },
          { idNumber: grandson, name: '刘小明', relation: 'grandchild' },
          { name: '刘小红', relation: 'grandchild', birthDate: '2014-09-01' },
        ])
      ).status,
    ).toBe(200);
    expect(await p.prisma.householdMember.count({ where: { householdId: household.body.householdId } })).toBe(membersBefore);
    expect(await p.prisma.notification.count({ where: { kind: 'possible-duplicate', recipientId: 'ss-440103001', caseId } })).toBe(1);

    // The grandson now lives with his grandmother: a new report about him attaches to her case.
    const later = await report(reportAbout(grandson, '刘小明', { summary: '学校反映孩子营养不良' }));
    expect(later.body).toMatchObject({ caseId, attachedVia: 'household' });

    // A caseworker may not merge; a supervisor merges into a case of the same street only.
    expect((await act(grandsonCase.body.caseId, { type: 'merge-into', targetCaseId: caseId, reason: '同一家庭' })).status).toBe(403);
    const elsewhere = await report(reportAbout(newIdNumber(), '某人', {}, OTHER_STREET));
    const across = await act(grandsonCase.body.caseId, { type: 'merge-into', targetCaseId: elsewhere.body.caseId, reason: '同一家庭' }, [
      'district_officer',
      DISTRICT,
    ]);
    expect(across.status).toBe(422);
    expect(across.body.errors).toEqual([{ path: 'targetCaseId', message: expect.stringMatching(/transfer one of them first/) }]);

    const merged = await act(grandsonCase.body.caseId, { type: 'merge-into', targetCaseId: caseId, reason: '同一家庭，并入祖母案件' }, [
      'street_supervisor',
      STREET,
    ]);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ stage: 'closed', mergedInto: caseId });
    const target = await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET);
    expect(target.body.possibleDuplicates).toEqual([]);
    expect(target.body.mergedCases).toEqual([expect.objectContaining({ caseId: grandsonCase.body.caseId })]);
    expect(target.body.reports.map((r: { summary: string; caseId: string }) => [r.caseId === caseId, r.summary])).toEqual([
      [true, '独居老人，行动不便，家中无人照料'],
      [false, '留守儿童，父母在外务工'],
      [true, '学校反映孩子营养不良'],
    ]);
    const reopen = await act(grandsonCase.body.caseId, { type: 'reopen', reason: '误合并' }, ['street_supervisor', STREET]);
    expect(reopen.status).toBe(409);
    expect(reopen.body.code).toBe('CASE_MERGED');

    // The family file: members current and past, the cases, the timeline; scoped like cases.
    const family = await get(`/api/v1/households/${household.body.householdId}`, 'caseworker', STREET);
    expect(family.status).toBe(200);
    expect(
      family.body.members
        .filter((m: { current: boolean }) => m.current)
        .map((m: { name: string; relation: string }) => [m.name, m.relation]),
    ).toEqual([
      ['刘阿婆', 'self'],
      ['刘小明', 'grandchild'],
      ['刘小红', 'grandchild'],
    ]);
    expect(family.body.cases.map((c: { caseId: string; outcome?: string }) => [c.caseId, c.outcome ?? null])).toEqual(
      expect.arrayContaining([
        [caseId, null],
        [grandsonCase.body.caseId, 'merged'],
      ]),
    );
    expect(family.body.timeline.map((t: { kind: string }) => t.kind)).toContain('member-joined');
    expect((await get(`/api/v1/households/${household.body.householdId}`, 'caseworker', OTHER_STREET)).status).toBe(404);
    expect((await get(`/api/v1/households/${household.body.householdId}`, 'hotline', '440100')).status).toBe(403);
    const logged = await p.prisma.accessLog.findMany({ where: { kind: 'family-file', subjectRef: household.body.householdId } });
    expect(logged).toHaveLength(1);
  });
});

describe('look-up, own reports and scope', () => {
  it('finds a person by exact ID number in scope only, and logs each look-up', async () => {
    const idNumber = newIdNumber('19580808');
    const opened = await report(reportAbout(idNumber, '孙某'));
    const found = await lookup(idNumber);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      personId: expect.stringMatching(/^p-/),
      householdId: opened.body.householdId,
      openCaseId: opened.body.caseId,
    });
    expect((await lookup(idNumber, ['caseworker', OTHER_STREET])).status).toBe(404);
    expect((await lookup(newIdNumber())).status).toBe(404);
    const malformed = await lookup('12345');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0].path).toBe('idNumber');
    expect((await lookup(idNumber, ['reporter', STREET])).status).toBe(403);
    const rows = await p.prisma.accessLog.findMany({ where: { kind: 'lookup', personId: found.body.personId } });
    expect(rows).toEqual([expect.objectContaining({ userId: 'cw-440103001', districtCode: DISTRICT })]);
    expect(JSON.stringify(rows.map((r) => ({ ...r, id: String(r.id) })))).not.toContain(idNumber);
  });

  it('answers a report about a case outside the caller’s scope with 202 {received: true} and attaches it', async () => {
    const idNumber = newIdNumber('19660606');
    const opened = await report(reportAbout(idNumber, '吴某', {}, OTHER_STREET));
    const fromOtherStreet = await report(reportAbout(idNumber, '吴某', { summary: '邻居反映老人多日未出门' }), ['reporter', STREET]);
    expect(fromOtherStreet.status).toBe(202);
    expect(fromOtherStreet.body).toEqual({ received: true });
    const file = await get(`/api/v1/cases/${opened.body.caseId}`, 'caseworker', OTHER_STREET);
    expect(file.body.reports.map((r: { summary: string }) => r.summary)).toContain('邻居反映老人多日未出门');
    // The owning street hears of it at once (§14): its supervisors, while nobody is assigned.
    const told = await p.prisma.notification.findMany({ where: { caseId: opened.body.caseId, kind: 'new-report', channel: 'in_app' } });
    expect(told.map((n) => n.recipientId)).toEqual(['ss-440103002']);

    // The reporter's own list shows the stage and nothing about the person.
    const mine = await get('/api/v1/me/reports?limit=1', 'reporter', STREET);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      { reportId: expect.any(String), receivedAt: expect.any(String), channel: 'hotline', stage: 'reported' },
    ]);
    expect((await get('/api/v1/me/reports?cursor=bogus', 'reporter', STREET)).status).toBe(422);
  });
});
