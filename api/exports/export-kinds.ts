// What each ledger (台账, §12) holds: its Chinese column headers and how a read-model row becomes a
// line. Pure: the rows arrive decrypted from ./repository, the cells leave as text or numbers, and
// whether ID numbers are masked is decided here alone.
import { maskIdNumber } from '../cases/case-file';
import type { Cell } from './table-writer';
import {
  ASSISTANCE_LABELS,
  ASSISTANCE_STATUS_LABELS,
  CLOCK_LABELS,
  ESCALATION_STATUS_LABELS,
  LEDGER_LABELS,
  LEVEL_LABELS,
  STAGE_LABELS,
  TIER_LABELS,
  URGENCY_LABELS,
  WARNING_LEVEL_LABELS,
  WARNING_OUTCOME_LABELS,
  WARNING_STATUS_LABELS,
  label,
} from '../../domain/labels-zh';
import { shanghaiDateTime } from '../../domain/shanghai-time';

export const EXPORT_KINDS = ['cases', 'households', 'assistance', 'warnings', 'escalations'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A person as a ledger line names them: decrypted by the repository, masked (or not) here. */
export interface NamedPerson {
  name: string | null;
  idNumber: string | null;
}

export interface CaseLine {
  caseId: string;
  person: NamedPerson;
  districtCode: string;
  streetCode: string;
  urgency: string;
  stage: string;
  assigneeId: string | null;
  openedAt: Date;
  nextDueAt: Date | null;
  nextDueClock: string | null;
  escalationLevel: number;
  closedAt: Date | null;
  disbursedTotal: number;
}

export interface HouseholdLine {
  householdId: string;
  streetCode: string;
  /** The member recorded as `self`, else the first member. */
  head: NamedPerson;
  currentMembers: number;
  openCaseId: string | null;
  createdAt: Date;
}

export interface AssistanceLine {
  caseId: string;
  itemId: string;
  status: string;
  total: number;
  person: NamedPerson;
  districtCode: string;
  streetCode: string;
  assistanceType: string;
  amount: number;
  months: number | null;
  requiredTier: string | null;
  approvedBy: string;
  approvedAt: string;
  disbursed: number;
}

export interface WarningLine {
  warningId: string;
  person: NamedPerson;
  districtCode: string;
  streetCode: string;
  level: string;
  ruleId: string;
  status: string;
  raisedAt: Date;
  verifyDueAt: Date;
  escalationLevel: number;
  outcome: string | null;
  caseId: string | null;
  verifiedAt: Date | null;
}

export interface EscalationLine {
  escalationId: string;
  caseId: string | null;
  warningId: string | null;
  districtCode: string;
  streetCode: string;
  clock: string;
  level: number;
  status: string;
  dueAt: Date;
  escalatedAt: Date;
  raisedToCityAt: Date | null;
  resolvedAt: Date | null;
  timeToResolveMs: bigint | null;
}

export interface LineContext {
  /** District and city officers may ask for the full ID numbers (§12); everyone else gets them masked. */
  unmasked: boolean;
  /** 越秀区 / 北京街道 for a code; the code itself when unknown. */
  placeName(code: string): string;
  /** A staff member's Chinese name; the id when unknown. */
  staffName(id: string | null): string | null;
}

interface Column<L> {
  header: string;
  cell(line: L, ctx: LineContext): Cell;
}

interface Ledger<L> {
  /** The XLSX sheet's name and the file name's stem. */
  title: string;
  columns: readonly Column<L>[];
}

const idNumber = (p: NamedPerson, ctx: LineContext): Cell =>
  p.idNumber === null ? null : ctx.unmasked ? p.idNumber : maskIdNumber(p.idNumber);
const name = (p: NamedPerson): Cell => p.name ?? '（身份不明）';
const time = (d: Date | string | null): Cell => shanghaiDateTime(d);

/** Who and where, as the case, assistance and warning ledgers name them after their own id. */
function personAndPlace<L extends { person: NamedPerson; districtCode: string; streetCode: string }>(): Column<L>[] {
  return [
    { header: '姓名', cell: (l) => name(l.person) },
    { header: '身份证号', cell: (l, c) => idNumber(l.person, c) },
    { header: '区', cell: (l, c) => c.placeName(l.districtCode) },
    { header: '街道', cell: (l, c) => c.placeName(l.streetCode) },
  ];
}

export const LEDGERS: { [K in ExportKind]: Ledger<LineOf<K>> } = {
  cases: {
    title: LEDGER_LABELS.cases,
    columns: [
      { header: '案件编号', cell: (l) => l.caseId },
      ...personAndPlace(),
      { header: '紧急程度', cell: (l) => label(URGENCY_LABELS, l.urgency) },
      { header: '当前环节', cell: (l) => label(STAGE_LABELS, l.stage) },
      { header: '责任人', cell: (l, c) => c.staffName(l.assigneeId) },
      { header: '立案时间', cell: (l) => time(l.openedAt) },
      { header: '最近期限', cell: (l) => time(l.nextDueAt) },
      { header: '期限类型', cell: (l) => (l.nextDueClock ? label(CLOCK_LABELS, l.nextDueClock) : null) },
      { header: '督办级别', cell: (l) => label(LEVEL_LABELS, l.escalationLevel) },
      { header: '已发放金额（元）', cell: (l) => l.disbursedTotal },
      { header: '结案时间', cell: (l) => time(l.closedAt) },
    ],
  },
  households: {
    title: LEDGER_LABELS.households,
    columns: [
      { header: '家庭编号', cell: (l) => l.householdId },
      { header: '区', cell: (l, c) => c.placeName(l.streetCode.slice(0, 6)) },
      { header: '街道', cell: (l, c) => c.placeName(l.streetCode) },
      { header: '户主（申请人）姓名', cell: (l) => name(l.head) },
      { header: '户主身份证号', cell: (l, c) => idNumber(l.head, c) },
      { header: '现有成员数', cell: (l) => l.currentMembers },
      { header: '在办案件编号', cell: (l) => l.openCaseId },
      { header: '建档时间', cell: (l) => time(l.createdAt) },
    ],
  },
  assistance: {
    title: LEDGER_LABELS.assistance,
    columns: [
      { header: '案件编号', cell: (l) => l.caseId },
      { header: '救助事项编号', cell: (l) => l.itemId },
      ...personAndPlace(),
      { header: '救助类型', cell: (l) => label(ASSISTANCE_LABELS, l.assistanceType) },
      { header: '状态', cell: (l) => label(ASSISTANCE_STATUS_LABELS, l.status) },
      { header: '金额（元/月）', cell: (l) => l.amount },
      { header: '月数', cell: (l) => l.months },
      { header: '总额（元）', cell: (l) => l.total },
      { header: '审批层级', cell: (l) => (l.requiredTier ? label(TIER_LABELS, l.requiredTier) : null) },
      { header: '审批人', cell: (l, c) => c.staffName(l.approvedBy) },
      { header: '审批时间', cell: (l) => time(l.approvedAt) },
      { header: '已发放（元）', cell: (l) => l.disbursed },
    ],
  },
  warnings: {
    title: LEDGER_LABELS.warnings,
    columns: [
      { header: '预警编号', cell: (l) => l.warningId },
      ...personAndPlace(),
      { header: '预警等级', cell: (l) => label(WARNING_LEVEL_LABELS, l.level) },
      { header: '预警规则', cell: (l) => l.ruleId },
      { header: '状态', cell: (l) => label(WARNING_STATUS_LABELS, l.status) },
      { header: '预警时间', cell: (l) => time(l.raisedAt) },
      { header: '核查期限', cell: (l) => time(l.verifyDueAt) },
      { header: '督办级别', cell: (l) => label(LEVEL_LABELS, l.escalationLevel) },
      { header: '核查结果', cell: (l) => (l.outcome ? label(WARNING_OUTCOME_LABELS, l.outcome) : null) },
      { header: '案件编号', cell: (l) => l.caseId },
      { header: '核查时间', cell: (l) => time(l.verifiedAt) },
    ],
  },
  escalations: {
    title: LEDGER_LABELS.escalations,
    columns: [
      { header: '督办编号', cell: (l) => l.escalationId },
      { header: '案件编号', cell: (l) => l.caseId },
      { header: '预警编号', cell: (l) => l.warningId },
      { header: '区', cell: (l, c) => c.placeName(l.districtCode) },
      { header: '街道', cell: (l, c) => c.placeName(l.streetCode) },
      { header: '期限类型', cell: (l) => label(CLOCK_LABELS, l.clock) },
      { header: '督办级别', cell: (l) => label(LEVEL_LABELS, l.level) },
      { header: '状态', cell: (l) => label(ESCALATION_STATUS_LABELS, l.status) },
      { header: '到期时间', cell: (l) => time(l.dueAt) },
      { header: '升级时间', cell: (l) => time(l.escalatedAt) },
      { header: '升至市级时间', cell: (l) => time(l.raisedToCityAt) },
      { header: '解除时间', cell: (l) => time(l.resolvedAt) },
      {
        header: '处理时长（小时）',
        cell: (l) => (l.timeToResolveMs === null ? null : Math.round(Number(l.timeToResolveMs) / 36_000) / 100),
      },
    ],
  },
};

export type LineOf<K extends ExportKind> = {
  cases: CaseLine;
  households: HouseholdLine;
  assistance: AssistanceLine;
  warnings: WarningLine;
  escalations: EscalationLine;
}[K];

export function headersOf(kind: ExportKind): string[] {
  return LEDGERS[kind].columns.map((c) => c.header);
}

export function cellsOf<K extends ExportKind>(kind: K, line: LineOf<K>, ctx: LineContext): Cell[] {
  return LEDGERS[kind].columns.map((c) => c.cell(line, ctx));
}
