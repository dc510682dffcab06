// Labels of the supervisors' dashboard in Chinese (default) and English, the language switch (kept
// in localStorage) and the date and duration formats of each language.

const LANG_KEY = 'pa.dashboard.lang';

const zh = {
  'app.title': '主动发现救助平台',
  'app.subtitle': '督办看板',
  'app.footer': '数据来自案件工作流的实时投影；只显示您辖区内的案件与预警。',
  'lang.switch': 'English',
  'auth.signOut': '退出',
  'auth.title': '登录督办看板',
  'auth.lead': '街道、区、市三级主管查看本辖区的预警、逾期案件与人员配备情况。',
  'auth.tokenLabel': '访问令牌',
  'auth.tokenHint': '粘贴为您签发的令牌（例如：npm run token -- --role district_officer --jurisdiction 440104）',
  'auth.signIn': '登录',
  'auth.invalid': '令牌无效或已过期，请重新获取。',
  'auth.forbidden': '该账号无权查看督办数据（仅限街道、区、市主管和社会救助专干）。',
  'auth.devTitle': '开发环境快捷登录',
  'auth.devHint': '仅在本机开发模式（npm start，未连接集群）下提供。点击一位预置用户即可登录。',
  'auth.devFilter': '按姓名、辖区或编号筛选',
  'roles.city_officer': '市级主管',
  'roles.district_officer': '区级主管',
  'roles.street_supervisor': '街道主管',
  'roles.caseworker': '社会救助专干',
  'roles.hotline': '12349 热线',
  'roles.department': '部门数据接口',
  'roles.reporter': '线索报告人',
  'scope.city': '全市',
  'scope.district': '区级',
  'scope.street': '街道',
  'overview.period': '统计期：近 30 天',
  'overview.updated': '更新于 {t}',
  'kpi.openEscalations': '未解决预警',
  'kpi.split': '区级 {d} · 市级 {c}',
  'kpi.overdue': '逾期案件',
  'kpi.overdueSub': '已过时限且未暂停计时',
  'kpi.openCases': '在办案件',
  'kpi.openCasesSub': '待受理 {r} · 核查中 {v}',
  'kpi.medianTtr': '预警解决用时（中位数）',
  'kpi.p90': '90% 在 {x} 内解决 · 共 {n} 件',
  'kpi.noResolved': '统计期内暂无解决的预警',
  'kpi.staffGap': '专干缺口',
  'kpi.staffSub': '2000:1:1 标准 · 无专干街道 {s} 个',
  'feed.title': '实时预警',
  'feed.live': '实时',
  'feed.connecting': '连接中',
  'feed.reconnecting': '重连中',
  'feed.empty': '暂无未解决的预警',
  'feed.new': '新',
  'feed.resolvedIn': '已解决 · 用时 {d}',
  'feed.open': '未解决 · 已持续 {d}',
  'feed.due': '时限 {t}',
  'heat.titleDistricts': '各区预警与逾期分布',
  'heat.titleStreets': '各街道预警与逾期分布',
  'heat.unit': '辖区',
  'heat.district': '区级预警',
  'heat.city': '市级预警',
  'heat.overdue': '逾期',
  'heat.open': '在办',
  'heat.reminders': '提醒',
  'heat.median': '解决用时中位数',
  'heat.total': '合计',
  'overdue.title': '逾期案件',
  'overdue.sub': '按逾期时长排序',
  'overdue.case': '案件',
  'overdue.street': '街道',
  'overdue.stage': '阶段',
  'overdue.clock': '时限',
  'overdue.due': '应完成时间',
  'overdue.late': '已逾期',
  'overdue.level': '预警',
  'overdue.empty': '没有逾期案件',
  'staff.title': '人员配备',
  'staff.sub': '2000:1:1 标准：每 2000 名困难群众至少 1 名专职人员，每个街道至少 1 名，每个村（居）至少 1 名',
  'staff.people': '困难群众',
  'staff.caseworkers': '专职专干',
  'staff.ratio': '人均服务',
  'staff.required': '应配',
  'staff.missing': '缺口',
  'staff.noCaseworker': '无专干街道',
  'staff.noWorker': '未配备村（居）/ 总数',
  'staff.ok': '达标',
  'staff.gap': '未达标',
  'case.back': '← 返回概览',
  'case.title': '案件 {id}',
  'case.stage': '阶段',
  'case.urgency': '紧急程度',
  'case.street': '所在街道',
  'case.assignee': '责任人',
  'case.escalation': '预警级别',
  'case.nextDue': '下一时限',
  'case.opened': '立案时间',
  'case.subject': '救助对象',
  'case.deadlines': '当前时限',
  'case.paused': '已暂停',
  'case.timeline': '办理轨迹',
  'case.events': '共 {n} 条记录',
  'case.temporal': '在 Temporal 中查看工作流',
  'case.workflow': '工作流 {id}',
  'case.notFound': '案件不存在，或不在您的辖区内。',
  'case.escalations': '预警记录',
  'case.by': '操作人 {a}',
  'case.notified': '提醒 {who}',
  'channel.grid': '网格员巡查',
  'channel.committee': '村（居）委会',
  'channel.social_worker': '家综社工',
  'channel.hotline': '12349 热线',
  'channel.department': '部门推送',
  'channel.media': '媒体报道',
  'channel.neighbor': '邻里反映',
  'channel.self': '本人申请',
  'level.0': '无',
  'level.district': '区级',
  'level.city': '市级',
  'status.open': '未解决',
  'status.resolved': '已解决',
  'urgency.normal': '一般',
  'urgency.urgent': '紧急（绿色通道）',
  'stage.reported': '待受理',
  'stage.verifying': '核查中',
  'stage.deciding': '待审批',
  'stage.assisting': '救助中',
  'stage.referred': '已转介',
  'stage.monitoring': '跟踪回访',
  'stage.closed': '已结案',
  'clock.accept': '受理时限',
  'clock.emergencyAid': '先行救助时限',
  'clock.emergencyAidRatify': '先行救助补办手续时限',
  'clock.verify': '核查时限',
  'clock.decide': '审批时限',
  'clock.charityResponse': '慈善回复时限',
  'clock.revisitInterval': '回访时限',
  'clock.reReview': '复核时限',
  'clock.pause': '暂停上限',
  'event.reported': '接报立案',
  'event.report-attached': '补充线索',
  'event.urgency-raised': '升为紧急（绿色通道）',
  'event.accept': '受理',
  'event.transfer': '转办',
  'event.assign': '指派责任人',
  'event.record-visit': '入户调查',
  'event.record-economic-check': '家庭经济状况核对',
  'event.grant-emergency-aid': '先行救助',
  'event.complete-verification': '核查完成',
  'event.propose-assistance': '提出救助方案',
  'event.approve-assistance': '审批通过',
  'event.reject-assistance': '审批退回',
  'event.record-disbursement': '发放救助',
  'event.refer-to-charity': '转介慈善组织',
  'event.charity-response': '慈善组织回复',
  'event.record-revisit': '回访',
  'event.pause-clock': '暂停计时',
  'event.resume-clock': '恢复计时',
  'event.close': '结案',
  'event.reopen': '重新开启',
  'event.reminder': '时限提醒',
  'event.escalated': '预警：逾期升级至区级',
  'event.escalation-raised': '预警：升级至市级',
  'event.escalation-resolved': '预警解除',
  'common.loading': '加载中…',
  'common.error': '加载失败：{m}',
  'common.system': '系统',
  'common.report': '线索来源',
  'common.none': '—',
  'common.retry': '重试',
  'dur.d': '{n}天',
  'dur.h': '{n}小时',
  'dur.m': '{n}分',
  'dur.s': '{n}秒',
  'dur.sep': '',
};

