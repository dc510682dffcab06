// The monthly report as a workbook (§12): one sheet per table, Chinese headers and labels. Small (a few
// hundred lines at most), so it is built in memory, unlike the ledgers.
import ExcelJS from 'exceljs';
import { ASSISTANCE_LABELS, CASE_OUTCOME_LABELS, CHANNEL_LABELS, CLOCK_LABELS, label, WARNING_LEVEL_LABELS } from '../../domain/labels-zh';
import type { MonthlyReport } from './schemas';

function sheet(workbook: ExcelJS.Workbook, name: string, headers: string[], rows: (string | number | null)[][]): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(headers).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  ws.columns.forEach((c) => (c.width = 18));
}

const percent = (rate: number | null): string | null => (rate === null ? null : `${Math.round(rate * 1000) / 10}%`);

export async function monthlyReportXlsx(report: MonthlyReport, placeName: (code: string) => string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(report.generatedAt);
  sheet(
    workbook,
    '概况',
    ['项目', '数值'],
    [
      ['统计月份', report.month],
      ['统计范围', placeName(report.scope.streetCode ?? report.scope.districtCode ?? report.scope.code)],
      ['新增案件', report.newCases.total],
      ['结案', report.closedCases.total],
      ['发放救助金额（元）', report.assistance.disbursed],
      ['新增预警', report.warnings.raised],
      ['督办（新增）', report.escalations.raised],
      ['督办（升至市级）', report.escalations.raisedToCity],
      ['督办（解除）', report.escalations.resolved],
    ],
  );
  sheet(
    workbook,
    '新增案件（按发现渠道）',
    ['发现渠道', '案件数'],
    Object.entries(report.newCases.byChannel).map(([c, n]) => [label(CHANNEL_LABELS, c), n]),
  );
  sheet(
    workbook,
    '结案（按结果）',
    ['结案结果', '案件数'],
    Object.entries(report.closedCases.byOutcome).map(([o, n]) => [label(CASE_OUTCOME_LABELS, o), n]),
  );
  sheet(
    workbook,
    '救助（按类型）',
    ['救助类型', '户数', '金额（元）'],
    report.assistance.approved.map((a) => [label(ASSISTANCE_LABELS, a.assistanceType), a.households, a.amount]),
  );
  sheet(
    workbook,
    '预警',
    ['预警等级', '预警数'],
    [
      ...Object.entries(report.warnings.byLevel).map(([l, n]): [string, number] => [label(WARNING_LEVEL_LABELS, l), n]),
      ['已核查', report.warnings.verified],
      ['已排除', report.warnings.dismissed],
      ['转为案件', report.warnings.casesOpened],
      ['获得救助的家庭', report.warnings.householdsAssisted],
    ],
  );
  sheet(
    workbook,
    '时限达标率',
    ['时限', '完成数', '按时完成', '按时率'],
    report.onTime.map((c) => [label(CLOCK_LABELS, c.clock), c.completed, c.onTime, percent(c.rate)]),
  );
  sheet(
    workbook,
    '专干绩效',
    ['社会救助专干', '街道', '经办案件', '完成环节', '按时完成', '按时率', '督办'],
    report.caseworkers.map((c) => [
      c.name,
      placeName(c.streetCode),
      c.casesHandled,
      c.onTime.completed,
      c.onTime.onTime,
      percent(c.onTime.rate),
      c.escalations,
    ]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
