// One function per API call the workbench makes (Part I, DESIGN.md §5). Part II screens add theirs
// here: warnings (§8), households and persons (§7), organisations and referrals (§10), exports (§12),
// the working-day calendar (§9).
import type { ExportKind } from '../../../api/exports/export-kinds';
import { download, get, query, request, type RequestOptions } from './http';
import type {
  CaseAction,
  CaseFile,
  CaseMatch,
  FamilyFile,
  Organisation,
  OrganisationCreate,
  OrganisationUpdate,
  Project,
  ProjectCreate,
  CaseSummary,
  DevUser,
  DueList,
  Escalation,
  Jurisdiction,
  MonthlyReport,
  NotificationList,
  Page,
  ReferralAnswer,
  ReferralListItem,
  ReportBody,
  ReportResult,
  Stage,
  StaffUser,
  Stats,
  Urgency,
  WarningSummary,
  WarningVerify,
  WarningView,
} from './types';

export interface CaseFilters {
  stage?: Stage;
  districtCode?: string;
  streetCode?: string;
  urgency?: Urgency;
  escalationLevel?: '0' | '1' | '2';
  overdue?: 'true' | 'false';
  assigneeId?: string;
}

export function listCases(filters: CaseFilters, cursor?: string, limit = 50): Promise<Page<CaseSummary>> {
  return get(`/api/v1/cases${query({ ...filters, cursor, limit })}`);
}

export function getCase(caseId: string, options: RequestOptions = {}): Promise<CaseFile> {
  return get(`/api/v1/cases/${encodeURIComponent(caseId)}`, options);
}

export async function postAction(caseId: string, action: CaseAction, idempotencyKey: string): Promise<CaseFile> {
  return (await request<CaseFile>('POST', `/api/v1/cases/${encodeURIComponent(caseId)}/actions`, { body: action, idempotencyKey })).data;
}

export async function postReport(body: ReportBody, idempotencyKey: string, token?: string): Promise<ReportResult & { status: number }> {
  const { status, data } = await request<ReportResult>('POST', '/api/v1/reports', { body, idempotencyKey, token });
  return { ...data, status };
}

/** The caller's deadlines and revisits due before `to` (overdue ones included). */
export function myDue(to: Date): Promise<DueList> {
  return get(`/api/v1/me/revisits${query({ to: to.toISOString(), limit: 200 })}`);
}

/**
 * When "within two working days" ends. §9's calendar (GET /api/v1/calendar/deadline) does not exist
 * yet, so until it does this counts two calendar days, which over a weekend or a holiday shows fewer
 * items than the rule wants. Switch by answering from
 * `get('/api/v1/calendar/deadline?from=…&duration=2wd')` here (its `dueAt`); the callers already await.
 */
export async function dueHorizon(now: Date): Promise<{ to: Date; workingDays: boolean }> {
  return { to: new Date(now.getTime() + 2 * 24 * 3_600_000), workingDays: false };
}

export function myNotifications(limit = 20): Promise<NotificationList> {
  return get(`/api/v1/me/notifications${query({ limit })}`);
}

export async function markNotificationRead(id: string): Promise<void> {
  await request('POST', `/api/v1/me/notifications/${encodeURIComponent(id)}/read`, { body: {} });
}

export interface EscalationFilters {
  level?: 'district' | 'city';
  status?: 'open' | 'resolved';
  districtCode?: string;
  streetCode?: string;
}

export function listEscalations(filters: EscalationFilters, cursor?: string, limit = 50): Promise<Page<Escalation>> {
  return get(`/api/v1/escalations${query({ ...filters, cursor, limit })}`);
}

export function getWarning(warningId: string): Promise<WarningView> {
  return get(`/api/v1/warnings/${encodeURIComponent(warningId)}`);
}

export interface WarningFilters {
  level?: WarningView['level'];
  status?: WarningView['status'];
  districtCode?: string;
  streetCode?: string;
}

/** Warnings of my scope, newest first (§8). */
export function listWarnings(filters: WarningFilters, cursor?: string, limit = 50): Promise<Page<WarningSummary>> {
  return get(`/api/v1/warnings${query({ ...filters, cursor, limit })}`);
}

/** 核查 a warning (street staff): the warning as it is afterwards. */
export async function verifyWarning(warningId: string, body: WarningVerify, idempotencyKey: string): Promise<WarningView> {
  return (await request<WarningView>('POST', `/api/v1/warnings/${encodeURIComponent(warningId)}/actions`, { body, idempotencyKey })).data;
}

/** Organisations (and their projects) that could take the case's referral, best first (§10). */
export function caseMatches(caseId: string): Promise<{ items: CaseMatch[] }> {
  return get(`/api/v1/cases/${encodeURIComponent(caseId)}/matches`);
}

