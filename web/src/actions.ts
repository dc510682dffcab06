// Every action of DESIGN.md §3 as a form: its fields (named as the API names them, so the API's
// field errors land on the right field), their Chinese labels and the body sent to
// POST /cases/{caseId}/actions. Which actions a user is offered is decided in ./rules.
import type { Dayjs } from 'dayjs';
import type { ActionType } from '../../domain/case-types';
import type { CaseAction } from './api/types';
import { fromShanghaiWallClock } from './format';
import {
  ASSISTANCE_LABELS,
  CHARITY_RESPONSE_LABELS,
  ECONOMIC_RESULT_LABELS,
  SETTLEMENT_LABELS,
  VERIFICATION_OUTCOME_LABELS,
} from './labels';

export type FieldKind = 'text' | 'textarea' | 'amount' | 'int' | 'datetime' | 'select' | 'boolean' | 'street' | 'staff' | 'tags';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: Record<string, string>;
  help?: string;
  max?: number;
  min?: number;
  /** datetime: not later than now (a visit that has happened) / later than now (an expected date). */
  when?: 'past' | 'future';
  initial?: 'now';
}

export interface ActionForm {
  fields: FieldSpec[];
  /** One line under the title: what the action does in the case. */
  hint: string;
  danger?: boolean;
}

const reason = (label: string, max: number): FieldSpec => ({ name: 'reason', label, kind: 'textarea', required: true, max });
/** Which assistance item (§10): the options are the case's items the action may name (ActionPanel fills them in). */
const itemField = (): FieldSpec => ({ name: 'itemId', label: '救助事项', kind: 'select', required: true, options: {} });
const note = (max = 1000): FieldSpec => ({ name: 'note', label: '备注', kind: 'textarea', max });

