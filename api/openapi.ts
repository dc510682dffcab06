// The API's OpenAPI document: every feature folder's paths, in the order of the tags below, assembled
// by api/http/openapi.ts. A new feature adds its `openapi.ts` here and nowhere else.
import { accessLogPaths } from './access-log/openapi';
import { calendarPaths } from './calendar/openapi';
import { casesPaths } from './cases/openapi';
import { codecPaths } from './codec/openapi';
import { dashboardPaths } from './dashboard/openapi';
import { escalationsPaths } from './escalations/openapi';
import { exportsPaths } from './exports/openapi';
import { monthlyReportPaths } from './monthly-report/openapi';
import { assembleOpenApi, type JsonObject } from './http/openapi';
import { householdsPaths } from './households/openapi';
import { jurisdictionsPaths } from './jurisdictions/openapi';
import { monitoringPaths } from './monitoring/openapi';
import { NOTIFICATION_TAG, notificationPaths, notificationWebhooks } from './notifications/openapi';
import { operationsPaths } from './operations/openapi';
import { organisationsPaths } from './organisations/openapi';
import { referralsPaths } from './referrals/openapi';
import { reportsPaths } from './reports/openapi';
import { staffPaths } from './staff/openapi';
import { statsPaths } from './stats/openapi';
import { warningsPaths } from './warnings/openapi';

export function openApiDocument(): JsonObject {
  return assembleOpenApi({
    tags: [
      { name: 'reports', description: 'Discovery reports and department signals' },
      { name: 'cases', description: 'Case lists, case files and actions' },
      { name: 'warnings', description: 'Warnings raised from other departments’ data and their verification (§8)' },
      { name: 'resources', description: 'Organisations, their projects, a case’s matches for referral, referrals and their answers (§10)' },
      { name: 'supervision', description: 'Escalations (list and live stream), statistics, staffing' },
      NOTIFICATION_TAG,
      { name: 'reference', description: 'Reference data' },
      { name: 'operations', description: 'Health, readiness, metrics and this document' },
    ],
    paths: {
      ...notificationPaths(),
      ...reportsPaths,
      ...monitoringPaths,
      ...casesPaths,
      ...householdsPaths,
      ...warningsPaths,
      ...organisationsPaths,
      ...referralsPaths,
      ...escalationsPaths,
      ...exportsPaths,
      ...monthlyReportPaths,
      ...statsPaths,
      ...staffPaths,
      ...accessLogPaths,
      ...jurisdictionsPaths,
      ...calendarPaths,
      ...operationsPaths,
      ...dashboardPaths,
      ...codecPaths,
    },
    webhooks: notificationWebhooks(),
  });
}
