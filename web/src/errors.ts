// The API's refusals in Chinese: every error code of domain/errors.ts and api/ (problem+json `code`)
// as a sentence for a caseworker, and the English field messages of api/errors.ts' formatZodIssues
// and api/report-validation.ts as short Chinese ones shown under the field.
import { ApiError, isTransient, NetworkError } from './api/http';
import { fmtYuan } from './format';
import { TIER_LABELS, WARNING_OUTCOME_LABELS } from './labels';

/** Domain rejections (domain/errors.ts CaseErrorCode) and the API's own codes (api/*.ts). */
const CODE_MESSAGES: Record<string, string> = {
  // domain/errors.ts
  STAGE_NOT_ALLOWED: '案件当前所处环节不能办理此事项，页面已按最新状态刷新。',
  ROLE_NOT_ALLOWED: '您的岗位无权办理此事项。',
  APPROVAL_TIER_EXCEEDED: '该救助方案金额超出您的审批权限，需由上一级审批。',
  NOT_URGENT: '先行救助仅适用于绿色通道（紧急）案件，本案为一般案件。',
  NO_PENDING_PROPOSAL: '当前没有待审批的救助方案。',
  PROPOSAL_PENDING: '已有救助方案在等待审批，请先审批通过或退回后再提出新方案。',
  CLOCK_ALREADY_PAUSED: '计时已处于暂停状态，请先恢复计时。',
  CLOCK_NOT_PAUSED: '计时未暂停，无需恢复。',
  NOTHING_TO_PAUSE: '当前环节没有正在计算的时限，无需暂停。',
  UNKNOWN_STREET: '目标街道（镇）不存在，请从列表中选择。',
  SAME_STREET: '案件已在该街道，不能转办给本街道。',
  NO_PENDING_REFERRAL: '没有待回复或已接收的转介，无法登记回复。',
  INVALID_ACTION: '办理内容不符合规则，请检查后重试。',
  CASE_CLOSED: '案件已结案，只能重新开启。',
  EMERGENCY_AID_ALREADY_GRANTED: '该案件已发放过先行救助。',
  OUT_OF_SCOPE: '该案件不在您的辖区内。',
  // api/
  VALIDATION_FAILED: '填写内容有误，请按提示修改。',
  UNAUTHENTICATED: '请先登录。',
  INVALID_TOKEN: '登录令牌无效或已过期，请重新登录。',
  CASE_NOT_FOUND: '案件不存在，或不在您的辖区内。',
  ROUTE_NOT_FOUND: '服务器不提供此功能（可能尚未上线）。',
  MALFORMED_JSON: '提交的数据格式有误，请刷新页面后重试。',
  BODY_TOO_LARGE: '提交的内容过大（上限 1 MB），请精简后重试。',
  UNSUPPORTED_CHARSET: '提交的数据编码不受支持，请刷新页面后重试。',
  UNSUPPORTED_ENCODING: '提交的数据编码不受支持，请刷新页面后重试。',
  UNSUPPORTED_MEDIA_TYPE: '提交的数据格式不受支持，请刷新页面后重试。',
  BAD_REQUEST: '请求无法识别，请刷新页面后重试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用（数据库或工作流服务连接中断），您填写的内容已保留，请稍后重试。',
  INTERNAL_ERROR: '服务器出现意外错误，请稍后重试；如仍失败，请联系管理员并提供请求编号。',
  RATE_LIMITED: '操作过于频繁，请稍候几秒再试。',
  IDEMPOTENCY_KEY_REUSED: '同一提交编号已用于不同的内容，请刷新页面后重新提交。',
  PERSON_HAS_OPEN_CASE: '此人已有在办案件，请在该案件中继续办理，无需重新开启本案。',
  BATCH_TOO_LARGE: '一次提交的数据条数过多，请分批提交。',
  STAFF_NOT_FOUND: '工作人员不存在。',
  STAFF_ID_TAKEN: '该工作人员编号已被使用。',
  JURISDICTION_NOT_FOUND: '辖区不存在。',
  COMMITTEE_NOT_FOUND: '村（居）委会不存在。',
  NOTIFICATION_NOT_FOUND: '通知不存在。',
  NOTIFICATION_NOT_DEAD: '该通知未处于发送失败状态。',
  WEBHOOK_NOT_CONFIGURED: '尚未配置消息推送地址。',
  // §8 warnings (api/warnings/).
  WARNING_NOT_FOUND: '预警不存在，或不在您的辖区内。',
  WARNING_NOT_OPEN: '该预警已核查或已排除，不能再次核查，页面已按最新状态刷新。',
  // Part II codes already named by DESIGN.md, so their screens speak Chinese from the start.
  SELF_APPROVAL: '不能审批自己提出的救助方案。',
  DUPLICATE_ASSISTANCE: '该家庭已有同类救助在享受中，不能重复救助。',
  // §7 family file, §10 organisations, projects and referrals (api/households/, api/organisations/).
  HOUSEHOLD_NOT_FOUND: '家庭档案不存在，或不在您的辖区内。',
  ORGANISATION_NOT_FOUND: '慈善组织不存在，或不服务您的辖区。',
  ORGANISATION_ID_TAKEN: '该组织编号已被使用，请换一个编号或留空由系统生成。',
  UNKNOWN_ORGANISATION: '慈善组织不存在，请从匹配资源中选择。',
  UNKNOWN_PROJECT: '慈善项目不存在，请从匹配资源中选择。',
  ORGANISATION_NOT_SERVING_DISTRICT: '该组织不服务本案所在区，请选择其他组织。',
  PROJECT_NOT_OF_ORGANISATION: '该项目不属于所选组织。',
  PROJECT_BUDGET_EXHAUSTED: '该慈善项目已无余额，请选择其他项目或不指定项目。',
  PROJECT_NOT_ACTIVE: '该慈善项目不在执行期内，请选择其他项目或不指定项目。',
  // §10 referrals answered by the organisation (api/referrals/).
  UNKNOWN_REFERRAL: '转介不存在，或不在您的辖区内。',
  REFERRAL_NOT_YOURS: '该转介不是转给贵组织的，不能回复。',
  REFERRAL_ALREADY_ANSWERED: '该转介已完成或已拒绝，不能再次回复，页面已按最新状态刷新。',
  DELIVERED_WITHOUT_COMPLETION: '帮扶金额和服务只在“已完成帮扶”时登记。',
};

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求无法识别，请刷新页面后重试。',
  401: '登录已失效，请重新登录。',
  403: '您的岗位无权进行此操作。',
  404: '要找的内容不存在，或不在您的辖区内。',
  409: '案件状态已变化，此操作不能进行。',
  422: '填写内容有误，请按提示修改。',
  429: '操作过于频繁，请稍候几秒再试。',
  500: '服务器出现意外错误，请稍后重试。',
  502: '服务暂时不可用，您填写的内容已保留，请稍后重试。',
  503: '服务暂时不可用，您填写的内容已保留，请稍后重试。',
  504: '服务暂时不可用，您填写的内容已保留，请稍后重试。',
};