const en = {
  'app.title': 'Proactive Assistance Platform',
  'app.subtitle': 'Supervision dashboard',
  'app.footer': 'Live projection of the case workflows; only cases and escalations in your jurisdiction are shown.',
  'lang.switch': '中文',
  'auth.signOut': 'Sign out',
  'auth.title': 'Sign in to the supervision dashboard',
  'auth.lead': 'Street, district and city supervisors follow escalations, overdue cases and staffing in their jurisdiction.',
  'auth.tokenLabel': 'Access token',
  'auth.tokenHint': 'Paste the token issued to you (e.g. npm run token -- --role district_officer --jurisdiction 440104)',
  'auth.signIn': 'Sign in',
  'auth.invalid': 'The token is invalid or has expired; get a new one.',
  'auth.forbidden': 'This account may not see supervision data (supervisors and caseworkers only).',
  'auth.devTitle': 'Development sign-in',
  'auth.devHint': 'Offered only in the embedded development mode (npm start, not joined to a cluster). Click a seeded user to sign in.',
  'auth.devFilter': 'Filter by name, area or id',
  'roles.city_officer': 'City officer',
  'roles.district_officer': 'District officer',
  'roles.street_supervisor': 'Street supervisor',
  'roles.caseworker': 'Caseworker',
  'roles.hotline': '12349 hotline',
  'roles.department': 'Department feed',
  'roles.reporter': 'Reporter',
  'scope.city': 'City',
  'scope.district': 'District',
  'scope.street': 'Street',
  'overview.period': 'Period: last 30 days',
  'overview.updated': 'Updated {t}',
  'kpi.openEscalations': 'Open escalations',
  'kpi.split': 'District {d} · City {c}',
  'kpi.overdue': 'Overdue cases',
  'kpi.overdueSub': 'past their deadline, clock not paused',
  'kpi.openCases': 'Open cases',
  'kpi.openCasesSub': 'Reported {r} · Verifying {v}',
  'kpi.medianTtr': 'Time to resolve (median)',
  'kpi.p90': '90% within {x} · {n} resolved',
  'kpi.noResolved': 'No escalation resolved in the period',
  'kpi.staffGap': 'Caseworkers missing',
  'kpi.staffSub': '2000:1:1 standard · {s} streets without one',
  'feed.title': 'Live escalations',
  'feed.live': 'Live',
  'feed.connecting': 'Connecting',
  'feed.reconnecting': 'Reconnecting',
  'feed.empty': 'No open escalations',
  'feed.new': 'New',
  'feed.resolvedIn': 'Resolved in {d}',
  'feed.open': 'Open for {d}',
  'feed.due': 'Due {t}',
  'heat.titleDistricts': 'Escalations and overdue cases by district',
  'heat.titleStreets': 'Escalations and overdue cases by street',
  'heat.unit': 'Area',
  'heat.district': 'District-level',
  'heat.city': 'City-level',
  'heat.overdue': 'Overdue',
  'heat.open': 'Open cases',
  'heat.reminders': 'Reminders',
  'heat.median': 'Median to resolve',
  'heat.total': 'Total',
  'overdue.title': 'Overdue cases',
  'overdue.sub': 'most late first',
  'overdue.case': 'Case',
  'overdue.street': 'Street',
  'overdue.stage': 'Stage',
  'overdue.clock': 'Clock',
  'overdue.due': 'Due',
  'overdue.late': 'Late by',
  'overdue.level': 'Escalation',
  'overdue.empty': 'No overdue cases',
  'staff.title': 'Staffing',
  'staff.sub': '2000:1:1 standard: one full-time worker per 2,000 people in difficulty, at least one per street and one per committee',
  'staff.people': 'People in difficulty',
  'staff.caseworkers': 'Full-time caseworkers',
  'staff.ratio': 'People per caseworker',
  'staff.required': 'Required',
  'staff.missing': 'Missing',
  'staff.noCaseworker': 'Streets without caseworker',
  'staff.noWorker': 'Committees without worker / all',
  'staff.ok': 'Meets standard',
  'staff.gap': 'Below standard',
  'case.back': '← Back to overview',
  'case.title': 'Case {id}',
  'case.stage': 'Stage',
  'case.urgency': 'Urgency',
  'case.street': 'Street',
  'case.assignee': 'Responsible',
  'case.escalation': 'Escalation',
  'case.nextDue': 'Next deadline',
  'case.opened': 'Opened',
  'case.subject': 'Subject',
  'case.deadlines': 'Running deadlines',
  'case.paused': 'paused',
  'case.timeline': 'Timeline',
  'case.events': '{n} entries',
  'case.temporal': 'Open the workflow in Temporal',
  'case.workflow': 'Workflow {id}',
  'case.notFound': 'No such case in your jurisdiction.',
  'case.escalations': 'Escalations',
  'case.by': 'by {a}',
  'case.notified': 'to {who}',
  'channel.grid': 'grid worker',
  'channel.committee': 'residents’ committee',
  'channel.social_worker': 'social worker',
  'channel.hotline': '12349 hotline',
  'channel.department': 'department feed',
  'channel.media': 'media',
  'channel.neighbor': 'neighbour',
  'channel.self': 'self-application',
  'level.0': 'none',
  'level.district': 'District',
  'level.city': 'City',
  'status.open': 'open',
  'status.resolved': 'resolved',
  'urgency.normal': 'Normal',
  'urgency.urgent': 'Urgent (green channel)',
  'stage.reported': 'Reported',
  'stage.verifying': 'Verifying',
  'stage.deciding': 'Deciding',
  'stage.assisting': 'Assisting',
  'stage.referred': 'Referred',
  'stage.monitoring': 'Monitoring',
  'stage.closed': 'Closed',
  'clock.accept': 'Acceptance',
  'clock.emergencyAid': 'Emergency aid',
  'clock.emergencyAidRatify': 'Ratify emergency aid',
  'clock.verify': 'Verification',
  'clock.decide': 'Decision',
  'clock.charityResponse': 'Charity response',
  'clock.revisitInterval': 'Revisit',
  'clock.reReview': 'Re-review',
  'clock.pause': 'Pause limit',
  'event.reported': 'Report received, case opened',
  'event.report-attached': 'Further report attached',
  'event.urgency-raised': 'Urgency raised (green channel)',
  'event.accept': 'Accepted',
  'event.transfer': 'Transferred',
  'event.assign': 'Assigned',
  'event.record-visit': 'Home visit',
  'event.record-economic-check': 'Economic-status check',
  'event.grant-emergency-aid': 'Emergency aid granted',
  'event.complete-verification': 'Verification completed',
  'event.propose-assistance': 'Assistance proposed',
  'event.approve-assistance': 'Assistance approved',
  'event.reject-assistance': 'Assistance rejected',
  'event.record-disbursement': 'Aid disbursed',
  'event.refer-to-charity': 'Referred to a charity',
  'event.charity-response': 'Charity responded',
  'event.record-revisit': 'Revisit',
  'event.pause-clock': 'Clock paused',
  'event.resume-clock': 'Clock resumed',
  'event.close': 'Closed',
  'event.reopen': 'Reopened',
  'event.reminder': 'Deadline reminder',
  'event.escalated': 'Escalated to the district (deadline missed)',
  'event.escalation-raised': 'Escalation raised to the city',
  'event.escalation-resolved': 'Escalation resolved',
  'common.loading': 'Loading…',
  'common.error': 'Could not load: {m}',
  'common.system': 'system',
  'common.report': 'the report',
  'common.none': '—',
  'common.retry': 'Retry',
  'dur.d': '{n} d',
  'dur.h': '{n} h',
  'dur.m': '{n} min',
  'dur.s': '{n} s',
  'dur.sep': ' ',
};

