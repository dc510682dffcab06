// The marks a case carries on every screen: its stage, the green channel, an unattended child (never
// confused with an ordinary overdue case), the escalation level and how its next deadline stands.
import { WarningFilled } from '@ant-design/icons';
import type { Stage, UrgentFlag, Urgency } from '../api/types';
import { fmtDateTime, fmtDue, isPast } from '../format';
import { LEVEL_LABELS, STAGE_LABELS, URGENT_FLAG_LABELS } from '../labels';

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