export const OFFLINE_MESSAGE = '网络连接中断，服务器没有收到这次提交；您填写的内容已保留，恢复连接后请再次提交。';

/** "5000 CNY needs district approval; a street supervisor may approve up to 3000 CNY" in Chinese. */
function tierMessage(detail: string): string | null {
  const m = /^([\d.]+) CNY needs (street|district|city) approval; .*? may approve up to ([\d.]+) CNY/.exec(detail);
  if (m) {
    const tier = TIER_LABELS[m[2] as keyof typeof TIER_LABELS];
    return `${fmtYuan(Number(m[1]))}的方案需${tier}审批；您的审批权限为 ${fmtYuan(Number(m[3]))}以内。`;
  }
  const n = /^([\d.]+) CNY needs (street|district|city) approval/.exec(detail);
  if (n) return `${fmtYuan(Number(n[1]))}的方案需${TIER_LABELS[n[2] as keyof typeof TIER_LABELS]}审批，您无审批权限。`;
  return null;
}

/** A Chinese sentence for any failure of an API call. */
export function errorMessage(err: unknown): string {
  if (err instanceof NetworkError) return OFFLINE_MESSAGE;
  if (err instanceof ApiError) {
    if (err.code === 'APPROVAL_TIER_EXCEEDED') return tierMessage(err.problem?.detail ?? '') ?? CODE_MESSAGES.APPROVAL_TIER_EXCEEDED;
    const text = CODE_MESSAGES[err.code] ?? STATUS_MESSAGES[err.status] ?? `操作未成功（错误 ${err.status}）。`;
    return err.status >= 500 && err.problem?.requestId ? `${text}（请求编号 ${err.problem.requestId}）` : text;
  }
  return '页面出现意外错误，请刷新后重试。';
}

