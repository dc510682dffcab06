// A monitoring import sent as text/csv (DESIGN.md §8): a header row of the record's field names
// (`details.<key>` for a detail such as details.category), one record per line. Read with csv-parse
// (RFC 4180 quoting, BOM, CRLF); a line it cannot read takes its place as a malformed record, rejected
// on its own like any bad record, so every other line keeps its index.
import { parse } from 'csv-parse/sync';
import type { MalformedLine } from '../../domain/monitoring-records';
import type { FieldError } from '../http/errors';

const PLAIN_COLUMNS = new Set(['kind', 'idNumber', 'name', 'streetCode', 'occurredAt', 'amount']);
const DETAIL_COLUMN = /^details\.([A-Za-z][A-Za-z0-9_]{0,39})$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export type CsvRecords = { ok: true; records: unknown[] } | { ok: false; errors: FieldError[]; detail: string };

function malformed(code: string | undefined, line: number | undefined): MalformedLine {
  const reason =
    code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? 'field-count' : code === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed-quote' : 'unreadable';
  return { $malformed: reason, ...(line ? { line } : {}) };
}

/** One row as a record: empty cells are absent, amount and numeric details are numbers. */
function toRecord(header: string[], row: string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const details: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = row[i]?.trim() ?? '';
    if (cell === '') return;
    const detail = DETAIL_COLUMN.exec(column);
    if (detail) details[detail[1]] = NUMBER.test(cell) ? Number(cell) : cell;
    // A non-numeric amount stays text, so that the record is refused naming the field.
    else if (column === 'amount') record.amount = NUMBER.test(cell) ? Number(cell) : cell;
    else record[column] = cell;
  });
  if (Object.keys(details).length > 0) record.details = details;
  return record;
}

export function parseCsvRecords(text: string): CsvRecords {
  const rows: (string[] | MalformedLine)[] = [];
  try {
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        rows.push(malformed(err?.code, typeof err?.lines === 'number' ? err.lines : undefined));
      },
      on_record: (record: string[]) => {
        rows.push(record);
        return null;
      },
    });
  } catch {
    // Only errors skip_records_with_error does not cover (an invalid option or encoding) get here.
    return { ok: false, detail: 'the body cannot be read as CSV', errors: [{ path: '(body)', message: 'is not CSV with a header row' }] };
  }
  const [header, ...lines] = rows;
  if (header === undefined || !Array.isArray(header))
    return { ok: false, detail: 'the CSV has no header row', errors: [{ path: '(header)', message: 'must name the record fields' }] };
  const columns = header.map((h) => h.trim());
  const bad = columns.findIndex((c) => !PLAIN_COLUMNS.has(c) && !DETAIL_COLUMN.test(c));
  if (bad >= 0)
    return {
      ok: false,
      detail: 'the CSV header names a column that is not a record field',
      errors: [
        {
          path: `(header)[${bad}]`,
          message: `must be one of ${[...PLAIN_COLUMNS].join(', ')} or details.<key>`,
        },
      ],
    };
  const duplicate = columns.findIndex((c, i) => columns.indexOf(c) !== i);
  if (duplicate >= 0)
    return {
      ok: false,
      detail: 'the CSV header names a column twice',
      errors: [{ path: `(header)[${duplicate}]`, message: 'is a duplicate' }],
    };
  return { ok: true, records: lines.map((line) => (Array.isArray(line) ? toRecord(columns, line) : line)) };
}
