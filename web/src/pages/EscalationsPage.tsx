// 督办: escalations of my scope (GET /api/v1/escalations with level, status and district filters)
// and the live stream: a new escalation appears at the top as it happens, marked 新, with the
// person's name, the district and street, and an unattended child or green channel marked apart.
import { Alert, Button, Empty, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { listEscalations, type EscalationFilters } from '../api/endpoints';
import { EscalationStream, type StreamStatus } from '../api/stream';
import type { CaseFile, Escalation } from '../api/types';
import { CaseItem, urgencyRank } from '../components/CaseItem';
import { errorMessage } from '../errors';
import { fmtDateTime, fmtDuration } from '../format';
import { districtsWithin, placeOf, useJurisdictions } from '../jurisdictions';
import { LevelTag } from '../components/badges';
import { Link } from '../router';
import { CLOCK_LABELS, ESCALATION_STATUS_LABELS, label, LEVEL_LABELS } from '../labels';
import { caseFileFor } from '../people';
import type { ScreenProps } from '../screens';
import { signOut } from '../session';

/** A warning whose verification is late (§8): no case yet, so it links to the warning. */
function WarningEscalationItem({ escalation: e, warningId, fresh }: { escalation: Escalation; warningId: string; fresh: boolean }) {
  const places = useJurisdictions();
  return (
    <article
      className={`case-item ${fresh ? 'case-item-fresh' : ''}`}
      data-testid="escalation-item"
      data-warning-id={warningId}
      data-level={e.level}
    >
      <div className="case-item-head">
        <Link to={`/warnings/${encodeURIComponent(warningId)}`} className="case-item-title">
          动态监测预警 {warningId.slice(0, 10)}
        </Link>
        <LevelTag level={e.level} />
      </div>
      <div className="case-item-meta">{placeOf(places, e.streetCode)}</div>
      <span className="escalation-line" data-level={e.level}>
        {fresh && <span className="mark mark-new">新</span>}
        {label(LEVEL_LABELS, e.level)} · {label(CLOCK_LABELS, e.clock)}超时 · 时限 {fmtDateTime(e.dueAt)} · 升级于{' '}
        {fmtDateTime(e.escalatedAt)} · {label(ESCALATION_STATUS_LABELS, e.status)}
        {e.status === 'resolved' && e.timeToResolveMs !== undefined ? `（用时 ${fmtDuration(e.timeToResolveMs)}）` : ''}
      </span>
    </article>
  );
}

const STATUS_TEXT: Record<StreamStatus, string> = { connecting: '连接中', live: '实时', reconnecting: '重连中', stopped: '已停止' };

interface Row {
  escalation: Escalation;
  file: CaseFile | null;
  fresh: boolean;
}

function matches(e: Escalation, f: EscalationFilters): boolean {
  return (
    (!f.status || e.status === f.status) && (!f.level || e.level === f.level) && (!f.districtCode || e.districtCode === f.districtCode)
  );
}

export default function EscalationsPage({ session }: ScreenProps) {
  const places = useJurisdictions();
  const [filters, setFilters] = useState<EscalationFilters>({ status: 'open' });
  const [rows, setRows] = useState<Row[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<StreamStatus>('connecting');

  async function enrich(items: Escalation[], fresh: boolean): Promise<Row[]> {
    return Promise.all(
      items.map(async (escalation) => ({ escalation, fresh, file: escalation.caseId ? await caseFileFor(escalation.caseId) : null })),
    );
  }

  async function load(after?: string) {
    setLoading(true);
    setError(null);
    try {
      const page = await listEscalations(filters, after);
      const more = await enrich(page.items, false);
      setRows((prev) => (after ? [...prev, ...more] : more));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load();
  }, [filters]);

  useEffect(() => {
    const stream = new EscalationStream({
      token: session.token,
      onStatus: setStatus,
      onUnauthorized: signOut,
      onEvent: (_type, escalation) => {
        void (async () => {
          const file = escalation.caseId ? await caseFileFor(escalation.caseId, true) : null;
          setRows((prev) => [
            { escalation, file, fresh: true },
            ...prev.filter((r) => r.escalation.escalationId !== escalation.escalationId),
          ]);
        })();
      },
    });
    stream.start();
    return () => stream.stop();
  }, [session.token]);

  const shown = rows
    .filter((r) => matches(r.escalation, filters))
    .sort(
      (a, b) =>
        Number(b.fresh) - Number(a.fresh) ||
        urgencyRank(a.file?.urgency ?? 'normal', a.file) - urgencyRank(b.file?.urgency ?? 'normal', b.file),
    );
  const districts = districtsWithin(places, session.jurisdictionCode);

  return (
    <div className="page" data-testid="escalations-page">
      <div className="page-head">
        <h1 className="page-title">督办</h1>
        <span className={`stream-status stream-${status}`} data-testid="stream-status" data-status={status} role="status">
          {STATUS_TEXT[status]}
        </span>
      </div>
      <p className="section-note">超过时限的案件升级至区级督办，督办时限届满仍未办结的升级至市级。</p>
      <div className="filters" role="search" aria-label="筛选督办">
        <Select
          allowClear
          placeholder="状态"
          aria-label="状态"
          value={filters.status}
          onChange={(v) => setFilters((f) => ({ ...f, status: v }))}
          options={[
            { value: 'open', label: '未解决' },
            { value: 'resolved', label: '已解决' },
          ]}
        />
        <Select
          allowClear
          placeholder="级别"
          aria-label="级别"
          value={filters.level}
          onChange={(v) => setFilters((f) => ({ ...f, level: v }))}
          options={[
            { value: 'district', label: '区级督办' },
            { value: 'city', label: '市级督办' },
          ]}
        />
        {districts.length > 1 && (
          <Select
            allowClear
            placeholder="区"
            aria-label="区"
            value={filters.districtCode}
            onChange={(v) => setFilters((f) => ({ ...f, districtCode: v }))}
            options={districts.map((d) => ({ value: d.code, label: d.nameZh }))}
          />
        )}
      </div>
      {error ? <Alert type="error" showIcon title={errorMessage(error)} className="gap" /> : null}
      {loading && rows.length === 0 ? (
        <Skeleton active />
      ) : shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无督办事项" />
      ) : (
        <div className="case-list" data-testid="escalation-feed">
          {shown.map(({ escalation: e, file, fresh }) =>
            e.warningId ? (
              <WarningEscalationItem key={e.escalationId} escalation={e} warningId={e.warningId} fresh={fresh} />
            ) : (
              <CaseItem
                key={e.escalationId}
                testId="escalation-item"
                className={fresh ? 'case-item-fresh' : ''}
                caseId={e.caseId ?? e.escalationId}
                file={file}
                stage={e.stage ?? 'reported'}
                urgency={file?.urgency ?? 'normal'}
                streetCode={e.streetCode}
                escalationLevel={e.level}
                extra={
                  <span className="escalation-line" data-level={e.level}>
                    {fresh && <span className="mark mark-new">新</span>}
                    {label(LEVEL_LABELS, e.level)} · {label(CLOCK_LABELS, e.clock)}超时 · 时限 {fmtDateTime(e.dueAt)} · 升级于{' '}
                    {fmtDateTime(e.escalatedAt)} · {label(ESCALATION_STATUS_LABELS, e.status)}
                    {e.status === 'resolved' && e.timeToResolveMs !== undefined ? `（用时 ${fmtDuration(e.timeToResolveMs)}）` : ''}
                  </span>
                }
              />
            ),
          )}
        </div>
      )}
      {cursor && (
        <div className="more">
          <Button onClick={() => void load(cursor)} loading={loading}>
            加载更多
          </Button>
        </div>
      )}
    </div>
  );
}
