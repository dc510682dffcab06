// Unit tests for the Guangzhou jurisdiction tree (domain/jurisdictions.ts) and the deterministic seed
// staff (domain/seed-staff.ts): code shapes, lookups, role scoping and the deliberate staffing gaps.
import {
  CITY_CODE,
  GUANGZHOU,
  allJurisdictions,
  committeesOfStreet,
  districtCodes,
  districtOfStreet,
  findJurisdiction,
  isDistrictCode,
  isStreetCode,
  streetsOfDistrict,
  type JurisdictionNode,
} from '../../domain/jurisdictions';
import {
  COMMITTEES_WITHOUT_WORKER,
  SECOND_CASEWORKER_ABOVE,
  STREET_WITHOUT_CASEWORKER,
  findSeedUser,
  findSeedUserById,
  seedCommitteeWorkers,
  seedStaff,
} from '../../domain/seed-staff';

const EXPECTED_DISTRICTS: Record<string, [string, string]> = {
  '440103': ['荔湾区', 'Liwan'],
  '440104': ['越秀区', 'Yuexiu'],
  '440105': ['海珠区', 'Haizhu'],
  '440106': ['天河区', 'Tianhe'],
  '440111': ['白云区', 'Baiyun'],
  '440112': ['黄埔区', 'Huangpu'],
  '440113': ['番禺区', 'Panyu'],
  '440114': ['花都区', 'Huadu'],
  '440115': ['南沙区', 'Nansha'],
  '440117': ['从化区', 'Conghua'],
  '440118': ['增城区', 'Zengcheng'],
};

const all = allJurisdictions();
const streets = all.filter((n) => n.level === 'street');
const committees = all.filter((n) => n.level === 'committee');

describe('jurisdiction tree', () => {
  it('is rooted at Guangzhou 440100', () => {
    expect(CITY_CODE).toBe('440100');
    expect(GUANGZHOU).toMatchObject({ code: '440100', level: 'city', nameZh: '广州市', nameEn: 'Guangzhou', parentCode: null });
    expect(all[0]).toBe(GUANGZHOU);
    expect(all.filter((n) => n.level === 'city')).toHaveLength(1);
  });

  it('has the 11 districts with their national division codes and names', () => {
    expect(districtCodes()).toEqual(Object.keys(EXPECTED_DISTRICTS).sort());
    for (const [code, [zh, en]] of Object.entries(EXPECTED_DISTRICTS)) {
      expect(findJurisdiction(code)).toMatchObject({ code, level: 'district', nameZh: zh, nameEn: en, parentCode: '440100' });
    }
  });

  it('gives every district at least 3 streets with 9-digit codes under the district code', () => {
    for (const d of districtCodes()) {
      const ss = streetsOfDistrict(d);
      expect(ss.length).toBeGreaterThanOrEqual(3);
      for (const s of ss) {
        expect(s.code).toMatch(/^\d{9}$/);
        expect(s.code.startsWith(d)).toBe(true);
        expect(s.parentCode).toBe(d);
        expect(s.level).toBe('street');
        expect(s.nameZh).toMatch(/(街道|镇)$/);
        expect(s.nameEn).toMatch(/ (Jie|Zhen)$/);
        expect(Number.isInteger(s.populationInDifficulty)).toBe(true);
        expect(s.populationInDifficulty).toBeGreaterThanOrEqual(300);
        expect(s.populationInDifficulty).toBeLessThanOrEqual(6000);
      }
    }
  });

  it('includes the named sample streets', () => {
    expect(findJurisdiction('440104001')).toMatchObject({ nameZh: '北京街道', nameEn: 'Beijing Jie', parentCode: '440104' });
    const yuexiu = streetsOfDistrict('440104').map((s) => s.nameZh);
    expect(yuexiu).toEqual(expect.arrayContaining(['北京街道', '人民街道', '农林街道', '东山街道']));
    const tianhe = streetsOfDistrict('440106').map((s) => s.nameZh);
    expect(tianhe).toEqual(expect.arrayContaining(['石牌街道', '五山街道']));
  });

  it('gives every street 2–4 committees with 12-digit codes under the street code', () => {
    for (const s of streets) {
      expect(s.children.length).toBeGreaterThanOrEqual(2);
      expect(s.children.length).toBeLessThanOrEqual(4);
      for (const c of s.children) {
        expect(c.level).toBe('committee');
        expect(c.code).toMatch(/^\d{12}$/);
        expect(c.code.startsWith(s.code)).toBe(true);
        expect(c.parentCode).toBe(s.code);
        expect(c.children).toEqual([]);
        expect(c.populationInDifficulty).toBeUndefined();
        expect(c.nameZh).toMatch(/(社区居委会|村委会)$/);
        expect(c.nameEn).toMatch(/ (Community|Village)$/);
      }
    }
    expect(committees.length).toBe(streets.reduce((n, s) => n + s.children.length, 0));
  });

  it('has unique codes and lists parents before children', () => {
    const codes = all.map((n) => n.code);
    expect(new Set(codes).size).toBe(codes.length);
    const index = new Map(codes.map((c, i) => [c, i]));
    for (const n of all) {
      if (n.parentCode === null) continue;
      expect(index.get(n.parentCode)).toBeLessThan(index.get(n.code) as number);
    }
    const count = (n: JurisdictionNode): number => 1 + n.children.reduce((s, c) => s + count(c), 0);
    expect(all).toHaveLength(count(GUANGZHOU));
  });

  it('is deterministic and read-only', () => {
    expect(allJurisdictions().map((n) => n.code)).toEqual(all.map((n) => n.code));
    expect(Object.isFrozen(GUANGZHOU)).toBe(true);
    expect(Object.isFrozen(findJurisdiction('440104001'))).toBe(true);
    // Returned arrays are copies: mutating them does not affect the module.
    districtCodes().pop();
    expect(districtCodes()).toHaveLength(11);
  });
});

