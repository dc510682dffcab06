// The official working-day calendar the platform counts deadlines in (DESIGN.md §9): one year's data,
// and the due time of a duration from an instant (any authenticated user), and a year loaded while the
// platform runs (city officers). The calendar is the API's live one (live-calendar.ts).
import { Router, type Request, type Response } from 'express';
import { parseClockLength } from '../../domain/durations';
import { instantAfter } from '../../domain/policy-clocks';
import { calendarYear, yearsCovered } from '../../domain/working-days';
import type { ApiContext } from '../http/deps';
import { AppError, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { parseBody, parseQuery } from '../http/parse';
import { actorOf } from '../http/auth';
import { loadCalendarYear } from './load-calendar-year';
import { calendarYearBodySchema, calendarYearPathSchema, calendarYearQuerySchema, deadlineQuerySchema } from './schemas';

export function calendarRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/calendar/deadline', tagRoute, (req: Request, res: Response) => {
    const query = parseQuery(deadlineQuerySchema, req.query);
    const due = instantAfter(query.from, parseClockLength(query.duration), ctx.calendar);
    res.json({ dueAt: due.at, provisional: due.provisional });
  });

  router.get('/calendar', tagRoute, (req: Request, res: Response) => {
    const { year } = parseQuery(calendarYearQuerySchema, req.query);
    const data = calendarYear(ctx.calendar, year);
    if (!data) {
      const covered = yearsCovered(ctx.calendar);
      const range = covered.length > 0 ? `${covered[0]}–${covered[covered.length - 1]}` : 'none';
      throw new AppError(
        'CALENDAR_YEAR_NOT_FOUND',
        `the calendar has no data for ${year} (years covered: ${range}); deadlines in it count weekdays only and are provisional`,
      );
    }
    res.json(data);
  });

  router.put('/calendar/:year', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const year = calendarYearPathSchema.safeParse(String(req.params.year ?? ''));
    if (!year.success) throw validationError([{ path: 'year', message: 'must be a four-digit year, like 2027' }], 'invalid path');
    const body = parseBody(calendarYearBodySchema, req.body, 'the calendar year has invalid fields');
    const loaded = await loadCalendarYear(ctx, actor, year.data, body);
    res.status(loaded.stored ? 201 : 200).json(loaded);
  });

  return router;
}
