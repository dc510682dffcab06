// 月度统计报表 (§12), shown on 统计 and on 台账 (one component for both): this month's new cases by
// channel and the on-time rate per clock as ECharts bar charts with Chinese labels, the caseworkers'
// figures (绩效考核), and the report as XLSX. The ledgers are downloaded on 台账 with their filters.
import { Alert, Button, Skeleton, Space } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { downloadMonthlyReport, getMonthlyReport } from '../api/endpoints';
import type { MonthlyReport as Report } from '../api/types';
import { errorMessage } from '../errors';
import { fmtNumber, fmtYuan } from '../format';
import { useAsync } from '../hooks';
import { CHANNEL_LABELS, CLOCK_LABELS, label } from '../labels';
import { shanghaiDateTime } from '../../../domain/shanghai-time';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

function Bars({
  testId,
  title,
  names,
  values,
  unit,
  max,
}: {
  testId: string;
  title: string;
  names: string[];
  values: number[];
  unit: string;
  max?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      // Rich-text tooltips are drawn on the canvas (the Content-Security-Policy refuses inline styles).
      tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v: number) => `${v}${unit}` },
      grid: { left: 120, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1, ...(max !== undefined ? { max } : {}) },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { fontFamily: FONT } },
      series: [
        {
          name: title,
          type: 'bar',
          data: values,
          itemStyle: { color: '#1f4e8c' },
          label: { show: true, position: 'right', formatter: `{c}${unit.trim()}` },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [names, values, unit, max, title]);
  return (
    <div
      ref={ref}
      className="chart"
      data-testid={testId}
      role="img"
      aria-label={title}
      style={{ height: Math.max(160, 40 + names.length * 32) }}
    />
  );
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

function Figures({ r }: { r: Report }) {
  const channels = Object.entries(r.newCases.byChannel).filter(([, n]) => n > 0);
  return (
    <>
      <div className="unit-list" data-testid="monthly-figures">
        <div className="unit">
          <strong>新增案件</strong>
          <span>{fmtNumber(r.newCases.total)} 件</span>
        </div>
        <div className="unit">
          <strong>结案</strong>
          <span>{fmtNumber(r.closedCases.total)} 件</span>
        </div>
        <div className="unit">
          <strong>发放救助</strong>
          <span>{fmtYuan(r.assistance.disbursed)}</span>
        </div>
        <div className="unit">
          <strong>新增预警</strong>
          <span>
            {fmtNumber(r.warnings.raised)} 条 · 转为案件 {r.warnings.casesOpened} · 获救助家庭 {r.warnings.householdsAssisted}
          </span>
        </div>
        <div className="unit">
          <strong>督办</strong>
          <span>
            新增 {r.escalations.raised} · 升至市级 {r.escalations.raisedToCity} · 解除 {r.escalations.resolved}
          </span>
        </div>
      </div>
      <h3 className="section-subtitle">新增案件（按发现渠道）</h3>
      {channels.length ? (
        <Bars
          testId="monthly-channels-chart"
          title="本月新增案件按发现渠道"
          names={channels.map(([c]) => label(CHANNEL_LABELS, c))}
          values={channels.map(([, n]) => n)}
          unit=" 件"
        />
      ) : (
        <p className="muted">本月暂无新增案件</p>
      )}
      <h3 className="section-subtitle">时限按时完成率</h3>
      {r.onTime.length ? (
        <Bars
          testId="monthly-ontime-chart"
          title="本月各环节时限按时完成率（%）"
          names={r.onTime.map((c) => label(CLOCK_LABELS, c.clock))}
          values={r.onTime.map((c) => (c.rate === null ? 0 : Math.round(c.rate * 1000) / 10))}
          unit="%"
          max={100}
        />
      ) : (
        <p className="muted">本月暂无完成的环节</p>
      )}
      <h3 className="section-subtitle">社会救助专干绩效</h3>
      <div className="unit-list" data-testid="monthly-caseworkers">
        {r.caseworkers.map((c) => (
          <div key={c.userId} className="unit">
            <strong>{c.name}</strong>
            <span>经办 {c.casesHandled} 件</span>
            <span>
              按时率 {percent(c.onTime.rate)}（{c.onTime.onTime}/{c.onTime.completed}）
            </span>
            <span>督办 {c.escalations} 件</span>
          </div>
        ))}
      </div>
    </>
  );
}

export function MonthlyReport() {
  const month = shanghaiDateTime(new Date())!.slice(0, 7);
  const report = useAsync(() => getMonthlyReport(month), [month]);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const save = (run: () => Promise<void>) => () => {
    setDownloadError(null);
    run().catch(setDownloadError);
  };
  return (
    <section className="card" aria-labelledby="monthly-title" data-testid="monthly-report">
      <h2 id="monthly-title" className="section-title">
        月度统计报表（{month}）
      </h2>
      {report.error ? <Alert type="error" showIcon title={errorMessage(report.error)} /> : null}
      {report.data ? <Figures r={report.data} /> : !report.error && <Skeleton active />}
      <h3 className="section-subtitle">下载</h3>
      <Space wrap>
        <Button onClick={save(() => downloadMonthlyReport(month))} data-testid="download-monthly">
          月度报表（Excel）
        </Button>
      </Space>
      {downloadError ? <Alert type="error" showIcon title={errorMessage(downloadError)} /> : null}
    </section>
  );
}
