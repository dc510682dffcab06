// The ledgers' pure parts (DESIGN.md §12): CSV lines as Excel reads them, formulas defused, ID numbers
// masked unless asked otherwise, every ledger's headers in Chinese.
import { PassThrough } from 'node:stream';
import { cellsOf, EXPORT_KINDS, headersOf, type CaseLine, type LineContext } from '../../api/exports/export-kinds';
import { csvLine, csvSink } from '../../api/exports/table-writer';

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
