// 待办, the first page: reports to accept, approvals waiting for me, deadlines due within two working
// days, my notifications, and for street staff the warnings to verify (§8, GET /api/v1/warnings?status=open:
// red first, then the earliest verification deadline). Each section is a source (who sees it, how it
// loads). Urgent and green-channel items come first in every section, an unattended child before anything else.
import { Alert, Badge, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { dueHorizon, listCases, listWarnings, markNotificationRead, myDue, myNotifications } from '../api/endpoints';
import type { CaseFile, CaseSummary, DueItem, Notification } from '../api/types';
import { CaseItem, urgencyRank } from '../components/CaseItem';
import { WARNING_LEVEL_RANK, WarningItem } from '../components/WarningItem';
import { errorMessage } from '../errors';
import { fmtDateTime, fmtYuan } from '../format';
import { useAsync } from '../hooks';
import { ASSISTANCE_LABELS, CLOCK_LABELS, label, NOTIFICATION_KIND_LABELS, TIER_LABELS } from '../labels';
import { caseFileFor } from '../people';
import { Link } from '../router';
import { approvalTierOf, canApprove, tierShortfall } from '../rules';
import { proposedItems } from '../assistance';
import type { ScreenProps } from '../screens';
import type { Session } from '../session';

/** How many list items get their case file read for the person's name and the reported flags. */
const ENRICH = 20;

function byUrgency<T extends { urgency: CaseSummary['urgency']; file?: CaseFile | null; due?: string | null }>(a: T, b: T): number {
  return urgencyRank(a.urgency, a.file) - urgencyRank(b.urgency, b.file) || (a.due ?? '9').localeCompare(b.due ?? '9');
}

async function enrich(cases: CaseSummary[]): Promise<{ summary: CaseSummary; file: CaseFile | null }[]> {
  // Urgent ones first, so that the ones read are the ones that matter most.
  const ordered = [...cases].sort((a, b) => (a.urgency === b.urgency ? 0 : a.urgency === 'urgent' ? -1 : 1));
  return Promise.all(ordered.map(async (summary, i) => ({ summary, file: i < ENRICH ? await caseFileFor(summary.caseId, true) : null })));
}

function Section(props: {
  title: string;
  count?: number;
  testId: string;
  note?: ReactNode;
  loading: boolean;
  error: unknown;
  children: ReactNode;
}) {
  return (
    <section className="todo-section" data-testid={props.testId} aria-labelledby={`${props.testId}-title`}>
      <h2 id={`${props.testId}-title`} className="section-title">
        {props.title}
        {props.count !== undefined && (
          <Badge count={props.count} showZero color={props.count > 0 ? '#c41d1d' : '#6b7280'} className="section-count" />
        )}
      </h2>
      {props.note && <p className="section-note">{props.note}</p>}
      {props.error ? (
        <Alert type="error" showIcon title={errorMessage(props.error)} />
      ) : props.loading ? (
        <Skeleton active />
      ) : (
        props.children
      )}
    </section>
  );
}

function ReportsToAccept() {
  const state = useAsync(async () => {
    const page = await listCases({ stage: 'reported' }, undefined, 100);
    const items = await enrich(page.items);
    return items.map((x) => ({ ...x, urgency: x.summary.urgency, due: x.summary.nextDueAt })).sort(byUrgency);
  }, []);
  const items = state.data ?? [];
  return (
    <Section title="待受理的线索" count={items.length} testId="todo-accept" loading={state.loading && !state.data} error={state.error}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待受理的线索" />
      ) : (
        <div className="case-list">
          {items.map(({ summary, file }) => (
            <CaseItem
              key={summary.caseId}
              testId="todo-accept-item"
              caseId={summary.caseId}
              file={file}
              stage={summary.stage}
              urgency={summary.urgency}
              streetCode={summary.streetCode}
              escalationLevel={summary.escalationLevel}
              dueAt={summary.nextDueAt}
              clock={summary.nextDueClock}
              paused={summary.clockPaused}
              extra={
                <Link to={`/cases/${encodeURIComponent(summary.caseId)}?action=accept`} className="link-button">
                  受理
                </Link>
              }
            />
          ))}
        </div>
      )}
    </Section>
  );
}

/** The street's open warnings (one page of up to 200: more than that is a backlog for the 预警 list). */
function WarningsToVerify() {
  const state = useAsync(async () => {
    const page = await listWarnings({ status: 'open' }, undefined, 200);
    const items = [...page.items].sort(
      (a, b) => WARNING_LEVEL_RANK[a.level] - WARNING_LEVEL_RANK[b.level] || a.verifyDueAt.localeCompare(b.verifyDueAt),
    );
    return { items, more: page.nextCursor !== undefined };
  }, []);
  const items = state.data?.items ?? [];
  return (
    <Section
      title="待核查的预警"
      count={items.length}
      testId="todo-warnings"
      loading={state.loading && !state.data}
      error={state.error}
      note={state.data?.more ? <Link to="/warnings?status=open">待核查的预警超过 200 条，查看全部</Link> : undefined}
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待核查的预警" />
      ) : (
        <div className="case-list">
          {items.map((w) => (
            <WarningItem key={w.warningId} warning={w} testId="todo-warning-item" />
          ))}
        </div>
      )}
    </Section>
  );
}