describe('jurisdiction lookups', () => {
  it('finds nodes by code', () => {
    expect(findJurisdiction('440100')).toBe(GUANGZHOU);
    expect(findJurisdiction('440113')?.nameEn).toBe('Panyu');
    expect(findJurisdiction('440104001001')?.level).toBe('committee');
    expect(findJurisdiction('440199')).toBeUndefined();
    expect(findJurisdiction('')).toBeUndefined();
  });

  it('recognises street and district codes', () => {
    expect(isStreetCode('440104001')).toBe(true);
    expect(isStreetCode('440104')).toBe(false);
    expect(isStreetCode('440104999')).toBe(false);
    expect(isStreetCode('440104001001')).toBe(false);
    expect(isStreetCode('abc')).toBe(false);
    expect(isDistrictCode('440118')).toBe(true);
    expect(isDistrictCode('440100')).toBe(false);
    expect(isDistrictCode('440104001')).toBe(false);
  });

  it('maps streets to districts and back', () => {
    for (const s of streets) {
      expect(districtOfStreet(s.code)).toBe(s.parentCode);
      expect(streetsOfDistrict(s.parentCode as string)).toContain(s);
    }
    expect(districtOfStreet('440104999')).toBeUndefined();
    expect(districtOfStreet('440104')).toBeUndefined();
    expect(streetsOfDistrict('440100')).toEqual([]);
    expect(streetsOfDistrict('440199')).toEqual([]);
  });

  it('lists a street’s committees', () => {
    expect(committeesOfStreet('440104001').map((c) => c.code)).toEqual(['440104001001', '440104001002', '440104001003', '440104001004']);
    expect(committeesOfStreet('440104')).toEqual([]);
  });
});

