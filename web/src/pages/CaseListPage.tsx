// 案件: the caller's cases with the API's filters (stage, district, street, urgency, escalation level,
// overdue) and cursor paging ("加载更多"). A table on wide screens, cards on a phone, so nothing pushes
// the page wider than the screen.
import { Alert, Button, Empty, Select, Spin } from 'antd';
import { listCases, type CaseFilters } from '../api/endpoints';
import type { CaseSummary, Stage } from '../api/types';
import { DueText, LevelTag, StageTag, UrgencyTag } from '../components/badges';
import { CaseItem } from '../components/CaseItem';
import { errorMessage } from '../errors';
import { fmtDateTime } from '../format';
import { useFilteredList, useNarrow } from '../hooks';
import { districtsWithin, nameOf, placeOf, streetsWithin, useJurisdictions } from '../jurisdictions';
import { CLOCK_LABELS, label, LEVEL_LABELS, STAGE_LABELS, URGENCY_LABELS } from '../labels';
import { Link } from '../router';
import type { ScreenProps } from '../screens';

const FILTER_KEYS = ['stage', 'districtCode', 'streetCode', 'urgency', 'escalationLevel', 'overdue'] as const;

export default function CaseListPage({ session }: ScreenProps) {
  const places = useJurisdictions();
  const narrow = useNarrow();
  const { filters, set, items, cursor, loading, error, loadMore } = useFilteredList<CaseFilters, CaseSummary>(
    'cases',
    FILTER_KEYS,
    listCases,
  );

  const districts = districtsWithin(places, session.jurisdictionCode);
  const streets = filters.districtCode ? streetsWithin(places, filters.districtCode) : streetsWithin(places, session.jurisdictionCode);
  const scopeIsStreet = session.jurisdictionCode.length === 9;

  const columns = [
    {
      title: '案件',
      key: 'case',
      render: (c: CaseSummary) => (
        <Link to={`/cases/${encodeURIComponent(c.caseId)}`} className="mono">
          {c.caseId.slice(0, 14)}
        </Link>
      ),
    },
    { title: '阶段', key: 'stage', render: (c: CaseSummary) => <StageTag stage={c.stage} /> },
    {
      title: '紧急程度',
      key: 'urgency',
      render: (c: CaseSummary) => (c.urgency === 'urgent' ? <UrgencyTag urgency="urgent" /> : URGENCY_LABELS.normal),
    },
    { title: '区 / 街道', key: 'place', render: (c: CaseSummary) => placeOf(places, c.streetCode) },
    {
      title: '下一时限',
      key: 'due',
      render: (c: CaseSummary) => (
        <>
          {c.nextDueClock ? `${label(CLOCK_LABELS, c.nextDueClock)} ` : ''}
          <DueText dueAt={c.nextDueAt} paused={c.clockPaused} />
        </>
      ),
    },
    { title: '督办', key: 'level', render: (c: CaseSummary) => (c.escalationLevel ? <LevelTag level={c.escalationLevel} /> : '—') },
    { title: '立案时间', key: 'opened', render: (c: CaseSummary) => fmtDateTime(c.openedAt) },
  ];

  return (
    <div className="page" data-testid="case-list-page">
      <h1 className="page-title">案件</h1>
      <div className="filters" role="search" aria-label="筛选案件">
        <Select
          allowClear
          placeholder="阶段"
          aria-label="阶段"
          value={filters.stage}
          onChange={set('stage')}
          options={Object.entries(STAGE_LABELS).map(([value, text]) => ({ value: value as Stage, label: text }))}
        />
        {districts.length > 1 && (
          <Select
            allowClear
            placeholder="区"
            aria-label="区"
            value={filters.districtCode}
            onChange={set('districtCode')}
            options={districts.map((d) => ({ value: d.code, label: d.nameZh }))}
          />
        )}
        {!scopeIsStreet && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="街道（镇）"
            aria-label="街道（镇）"
            value={filters.streetCode}
            onChange={set('streetCode')}
            options={streets.map((s) => ({ value: s.code, label: s.nameZh }))}
          />
        )}
        <Select
          allowClear
          placeholder="紧急程度"
          aria-label="紧急程度"
          value={filters.urgency}
          onChange={set('urgency')}
          options={Object.entries(URGENCY_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
        <Select
          allowClear
          placeholder="督办级别"
          aria-label="督办级别"
          value={filters.escalationLevel}
          onChange={set('escalationLevel')}
          options={['0', '1', '2'].map((value) => ({ value, label: value === '0' ? '未督办' : LEVEL_LABELS[value] }))}
        />
        <Select
          allowClear
          placeholder="是否逾期"
          aria-label="是否逾期"
          value={filters.overdue}
          onChange={set('overdue')}
          options={[
            { value: 'true', label: '仅逾期' },
            { value: 'false', label: '未逾期' },
          ]}
        />
      </div>
      {scopeIsStreet && <p className="section-note">辖区：{nameOf(places, session.jurisdictionCode)}</p>}
      {error ? <Alert type="error" showIcon title={errorMessage(error)} className="gap" /> : null}
      {narrow ? (
        items.length === 0 && !loading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的案件" />
        ) : (
          <div className="case-list">
            {items.map((c) => (
              <CaseItem
                key={c.caseId}
                testId="case-row"
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
        )
      ) : (
        // A plain table: antd's Table measures the scrollbar with an injected <style>, which the CSP refuses.
        <Spin spinning={loading}>
          <table className="table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? (
                <tr>
                  <td colSpan={columns.length} className="muted">
                    {loading ? '加载中…' : '没有符合条件的案件'}
                  </td>
                </tr>
              ) : (
                items.map((c) => (
                  <tr
                    key={c.caseId}
                    data-testid="case-row"
                    data-case-id={c.caseId}
                    className={c.urgency === 'urgent' ? 'row-urgent' : undefined}
                  >
                    {columns.map((col) => (
                      <td key={col.key}>{col.render(c)}</td>
                    ))}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </Spin>
      )}
      <div className="more">
        {cursor ? (
          <Button onClick={loadMore} loading={loading} data-testid="load-more">
            加载更多
          </Button>
        ) : (
          items.length > 0 && <span className="muted">已显示全部 {items.length} 件</span>
        )}
      </div>
    </div>
  );
}
