// Deterministic seed staff for development, tests and `npm run token`: one user per role per
// jurisdiction, designated committee workers, and deliberate staffing gaps for the 2000:1:1 statistics.
//
// Pure (no I/O, clock or randomness): safe inside a Temporal workflow sandbox. Built once at module load.
//
// Who is seeded, in this order (so `findSeedUser` finds the primary user first):
//   - city 440100: `co-440100` city_officer, `hl-440100` hotline, `dp-440100` department;
//   - each district, then its streets: `do-<district>` district_officer; for each street
//     `cw-<street>` caseworker (full-time assistance worker), `cw-<street>-2` a second caseworker
//     where populationInDifficulty > SECOND_CASEWORKER_ABOVE, `ss-<street>` street_supervisor,
//     `rp-<street>` reporter, then `cm-<committee>` for each committee that has a designated
//     assistance worker (a committee member: role `reporter`, scoped to the committee's street,
//     part-time, so fullTimeAssistance = false);
//   - gaps: STREET_WITHOUT_CASEWORKER (吕田镇, Conghua) has no caseworker at all, and the committees in
//     COMMITTEES_WITHOUT_WORKER have no designated worker.
import { ROLES, type Role } from './case-types';
import { CITY_CODE, GUANGZHOU, findJurisdiction, type JurisdictionLevel, type JurisdictionNode } from './jurisdictions';

export interface SeedUser {
  id: string;
  role: Role;
  jurisdictionCode: string;
  nameZh: string;
  nameEn: string;
  /** Counts toward the 2000:1:1 standard as a full-time assistance worker (caseworkers only). */
  fullTimeAssistance: boolean;
}

/** The roles of staff users scoped to a jurisdiction of the tree: all but an organisation's user (§10). */
export type StaffRole = Exclude<Role, 'organisation'>;
export const STAFF_ROLES = ROLES.filter((r): r is StaffRole => r !== 'organisation');

/** The jurisdiction level a user of each staff role is scoped to. */
export const ROLE_JURISDICTION_LEVEL: Readonly<Record<StaffRole, JurisdictionLevel>> = Object.freeze({
  caseworker: 'street',
  street_supervisor: 'street',
  reporter: 'street',
  district_officer: 'district',
  city_officer: 'city',
  hotline: 'city',
  department: 'city',
});

/** 吕田镇 Lütian Zhen (Conghua, remote mountain town): the one street with no caseworker. */
export const STREET_WITHOUT_CASEWORKER = '440117005';

/** Streets with more people in difficulty than this get a second caseworker (`cw-<code>-2`). */
export const SECOND_CASEWORKER_ABOVE = 4000;

/** Committees with no designated assistance worker (all village committees in outlying areas). */
export const COMMITTEES_WITHOUT_WORKER: readonly string[] = Object.freeze([
  '440105004201', // 琶洲街道 黄埔村委会
  '440112004202', // 长洲街道 下庄村委会
  '440113004204', // 小谷围街道 贝岗村委会
  '440115002201', // 珠江街道 新建村委会
  '440117005203', // 吕田镇 东明村委会
  '440118005202', // 派潭镇 邓村村委会
]);

// ---------------------------------------------------------------------------------------------
// Deterministic names
// ---------------------------------------------------------------------------------------------

const SURNAMES: readonly (readonly [string, string])[] = [
  ['陈', 'Chen'],
  ['李', 'Li'],
  ['黄', 'Huang'],
  ['张', 'Zhang'],
  ['梁', 'Liang'],
  ['刘', 'Liu'],
  ['林', 'Lin'],
  ['何', 'He'],
  ['罗', 'Luo'],
  ['吴', 'Wu'],
  ['郭', 'Guo'],
  ['冯', 'Feng'],
  ['邓', 'Deng'],
  ['谭', 'Tan'],
  ['麦', 'Mai'],
  ['钟', 'Zhong'],
  ['曾', 'Zeng'],
  ['周', 'Zhou'],
  ['叶', 'Ye'],
  ['杨', 'Yang'],
  ['苏', 'Su'],
  ['卢', 'Lu'],
  ['潘', 'Pan'],
  ['朱', 'Zhu'],
];

const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['嘉欣', 'Jiaxin'],
  ['志强', 'Zhiqiang'],
  ['伟明', 'Weiming'],
  ['丽华', 'Lihua'],
  ['建华', 'Jianhua'],
  ['晓燕', 'Xiaoyan'],
  ['俊杰', 'Junjie'],
  ['美玲', 'Meiling'],
  ['国强', 'Guoqiang'],
  ['海燕', 'Haiyan'],
  ['文辉', 'Wenhui'],
  ['少芬', 'Shaofen'],
  ['振华', 'Zhenhua'],
  ['婉婷', 'Wanting'],
  ['家豪', 'Jiahao'],
  ['秀英', 'Xiuying'],
  ['永康', 'Yongkang'],
  ['慧敏', 'Huimin'],
  ['锦荣', 'Jinrong'],
  ['颖诗', 'Yingshi'],
  ['卓伦', 'Zhuolun'],
  ['佩仪', 'Peiyi'],
  ['汉明', 'Hanming'],
  ['淑贞', 'Shuzhen'],
  ['子健', 'Zijian'],
  ['静怡', 'Jingyi'],
  ['德胜', 'Desheng'],
  ['玉梅', 'Yumei'],
  ['浩然', 'Haoran'],
  ['翠萍', 'Cuiping'],
];

