// 预警 (§8): one warning, reached from the 预警 list, 待办 or its escalation when its verification is late:
// the level, where, by when it must be verified, the person (masked as the API gives it), the reasons,
// the verification form for the street's staff while it is open and, once verified, the outcome and the
// case it opened.
import { Alert, Skeleton } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/http';
import { getWarning } from '../api/endpoints';
import { LevelTag, WarningLevelTag, WarningStatusTag } from '../components/badges';
import { VerifyWarningForm } from '../components/VerifyWarningForm';
import { errorMessage } from '../errors';
import { fmtDateTime, fmtYuan } from '../format';
import { useAsync } from '../hooks';
import { placeOf, useJurisdictions } from '../jurisdictions';
import { label, WARNING_OUTCOME_LABELS } from '../labels';
import { Link } from '../router';
import { WARNING_VERIFIER_ROLES } from '../rules';
import type { ScreenProps } from '../screens';

export default function WarningPage({ params, session }: ScreenProps) {
  const places = useJurisdictions();
  const warningId = params.warningId ?? '';
  const { data: w, error, setData, reload } = useAsync(() => getWarning(warningId), [warningId]);
  // Set when this page's form verified the warning (done), or found it verified meanwhile (stale).
  const [verified, setVerified] = useState<'done' | 'stale' | null>(null);
  if (error && !w) {
    const notFound = error instanceof ApiError && error.status === 404;
    return <Alert type="error" showIcon title={notFound ? '预警不存在，或不在您的辖区内。' : errorMessage(error)} />;
  }
  if (!w) return <Skeleton active />;
  return (
    <div className="page" data-testid="warning-page" data-warning-id={w.warningId} data-status={w.status}>
      <h1 className="page-title">
        预警 <WarningLevelTag level={w.level} /> <WarningStatusTag status={w.status} /> <LevelTag level={w.escalationLevel} />
      </h1>
      {verified === 'stale' && w.status !== 'open' && (
        <Alert type="info" showIcon className="gap" role="status" data-testid="verify-stale" title="该预警已由他人核查，以下为最新状态。" />
      )}
      {verified === 'done' && w.status !== 'open' && (
        <Alert
          type="success"
          showIcon
          className="gap"
          role="status"
          data-testid="verify-result"
          title={`已提交核查结果：${w.outcome ? label(WARNING_OUTCOME_LABELS, w.outcome) : '—'}`}
          description={
            w.caseId ? (
              <Link to={`/cases/${encodeURIComponent(w.caseId)}`} data-testid="verify-case-link">
                查看案件 {w.caseId}
              </Link>
            ) : undefined
          }
        />
      )}
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
      {w.status === 'open' && WARNING_VERIFIER_ROLES.includes(session.role) && (
        <VerifyWarningForm
          warning={w}
          onDone={(updated) => {
            setVerified('done');
            setData(updated);
          }}
          onStale={() => {
            setVerified('stale');
            reload();
          }}
        />
      )}
    </div>
  );
}
