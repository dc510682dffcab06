// 家庭档案 (§7, 以家庭为单位), reached from a case file: who lives in the household now and who left
// (names and ID numbers as the API gives them, masked as in the case file), the household's cases with
// their stage and outcome, the assistance it received and its timeline. The assistance list is read
// defensively: its entries are growing (§10: several items per case, with a status and months).
import { Alert, Button, Empty, Skeleton, Tag, Timeline } from 'antd';
import { ApiError } from '../api/http';
import { getFamilyFile } from '../api/endpoints';
import type { FamilyFile, HouseholdAssistance } from '../api/types';
import { StageTag } from '../components/badges';
import { errorMessage } from '../errors';
import { fmtDate, fmtDateTime, fmtYuan } from '../format';
import { useAsync } from '../hooks';
import { placeOf, useJurisdictions } from '../jurisdictions';
import {
  ASSISTANCE_LABELS,
  ASSISTANCE_STATUS_LABELS,
  CASE_OUTCOME_LABELS,
  HOUSEHOLD_TIMELINE_LABELS,
  label,
  MEMBER_SOURCE_LABELS,
  RELATION_LABELS,
} from '../labels';
import { Link } from '../router';
import type { ScreenProps } from '../screens';

type Member = FamilyFile['members'][number];

function MemberLine({ m }: { m: Member }) {
  return (
    <li
      data-testid="member"
      data-person-id={m.personId}
      data-current={m.current ? 'true' : 'false'}
      className={m.current ? '' : 'member-past'}
    >
      <strong data-testid="member-name">{m.name || '（姓名不可读）'}</strong> · {label(RELATION_LABELS, m.relation)}
      {m.idNumberMasked ? (
        <>
          {' '}
          ·{' '}
          <span className="mono" data-testid="member-id">
            {m.idNumberMasked}
          </span>
        </>
      ) : null}
      {m.birthYear !== null ? ` · ${m.birthYear} 年生` : ''}
      {m.disability ? ' · 残疾' : ''}
      {m.monthlyIncome !== undefined ? ` · 月收入 ${fmtYuan(m.monthlyIncome)}` : ''}
      <div className="small muted">
        {m.current ? `${fmtDate(m.joinedAt)} 起` : `${fmtDate(m.joinedAt)} 至 ${m.leftAt ? fmtDate(m.leftAt) : '—'}（已离开）`} ·{' '}
        {label(MEMBER_SOURCE_LABELS, m.source)}
      </div>
    </li>
  );
}

/** One assistance entry: the fields every version carries, and status and months when the entry has them. */
function AssistanceLine({ a }: { a: HouseholdAssistance }) {
  return (
    <li data-testid="household-assistance" data-case-id={a.caseId}>
      <strong>{label(ASSISTANCE_LABELS, a.assistanceType)}</strong> {typeof a.amount === 'number' ? fmtYuan(a.amount) : ''}
      {typeof a.months === 'number' ? ` × ${a.months} 个月` : ''}
      {a.status ? (
        <>
          {' '}
          <Tag data-testid="assistance-status">{label(ASSISTANCE_STATUS_LABELS, a.status)}</Tag>
        </>
      ) : null}
      <div className="small muted">
        {a.approvedAt ? `批准于 ${fmtDateTime(a.approvedAt)} · ` : ''}
        {typeof a.disbursed === 'number' ? `已发放 ${fmtYuan(a.disbursed)} · ` : ''}
        案件 <Link to={`/cases/${encodeURIComponent(a.caseId)}`}>{a.caseId}</Link>
      </div>
    </li>
  );
}

