// The ledgers' pure parts (DESIGN.md §12): CSV lines as Excel reads them, formulas defused, ID numbers
// masked unless asked otherwise, every ledger's headers in Chinese.
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellsOf, EXPORT_KINDS, headersOf, type CaseLine, type LineContext } from '../../api/exports/export-kinds';
import { csvLine, csvSink, xlsxSink } from '../../api/exports/table-writer';

describe('csvLine', () => {
  it('quotes cells with commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3.5])).toBe('a,"b,c","say ""hi""","two\nlines",,3.5\r\n');
  });

  it('defuses text Excel would run as a formula, but not negative numbers', () => {
    expect(csvLine(['=SUM(A1)', '+1', '-2', '@x', 'plain', -2])).toBe("'=SUM(A1),'+1,'-2,'@x,plain,-2\r\n");
  });
});

describe('csvSink', () => {
  async function written(rows: (string | number | null)[][]): Promise<string> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const sink = csvSink(out, ['甲', '乙']);
    if (rows.length > 0) await sink.writeRows(rows);
    await sink.end();
    return Buffer.concat(chunks).toString('utf8');
  }

  it('starts with the UTF-8 byte-order mark and the header row, also when there are no rows', async () => {
    expect(await written([])).toBe('\uFEFF甲,乙\r\n');
    expect(await written([['1', 2]])).toBe('\uFEFF甲,乙\r\n1,2\r\n');
  });
});

describe('xlsxSink', () => {
  /** A response that takes its bytes slowly (a small buffer, a pause per chunk), like a slow download. */
  function slowResponse(chunks: Buffer[]): Writable {
    return new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        setTimeout(done, 1);
      },
    });
  }
  // Rows of varied text: deflate cannot squeeze them to nothing, so the sheet's zip entry really backs up.
  const rowsFrom = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => [`案件-${from + i}`, `${(from + i) * 7919}-${'备注'.repeat(1 + ((from + i) % 9))}`, from + i]);

  it('writes every row to a slow reader, in order, as a workbook Excel opens', async () => {
    const chunks: Buffer[] = [];
    const out = slowResponse(chunks);
    const finished = new Promise((resolve) => out.on('finish', resolve));
    const sink = xlsxSink(out, '案件台账', ['编号', '备注', '序号']);
    for (let from = 0; from < 6_000; from += 1_000) await sink.writeRows(rowsFrom(from, 1_000));
    await sink.end();
    await finished;
    const workbook = new ExcelJS.Workbook();
    // exceljs's typings predate Node's generic Buffer.
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('案件台账')!;
    expect(sheet.rowCount).toBe(6_001);
    expect(sheet.getRow(1).values).toEqual([undefined, '编号', '备注', '序号']);
    expect(sheet.getRow(2).values).toEqual([undefined, ...rowsFrom(0, 1)[0]]);
    expect(sheet.getRow(6_001).values).toEqual([undefined, ...rowsFrom(5_999, 1)[0]]);
  });

  it('waits for a reader that stops reading, and stops waiting when it goes away', async () => {
    const out = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, _done) {
        // Never done: the client stopped reading; it then closes the connection.
      },
    });
    const sink = xlsxSink(out, '案件台账', ['编号', '备注', '序号']);
    setTimeout(() => out.destroy(), 50);
    for (let from = 0; from < 6_000; from += 1_000) await sink.writeRows(rowsFrom(from, 1_000));
    expect(out.destroyed).toBe(true);
  });
});

describe('ledgers', () => {
  const line: CaseLine = {
    caseId: 'c-1',
    person: { name: '张三', idNumber: '44010419800101123X' },
    districtCode: '440104',
    streetCode: '440104001',
    urgency: 'urgent',
    stage: 'verifying',
    assigneeId: 'cw-1',
    openedAt: new Date('2026-12-01T06:30:00Z'),
    nextDueAt: null,
    nextDueClock: null,
    escalationLevel: 1,
    closedAt: null,
    disbursedTotal: 0,
  };
  const ctx = (unmasked: boolean): LineContext => ({ unmasked, placeName: (c) => `名${c}`, staffName: (id) => (id ? `员${id}` : null) });

  it('masks the ID number unless unmasked, and writes times in Asia/Shanghai and values in Chinese', () => {
    const masked = cellsOf('cases', line, ctx(false));
    const headers = headersOf('cases');
    const row = Object.fromEntries(headers.map((h, i) => [h, masked[i]]));
    expect(row).toMatchObject({
      身份证号: '440104********123X',
      紧急程度: '紧急（绿色通道）',
      当前环节: '核查中',
      责任人: '员cw-1',
      立案时间: '2026-12-01 14:30',
      督办级别: '区级督办',
      最近期限: null,
    });
    expect(cellsOf('cases', line, ctx(true))[headers.indexOf('身份证号')]).toBe('44010419800101123X');
  });

  it('an unidentified person is named as such, with no ID number', () => {
    const cells = cellsOf('cases', { ...line, person: { name: null, idNumber: null } }, ctx(true));
    expect(cells.slice(1, 3)).toEqual(['（身份不明）', null]);
  });

  it.each(EXPORT_KINDS)('%s has Chinese headers, each once', (kind) => {
    const headers = headersOf(kind);
    expect(new Set(headers).size).toBe(headers.length);
    for (const h of headers) expect(h).toMatch(/[\u4e00-\u9fff]/);
  });
});
