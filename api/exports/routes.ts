// GET /api/v1/exports/{kind}: a ledger (台账, §12) of the caller's jurisdiction as CSV or XLSX, streamed
// batch by batch. Recorded in the access log before the first byte, since it names people.
import { Router, type Request, type Response } from 'express';
import { findJurisdiction } from '../../domain/jurisdictions';
import { districtOfStreet, scopeLevel } from '../../domain/roles';
import { recordAccess } from '../http/access-log';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { formatZodIssues, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { parseQuery } from '../http/parse';
import { requireCaseReader, requireRoleOf, scopeFilterOf } from '../http/scope';
import { cellsOf, headersOf, LEDGERS, type ExportKind, type LineContext } from './export-kinds';
import { exportLines } from './repository';
import { exportKindSchema, exportQuerySchema } from './schemas';
import { csvSink, xlsxSink, type TableSink } from './table-writer';

const BATCH_SIZE = 1000;
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export function exportsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/exports/:kind', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    const kindParsed = exportKindSchema.safeParse(req.params.kind);
    if (!kindParsed.success) throw validationError(formatZodIssues(kindParsed.error.issues).map((e) => ({ ...e, path: 'kind' })));
    const kind: ExportKind = kindParsed.data;
    const query = parseQuery(exportQuerySchema, req.query);
    const unmasked = query.unmasked === 'true';
    if (unmasked) requireRoleOf(actor, ['district_officer', 'city_officer'], 'export unmasked ID numbers');
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw validationError([{ path: 'to', message: 'must be later than from' }], 'invalid query parameters');

    const staffNames = new Map(
      (await ctx.prisma.staffUser.findMany({ select: { id: true, nameZh: true } })).map((s) => [s.id, s.nameZh] as const),
    );
    const lineContext: LineContext = {
      unmasked,
      placeName: (code) => findJurisdiction(code)?.nameZh ?? code,
      staffName: (id) => (id === null ? null : (staffNames.get(id) ?? id)),
    };
    await recordAccess(ctx.prisma, {
      userId: actor.userId,
      role: actor.role,
      kind: 'export',
      subjectRef: `exports/${kind}`,
      route: 'GET /api/v1/exports/{kind}',
      detail: [query.format, unmasked ? 'unmasked' : 'masked', query.districtCode, query.streetCode, query.from, query.to]
        .filter(Boolean)
        .join(' '),
      // District officers read the access log of their district; a city-wide export is the city's.
      ...(scopeLevel(actor.jurisdictionCode) !== 'city' ? { districtCode: districtOfStreet(actor.jurisdictionCode) } : {}),
    });

    const ledger = LEDGERS[kind];
    const stamp = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[query.format]);
    // RFC 6266: an ASCII fallback plus the Chinese title for browsers that read filename*.
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${kind}-${stamp}.${query.format}"; filename*=UTF-8''${encodeURIComponent(`${ledger.title}-${stamp}.${query.format}`)}`,
    );
    const headers = headersOf(kind);
    const sink: TableSink = query.format === 'csv' ? csvSink(res, headers) : xlsxSink(res, ledger.title, headers);
    const read = {
      prisma: ctx.prisma,
      cipher: ctx.pii,
      scope: scopeFilterOf(actor),
      filters: { districtCode: query.districtCode, streetCode: query.streetCode, from, to },
      batchSize: BATCH_SIZE,
    };
    try {
      for await (const lines of exportLines(kind, read)) {
        await sink.writeRows(lines.map((line) => cellsOf(kind, line, lineContext)));
      }
      await sink.end();
    } catch (err) {
      if (!res.headersSent) throw err;
      // Past the headers a problem answer is impossible, and ending the body normally would hand the
      // supervisor a truncated ledger that looks complete: the connection is cut so the download fails.
      req.log.error({ err, kind }, 'export failed while streaming');
      res.destroy();
    }
  });

  return router;
}
