// Chinese labels of the platform's values that the workbench's screens and the ledgers' files
// (api/exports) both show, so a value reads the same on screen and in a downloaded file; the
// workbench's other labels are in web/src/labels.ts. `satisfies Record<…>` makes a new stage, clock,
// type or level fail to compile until it has its label.
import type { ASSISTANCE_TYPES } from './action-schemas';
import type { ApprovalTier, AssistanceItemStatus, Channel, Stage, Urgency } from './case-types';
import type { CaseOutcome } from './household';
import type { VerifyOutcome, WarningLevel, WarningStatus } from './monitoring';
import type { EscalationClock } from './warnings';

export const STAGE_LABELS = {
  reported: '待受理',
  verifying: '核查中',
  deciding: '待审批',
  assisting: '救助中',
  referred: '已转介',
  monitoring: '跟踪回访',
  closed: '已结案',
} satisfies Record<Stage, string>;

export const URGENCY_LABELS = {
  normal: '一般',
  urgent: '紧急（绿色通道）',
} satisfies Record<Urgency, string>;

export const CLOCK_LABELS = {
  accept: '受理时限',
  emergencyAid: '先行救助时限',
  verify: '核查时限',
  decide: '审批时限',
  charityResponse: '慈善回复时限',
  revisitInterval: '回访时限',
  reReview: '复核时限',
  pause: '暂停上限',
  emergencyAidRatify: '先行救助补办手续时限',
  charityFollowUp: '慈善帮扶跟进时限',
  disbursement: '按月发放时限',
  // A warning's verification (§8): an escalation clock, not a case workflow clock.
  warningVerify: '预警核查时限',
} satisfies Record<EscalationClock, string>;

export const ASSISTANCE_LABELS = {
  minimum_living: '最低生活保障（低保）',
  extreme_poverty: '特困人员供养',
  temporary: '临时救助',
  medical: '医疗救助',
  education: '教育救助',
  housing: '住房救助',
  employment: '就业救助',
  disaster: '受灾人员救助',
  judicial: '司法救助',
} satisfies Record<(typeof ASSISTANCE_TYPES)[number], string>;

/** An assistance item's status (§10). */
export const ASSISTANCE_STATUS_LABELS = {
  proposed: '待审批',
  approved: '已批准（公示中）',
  rejected: '未批准',
  active: '发放中',
  ended: '已结束',
} satisfies Record<AssistanceItemStatus, string>;

export const TIER_LABELS = {
  street: '街道',
  district: '区级',
  city: '市级',
} satisfies Record<ApprovalTier, string>;

export const LEVEL_LABELS: Record<string, string> = { '0': '无', '1': '区级督办', '2': '市级督办', district: '区级督办', city: '市级督办' };

export const ESCALATION_STATUS_LABELS: Record<string, string> = {
  open: '未解决',
  resolved: '已解决',
  closed: '已结案',
  transferred: '已转办',
};

export function label(table: Record<string, string>, value: unknown): string {
  const key = String(value);
  return table[key] ?? key;
}

/** §8: 分级预警. */
export const WARNING_LEVEL_LABELS = { red: '红色预警', orange: '橙色预警', yellow: '黄色预警' } satisfies Record<WarningLevel, string>;
export const WARNING_STATUS_LABELS = { open: '待核查', verified: '已核查', dismissed: '已排除' } satisfies Record<WarningStatus, string>;
export const WARNING_OUTCOME_LABELS = {
  'open-case': '立案救助',
  watch: '纳入观察名单',
  dismiss: '核查排除',
} satisfies Record<VerifyOutcome, string>;

export const CHANNEL_LABELS = {
  grid: '网格员巡查',
  committee: '村（居）委会',
  social_worker: '家综社工',
  hotline: '12349 热线',
  department: '部门推送',
  media: '媒体报道',
  neighbor: '邻里反映',
  self: '本人申请',
} satisfies Record<Channel, string>;

/** What a case came to (domain/household.ts caseOutcome). */
export const CASE_OUTCOME_LABELS = {
  assisted: '给予救助',
  'watch-list': '纳入观察名单',
  'not-in-need': '经核查无需救助',
  merged: '并案',
  closed: '其他原因结案',
} satisfies Record<CaseOutcome, string>;

/** The ledgers of §12 (api/exports/export-kinds.ts EXPORT_KINDS): each file's and sheet's title, and the workbench's 台账 choices. */
export const LEDGER_LABELS = {
  cases: '案件台账',
  households: '家庭台账',
  assistance: '救助台账',
  warnings: '预警台账',
  escalations: '督办台账',
} as const;
