// 预警 (§8): one warning, reached from its escalation when its verification is late: the level, where,
// by when it must be verified, the person (masked as the API gives it), the reasons and, once verified,
// the outcome and the case it opened.
import { Alert, Skeleton } from 'antd';
import { ApiError } from '../api/http';
import { getWarning } from '../api/endpoints';
import { LevelTag } from '../components/badges';
import { errorMessage } from '../errors';
import { fmtDateTime, fmtYuan } from '../format';
import { useAsync } from '../hooks';
import { placeOf, useJurisdictions } from '../jurisdictions';
import { label, WARNING_LEVEL_LABELS, WARNING_OUTCOME_LABELS, WARNING_STATUS_LABELS } from '../labels';
import { Link } from '../router';
import type { ScreenProps } from '../screens';

export default function WarningPage({ params }: ScreenProps) {
  const places = useJurisdictions();
  const warningId = params.warningId ?? '';
  const { data: w, error, loading } = useAsync(() => getWarning(warningId), [warningId]);
  if (error && !w) {
    const notFound = error instanceof ApiError && error.status === 404;
    return <Alert type="error" showIcon title={notFound ? '预警不存在，或不在您的辖区内。' : errorMessage(error)} />;
  }
  if (loading || !w) return <Skeleton active />;
  return (
    <div className="page" data-testid="warning-page" data-warning-id={w.warningId}>
      <h1 className="page-title">
        {label(WARNING_LEVEL_LABELS, w.level)} · {label(WARNING_STATUS_LABELS, w.status)} <LevelTag level={w.escalationLevel} />
      </h1>
      <section className="card">
        <dl className="info-grid">
          <dt>对象</dt>
          <dd>{w.subject ? `${w.subject.name} · ${w.subject.idNumberMasked ?? ''}` : '—'}</dd>
          <dt>街道</dt>
          <dd>{placeOf(places, w.streetCode)}</dd>
          <dt>规则</dt>
          <dd>{w.ruleId}</dd>
          <dt>预警时间</dt>
          <dd>{fmtDateTime(w.raisedAt)}</dd>
          <dt>核查时限</dt>
          <dd>{fmtDateTime(w.verifyDueAt)}</dd>
          {w.outcome && (
            <>
              <dt>核查结果</dt>
              <dd>
                {label(WARNING_OUTCOME_LABELS, w.outcome)}
                {w.verifiedAt ? ` · ${fmtDateTime(w.verifiedAt)}` : ''}
                {w.note ? ` · ${w.note}` : ''}
              </dd>
            </>
          )}
          {w.caseId && (
            <>
              <dt>关联案件</dt>
              <dd>
                <Link to={`/cases/${encodeURIComponent(w.caseId)}`}>{w.caseId}</Link>
              </dd>
            </>
          )}
        </dl>
        <h2 className="section-title">预警依据</h2>
        <ul data-testid="warning-reasons">
          {w.reasons.map((r, i) => (
            <li key={i}>
              {r.occurredAt} · {r.kind} · {r.source}
              {r.amount !== undefined ? ` · ${fmtYuan(r.amount)}` : ''}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
