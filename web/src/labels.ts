// Chinese labels of the platform's values, in the vocabulary of the supervisors' dashboard
// (api/dashboard/i18n.js) and of the Guangzhou design the product comes from (主动发现, 首问负责制,
// 转介, 观察名单, 回访, 绿色通道, 先行救助). `satisfies Record<…>` makes a new stage, clock, role or
// action fail to compile until it has its label. The labels the ledgers use too are in domain/labels-zh.ts.
import type { ActionType } from '../../domain/case-types';
import type { Relation } from '../../domain/household';
import type { OrganisationKind } from '../../domain/organisations';
import type { Role, UrgentFlag } from './api/types';

export * from '../../domain/labels-zh';

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
  organisation: '慈善组织 / 社会力量',
} satisfies Record<Role, string>;

export const URGENT_FLAG_LABELS = {
  minor_unattended: '未成年人无人照料',
  mental_illness: '精神障碍（无民事行为能力）',
  critical_illness: '危重病人无法求助',
  disability_no_caregiver: '残疾无人照料',
  disaster: '突发灾害',
} satisfies Record<UrgentFlag, string>;

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

/** §7: what a report said differently from the recorded identity. */
export const IDENTITY_FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  phone: '电话',
  address: '住址',
  streetCode: '街道',
};

/** §10: what kind of organisation takes referrals (domain/organisations.ts ORGANISATION_KINDS). */
export const ORGANISATION_KIND_LABELS = {
  charity: '慈善组织',
  social_work_agency: '社工机构',
  volunteer_team: '志愿服务队',
  fund: '公益基金',
  enterprise: '爱心企业',
} satisfies Record<OrganisationKind, string>;

/** §7: a household member's relation to the person the household is known by. */
export const RELATION_LABELS = {
  self: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母 / 外祖父母',
  grandchild: '孙子女 / 外孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
} satisfies Record<Relation, string>;

/** §7: where a member's row came from; the home visit is authoritative. */
export const MEMBER_SOURCE_LABELS: Record<string, string> = { report: '线索登记', visit: '入户核实', migration: '历史数据' };

/** §10: an assistance item's status (the case view's `assistance` items). */
export const ASSISTANCE_STATUS_LABELS: Record<string, string> = {
  proposed: '待审批',
  approved: '已批准',
  rejected: '已退回',
  active: '享受中',
  ended: '已结束',
};

/** §7: the family file's timeline entries. */
export const HOUSEHOLD_TIMELINE_LABELS: Record<string, string> = {
  'member-joined': '成员加入',
  'member-left': '成员离开',
  'case-opened': '立案',
  'case-closed': '结案',
  'report-received': '收到线索',
};