/** The English field messages the API writes (api/errors.ts, api/report-validation.ts), in Chinese. */
const FIELD_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^is required$/, () => '必填'],
  [/^must not be empty$/, () => '不能为空（不能只填空格）'],
  [/^must be at least (\d+) characters$/, (m) => `至少 ${m[1]} 个字`],
  [/^must be at most (\d+) characters$/, (m) => `最多 ${m[1]} 个字`],
  [/^must contain at least (\d+) items?$/, (m) => `至少填写 ${m[1]} 项`],
  [/^must contain at most (\d+) items?$/, (m) => `最多填写 ${m[1]} 项`],
  [/^must be at least (-?[\d.]+)$/, (m) => `不能小于 ${m[1]}`],
  [/^must be greater than (-?[\d.]+)$/, (m) => `必须大于 ${m[1]}`],
  [/^must be at most (-?[\d.]+)$/, (m) => `不能大于 ${m[1]}`],
  [/^must be less than (-?[\d.]+)$/, (m) => `必须小于 ${m[1]}`],
  [/^must have at most 2 decimal places$/, () => '最多保留两位小数（精确到分）'],
  [/^must be an ISO 8601 date-time/, () => '请选择有效的日期和时间'],
  [/^must be one of: /, () => '请从选项中选择'],
  [/^must be an? (string|number|boolean|array|object)$/, () => '格式不正确'],
  [/^is not a known field; remove it$/, () => '不是可填写的字段'],
  [/^must be plain text/, () => '含有无法保存的字符，请删除后重试'],
  [/^must be a 9-digit street code/, () => '请选择街道（镇）'],
  [/^is not a street of the jurisdiction tree/, () => '街道（镇）不存在，请从列表中选择'],
  [/is outside your jurisdiction/, () => '不在您的辖区内，请选择本辖区的街道（镇）或转 12349 热线'],
  [/is not a known street or town code/, () => '街道（镇）不存在，请从列表中选择'],
  [/check digit/, () => '身份证号校验位（最后一位）与前 17 位不符，请核对'],
  [/birth date in the ID number .* is not a real date/, () => '身份证号中的出生日期（第 7–14 位）不是有效日期'],
  [/birth date in the ID number .* is in the future/, () => '身份证号中的出生日期（第 7–14 位）晚于今天'],
  [/birth date in the ID number .* before 1900/, () => '身份证号中的出生日期（第 7–14 位）早于 1900 年'],
  [/^ID number must be 18 characters/, () => '身份证号应为 18 位'],
  [/^ID number must be 17 digits/, () => '身份证号应为 17 位数字加 1 位数字或 X'],
  [
    /is not a mobile number|landline numbers need an area code|is not a valid area code|local number|must start with 13 to 19/,
    () => '请填写 11 位手机号，或带区号的固话（如 020-12345678）',
  ],
  [/^must be later than from$/, () => '结束时间必须晚于开始时间'],
  [/^is required to dismiss a warning/, () => `选择“${WARNING_OUTCOME_LABELS.dismiss}”须填写核查说明（为何无需救助）`],
  [/already used with a different body/, () => '提交编号重复，请刷新页面后重新提交'],
  // §10 organisations and projects (api/organisations/).
  [/^must be a 6-digit district code/, () => '请选择区'],
  [/is not a district of the jurisdiction tree/, () => '区不存在，请从列表中选择'],
  [/registers organisations of that district only/, () => '区级主管只能登记服务本区的组织；服务其他区的组织由市级主管登记或修改'],
  [/^must be 2–64 lowercase letters, digits or hyphens/, () => '2–64 位小写字母、数字或连字符，以字母或数字开头'],
  [/^must not be before startsAt$/, () => '结束日期不能早于开始日期'],
  [/^must be a valid date$/, () => '请选择有效的日期'],
  [/does not serve district/, () => '该组织不服务本案所在区'],
  [/has no budget left/, () => '该项目已无余额'],
  [/is not running today/, () => '该项目不在执行期内'],
  [/^belongs to organisation|project .* belongs to organisation/, () => '该项目不属于所选组织'],
  // §10 an organisation's answer (api/referrals/respond-to-referral.ts).
  [/^only with response completed/, () => '只在“已完成帮扶”时登记'],
];

export function fieldMessage(message: string): string {
  for (const [pattern, text] of FIELD_PATTERNS) {
    const m = pattern.exec(message);
    if (m) return text(m);
  }
  return message;
}

export interface FormAlert {
  text: string;
  kind: 'error' | 'warning';
}

/**
 * How a form shows a refused submission: each field error the form has a field for, at that field
 * (`fieldOf` maps the API's path to it, or gives undefined); the rest, or the whole error, as the form's
 * alert — a warning when trying again may help (network, 503), else an error.
 */
export function formAlertOf<N extends string>(
  err: unknown,
  fieldOf: (path: string) => N | null | undefined,
  setFields: (fields: { name: N; errors: string[] }[]) => void,
): FormAlert {
  if (!(err instanceof ApiError) || err.fieldErrors.length === 0) {
    return { text: errorMessage(err), kind: isTransient(err) ? 'warning' : 'error' };
  }
  const atFields = err.fieldErrors.filter((e) => fieldOf(e.path));
  setFields(atFields.map((e) => ({ name: fieldOf(e.path)!, errors: [fieldMessage(e.message)] })));
  const rest = err.fieldErrors.filter((e) => !fieldOf(e.path));
  return {
    text: rest.length
      ? `${errorMessage(err)}${rest.map((e) => `${e.path}：${fieldMessage(e.message)}`).join('；')}`
      : '请按字段下方的提示修改后再提交。',
    kind: 'error',
  };
}
