// The working-day calendar as the API reads and answers it (DESIGN.md §9).
import { z } from 'zod';
import { parseClockLength } from '../../domain/durations';
import { instantQuery } from '../http/schemas';

/**
 * The durations this endpoint computes, as a pattern the document shows: a policy duration (45s, 10m,
 * 24h, 7d) of up to 6 digits, or 1–1000 working days. parseClockLength's messages come first (they
 * say what is wrong); the pattern then bounds what the document promises (no leading zeros, no
 * due time beyond what a Date can hold), so an empty or huge duration is not schema-valid (ST202).
 */
const DEADLINE_DURATION_PATTERN = /^(?:[1-9][0-9]{0,5}[smhd]|(?:[1-9][0-9]{0,2}|1000)wd)$/;

export const deadlineQuerySchema = z.strictObject({
  from: instantQuery.meta({ description: 'the instant the clock starts, with an offset', example: '2026-09-30T10:00:00+08:00' }),
  duration: z
    .string()
    .superRefine((value, ctx) => {
      try {
        parseClockLength(value);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return;
      }
      if (!DEADLINE_DURATION_PATTERN.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'must be 1 to 6 digits without leading zeros and a unit (s, m, h, d), or 1 to 1000wd' });
      }
    })
    .meta({
      pattern: DEADLINE_DURATION_PATTERN.source,
      description: 'a policy duration: 45s, 10m, 24h, 7d or working days like 3wd',
      example: '3wd',
    }),
});
export type DeadlineQuery = z.output<typeof deadlineQuerySchema>;

export const deadlineSchema = z
  .strictObject({
    dueAt: z.string().meta({
      description:
        'working days: 24:00 Asia/Shanghai of the n-th working day after the start day, as +08:00; wall-clock: the instant in UTC',
      example: '2026-10-11T00:00:00+08:00',
    }),
    provisional: z.boolean().meta({ description: 'counted through a year without calendar data (weekdays only)' }),
  })
  .meta({ id: 'CalendarDeadline', description: 'When a clock of `duration` started at `from` is due, as the platform computes it.' });

export const calendarYearQuerySchema = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit year, like 2026')
    .transform(Number)
    .meta({ description: 'the year', example: '2026' }),
});
export type CalendarYearQuery = z.output<typeof calendarYearQuerySchema>;

export const calendarYearSchema = z
  .strictObject({
    year: z.number().int(),
    holidays: z.array(z.string()).meta({ description: 'days off (YYYY-MM-DD), weekend days inside a holiday period included' }),
    workdays: z.array(z.string()).meta({ description: 'make-up working days (调休上班), Saturdays or Sundays' }),
    source: z.string().meta({ description: 'where the dates come from', example: 'chinese-days@1.5.7 (国务院办公厅 holiday notices)' }),
  })
  .meta({ id: 'CalendarYear', description: 'One year of the official calendar: only the days that differ from Monday–Friday.' });

export const calendarYearPathSchema = z
  .string()
  .regex(/^\d{4}$/, 'must be a four-digit year, like 2027')
  .transform(Number);

/**
 * A date of a year's lists: the document shows its shape; whether it is a real date of that year (and the
 * other list rules) is domain/working-days.ts calendarYearProblems', with messages that say which rule.
 */
const calendarDateText = z.string().meta({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

export const calendarYearBodySchema = z
  .strictObject({
    holidays: z
      .array(calendarDateText)
      .max(366)
      .meta({ description: 'days off (YYYY-MM-DD), weekend days inside a holiday period included' }),
    workdays: z.array(calendarDateText).max(366).meta({ description: 'make-up working days (调休上班), Saturdays or Sundays' }),
    source: z
      .string()
      .trim()
      .min(1, 'must say where the dates come from')
      .max(300)
      .meta({ example: '国务院办公厅关于2027年部分节假日安排的通知' }),
  })
  .meta({
    id: 'CalendarYearBody',
    description: 'One year of the official calendar: the days that differ from Monday–Friday, with their source.',
  });
export type CalendarYearBody = z.output<typeof calendarYearBodySchema>;

export const calendarYearLoadedSchema = z
  .strictObject({
    year: z.number().int(),
    source: z.string(),
    stored: z
      .boolean()
      .meta({ description: 'false when the same dates were loaded before (the call only re-told cases still provisional)' }),
    casesSignalled: z.number().int().min(0).meta({ description: 'running cases with a provisional deadline told to recompute it' }),
  })
  .meta({ id: 'CalendarYearLoaded' });
export type CalendarYearLoaded = z.output<typeof calendarYearLoadedSchema>;
