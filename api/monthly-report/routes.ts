// GET /api/v1/reports/monthly (§12): the month's report of the caller's jurisdiction, as JSON or XLSX.
import { Router, type Request, type Response } from 'express';
import { findJurisdiction } from '../../domain/jurisdictions';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { tagRoute } from '../http/metrics';
import { parseQuery } from '../http/parse';
import { getMonthlyReport } from './monthly-report';
import { monthlyReportQuerySchema } from './schemas';
import { monthlyReportXlsx } from './xlsx';

export function monthlyReportRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/reports/monthly', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const query = parseQuery(monthlyReportQuerySchema, req.query);
    const report = await getMonthlyReport(ctx, actor, query);
    if (query.format === 'json') {
      res.json(report);
      return;
    }
    const file = await monthlyReportXlsx(report, (code) => findJurisdiction(code)?.nameZh ?? code);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="monthly-${report.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`月度统计报表-${report.month}.xlsx`)}`,
    );
    res.send(file);
  });

  return router;
}
