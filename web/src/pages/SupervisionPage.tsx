// 统计, the supervisors' views of /dashboard inside the workbench: figures of my scope from
// GET /api/v1/stats, counts by district (or street) as a chart and a table, the overdue cases, and
// 2000:1:1 staffing. Loaded on demand: ECharts is most of its weight.
import { Alert, Skeleton } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { getStats, listCases } from '../api/endpoints';
import type { Stats, StatsFigures } from '../api/types';
import { CaseItem } from '../components/CaseItem';
import { MonthlyReport } from '../components/MonthlyReport';
import { errorMessage } from '../errors';
import { fmtDuration, fmtNumber, fmtYuan } from '../format';
import { useAsync, useNarrow } from '../hooks';
import { STAGE_LABELS } from '../labels';
import { Link } from '../router';
import type { ScreenProps } from '../screens';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// System CJK fonts only (no web fonts): macOS, Windows, Debian/Ubuntu in that order.
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

type Unit = StatsFigures & { code: string; nameZh: string };

function unitsOf(stats: Stats): Unit[] {
  return stats.scope.level === 'city' ? stats.districts : stats.streets;
}

function Chart({ units, narrow }: { units: Unit[]; narrow: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const names = units.map((u) => u.nameZh);
    chart.setOption({
      textStyle: { fontFamily: FONT },
      // Rich-text tooltips are drawn on the canvas: HTML tooltips carry inline style attributes,
      // which the Content-Security-Policy refuses.
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0, textStyle: { fontFamily: FONT } },
      grid: { left: narrow ? 72 : 96, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { fontFamily: FONT } },
      series: [
        {
          name: '区级督办',
          type: 'bar',
          stack: 'esc',
          data: units.map((u) => u.openEscalations.district),
          itemStyle: { color: '#d46b08' },
        },
        { name: '市级督办', type: 'bar', stack: 'esc', data: units.map((u) => u.openEscalations.city), itemStyle: { color: '#a8071a' } },
        { name: '逾期案件', type: 'bar', data: units.map((u) => u.overdue), itemStyle: { color: '#595959' } },
        { name: '在办案件', type: 'bar', data: units.map((u) => u.openCases.total), itemStyle: { color: '#1f4e8c' } },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [units, narrow]);
  const height = Math.max(220, 60 + units.length * 44);
  return (
    <div
      ref={ref}
      className="chart"
      data-testid="stats-chart"
      role="img"
      aria-label="各辖区督办、逾期与在办案件数量图"
      style={{ height }}
    />
  );
}

function Kpi({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="kpi">
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {sub && <div className="kpi-sub">{sub}</div>}
    </div>
  );
}

export default function SupervisionPage(_props: ScreenProps) {
  const narrow = useNarrow();
  const stats = useAsync(getStats, []);
  const overdue = useAsync(() => listCases({ overdue: 'true' }, undefined, 20), []);

  if (stats.error) return <Alert type="error" showIcon title={errorMessage(stats.error)} className="page" />;
  if (!stats.data) return <Skeleton active className="page" />;
  const s = stats.data;
  const t = s.total;
  const units = unitsOf(s);
  const unitName = s.scope.level === 'city' ? '区' : '街道（镇）';

  return (
    <div className="page" data-testid="supervision-page">
      <h1 className="page-title">统计</h1>
      <p className="section-note">统计期：近 30 天。数据来自案件工作流的实时投影，只含您辖区内的案件。</p>
      <div className="kpis">
        <Kpi
          label="在办案件"
          value={fmtNumber(t.openCases.total)}
          sub={`待受理 ${t.openCases.byStage.reported} · 核查中 ${t.openCases.byStage.verifying}`}
        />
        <Kpi label="逾期案件" value={fmtNumber(t.overdue)} sub="已过时限且未暂停计时" />
        <Kpi
          label="未解决督办"
          value={fmtNumber(t.openEscalations.total)}
          sub={`区级 ${t.openEscalations.district} · 市级 ${t.openEscalations.city}`}
        />
        <Kpi
          label="督办解决用时（中位数）"
          value={t.timeToResolve.medianMs === null ? '—' : fmtDuration(t.timeToResolve.medianMs)}
          sub={t.timeToResolve.resolved ? `共解决 ${t.timeToResolve.resolved} 件` : '统计期内暂无解决的督办'}
        />
        <Kpi
          label="专干缺口"
          value={fmtNumber(t.staffing.caseworkersMissing)}
          sub={`2000:1:1 标准 · 无专干街道 ${t.staffing.streetsWithoutCaseworker.length} 个`}
        />
        <Kpi
          label={`临时救助备用金剩余（${t.emergencyFund.year} 年）`}
          value={fmtYuan(t.emergencyFund.left)}
          sub={`已用 ${fmtYuan(t.emergencyFund.granted)} / 预算 ${fmtYuan(t.emergencyFund.budget)}${
            t.emergencyFund.reserved > 0 ? ` · 待确认 ${fmtYuan(t.emergencyFund.reserved)}` : ''
          }${t.emergencyFund.beyondLimit > 0 ? ` · 超限审批 ${t.emergencyFund.beyondLimit} 笔` : ''}`}
        />
      </div>

      <section className="card" aria-labelledby="chart-title">
        <h2 id="chart-title" className="section-title">
          各{unitName}督办与逾期分布
        </h2>
        <Chart units={units} narrow={narrow} />
        <div className="unit-list" data-testid="stats-units">
          {units.map((u) => (
            <div key={u.code} className="unit" data-code={u.code}>
              <strong>{u.nameZh}</strong>
              <span>在办 {u.openCases.total}</span>
              <span>逾期 {u.overdue}</span>
              <span>区级督办 {u.openEscalations.district}</span>
              <span>市级督办 {u.openEscalations.city}</span>
              <span>{u.staffing.meetsStandard ? '人员配备达标' : `缺专干 ${u.staffing.caseworkersMissing} 人`}</span>
              <span>备用金剩余 {fmtYuan(u.emergencyFund.left)}</span>
            </div>
          ))}
        </div>
      </section>

      <MonthlyReport />
      <p className="section-note">
        案件、家庭、救助、预警和督办台账按辖区和时间段导出，见<Link to="/exports">台账</Link>。
      </p>

      <section className="card" aria-labelledby="stage-title">
        <h2 id="stage-title" className="section-title">
          在办案件分阶段
        </h2>
        <div className="unit-list">
          {Object.entries(t.openCases.byStage).map(([stage, n]) => (
            <div key={stage} className="unit">
              <strong>{STAGE_LABELS[stage as keyof typeof STAGE_LABELS]}</strong>
              <span>{n} 件</span>
            </div>
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="overdue-title">
        <h2 id="overdue-title" className="section-title">
          逾期案件
        </h2>
        {overdue.data?.items.length ? (
          <div className="case-list">
            {overdue.data.items.map((c) => (
              <CaseItem
                key={c.caseId}
                testId="overdue-item"
                caseId={c.caseId}
                stage={c.stage}
                urgency={c.urgency}
                streetCode={c.streetCode}
                escalationLevel={c.escalationLevel}
                dueAt={c.nextDueAt}
                clock={c.nextDueClock}
                paused={c.clockPaused}
              />
            ))}
          </div>
        ) : (
          <p className="muted">{overdue.loading ? '加载中…' : '没有逾期案件'}</p>
        )}
      </section>
    </div>
  );
}