/** FNV-1a over UTF-16 code units: a stable, platform-independent hash of the user id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function nameFor(id: string): { nameZh: string; nameEn: string } {
  const h = hash(id);
  const [surZh, surEn] = SURNAMES[h % SURNAMES.length];
  const [givenZh, givenEn] = GIVEN_NAMES[Math.floor(h / SURNAMES.length) % GIVEN_NAMES.length];
  return { nameZh: surZh + givenZh, nameEn: `${surEn} ${givenEn}` };
}

function user(id: string, role: Role, jurisdictionCode: string): SeedUser {
  return Object.freeze({ id, role, jurisdictionCode, ...nameFor(id), fullTimeAssistance: role === 'caseworker' });
}

// ---------------------------------------------------------------------------------------------
// Build once
// ---------------------------------------------------------------------------------------------

function buildStaff(): { users: SeedUser[]; committeeWorkers: { committeeCode: string; userId: string }[] } {
  for (const code of [STREET_WITHOUT_CASEWORKER, ...COMMITTEES_WITHOUT_WORKER]) {
    if (!findJurisdiction(code)) throw new Error(`seed-staff: unknown jurisdiction ${code}`);
  }
  const noWorker = new Set(COMMITTEES_WITHOUT_WORKER);
  const users: SeedUser[] = [
    user(`co-${CITY_CODE}`, 'city_officer', CITY_CODE),
    user(`hl-${CITY_CODE}`, 'hotline', CITY_CODE),
    user(`dp-${CITY_CODE}`, 'department', CITY_CODE),
  ];
  const committeeWorkers: { committeeCode: string; userId: string }[] = [];

  const addStreet = (street: JurisdictionNode): void => {
    const code = street.code;
    if (code !== STREET_WITHOUT_CASEWORKER) {
      users.push(user(`cw-${code}`, 'caseworker', code));
      if ((street.populationInDifficulty ?? 0) > SECOND_CASEWORKER_ABOVE) users.push(user(`cw-${code}-2`, 'caseworker', code));
    }
    users.push(user(`ss-${code}`, 'street_supervisor', code));
    users.push(user(`rp-${code}`, 'reporter', code));
    for (const committee of street.children) {
      if (noWorker.has(committee.code)) continue;
      const id = `cm-${committee.code}`;
      users.push(user(id, 'reporter', code));
      committeeWorkers.push({ committeeCode: committee.code, userId: id });
    }
  };

  for (const district of GUANGZHOU.children) {
    users.push(user(`do-${district.code}`, 'district_officer', district.code));
    district.children.forEach(addStreet);
  }
  return { users, committeeWorkers };
}

const BUILT = buildStaff();
const SEED_USERS: readonly SeedUser[] = Object.freeze(BUILT.users);
const COMMITTEE_WORKERS: readonly { committeeCode: string; userId: string }[] = Object.freeze(
  BUILT.committeeWorkers.map((w) => Object.freeze(w)),
);

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

/** All seed users (fresh copies, so callers may mutate them), city first, then district by district. */
export function seedStaff(): SeedUser[] {
  return SEED_USERS.map((u) => ({ ...u }));
}

/**
 * Committee → designated assistance worker (`cm-<committeeCode>`, also a seed user). Committees in
 * COMMITTEES_WITHOUT_WORKER are absent. Maps onto `jurisdictions.designatedWorkerId`.
 */
export function seedCommitteeWorkers(): { committeeCode: string; userId: string }[] {
  return COMMITTEE_WORKERS.map((w) => ({ ...w }));
}

/**
 * The first seed user with this role and exactly this jurisdiction code (e.g. `caseworker` +
 * `440104001` → `cw-440104001`, `reporter` + a street → `rp-<street>`), or undefined.
 */
export function findSeedUser(role: Role, jurisdictionCode: string): SeedUser | undefined {
  const found = SEED_USERS.find((u) => u.role === role && u.jurisdictionCode === jurisdictionCode);
  return found ? { ...found } : undefined;
}

/** The seed user with this id, or undefined. */
export function findSeedUserById(id: string): SeedUser | undefined {
  const found = SEED_USERS.find((u) => u.id === id);
  return found ? { ...found } : undefined;
}
