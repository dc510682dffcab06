// 预警 (§8): the warnings of the caller's scope with the API's filters (level, status, district, street)
// and cursor paging ("加载更多"), newest first as the API answers. Cards at every width, so nothing
// pushes a phone's page wider than its screen; each card links to the warning.
import { Alert, Button, Empty, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { listWarnings, type WarningFilters } from '../api/endpoints';
import type { WarningSummary } from '../api/types';
import { WarningItem } from '../components/WarningItem';
import { errorMessage } from '../errors';
import { districtsWithin, nameOf, streetsWithin, useJurisdictions } from '../jurisdictions';
import { WARNING_LEVEL_LABELS, WARNING_STATUS_LABELS } from '../labels';
import type { ScreenProps } from '../screens';

const FILTER_KEYS = ['level', 'status', 'districtCode', 'streetCode'] as const;

function filtersFromUrl(): WarningFilters {
  const search = new URLSearchParams(window.location.search);
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = search.get(key);
    if (v) out[key] = v;
  }
  return out;
}

export default function WarningListPage({ session }: ScreenProps) {
  const places = useJurisdictions();
  const [filters, setFilters] = useState<WarningFilters>(filtersFromUrl);
  const [items, setItems] = useState<WarningSummary[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  async function load(next: WarningFilters, after?: string) {
    setLoading(true);
    setError(null);
    try {
      const page = await listWarnings(next, after);
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(filters);
    const search = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]).toString();
    window.history.replaceState(null, '', `/app/warnings${search ? `?${search}` : ''}`);
  }, [filters]);

  const set = (key: keyof WarningFilters) => (value: string | undefined) =>
    setFilters((f) => {
      const next = { ...f, [key]: value || undefined };
      if (key === 'districtCode') delete next.streetCode;
      return next;
    });

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
          <Button onClick={() => void load(filters, cursor)} loading={loading} data-testid="load-more">
            加载更多
          </Button>
        ) : (
          items.length > 0 && <span className="muted">已显示全部 {items.length} 条</span>
        )}
      </div>
    </div>
  );
}
