// One case as a card in a list (to-do, escalations, narrow case list): who the person is, what was
// reported, where, the stage and the next deadline. Green-channel cases get a red edge and an
// unattended child a distinct one, so neither looks like any other overdue case.
import type { ReactNode } from 'react';
import type { CaseFile, Stage, Urgency } from '../api/types';
import { useJurisdictions, placeOf } from '../jurisdictions';
import { CHANNEL_LABELS, CLOCK_LABELS, label, SEX_LABELS } from '../labels';
import { flagsOf, isUnattendedChild } from '../people';
import { Link } from '../router';
import { DueText, FlagTags, LevelTag, StageTag, UrgencyTag } from './badges';

export interface CaseItemProps {
  caseId: string;
  file?: CaseFile | null;
  stage: Stage;
  urgency: Urgency;
  streetCode: string;
  escalationLevel?: number | string;
  dueAt?: string | null;
  clock?: string | null;
  paused?: boolean;
  extra?: ReactNode;
  testId?: string;
  className?: string;
}

export function itemClass(urgency: Urgency, file?: CaseFile | null): string {
  if (isUnattendedChild(file)) return 'case-item case-item-child';
  return urgency === 'urgent' ? 'case-item case-item-urgent' : 'case-item';
}

/** Urgent first, an unattended child before any other urgent case, then by due time. */
export function urgencyRank(urgency: Urgency, file?: CaseFile | null): number {
  if (isUnattendedChild(file)) return 0;
  return urgency === 'urgent' ? 1 : 2;
}

export function CaseItem(props: CaseItemProps) {
  const places = useJurisdictions();
  const { file } = props;
  const reported = file?.events.find((e) => e.type === 'reported');
  const channel = reported?.details.channel;
  const subject = file?.subject;
  return (
    <article
      className={`${itemClass(props.urgency, file)} ${props.className ?? ''}`}
      data-testid={props.testId}
      data-case-id={props.caseId}
      data-urgency={props.urgency}
    >
      <div className="case-item-head">
        <Link to={`/cases/${encodeURIComponent(props.caseId)}`} className="case-item-title">
          {subject ? subject.name : `案件 ${props.caseId.slice(0, 10)}`}
        </Link>
        <UrgencyTag urgency={props.urgency} />
        <FlagTags flags={flagsOf(file)} />
        <LevelTag level={props.escalationLevel ?? 0} />
        <StageTag stage={props.stage} />
      </div>
      <div className="case-item-meta">
        {subject && (
          <span>
            {subject.unidentified
              ? '身份不明'
              : `${label(SEX_LABELS, subject.sex ?? '')} · ${subject.birthYear ?? '—'} 年生 · ${subject.idNumberMasked ?? ''}`}
          </span>
        )}
        <span>{placeOf(places, props.streetCode)}</span>
        {channel !== undefined && <span>线索来源：{label(CHANNEL_LABELS, channel)}</span>}
      </div>
      {props.dueAt !== undefined && (
        <div className="case-item-due">
          {props.clock ? `${label(CLOCK_LABELS, props.clock)}：` : '下一时限：'}
          <DueText dueAt={props.dueAt} paused={props.paused} />
        </div>
      )}
      {props.extra && <div className="case-item-extra">{props.extra}</div>}
    </article>
  );
}