export default function HouseholdPage({ params }: ScreenProps) {
  const householdId = params.householdId ?? '';
  const places = useJurisdictions();
  const state = useAsync(() => getFamilyFile(householdId), [householdId]);
  const back = new URLSearchParams(window.location.search).get('from');

  if (state.error && !state.data) {
    const notFound = state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 422);
    return (
      <div className="page">
        <Alert
          type="error"
          showIcon
          title={notFound ? '家庭档案不存在，或不在您的辖区内。' : errorMessage(state.error)}
          action={<Button onClick={state.reload}>重试</Button>}
        />
      </div>
    );
  }
  const f = state.data;
  if (!f) return <Skeleton active className="page" />;

  const current = f.members.filter((m) => m.current);
  const past = f.members.filter((m) => !m.current);
  const nameOfPerson = new Map(f.members.map((m) => [m.personId, m.name]));
  const self = f.members.find((m) => m.current && m.relation === 'self') ?? current[0];

  return (
    <div className="page" data-testid="household-page" data-household-id={f.householdId}>
      {back ? <Link to={`/cases/${encodeURIComponent(back)}`}>← 返回案件档案</Link> : <Link to="/cases">← 返回案件列表</Link>}
      <h1 className="page-title">家庭档案{self ? `：${self.name}户` : ''}</h1>
      <p className="section-note">
        {placeOf(places, f.streetCode)} · 现有成员 {current.length} 人 · 档案编号 <span className="mono small">{f.householdId}</span>
      </p>

      <div className="case-grid">
        <section className="card" aria-labelledby="members-title">
          <h2 id="members-title" className="section-title">
            家庭成员
          </h2>
          {current.length === 0 ? (
            <p className="muted">没有现有成员</p>
          ) : (
            <ul className="plain" data-testid="members-current">
              {current.map((m) => (
                <MemberLine key={m.personId} m={m} />
              ))}
            </ul>
          )}
          {past.length > 0 && (
            <>
              <h3 className="section-subtitle">曾经的成员</h3>
              <ul className="plain" data-testid="members-past">
                {past.map((m) => (
                  <MemberLine key={`${m.personId}-${m.joinedAt}`} m={m} />
                ))}
              </ul>
            </>
          )}
        </section>

        <section className="card" aria-labelledby="cases-title">
          <h2 id="cases-title" className="section-title">
            案件（共 {f.cases.length} 件）
          </h2>
          {f.cases.length === 0 ? (
            <p className="muted">没有案件</p>
          ) : (
            <ul className="plain" data-testid="household-cases">
              {f.cases.map((c) => (
                <li key={c.caseId} data-testid="household-case" data-case-id={c.caseId} data-stage={c.stage}>
                  <Link to={`/cases/${encodeURIComponent(c.caseId)}`} className="mono small">
                    {c.caseId}
                  </Link>{' '}
                  <StageTag stage={c.stage} />
                  {c.outcome && (
                    <Tag color="geekblue" data-testid="case-outcome">
                      {label(CASE_OUTCOME_LABELS, c.outcome)}
                    </Tag>
                  )}
                  <div className="small muted">
                    {nameOfPerson.get(c.subjectPersonId) ?? ''} · 立案 {fmtDateTime(c.openedAt)}
                    {c.closedAt ? ` · 结案 ${fmtDateTime(c.closedAt)}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="assistance-title">
          <h2 id="assistance-title" className="section-title">
            救助记录
          </h2>
          {f.assistance.length === 0 ? (
            <p className="muted" data-testid="household-assistance-empty">
              尚无批准的救助
            </p>
          ) : (
            <ul className="plain" data-testid="household-assistance-list">
              {f.assistance.map((a, i) => (
                <AssistanceLine key={a.itemId ?? `${a.caseId}-${i}`} a={a} />
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="household-timeline-title">
        <h2 id="household-timeline-title" className="section-title">
          家庭轨迹（共 {f.timeline.length} 条）
        </h2>
        {f.timeline.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            className="timeline"
            items={[...f.timeline].reverse().map((t, i) => ({
              key: `${t.at}-${t.kind}-${i}`,
              color: t.kind === 'member-left' || t.kind === 'case-closed' ? 'gray' : 'blue',
              content: (
                <div className="tl-body" data-testid="household-event" data-kind={t.kind}>
                  <span className="tl-head">
                    <strong>{label(HOUSEHOLD_TIMELINE_LABELS, t.kind)}</strong>
                    <time dateTime={t.at}>{fmtDateTime(t.at)}</time>
                  </span>
                  <span>
                    {t.personId && nameOfPerson.get(t.personId) ? nameOfPerson.get(t.personId) : ''}
                    {t.caseId ? (
                      <>
                        {t.personId ? ' · ' : ''}案件 <Link to={`/cases/${encodeURIComponent(t.caseId)}`}>{t.caseId}</Link>
                      </>
                    ) : null}
                  </span>
                </div>
              ),
            }))}
          />
        )}
      </section>
    </div>
  );
}
