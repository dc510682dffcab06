// One warning as a card (预警 list, 待办): its level in colour, status, street, rule, when it was raised
// and by when it must be verified, a late verification marked; the card links to the warning's page.
import type { WarningSummary } from '../api/types';
import { fmtDateTime, fmtDue, isPast } from '../format';
import { placeOf, useJurisdictions } from '../jurisdictions';
import { Link } from '../router';
import { LevelTag, WarningLevelTag, WarningStatusTag } from './badges';

/** Red before orange before yellow. */
export const WARNING_LEVEL_RANK: Record<WarningSummary['level'], number> = { red: 0, orange: 1, yellow: 2 };

export function WarningItem({ warning: w, testId }: { warning: WarningSummary; testId: string }) {
  const places = useJurisdictions();
  const late = w.status === 'open' && isPast(w.verifyDueAt);
  return (
    <article
      className={`case-item case-item-warning-${w.level}`}
      data-testid={testId}
      data-warning-id={w.warningId}
      data-level={w.level}
      data-status={w.status}
    >
      <div className="case-item-head">
        <Link to={`/warnings/${encodeURIComponent(w.warningId)}`} className="case-item-title">
          {placeOf(places, w.streetCode)}
        </Link>
        <WarningLevelTag level={w.level} />
        <WarningStatusTag status={w.status} />
        <LevelTag level={w.escalationLevel} />
      </div>
      <div className="case-item-meta">
        <span>规则：{w.ruleId}</span>
        <span>依据 {w.reasonCount} 条</span>
        <span>
          预警时间：<time dateTime={w.raisedAt}>{fmtDateTime(w.raisedAt)}</time>
        </span>
      </div>
      <div className="case-item-due">
        核查时限：
        <span className={late ? 'due due-late' : 'due'} data-testid={late ? 'warning-overdue' : undefined}>
          <time dateTime={w.verifyDueAt}>{fmtDateTime(w.verifyDueAt)}</time>
          {w.status === 'open' ? `（${fmtDue(w.verifyDueAt)}）` : ''}
          {w.verifyDueProvisional ? '（暂按无日历年度计算）' : ''}
        </span>
      </div>
    </article>
  );
}