function Approvals({ session }: { session: Session }) {
  const state = useAsync(async () => {
    const page = await listCases({ stage: 'deciding' }, undefined, 100);
    const items = await enrich(page.items);
    // One line per case: its first proposed item the role may decide, else its first proposed item.
    return items
      .map((x) => {
        const proposed = x.file ? proposedItems(x.file) : [];
        const p = proposed.find((i) => canApprove(session.role, i.requiredTier)) ?? proposed[0];
        return { ...x, p, more: proposed.length - 1 };
      })
      .filter((x) => x.p !== undefined)
      .map((x) => ({
        ...x,
        urgency: x.summary.urgency,
        due: x.summary.nextDueAt,
        mine: canApprove(session.role, x.p.requiredTier),
      }))
      .sort((a, b) => Number(b.mine) - Number(a.mine) || byUrgency(a, b));
  }, [session.role]);
  const items = state.data ?? [];
  const mine = items.filter((x) => x.mine);
  return (
    <Section
      title="待我审批"
      count={mine.length}
      testId="todo-approvals"
      loading={state.loading && !state.data}
      error={state.error}
      note={`您的审批权限：${TIER_LABELS[approvalTierOf(session.role)!]}级。超出权限的方案列在后面，供了解进度。`}
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待审批的救助方案" />
      ) : (
        <div className="case-list">
          {items.map(({ summary, file, mine: approvable, p: item, more }) => {
            const p = item;
            return (
              <CaseItem
                key={summary.caseId}
                testId="todo-approval-item"
                className={approvable ? '' : 'case-item-waiting'}
                caseId={summary.caseId}
                file={file}
                stage={summary.stage}
                urgency={summary.urgency}
                streetCode={summary.streetCode}
                escalationLevel={summary.escalationLevel}
                dueAt={summary.nextDueAt}
                clock={summary.nextDueClock}
                paused={summary.clockPaused}
                extra={
                  <>
                    <span className="proposal-line" data-testid="proposal">
                      {label(ASSISTANCE_LABELS, p.assistanceType)} · {fmtYuan(p.amount)}
                      {p.months ? ` × ${p.months} 个月` : ''}
                      {more > 0 ? `（另有 ${more} 项待审批）` : ''}
                    </span>
                    {approvable ? (
                      <Link to={`/cases/${encodeURIComponent(summary.caseId)}?action=approve-assistance`} className="link-button">
                        审批
                      </Link>
                    ) : (
                      <span className="mark mark-tier" data-testid="tier-needed">
                        {tierShortfall(session.role, p.requiredTier)}
                      </span>
                    )}
                  </>
                }
              />
            );
          })}
        </div>
      )}
    </Section>
  );
}

function Deadlines() {
  const state = useAsync(async () => {
    const horizon = await dueHorizon(new Date());
    const due = await myDue(horizon.to);
    const files = await Promise.all(due.items.slice(0, ENRICH).map((i) => caseFileFor(i.caseId)));
    const items = due.items.map((item: DueItem, i) => ({ item, file: files[i] ?? null, urgency: item.urgency, due: item.dueAt }));
    return { horizon, items: items.sort(byUrgency), truncated: due.truncated };
  }, []);
  const items = state.data?.items ?? [];
  return (
    <Section
      title="两个工作日内到期"
      count={items.length}
      testId="todo-deadlines"
      loading={state.loading && !state.data}
      error={state.error}
      note={
        state.data && !state.data.horizon.workingDays
          ? `含已逾期事项；按自然日计算至 ${fmtDateTime(state.data.horizon.to)}（工作日日历接口上线后改按工作日）。`
          : undefined
      }
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="近期没有到期事项" />
      ) : (
        <div className="case-list">
          {items.map(({ item, file }) => (
            <CaseItem
              key={`${item.caseId}:${item.clock}`}
              testId="todo-deadline-item"
              caseId={item.caseId}
              file={file}
              stage={item.stage}
              urgency={item.urgency}
              streetCode={item.streetCode}
              escalationLevel={item.escalationLevel}
              dueAt={item.dueAt}
              clock={item.clock}
              extra={item.kind === 'revisit' ? <span className="muted">{label(CLOCK_LABELS, item.clock)}（回访 / 复核）</span> : undefined}
            />
          ))}
        </div>
      )}
    </Section>
  );
}

function notificationText(n: Notification): string {
  if (n.title) return n.title;
  const clock = typeof n.payload.clock === 'string' ? label(CLOCK_LABELS, n.payload.clock) : '';
  return `${label(NOTIFICATION_KIND_LABELS, n.kind)}${clock ? `：${clock}` : ''}`;
}

function Notifications() {
  const state = useAsync(() => myNotifications(20), []);
  const items = state.data?.items ?? [];
  return (
    <Section
      title="我的通知"
      count={state.data?.unreadCount}
      testId="todo-notifications"
      loading={state.loading && !state.data}
      error={state.error}
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        <ul className="notice-list">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? 'notice' : 'notice notice-unread'} data-testid="notification">
              <span className="notice-kind">{label(NOTIFICATION_KIND_LABELS, n.kind)}</span>
              <span className="notice-text">{notificationText(n)}</span>
              <time className="notice-time" dateTime={n.createdAt}>
                {fmtDateTime(n.createdAt)}
              </time>
              {n.caseId && <Link to={`/cases/${encodeURIComponent(n.caseId)}`}>查看案件</Link>}
              {!n.readAt && (
                <Button size="small" type="link" onClick={() => void markNotificationRead(n.id).then(state.reload, state.reload)}>
                  标为已读
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export default function TodoPage({ session }: ScreenProps) {
  const street = session.role === 'caseworker' || session.role === 'street_supervisor';
  return (
    <div className="page" data-testid="todo-page">
      <h1 className="page-title">待办</h1>
      <div className="todo-grid">
        {street && <ReportsToAccept />}
        {street && <WarningsToVerify />}
        {approvalTierOf(session.role) && <Approvals session={session} />}
        <Deadlines />
        <Notifications />
      </div>
    </div>
  );
}