export const ACTION_FORMS: Record<ActionType, ActionForm> = {
  accept: {
    hint: '受理后本街道对案件负责（首问负责制），进入入户核查。',
    fields: [{ name: 'assigneeId', label: '责任人', kind: 'staff', help: '留空：专干受理时由本人负责' }],
  },
  transfer: {
    hint: '转办给其他街道（镇），说明理由；接收街道的受理时限重新计算。',
    fields: [{ name: 'toStreetCode', label: '转至街道（镇）', kind: 'street', required: true }, reason('转办理由', 500)],
  },
  assign: { hint: '指定负责本案的社会救助专干。', fields: [{ name: 'assigneeId', label: '责任人', kind: 'staff', required: true }] },
  'record-visit': {
    hint: '登记入户调查的时间、发现的情况和家庭人口、收入。',
    fields: [
      { name: 'visitedAt', label: '入户时间', kind: 'datetime', required: true, when: 'past', initial: 'now' },
      { name: 'findings', label: '调查情况', kind: 'textarea', required: true, max: 4000 },
      { name: 'householdSize', label: '家庭人口（人）', kind: 'int', min: 1, max: 50 },
      { name: 'monthlyIncome', label: '家庭月收入（元）', kind: 'amount', min: 0 },
    ],
  },
  'record-economic-check': {
    hint: '登记家庭经济状况核对（部门共享数据比对）的结果。',
    fields: [
      { name: 'result', label: '核对结果', kind: 'select', required: true, options: ECONOMIC_RESULT_LABELS },
      { name: 'details', label: '核对说明', kind: 'textarea', max: 4000 },
    ],
  },
  'grant-emergency-aid': {
    hint: '绿色通道：先行救助，后补手续。',
    fields: [
      { name: 'amount', label: '金额（元）', kind: 'amount', required: true },
      { name: 'kind', label: '救助形式', kind: 'text', max: 100, help: '例如：现金、食品、临时住宿' },
      note(),
    ],
  },
  'complete-verification': {
    hint: '核查结论决定下一步：进入审批、纳入观察名单，或无需救助结案。',
    fields: [{ name: 'outcome', label: '核查结论', kind: 'select', required: true, options: VERIFICATION_OUTCOME_LABELS }, note()],
  },
  'settle-emergency-aid': {
    hint: '先行救助后核查为无需救助的，由街道审批人员决定核销或追回，之后才能结案。',
    fields: [{ name: 'decision', label: '处理方式', kind: 'select', required: true, options: SETTLEMENT_LABELS }, reason('理由', 1000)],
  },
  'propose-assistance': {
    hint: '方案按金额由相应层级审批：街道、区级或市级。',
    fields: [
      { name: 'assistanceType', label: '救助类型', kind: 'select', required: true, options: ASSISTANCE_LABELS },
      { name: 'amount', label: '金额（元）', kind: 'amount', required: true },
      { name: 'months', label: '期限（月）', kind: 'int', min: 1, max: 60 },
      note(),
    ],
  },
  'approve-assistance': {
    hint: '审批层级按总额（金额×月数）确定；全部事项审定后进入救助发放，低保、特困供养先公示，期满无异议自动进入发放。',
    fields: [
      itemField(),
      note(),
      {
        name: 'overrideReason',
        label: '再次临时救助的理由',
        kind: 'textarea',
        max: 1000,
        help: '同一家庭在冷却期内再次临时救助时必填，记入档案。',
      },
    ],
  },
  'reject-assistance': { hint: '退回后该事项作废，可重新提出方案。', fields: [itemField(), reason('退回理由', 1000)], danger: true },
  'record-objection': {
    hint: '公示期间收到异议：撤回审批，案件重新审核，审批时限重新计算。',
    fields: [{ name: 'summary', label: '异议内容', kind: 'textarea', required: true, max: 2000 }],
    danger: true,
  },
  'record-disbursement': {
    hint: '登记已发放的救助金或实物；按月发放的事项默认登记最早未发放的月份。',
    fields: [
      itemField(),
      { name: 'amount', label: '发放金额（元）', kind: 'amount', required: true },
      { name: 'period', label: '发放月份（YYYY-MM）', kind: 'text', max: 7, help: '按月发放的事项可指定月份，留空为最早未发放的月份' },
      { name: 'disbursedAt', label: '发放时间', kind: 'datetime', when: 'past', initial: 'now' },
      {
        name: 'overrideReason',
        label: '超出审批金额的理由（街道主管及以上）',
        kind: 'textarea',
        max: 1000,
        help: '发放总额不得超过审批金额×月数；确需超出时由街道主管填写理由。',
      },
    ],
  },
  'refer-to-charity': {
    hint: '政府救助之外，转介慈善组织、社工机构或志愿团队，写明需要帮助的事项。',
    fields: [
      { name: 'organisationId', label: '慈善组织编号', kind: 'text', required: true, max: 64 },
      {
        name: 'projectId',
        label: '慈善项目编号',
        kind: 'text',
        max: 64,
        help: '可选：使用该组织的慈善项目或公益基金（须在执行期内且尚有余额）',
      },
      { name: 'needs', label: '帮扶需求', kind: 'tags', required: true, help: '每项回车确认，例如：助餐、陪诊、助学' },
    ],
  },
  'charity-response': {
    hint: '登记慈善组织的回复（电话回复时由街道代为登记）。',
    fields: [{ name: 'response', label: '回复', kind: 'select', required: true, options: CHARITY_RESPONSE_LABELS }, note()],
  },
  'record-revisit': {
    hint: '观察名单和已救助家庭定期回访；情况变化则重新核查。',
    fields: [
      { name: 'visitedAt', label: '回访时间', kind: 'datetime', required: true, when: 'past', initial: 'now' },
      { name: 'findings', label: '回访情况', kind: 'textarea', required: true, max: 4000 },
      { name: 'circumstancesChanged', label: '家庭情况有变化（重新核查）', kind: 'boolean' },
    ],
  },
  'pause-clock': {
    hint: '等待家庭补充材料等情况下暂停计时；暂停时间不计入时限。',
    fields: [
      reason('暂停原因', 500),
      { name: 'expectedResumeAt', label: '预计恢复时间', kind: 'datetime', required: true, when: 'future' },
    ],
  },
  'resume-clock': { hint: '恢复计时，时限顺延暂停的时长。', fields: [] },
  close: { hint: '结案须说明理由。', fields: [reason('结案理由', 1000)], danger: true },
  reopen: { hint: '重新开启已结案的案件，须说明理由。', fields: [reason('重新开启理由', 1000)] },
  'identify-subject': {
    hint: '身份不明人员查明身份后登记身份证号和姓名；如此人另有在办案件，两案列为疑似重复。',
    fields: [
      { name: 'idNumber', label: '身份证号', kind: 'text', required: true, max: 32 },
      { name: 'name', label: '姓名', kind: 'text', required: true, max: 100 },
    ],
  },
  'merge-into': {
    hint: '同一家庭的两个在办案件合并：本案结案，线索和调查材料并入目标案件，督办以“已并案”解除。',
    fields: [{ name: 'targetCaseId', label: '并入案件编号', kind: 'text', required: true, max: 100 }, reason('并案理由', 1000)],
    danger: true,
  },
};

/** The form's values as the action body: dates as instants (+08:00), empty optional fields left out. */
export function actionBody(type: ActionType, values: Record<string, unknown>): CaseAction {
  const body: Record<string, unknown> = { type };
  for (const field of ACTION_FORMS[type].fields) {
    const value = values[field.name];
    if (value === undefined || value === null || (value === '' && !field.required)) continue;
    if (field.kind === 'datetime') body[field.name] = fromShanghaiWallClock(value as Dayjs);
    else if (field.kind === 'boolean') body[field.name] = value === true;
    else body[field.name] = value;
  }
  if (type === 'record-revisit' && body.circumstancesChanged === undefined) body.circumstancesChanged = false;
  // §14, §10: the override is an object on the wire ({reason}); the form has one text field for it.
  if ((type === 'record-disbursement' || type === 'approve-assistance') && body.overrideReason !== undefined) {
    body.override = { reason: body.overrideReason };
    delete body.overrideReason;
  }
  return body as CaseAction;
}

/** A field path of the API's answer ("needs.0", "findings") as the form field it belongs to. */
export function fieldOf(type: ActionType, path: string): string | null {
  const head = path.split('.')[0] ?? '';
  return ACTION_FORMS[type].fields.some((f) => f.name === head) ? head : null;
}