const DICTIONARIES = { zh, en };

function stored() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

let lang = stored() === 'en' ? 'en' : 'zh';

export function getLang() {
  return lang;
}

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** The label for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  const text = DICTIONARIES[lang][key] ?? DICTIONARIES.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] === undefined ? '' : String(params[name])));
}

/** Whether a label exists (event types unknown to this page fall back to their raw name). */
export function has(key) {
  return key in DICTIONARIES[lang];
}

/** Fills every element carrying data-i18n with its label. */
export function applyStaticLabels(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  document.title = `${t('app.subtitle')} · ${t('app.title')}`;
}

// Guangzhou's clock, whatever the clock of the machine showing the page.
const TIME_ZONE = 'Asia/Shanghai';

export function fmtDateTime(iso) {
  if (!iso) return t('common.none');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return t('common.none');
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
}

export function fmtTime(iso) {
  if (!iso) return t('common.none');
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** 3天4小时 / 3 d 4 h: the two largest units, seconds only below a minute. */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return t('common.none');
  const total = Math.max(0, Math.round(ms / 1000));
  const units = [
    ['d', Math.floor(total / 86400)],
    ['h', Math.floor((total % 86400) / 3600)],
    ['m', Math.floor((total % 3600) / 60)],
    ['s', total % 60],
  ];
  const first = units.findIndex(([, n]) => n > 0);
  if (first === -1) return t('dur.s', { n: 0 });
  const parts = units.slice(first, first + 2).filter(([, n]) => n > 0);
  return parts.map(([u, n]) => t(`dur.${u}`, { n })).join(t('dur.sep'));
}

export function fmtNumber(n, digits = 0) {
  if (n === null || n === undefined) return t('common.none');
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits }).format(n);
}
