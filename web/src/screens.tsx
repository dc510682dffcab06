// The workbench's screens: path, navigation label, who sees them. A Part II screen (预警核查 warnings
// §8, 家庭档案 households §7, 慈善资源 organisations and 转介 referrals §10, 台账导出 exports §12) is one
// more entry here plus its page.
import { lazy, type ComponentType } from 'react';
import TodoPage from './pages/TodoPage';
import { canReadCases, canReport, isOrganisation } from './rules';
import type { Session } from './session';

export interface ScreenProps {
  session: Session;
  params: Record<string, string>;
}

export interface Screen {
  key: string;
  path: string;
  /** Shown in the navigation when set. */
  nav?: string;
  visible(session: Session): boolean;
  component: ComponentType<ScreenProps>;
}

// The to-do page is in the first download; every other page is its own chunk, fetched when opened
// (and kept by the service worker for offline use).
const CaseListPage = lazy(() => import('./pages/CaseListPage'));
const CaseFilePage = lazy(() => import('./pages/CaseFilePage'));
const EscalationsPage = lazy(() => import('./pages/EscalationsPage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));
const SupervisionPage = lazy(() => import('./pages/SupervisionPage'));
const WarningPage = lazy(() => import('./pages/WarningPage'));
const WarningListPage = lazy(() => import('./pages/WarningListPage'));
const OrganisationsPage = lazy(() => import('./pages/OrganisationsPage'));
const HouseholdPage = lazy(() => import('./pages/HouseholdPage'));
const ReferralsPage = lazy(() => import('./pages/ReferralsPage'));
const ExportsPage = lazy(() => import('./pages/ExportsPage'));

const caseReader = (s: Session) => canReadCases(s.role);
const supervisor = (s: Session) => s.role === 'street_supervisor' || s.role === 'district_officer' || s.role === 'city_officer';

export const SCREENS: Screen[] = [
  { key: 'todo', path: '/', nav: '待办', visible: caseReader, component: TodoPage },
  // Who reads no case files reports (grid workers, the hotline); an organisation's user answers its referrals.
  { key: 'report-home', path: '/', visible: (s) => !canReadCases(s.role) && canReport(s.role), component: ReportPage },
  { key: 'referrals-home', path: '/', visible: (s) => isOrganisation(s.role), component: ReferralsPage },
  { key: 'cases', path: '/cases', nav: '案件', visible: caseReader, component: CaseListPage },
  { key: 'case', path: '/cases/:caseId', visible: caseReader, component: CaseFilePage },
  { key: 'escalations', path: '/escalations', nav: '督办', visible: caseReader, component: EscalationsPage },
  // §8: the warnings of my scope; a warning is reached from there, from 待办 or from its escalation (督办).
  { key: 'warnings', path: '/warnings', nav: '预警', visible: caseReader, component: WarningListPage },
  { key: 'warning', path: '/warnings/:warningId', visible: caseReader, component: WarningPage },
  // §7: the family file, reached from a case file.
  { key: 'household', path: '/households/:householdId', visible: caseReader, component: HouseholdPage },
  // §10: every staff role that reads cases reads the organisations too (api/organisations READERS);
  // district and city officers also register and change them.
  { key: 'organisations', path: '/organisations', nav: '资源', visible: caseReader, component: OrganisationsPage },
  // §10: the referrals of my jurisdiction (staff), or an organisation's own with its answer form.
  { key: 'referrals', path: '/referrals', nav: '转介', visible: (s) => caseReader(s) || isOrganisation(s.role), component: ReferralsPage },
  // §12: the five ledgers with their filters, and the monthly report.
  { key: 'exports', path: '/exports', nav: '台账', visible: caseReader, component: ExportsPage },
  {
    key: 'supervision',
    path: '/supervision',
    nav: '统计',
    visible: (s) => supervisor(s) || s.role === 'caseworker',
    component: SupervisionPage,
  },
  { key: 'report', path: '/report', nav: '上报', visible: (s) => canReport(s.role), component: ReportPage },
];
