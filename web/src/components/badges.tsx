// The marks a case carries on every screen (and a warning's level and status, §8): its stage, the green channel, an unattended child (never
// confused with an ordinary overdue case), the escalation level and how its next deadline stands.
import { WarningFilled } from '@ant-design/icons';
import type { Stage, UrgentFlag, Urgency, WarningView } from '../api/types';
import { fmtDateTime, fmtDue, isPast } from '../format';
import { LEVEL_LABELS, STAGE_LABELS, URGENT_FLAG_LABELS, WARNING_LEVEL_LABELS, WARNING_STATUS_LABELS } from '../labels';

export function StageTag({ stage }: { stage: Stage }) {
  return (
    <span className={`mark stage stage-${stage}`} data-testid="stage" data-stage={stage}>
      {STAGE_LABELS[stage]}
    </span>
  );
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  if (urgency !== 'urgent') return null;
  return (
    <span className="mark mark-urgent" data-testid="urgent-mark">
      绿色通道
    </span>
  );
}

export function FlagTags({ flags }: { flags: UrgentFlag[] }) {
  return (
    <>
      {flags.map((f) =>
        f === 'minor_unattended' ? (
          <span key={f} className="mark mark-child" data-testid="child-mark">
            <WarningFilled aria-hidden /> {URGENT_FLAG_LABELS[f]}
          </span>
        ) : (
          <span key={f} className="mark mark-flag">
            {URGENT_FLAG_LABELS[f] ?? f}
          </span>
        ),
      )}
    </>
  );
}

export function LevelTag({ level }: { level: number | string }) {
  const key = String(level);
  if (key === '0') return null;
  return (
    <span className={`mark ${key === '2' || key === 'city' ? 'mark-city' : 'mark-district'}`} data-testid="level-mark">
      {LEVEL_LABELS[key] ?? key}
    </span>
  );
}

export function DueText({ dueAt, paused }: { dueAt: string | null | undefined; paused?: boolean }) {
  if (!dueAt) return <span className="muted">无进行中的时限</span>;
  const late = isPast(dueAt) && !paused;
  return (
    <span className={late ? 'due due-late' : 'due'}>
      <time dateTime={dueAt}>{fmtDateTime(dueAt)}</time>
      {paused ? '（已暂停）' : `（${fmtDue(dueAt)}）`}
    </span>
  );
}

/** 红色 / 橙色 / 黄色预警, in its colour. */
export function WarningLevelTag({ level }: { level: WarningView['level'] }) {
  return (
    <span className={`mark mark-warning-${level}`} data-testid="warning-level" data-level={level}>
      {WARNING_LEVEL_LABELS[level]}
    </span>
  );
}

export function WarningStatusTag({ status }: { status: WarningView['status'] }) {
  return (
    <span className={`mark warning-status warning-status-${status}`} data-testid="warning-status" data-status={status}>
      {WARNING_STATUS_LABELS[status]}
    </span>
  );
}