/** 家庭档案 (§7): members current and past, the household's cases, assistance and timeline. */
export function getFamilyFile(householdId: string): Promise<FamilyFile> {
  return get(`/api/v1/households/${encodeURIComponent(householdId)}`);
}

export interface OrganisationFilters {
  districtCode?: string;
  service?: string;
}

/** §10: the organisations I may see (my district's, or all for the city), by id; one page, no cursor. */
export function listOrganisations(filters: OrganisationFilters): Promise<{ items: Organisation[] }> {
  return get(`/api/v1/organisations${query({ ...filters })}`);
}

/**
 * Registers an organisation. The API takes no Idempotency-Key here; the caller's `organisationId`
 * plays its part (a resend after a lost answer meets ORGANISATION_ID_TAKEN instead of a twin).
 */
export async function createOrganisation(body: OrganisationCreate): Promise<Organisation> {
  return (await request<Organisation>('POST', '/api/v1/organisations', { body })).data;
}

export async function updateOrganisation(organisationId: string, body: OrganisationUpdate): Promise<Organisation> {
  return (await request<Organisation>('PATCH', `/api/v1/organisations/${encodeURIComponent(organisationId)}`, { body })).data;
}

export function listProjects(organisationId: string): Promise<{ items: Project[] }> {
  return get(`/api/v1/organisations/${encodeURIComponent(organisationId)}/projects`);
}

export async function createProject(organisationId: string, body: ProjectCreate): Promise<Project> {
  return (await request<Project>('POST', `/api/v1/organisations/${encodeURIComponent(organisationId)}/projects`, { body })).data;
}

export interface ReferralFilters {
  status?: ReferralListItem['status'];
  /** Staff only: an organisation always lists its own. */
  organisationId?: string;
}

/** §10: an organisation's own referrals, or those of the cases of my jurisdiction; newest first. */
export function listReferrals(filters: ReferralFilters, cursor?: string, limit = 50): Promise<Page<ReferralListItem>> {
  return get(`/api/v1/referrals${query({ ...filters, cursor, limit })}`);
}

/** The organisation's answer (or street staff's record of one given by phone): the referral as it is afterwards. */
export async function answerReferral(referralId: string, body: ReferralAnswer, idempotencyKey: string): Promise<ReferralListItem> {
  return (await request<ReferralListItem>('POST', `/api/v1/referrals/${encodeURIComponent(referralId)}/response`, { body, idempotencyKey }))
    .data;
}

/** 月度统计报表 of my scope (§12); `month` as YYYY-MM in Asia/Shanghai. */
export function getMonthlyReport(month: string): Promise<MonthlyReport> {
  return get(`/api/v1/reports/monthly${query({ month })}`);
}

export function downloadMonthlyReport(month: string): Promise<void> {
  return download(`/api/v1/reports/monthly${query({ month, format: 'xlsx' })}`, `monthly-${month}.xlsx`);
}

export interface LedgerFilters {
  districtCode?: string;
  streetCode?: string;
  /** Instants: the ledger's own time at or after `from`, before `to`. */
  from?: string;
  to?: string;
  /** Full ID numbers: district and city officers only (anyone else is refused, and recorded). */
  unmasked?: boolean;
}

/** A ledger (台账) of my scope, masked unless a district or city officer asks otherwise. */
export function downloadLedger(kind: ExportKind, format: 'csv' | 'xlsx', filters: LedgerFilters = {}): Promise<void> {
  const { unmasked, ...rest } = filters;
  return download(`/api/v1/exports/${kind}${query({ format, ...rest, unmasked: unmasked ? 'true' : undefined })}`, `${kind}.${format}`);
}

export function getStats(): Promise<Stats> {
  return get('/api/v1/stats');
}

export function getJurisdictions(): Promise<Jurisdiction> {
  return get('/api/v1/jurisdictions');
}

/** Staff of the caller's scope (street supervisors and above; others get 403). */
export function listStaff(): Promise<Page<StaffUser>> {
  return get(`/api/v1/staff${query({ limit: 500 })}`);
}

// The development sign-in of the dashboard (only in the embedded development mode).
export async function devSignInOffered(): Promise<boolean> {
  try {
    const config = await get<{ devSignIn?: boolean }>('/dashboard/config.json', { anonymous: true });
    return config.devSignIn === true;
  } catch {
    return false;
  }
}

export async function devUsers(): Promise<DevUser[]> {
  return (await get<{ items: DevUser[] }>('/dashboard/dev-users', { anonymous: true })).items;
}

export async function devToken(userId: string): Promise<string> {
  return (await request<{ token: string }>('POST', '/dashboard/dev-token', { body: { userId }, anonymous: true })).data.token;
}

/** Checks a pasted token against the server before keeping it. */
export async function checkToken(token: string): Promise<void> {
  await get('/api/v1/me/notifications/unread-count', { token });
}
