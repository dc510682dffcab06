// Unit tests of the referral rules of organisations and projects and of the ranking of matches for a case
// (domain/organisations.ts, domain/matching.ts, DESIGN.md §10).
import { MATCH_REASON_LABELS, rankMatches, type MatchCandidate, type MatchCase } from '../../domain/matching';
import { isProjectActive, referralProblem, shanghaiToday, type ProjectTerms } from '../../domain/organisations';
import { createProjectBodySchema, createOrganisationBodySchema } from '../../api/organisations/schemas';

const TODAY = '2026-12-02';
const YUEXIU = '440104';
const HAIZHU = '440105';

function project(over: Partial<ProjectTerms> & Pick<ProjectTerms, 'projectId' | 'organisationId'>): ProjectTerms {
  return { services: ['medical'], budgetFen: 1_000_000, remainingFen: 1_000_000, startsAt: '2026-01-01', ...over };
}

function org(over: Partial<MatchCandidate> & Pick<MatchCandidate, 'organisationId'>): MatchCandidate {
  return { services: ['medical'], districts: [YUEXIU, HAIZHU], projects: [], ...over };
}

const medicalCase: MatchCase = { districtCode: YUEXIU, assistanceTypes: [], categories: [], urgentFlags: ['critical_illness'] };

describe('isProjectActive and shanghaiToday', () => {
  it('counts both the first and the last day, and an open-ended project from its first day on', () => {
    expect(isProjectActive({ startsAt: TODAY, endsAt: TODAY }, TODAY)).toBe(true);
    expect(isProjectActive({ startsAt: '2026-12-03' }, TODAY)).toBe(false);
    expect(isProjectActive({ startsAt: '2026-01-01', endsAt: '2026-12-01' }, TODAY)).toBe(false);
    expect(isProjectActive({ startsAt: '2020-01-01' }, TODAY)).toBe(true);
  });

  it('is the Asia/Shanghai date: 16:00 UTC is already the next day there', () => {
    expect(shanghaiToday(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(shanghaiToday(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });
});

describe('referralProblem', () => {
  const charity = { organisationId: 'org-a', districts: [YUEXIU] };

  it('accepts an organisation serving the district, with or without a running project with budget left', () => {
    expect(referralProblem(charity, null, YUEXIU, TODAY)).toBeNull();
    expect(referralProblem(charity, project({ projectId: 'p1', organisationId: 'org-a' }), YUEXIU, TODAY)).toBeNull();
  });

  it('refuses each case with its own code and field', () => {
    expect(referralProblem(charity, null, HAIZHU, TODAY)).toMatchObject({
      code: 'ORGANISATION_NOT_SERVING_DISTRICT',
      path: 'organisationId',
    });
    expect(referralProblem(charity, project({ projectId: 'p1', organisationId: 'org-b' }), YUEXIU, TODAY)).toMatchObject({
      code: 'PROJECT_NOT_OF_ORGANISATION',
      path: 'projectId',
    });
    expect(referralProblem(charity, project({ projectId: 'p1', organisationId: 'org-a', remainingFen: 0 }), YUEXIU, TODAY)).toMatchObject({
      code: 'PROJECT_BUDGET_EXHAUSTED',
      path: 'projectId',
    });
    const ended = referralProblem(charity, project({ projectId: 'p1', organisationId: 'org-a', endsAt: '2026-11-30' }), YUEXIU, TODAY);
    expect(ended).toMatchObject({ code: 'PROJECT_NOT_ACTIVE', path: 'projectId' });
    expect(ended?.message).toContain('ended on 2026-11-30');
    const early = referralProblem(charity, project({ projectId: 'p1', organisationId: 'org-a', startsAt: '2027-01-01' }), YUEXIU, TODAY);
    expect(early?.message).toContain('starts on 2027-01-01');
  });

  it('checks the district before the project', () => {
    const bad = project({ projectId: 'p1', organisationId: 'org-b', remainingFen: 0 });
    expect(referralProblem(charity, bad, HAIZHU, TODAY)?.code).toBe('ORGANISATION_NOT_SERVING_DISTRICT');
  });
});

describe('rankMatches', () => {
  it('leaves out organisations not serving the district and projects ended, not started or without budget', () => {
    const items = rankMatches(
      medicalCase,
      [
        org({ organisationId: 'org-elsewhere', districts: [HAIZHU] }),
        org({
          organisationId: 'org-a',
          projects: [
            project({ projectId: 'p-ended', organisationId: 'org-a', endsAt: '2026-11-30' }),
            project({ projectId: 'p-later', organisationId: 'org-a', startsAt: '2027-01-01' }),
            project({ projectId: 'p-empty', organisationId: 'org-a', remainingFen: 0 }),
            project({ projectId: 'p-running', organisationId: 'org-a' }),
          ],
        }),
      ],
      TODAY,
    );
    expect(items.map((m) => [m.organisationId, m.projectId])).toEqual([
      ['org-a', 'p-running'],
      ['org-a', undefined],
    ]);
  });

  it('scores services needed, a local organisation and a project’s budget left, with the reasons as codes and labels', () => {
    const items = rankMatches(
      { districtCode: YUEXIU, assistanceTypes: ['temporary'], categories: ['medical', 'elderly'], urgentFlags: [] },
      [
        org({ organisationId: 'org-city', services: ['medical', 'temporary'], districts: [YUEXIU, HAIZHU] }),
        org({
          organisationId: 'org-local',
          services: ['temporary'],
          districts: [YUEXIU],
          projects: [project({ projectId: 'p-half', organisationId: 'org-local', services: ['temporary'], remainingFen: 500_000 })],
        }),
        org({ organisationId: 'org-none', services: ['housing'] }),
      ],
      TODAY,
    );
    expect(items.map((m) => [m.organisationId, m.projectId ?? null, m.score])).toEqual([
      ['org-city', null, 60],
      ['org-local', 'p-half', 55],
      ['org-local', null, 40],
      ['org-none', null, 0],
    ]);
    expect(items[0].reasons).toEqual([
      { code: 'serves-district', label: '服务本区' },
      { code: 'service-match', service: 'temporary', label: '服务对口：临时救助' },
      { code: 'service-match', service: 'medical', label: '服务对口：医疗救助' },
    ]);
    expect(items[1].reasons.map((r) => r.code)).toEqual([
      'serves-district',
      'local-organisation',
      'service-match',
      'project-active',
      'budget-left',
    ]);
    expect(items[1].reasons.at(-1)).toEqual({ code: 'budget-left', label: '项目尚有余额', remaining: 5000 });
    expect(items[3].reasons).toEqual([
      { code: 'serves-district', label: '服务本区' },
      { code: 'no-service-match', label: '服务不对口' },
    ]);
    for (const m of items) for (const r of m.reasons) expect(r.label.startsWith(MATCH_REASON_LABELS[r.code])).toBe(true);
  });

  it('derives needs from urgent flags: a critically ill person needs medical aid, a disaster its relief', () => {
    const items = rankMatches(
      { districtCode: YUEXIU, assistanceTypes: [], categories: [], urgentFlags: ['critical_illness', 'disaster', 'minor_unattended'] },
      [org({ organisationId: 'org-a', services: ['medical', 'disaster'] })],
      TODAY,
    );
    expect(items[0].reasons.filter((r) => r.code === 'service-match').map((r) => r.service)).toEqual(['medical', 'disaster']);
  });

  it('with no known needs lists every candidate without a service reason', () => {
    const items = rankMatches({ ...medicalCase, urgentFlags: [] }, [org({ organisationId: 'org-a' })], TODAY);
    expect(items).toEqual([{ organisationId: 'org-a', score: 0, reasons: [{ code: 'serves-district', label: '服务本区' }] }]);
  });

  it('breaks ties by organisation id, then project id, whatever the input order', () => {
    const candidates = [
      org({ organisationId: 'org-b' }),
      org({
        organisationId: 'org-a',
        services: [],
        projects: [
          project({ projectId: 'p-2', organisationId: 'org-a', services: [] }),
          project({ projectId: 'p-1', organisationId: 'org-a', services: [] }),
        ],
      }),
      org({ organisationId: 'org-c', services: ['medical'] }),
    ];
    const expected = [
      ['org-b', null],
      ['org-c', null],
      ['org-a', 'p-1'],
      ['org-a', 'p-2'],
      ['org-a', null],
    ];
    const order = (cs: MatchCandidate[]) => rankMatches(medicalCase, cs, TODAY).map((m) => [m.organisationId, m.projectId ?? null]);
    expect(order(candidates)).toEqual(expected);
    expect(order([...candidates].reverse())).toEqual(expected);
    const noNeeds = { ...medicalCase, urgentFlags: [] };
    const tied = rankMatches(noNeeds, [org({ organisationId: 'org-z' }), org({ organisationId: 'org-y' })], TODAY);
    expect(tied.map((m) => m.organisationId)).toEqual(['org-y', 'org-z']);
  });
});

describe('organisation and project schemas', () => {
  it('an organisation offers assistance types and a project ends no earlier than it starts', () => {
    const body = { name: '慈善会', kind: 'charity', services: ['medical'], districts: [YUEXIU], contact: { name: '张三' } };
    expect(createOrganisationBodySchema.safeParse(body).success).toBe(true);
    expect(createOrganisationBodySchema.safeParse({ ...body, services: ['counselling'] }).success).toBe(false);
    expect(createOrganisationBodySchema.safeParse({ ...body, kind: 'social_work' }).success).toBe(false);
    const p = { name: '助医项目', services: ['medical'], budget: 10000, startsAt: '2026-12-01' };
    expect(createProjectBodySchema.safeParse({ ...p, endsAt: '2026-12-01' }).success).toBe(true);
    const reversed = createProjectBodySchema.safeParse({ ...p, endsAt: '2026-11-30' });
    expect(reversed.success ? [] : reversed.error.issues.map((i) => i.path.join('.'))).toEqual(['endsAt']);
  });
});
