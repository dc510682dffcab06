// 预警 (§8): the warnings of the caller's scope with the API's filters (level, status, district, street)
// and cursor paging ("加载更多"), newest first as the API answers. Cards at every width, so nothing
// pushes a phone's page wider than its screen; each card links to the warning.
import { Alert, Button, Empty, Select, Skeleton } from 'antd';
import { useFilteredList } from '../hooks';
import { listWarnings, type WarningFilters } from '../api/endpoints';
import type { WarningSummary } from '../api/types';
import { WarningItem } from '../components/WarningItem';
import { errorMessage } from '../errors';
import { districtsWithin, nameOf, streetsWithin, useJurisdictions } from '../jurisdictions';
import { WARNING_LEVEL_LABELS, WARNING_STATUS_LABELS } from '../labels';
import type { ScreenProps } from '../screens';

const FILTER_KEYS = ['level', 'status', 'districtCode', 'streetCode'] as const;

export default function WarningListPage({ session }: ScreenProps) {
  const places = useJurisdictions();
  const { filters, set, items, cursor, loading, error, loadMore } = useFilteredList<WarningFilters, WarningSummary>(
    'warnings',
    FILTER_KEYS,
    listWarnings,
  );

  const districts = districtsWithin(places, session.jurisdictionCode);
  const streets = filters.districtCode ? streetsWithin(places, filters.districtCode) : streetsWithin(places, session.jurisdictionCode);
  const scopeIsStreet = session.jurisdictionCode.length === 9;

  return (
    <div className="page" data-testid="warning-list-page">
      <h1 className="page-title">预警</h1>
      <div className="filters" role="search" aria-label="筛选预警">
        <Select
          allowClear
          placeholder="预警级别"
          aria-label="预警级别"
          value={filters.level}
          onChange={set('level')}
          options={Object.entries(WARNING_LEVEL_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
        <Select
          allowClear
          placeholder="核查状态"
          aria-label="核查状态"
          value={filters.status}
          onChange={set('status')}
          options={Object.entries(WARNING_STATUS_LABELS).map(([value, text]) => ({ value, label: text }))}
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
      </div>
      {scopeIsStreet && <p className="section-note">辖区：{nameOf(places, session.jurisdictionCode)}</p>}
      {error ? <Alert type="error" showIcon title={errorMessage(error)} className="gap" /> : null}
      {items.length === 0 ? (
        loading ? (
          <Skeleton active />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的预警" />
        )
      ) : (
        <div className="case-list" aria-busy={loading}>
          {items.map((w) => (
            <WarningItem key={w.warningId} warning={w} testId="warning-row" />
          ))}
        </div>
      )}
      <div className="more">
        {cursor ? (
          <Button onClick={loadMore} loading={loading} data-testid="load-more">
            加载更多
          </Button>
        ) : (
          items.length > 0 && <span className="muted">已显示全部 {items.length} 条</span>
        )}
      </div>
    </div>
  );
}
