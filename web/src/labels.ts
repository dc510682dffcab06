// Chinese labels of the platform's values, in the vocabulary of the supervisors' dashboard
// (api/dashboard/i18n.js) and of the Guangzhou design the product comes from (主动发现, 首问负责制,
// 转介, 观察名单, 回访, 绿色通道, 先行救助). `satisfies Record<…>` makes a new stage, clock, role or
// action fail to compile until it has its label.
import type { ActionType } from '../../domain/case-types';
import type { ApprovalTier, AssistanceType, Channel, ClockName, Role, Stage, Urgency, UrgentFlag } from './api/types';

export const APP_TITLE = '主动发现救助平台';
export const APP_SUBTITLE = '救助工作台';

export const ROLE_LABELS = {
  caseworker: '社会救助专干',
  street_supervisor: '街道主管',
  district_officer: '区级主管',
  city_officer: '市级主管',
  hotline: '12349 热线',
  department: '部门数据接口',
  reporter: '网格员 / 线索报告人',
} satisfies Record<Role, string>;

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

export const URGENT_FLAG_LABELS = {
  minor_unattended: '未成年人无人照料',
  mental_illness: '精神障碍（无民事行为能力）',
  critical_illness: '危重病人无法求助',
  disability_no_caregiver: '残疾无人照料',
  disaster: '突发灾害',
} satisfies Record<UrgentFlag, string>;

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
  // A warning's verification (§8): an escalation clock, not a case workflow clock.
  warningVerify: '预警核查时限',
} satisfies Record<ClockName | 'warningVerify', string>;

export const WARNING_LEVEL_LABELS: Record<string, string> = { red: '红色预警', orange: '橙色预警', yellow: '黄色预警' };
export const WARNING_STATUS_LABELS: Record<string, string> = { open: '待核查', verified: '已核查', dismissed: '已排除' };
export const WARNING_OUTCOME_LABELS: Record<string, string> = { 'open-case': '转为救助案件', watch: '纳入跟踪回访', dismiss: '排除' };

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
} satisfies Record<AssistanceType, string>;

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

export const RESOLUTION_LABELS: Record<string, string> = {
  completed: '按时完成该环节',
  transferred: '已转办',
  referred: '已转介',
  restarted: '时限重新计算',
  resumed: '恢复计时',
  'stage-changed': '环节已变更',
  superseded: '已由后续环节取代',
  closed: '已结案',
  merged: '已并案',
};

export const ACTION_LABELS = {
  accept: '受理',
  transfer: '转办',
  assign: '指派责任人',
  'record-visit': '入户调查',
  'record-economic-check': '家庭经济状况核对',
  'grant-emergency-aid': '先行救助',
  'complete-verification': '完成核查',
  'settle-emergency-aid': '先行救助结算',
  'propose-assistance': '提出救助方案',
  'approve-assistance': '审批通过',
  'reject-assistance': '审批退回',
  'record-objection': '登记公示异议',
  'record-disbursement': '登记发放',
  'refer-to-charity': '转介慈善组织',
  'charity-response': '登记慈善组织回复',
  'record-revisit': '回访',
  'pause-clock': '暂停计时',
  'resume-clock': '恢复计时',
  close: '结案',
  reopen: '重新开启',
  'identify-subject': '确认身份',
  'merge-into': '并案',
} satisfies Record<ActionType, string>;

/** Timeline titles: the action done, plus the automatic events of the workflow. */
export const EVENT_LABELS: Record<string, string> = {
  reported: '接报立案（主动发现）',
  'report-attached': '补充线索',
  'urgency-raised': '升为紧急（绿色通道）',
  accept: '受理（首问负责）',
  transfer: '转办',
  assign: '指派责任人',
  'record-visit': '入户调查',
  'record-economic-check': '家庭经济状况核对',
  'grant-emergency-aid': '先行救助',
  'complete-verification': '核查完成',
  'settle-emergency-aid': '先行救助结算（核销或追回）',
  'propose-assistance': '提出救助方案',
  'approve-assistance': '审批通过',
  'reject-assistance': '审批退回',
  'record-objection': '公示异议：撤回审批，重新审核',
  'public-notice-ended': '公示期满无异议，进入救助发放',
  'deadline-rescheduled': '按新年度工作日历重新计算时限',
  'record-disbursement': '发放救助',
  'refer-to-charity': '转介慈善组织',
  'charity-response': '慈善组织回复',
  'record-revisit': '回访',
  'pause-clock': '暂停计时',
  'resume-clock': '恢复计时',
  close: '结案',
  reopen: '重新开启',
  'identify-subject': '确认身份（身份不明人员）',
  'merge-into': '并案：并入同一家庭的在办案件',
  reminder: '时限提醒',
  escalated: '督办：逾期升级至区级',
  'escalation-raised': '督办：升级至市级',
  'escalation-resolved': '督办解除',
  // §14: the escalation is not resolved but ended, with who and why.
  'escalation-closed': '督办结束：逾期期间结案',
  'escalation-transferred': '督办随转办移交新街道',
};

export const ECONOMIC_RESULT_LABELS: Record<string, string> = {
  eligible: '符合条件',
  ineligible: '不符合条件',
  'needs-review': '需进一步复核',
};
export const VERIFICATION_OUTCOME_LABELS: Record<string, string> = {
  eligible: '符合救助条件（进入审批）',
  watch: '暂不符合但有风险（纳入观察名单）',
  'not-in-need': '无需救助（结案）',
};
export const SETTLEMENT_LABELS: Record<string, string> = { 'write-off': '核销', recover: '追回' };
export const CHARITY_RESPONSE_LABELS: Record<string, string> = { accepted: '已接收', declined: '已拒绝', completed: '已完成帮扶' };
export const NOTIFICATION_KIND_LABELS: Record<string, string> = {
  reminder: '时限提醒',
  escalation: '督办通知',
  'escalation-raised': '升级至市级',
  'escalation-resolved': '督办解除',
  digest: '每日汇总',
  'new-case': '新案件',
  'case-transferred': '转入案件',
  'new-report': '补充线索',
};
export const SEX_LABELS: Record<string, string> = { male: '男', female: '女' };
export const REFERRAL_STATUS_LABELS: Record<string, string> = {
  pending: '待回复',
  accepted: '已接收',
  declined: '已拒绝',
  completed: '已完成',
};

export function label(table: Record<string, string>, value: unknown): string {
  const key = String(value);
  return table[key] ?? key;
}

/** §7: what a report said differently from the recorded identity. */
export const IDENTITY_FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  phone: '电话',
  address: '住址',
  streetCode: '街道',
};
