// The two file formats of the ledgers (§12), written row batch by row batch to the response so an
// export of 100,000 rows never sits in memory: CSV in UTF-8 with a byte-order mark (Excel in a Chinese
// locale opens it as GB18030 without one) and XLSX through exceljs's streaming workbook writer.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

export interface TableSink {
  writeRows(rows: readonly (readonly Cell[])[]): Promise<void>;
  end(): Promise<void>;
}

/** UTF-8 byte-order mark. */
const BOM = '\uFEFF';

/**
 * A text cell Excel would run as a formula (=, +, -, @, or a leading tab or carriage return) is
 * written with a leading apostrophe (OWASP "CSV injection"): a name or note typed by anyone must not
 * become a formula on a supervisor's computer. Numbers are written as they are.
 */
function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV line (RFC 4180): quoted when the cell holds a comma, quote or line break; CRLF ended. */
export function csvLine(cells: readonly Cell[]): string {
  return (
    cells
      .map((cell) => {
        if (cell === null) return '';
        if (typeof cell === 'number') return String(cell);
        const text = defused(cell);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}

/** Writes and waits for the stream to drain when it asks to (backpressure: memory stays flat). */
function write(out: Writable, chunk: string): Promise<void> {
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', done);
      out.off('close', closed);
      if (err) reject(err);
      else resolve();
    };
    const closed = () => done(new Error('the client closed the connection'));
    out.once('drain', done);
    out.once('close', closed);
  });
}

/**
 * Whether a write was refused until 'drain'. Archiver's streams are readable-stream 2, which has no
 * `writableNeedDrain` getter, only the state behind it.
 */
function needsDrain(stream: Writable): boolean {
  return stream.writableNeedDrain ?? (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain ?? false;
}

/** Resolves once `stream` has drained, or at once if it needs no draining; also when `stream` or `closer` closes. */
async function drained(stream: Writable | undefined, closer: Writable = stream as Writable): Promise<void> {
  if (!stream || !needsDrain(stream)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      closer.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    if (closer !== stream) closer.once('close', done);
  });
}

export function csvSink(out: Writable, headers: readonly string[]): TableSink {
  let started = false;
  return {
    async writeRows(rows) {
      let chunk = started ? '' : BOM + csvLine(headers);
      started = true;
      for (const row of rows) chunk += csvLine(row);
      await write(out, chunk);
    },
    async end() {
      if (!started) await write(out, BOM + csvLine(headers));
      await new Promise<void>((resolve) => out.end(resolve));
    },
  };
}

/**
 * The stream the archive reads the sheet's XML from: exceljs's sheet buffer (`StreamBuf`) writes to
 * the PassThrough archiver piped it into, ignoring its backpressure. Undefined before the first row
 * or if a later exceljs changes this (then only the response's backpressure applies).
 */
function sheetEntryInput(sheet: ExcelJS.Worksheet): Writable | undefined {
  const buffer = (sheet as unknown as { _stream?: { pipes?: unknown[] } })._stream;
  const input = buffer?.pipes?.[0];
  return input && typeof (input as Writable).once === 'function' ? (input as Writable) : undefined;
}

export function xlsxSink(out: Writable, sheetName: string, headers: readonly string[]): TableSink {
  // Shared strings would keep every distinct text in memory until the end; inline strings stream.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...headers]).commit();
  return {
    async writeRows(rows) {
      for (const row of rows) sheet.addRow(row.map((cell) => (typeof cell === 'string' ? defused(cell) : cell))).commit();
      // exceljs writes committed rows into the zip entry's input without waiting (exceljs issue #2916):
      // when rows come faster than the archive deflates them, that input grows with the export. Waiting
      // for it to drain (and for the response) before the next batch keeps the memory flat.
      // A response the client closed never drains the archive: its close ends that wait too.
      await drained(sheetEntryInput(sheet), out);
      await drained(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