describe('seed staff', () => {
  const users = seedStaff();
  const streetLevel = new Set(['caseworker', 'street_supervisor', 'reporter']);
  const cityLevel = new Set(['city_officer', 'hotline', 'department']);

  it('has unique ids and is deterministic', () => {
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(seedStaff()).toEqual(users);
    for (const u of users) {
      expect(u.nameZh.length).toBeGreaterThanOrEqual(2);
      expect(u.nameEn).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });

  it('scopes every user to an existing jurisdiction of its role’s level', () => {
    for (const u of users) {
      const j = findJurisdiction(u.jurisdictionCode);
      expect(j).toBeDefined();
      if (streetLevel.has(u.role)) expect(j?.level).toBe('street');
      else if (u.role === 'district_officer') expect(j?.level).toBe('district');
      else if (cityLevel.has(u.role)) expect(u.jurisdictionCode).toBe('440100');
      else throw new Error(`unexpected role ${u.role}`);
    }
  });

  it('seeds the city and district users', () => {
    for (const [role, id] of [
      ['city_officer', 'co-440100'],
      ['hotline', 'hl-440100'],
      ['department', 'dp-440100'],
    ] as const) {
      expect(findSeedUser(role, '440100')?.id).toBe(id);
    }
    for (const d of districtCodes()) expect(findSeedUser('district_officer', d)?.id).toBe(`do-${d}`);
  });

  it('gives every street a supervisor and a reporter, and all but the documented one a caseworker', () => {
    expect(STREET_WITHOUT_CASEWORKER).toBe('440117005');
    expect(findJurisdiction(STREET_WITHOUT_CASEWORKER)).toMatchObject({ level: 'street', parentCode: '440117' });
    const withoutCaseworker = streets.filter((s) => !users.some((u) => u.role === 'caseworker' && u.jurisdictionCode === s.code));
    expect(withoutCaseworker.map((s) => s.code)).toEqual(['440117005']);
    for (const s of streets) {
      expect(findSeedUser('street_supervisor', s.code)?.id).toBe(`ss-${s.code}`);
      expect(findSeedUser('reporter', s.code)?.id).toBe(`rp-${s.code}`);
      if (s.code !== STREET_WITHOUT_CASEWORKER) expect(findSeedUser('caseworker', s.code)?.id).toBe(`cw-${s.code}`);
    }
  });

  it('gives a few high-population streets a second caseworker', () => {
    const second = users.filter((u) => u.id.endsWith('-2'));
    expect(second.length).toBeGreaterThanOrEqual(2);
    expect(second.length).toBeLessThanOrEqual(6);
    for (const u of second) {
      expect(u.role).toBe('caseworker');
      expect(u.id).toBe(`cw-${u.jurisdictionCode}-2`);
      expect(findJurisdiction(u.jurisdictionCode)?.populationInDifficulty).toBeGreaterThan(SECOND_CASEWORKER_ABOVE);
    }
  });

  it('marks only caseworkers as full-time assistance workers', () => {
    for (const u of users) expect(u.fullTimeAssistance).toBe(u.role === 'caseworker');
  });

  it('finds the caseworker of 440104001', () => {
    expect(findSeedUser('caseworker', '440104001')).toMatchObject({
      id: 'cw-440104001',
      role: 'caseworker',
      jurisdictionCode: '440104001',
      fullTimeAssistance: true,
    });
    expect(findSeedUser('caseworker', '440104')).toBeUndefined();
    expect(findSeedUser('caseworker', STREET_WITHOUT_CASEWORKER)).toBeUndefined();
    expect(findSeedUserById('do-440104')?.role).toBe('district_officer');
  });

  it('designates a worker for most committees, leaving the documented few without', () => {
    const workers = seedCommitteeWorkers();
    const covered = new Set(workers.map((w) => w.committeeCode));
    expect(covered.size).toBe(workers.length);
    for (const code of COMMITTEES_WITHOUT_WORKER) expect(findJurisdiction(code)?.level).toBe('committee');
    const uncovered = committees.filter((c) => !covered.has(c.code)).map((c) => c.code);
    expect(uncovered).toEqual([...COMMITTEES_WITHOUT_WORKER].sort());
    expect(uncovered.length).toBeGreaterThanOrEqual(3);
    expect(uncovered.length).toBeLessThanOrEqual(8);
    for (const w of workers) {
      const u = users.find((x) => x.id === w.userId);
      expect(u).toBeDefined();
      expect(u?.jurisdictionCode).toBe(findJurisdiction(w.committeeCode)?.parentCode);
    }
  });
});
