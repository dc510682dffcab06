// The API's answers as the workbench reads them (DESIGN.md §5, api/schemas.ts). Declared here rather
// than imported from api/, which is being regrouped into feature folders; the vocabulary (stages,
// clocks, roles, actions) comes from domain/, which both sides share.
import type { CaseAction } from '../../../domain/action-schemas';
import type { CaseState, Channel, ClockName, PublicNotice, Role, Stage, Urgency, UrgentFlag } from '../../../domain/case-types';
import type { CaseOutcome, Relation } from '../../../domain/household';
import type { OrganisationKind } from '../../../domain/organisations';

export type { CaseAction, CaseOutcome, Channel, ClockName, OrganisationKind, Relation, Role, Stage, Urgency, UrgentFlag };
export type AssistanceType = Extract<CaseAction, { type: 'propose-assistance' }>['assistanceType'];
export type ApprovalTier = 'street' | 'district' | 'city';

export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details as api/errors.ts answers them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors: FieldError[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface CaseSummary {
  caseId: string;
  stage: Stage;
  urgency: Urgency;
  districtCode: string;
  streetCode: string;
  assigneeId: string | null;
  escalationLevel: number;
  nextDueAt: string | null;
  nextDueClock: string | null;
  clockPaused: boolean;
  overdue: boolean;
  policyVersion: string;
  openedAt: string;
  closedAt: string | null;
  updatedAt: string;
}

export interface CaseEvent {
  eventId: string;
  seq: number;
  type: string;
  at: string;
  actorId: string;
  fromStage: Stage | null;
  toStage: Stage | null;
  details: Record<string, unknown>;
}

export interface Escalation {
  escalationId: string;
  /** Absent for warnings (Part II §8: a warning's escalation carries `warningId` instead). */
  caseId?: string;
  warningId?: string;
  level: 'district' | 'city';
  /** closed / transferred (§14): the case was closed or handed on while escalated; endedBy and endReason say who and why. */
  status: 'open' | 'resolved' | 'closed' | 'transferred' | string;
  clock: ClockName | string;
  dueAt: string;
  escalatedAt: string;
  raisedToCityAt?: string;
  resolvedAt?: string;
  timeToResolveMs?: number;
  endedBy?: string;
  endReason?: string;
  districtCode: string;
  streetCode: string;
  /** The case's stage when it escalated; absent for a warning's escalation. */
  stage?: Stage;
}

/** A warning raised from other departments' data (§8), as GET /api/v1/warnings/{warningId} answers it. */
export interface WarningView {
  warningId: string;
  personId: string;
  streetCode: string;
  districtCode: string;
  level: 'red' | 'orange' | 'yellow';
  ruleId: string;
  status: 'open' | 'verified' | 'dismissed';
  raisedAt: string;
  verifyDueAt: string;
  escalationLevel: number;
  outcome?: 'open-case' | 'watch' | 'dismiss';
  caseId?: string;
  verifiedAt?: string;
  note?: string;
  reasons: { kind: string; source: string; occurredAt: string; amount?: number }[];
  subject: { name: string; idNumberMasked: string | null } | null;
}

/** One item of GET /api/v1/warnings: a warning without its reasons (only their count). */
export type WarningSummary = Omit<WarningView, 'reasons' | 'subject' | 'note'> & { verifyDueProvisional: boolean; reasonCount: number };

/** POST /api/v1/warnings/{warningId}/actions (§8); dismiss needs a note. */
export interface WarningVerify {
  type: 'verify';
  outcome: NonNullable<WarningView['outcome']>;
  note?: string;
}

export interface Deadline {
  clock: ClockName;
  dueAt: string;
  remindAt: string;
  paused: boolean;
  escalationLevel: number;
}

export interface CaseSubject {
  name: string;
  /** null until an unidentified person is identified (§7). */
  idNumberMasked: string | null;
  phoneMasked?: string;
  address?: string;
  birthYear: number | null;
  sex: string | null;
  unidentified?: boolean;
  description?: string;
}

/** One assistance item of the case (§10): proposed, approved (posted), rejected, active (being paid) or ended. */
export interface AssistanceItem {
  itemId: string;
  assistanceType: AssistanceType;
  amount: number;
  months?: number;
  note?: string;
  total: number;
  status: 'proposed' | 'approved' | 'rejected' | 'active' | 'ended';
  requiredTier: ApprovalTier;
  proposedBy: string;
  approvedBy?: string;
  approvedAt?: string;
  endsAt?: string;
  endedAs?: 'paid' | 'months-passed' | 'case-closed';
  disbursed: number;
  firstPeriod?: string;
  payments?: { period: string; amount: number; at: string; by: string }[];
}

export interface Referral {
  referralId: string;
  organisationId: string;
  /** §10: the organisation's project the referral draws on, when one was named. */
  projectId?: string;
  needs: string[];
  status: 'pending' | 'accepted' | 'declined' | 'completed';
  referredAt: string;
  respondedAt?: string;
}

/** §7: every report of the case (and of cases merged into it), oldest first. */
export interface CaseReportEntry {
  reportId: string;
  channel: Channel;
  receivedAt: string;
  summary?: string | null;
  categories?: string[];
  urgentFlags?: UrgentFlag[];
  reporter?: { organisation?: string; name?: string; phoneMasked?: string } | null;
  filedBy?: string | null;
  /** Fields this report stated differently from the recorded identity, which it did not change (§7). */
  identityDiffers?: ('name' | 'phone' | 'address' | 'streetCode')[];
  claimed?: { name?: string; phone?: string; address?: string; streetCode?: string };
}

/** GET /api/v1/cases/{caseId}: the case view, its full audit trail, escalations and masked subject. */
export interface CaseFile {
  caseId: string;
  personId: string;
  stage: Stage;
  urgency: Urgency;
  districtCode: string;
  streetCode: string;
  assigneeId: string | null;
  ownerStreetCode: string | null;
  escalationLevel: number;
  deadlines: Deadline[];
  nextDueAt: string | null;
  openedAt: string;
  closedAt?: string;
  closeReason?: string;
  policyVersion: string;
  events: CaseEvent[];
  escalations: Escalation[];
  subject: CaseSubject | null;
  /** Every assistance item, also those of a case decided before items existed (§10). */
  assistance: AssistanceItem[];
  /** 公示 (§9): the approval is posted until endsAt, then the case moves to assisting by itself. */
  publicNotice?: PublicNotice;
  emergencyAidTotal?: number;
  emergencyAidSettlement?: CaseState['emergencyAidSettlement'];
  disbursedTotal?: number;
  referrals?: Referral[];
  pause?: { pausedAt: string; reason: string; expectedResumeAt: string; pausedBy: string };
  monitoringMode?: 'watch' | 'assisted';
  reports?: CaseReportEntry[];
  householdId?: string | null;
  possibleDuplicates?: { caseId: string; reason: string }[];
  mergedInto?: string;
}

export interface ReportBody {
  channel: Channel;
  subject: { idNumber: string; name: string; phone?: string; streetCode: string; address?: string };
  situation: { summary: string; categories?: string[]; urgentFlags?: UrgentFlag[] };
  reporter?: { name?: string; phone?: string; organisation?: string };
}

export interface ReportResult {
  caseId: string;
  created: boolean;
  urgency: Urgency;
  stage: Stage;
}

export interface DueItem {
  caseId: string;
  clock: ClockName;
  kind: 'revisit' | 'deadline';
  dueAt: string;
  overdue: boolean;
  stage: Stage;
  urgency: Urgency;
  streetCode: string;
  assigneeId: string | null;
  escalationLevel: number;
}

export interface DueList {
  items: DueItem[];
  from: string | null;
  to: string;
  truncated: boolean;
}

export interface Notification {
  id: string;
  kind:
    | 'reminder'
    | 'escalation'
    | 'escalation-raised'
    | 'escalation-resolved'
    | 'digest'
    | 'new-case'
    | 'case-transferred'
    | 'new-report'
    | string;
  caseId: string | null;
  title: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList extends Page<Notification> {
  unreadCount: number;
}

export interface Jurisdiction {
  code: string;
  level: 'city' | 'district' | 'street' | 'committee';
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  populationInDifficulty?: number;
  children: Jurisdiction[];
}

export interface StaffUser {
  id: string;
  role: Role;
  jurisdictionCode: string;
  nameZh: string;
  nameEn: string;
  fullTimeAssistance: boolean;
  active: boolean;
}

export interface DevUser {
  id: string;
  role: Role;
  jurisdictionCode: string;
  nameZh: string;
  nameEn: string;
}

export interface StatsFigures {
  openCases: { total: number; byStage: Record<Exclude<Stage, 'closed'>, number> };
  overdue: number;
  openEscalations: { district: number; city: number; total: number };
  timeToResolve: { resolved: number; medianMs: number | null; p90Ms: number | null };
  remindersSent: number;
  staffing: {
    peopleInDifficulty: number;
    fullTimeCaseworkers: number;
    peoplePerCaseworker: number | null;
    caseworkersRequired: number;
    caseworkersMissing: number;
    streets: number;
    streetsWithoutCaseworker: string[];
    committees: number;
    committeesWithoutDesignatedWorker: string[];
    meetsStandard: boolean;
  };
  /** 乡镇临时救助备用金 (§9), this calendar year. */
  emergencyFund: { year: number; budget: number; granted: number; reserved: number; left: number; grants: number; beyondLimit: number };
}

export interface Stats {
  from: string;
  to: string;
  generatedAt: string;
  scope: { level: 'city' | 'district' | 'street'; code: string };
  total: StatsFigures;
  districts: (StatsFigures & { code: string; nameZh: string; nameEn: string })[];
  streets: (StatsFigures & { code: string; districtCode: string; nameZh: string; nameEn: string })[];
}

/** GET /api/v1/reports/monthly (§12): the API's own schema type. */
export type { MonthlyReport } from '../../../api/monthly-report/schemas';
/** §10: an item of GET /api/v1/referrals (codes, instants and amounts, no personal data) and an organisation's answer to it. */
export type { ReferralItem as ReferralListItem, ReferralResponseBody as ReferralAnswer } from '../../../api/referrals/schemas';

/** §10: an organisation that takes referrals, as GET /api/v1/organisations lists it. */
export interface Organisation {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  services: AssistanceType[];
  districts: string[];
  contact: { name: string; phone?: string } | null;
}

export interface OrganisationCreate {
  organisationId?: string;
  name: string;
  kind: OrganisationKind;
  services: AssistanceType[];
  districts: string[];
  contact: { name: string; phone?: string };
}

export type OrganisationUpdate = Partial<Omit<OrganisationCreate, 'organisationId'>>;

/** §10: 慈善项目 / 公益基金 of an organisation; dates YYYY-MM-DD (Asia/Shanghai), amounts in CNY. */
export interface Project {
  projectId: string;
  organisationId: string;
  name: string;
  services: AssistanceType[];
  budget: number;
  remaining: number;
  startsAt: string;
  endsAt?: string;
}

export interface ProjectCreate {
  name: string;
  services: AssistanceType[];
  budget: number;
  startsAt: string;
  endsAt?: string;
}

/** GET /api/v1/cases/{caseId}/matches: organisations (and projects) ranked for the case's referral. */
export interface CaseMatch {
  organisationId: string;
  projectId?: string;
  score: number;
  reasons: { code: string; label: string; service?: AssistanceType; remaining?: number }[];
}

/**
 * One assistance entry of the family file. Read defensively: the case's assistance model is growing
 * into several items per case (§10) with `itemId` and `status`, which older answers do not carry.
 */
export interface HouseholdAssistance {
  caseId: string;
  itemId?: string;
  assistanceType: string;
  amount: number;
  months?: number;
  status?: string;
  approvedAt?: string;
  disbursed?: number;
}

/** GET /api/v1/households/{householdId} (§7): the family file. */
export interface FamilyFile {
  householdId: string;
  streetCode: string;
  members: {
    personId: string;
    name: string;
    idNumberMasked: string | null;
    birthYear: number | null;
    relation: Relation;
    current: boolean;
    joinedAt: string;
    leftAt?: string;
    disability?: boolean;
    monthlyIncome?: number;
    source: string;
  }[];
  cases: { caseId: string; stage: Stage; openedAt: string; closedAt?: string; outcome?: CaseOutcome; subjectPersonId: string }[];
  assistance: HouseholdAssistance[];
  warnings: Record<string, unknown>[];
  timeline: { at: string; kind: string; personId?: string; caseId?: string; reportId?: string }[];
}
