// 案件档案, the case file: who the person is (masked as the API gives it), what was reported, where
// (district and street names), the running deadlines, escalations, the pending proposal, the
// timeline with staff names and translated values, and the actions legal now for my role.
import { Alert, Button, Empty, Skeleton, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseEvent, CaseFile, StaffUser } from '../api/types';
import { ApiError } from '../api/http';
import { getCase, listOrganisations } from '../api/endpoints';
import { ActionPanel, type Prefill } from '../components/ActionPanel';
import { MatchesPanel } from '../components/MatchesPanel';
import { toast } from '../components/Toasts';
import { DueText, FlagTags, LevelTag, StageTag, UrgencyTag } from '../components/badges';
import { errorMessage } from '../errors';
import { fmtDateTime, fmtDuration, fmtYuan } from '../format';
import { useAsync } from '../hooks';
import { nameOf, placeOf, useJurisdictions, type JurisdictionIndex } from '../jurisdictions';
import {
  ACTION_LABELS,
  ASSISTANCE_LABELS,
  CHANNEL_LABELS,
  CHARITY_RESPONSE_LABELS,
  CLOCK_LABELS,
  ECONOMIC_RESULT_LABELS,
  ESCALATION_STATUS_LABELS,
  EVENT_LABELS,
  IDENTITY_FIELD_LABELS,
  label,
  LEVEL_LABELS,
  REFERRAL_STATUS_LABELS,
  SETTLEMENT_LABELS,
  RESOLUTION_LABELS,
  SEX_LABELS,
  STAGE_LABELS,
  TIER_LABELS,
  URGENCY_LABELS,
  URGENT_FLAG_LABELS,
  VERIFICATION_OUTCOME_LABELS,
  ASSISTANCE_STATUS_LABELS,
} from '../labels';
import { itemLine } from '../assistance';
import { actorName, categoriesOf, flagsOf, isUnattendedChild, loadStaff } from '../people';
import { Link, usePath } from '../router';
import type { ScreenProps } from '../screens';
import type { Session } from '../session';

const CATEGORY_LABELS: Record<string, string> = { unattended: '无人照料', left_behind_child: '留守儿童' };
const ESCALATION_EVENTS = new Set(['escalated', 'escalation-raised', 'escalation-resolved', 'escalation-closed', 'escalation-transferred']);

/** The details of an event worth a line, in Chinese (amounts in 元, codes as names). */
function detailLines(e: CaseEvent, places: JurisdictionIndex, session: Session, staff: Map<string, StaffUser>): string[] {
  const d = e.details;
  const out: string[] = [];
  const has = (k: string) => d[k] !== undefined && d[k] !== null && d[k] !== '';
  if (has('channel')) out.push(`来源：${label(CHANNEL_LABELS, d.channel)}`);
  if (Array.isArray(d.urgentFlags) && d.urgentFlags.length)
    out.push(`紧急情形：${d.urgentFlags.map((f) => label(URGENT_FLAG_LABELS, f)).join('、')}`);
  if (Array.isArray(d.categories) && d.categories.length)
    out.push(`类别：${d.categories.map((c) => label(CATEGORY_LABELS, c)).join('、')}`);
  if (has('clock')) out.push(label(CLOCK_LABELS, d.clock));
  if (has('dueAt')) out.push(`时限 ${fmtDateTime(String(d.dueAt))}`);
  if (has('level')) out.push(label(LEVEL_LABELS, d.level));
  if (has('resolution')) out.push(label(RESOLUTION_LABELS, d.resolution));
  if (has('timeToResolveMs')) out.push(`用时 ${fmtDuration(Number(d.timeToResolveMs))}`);
  if (has('recipient')) {
    const [role, code] = String(d.recipient).split(':');
    out.push(`提醒 ${code ? `${nameOf(places, code)}街道主管` : actorName(role, session, staff)}`);
  }
  if (has('visitedAt')) out.push(`时间 ${fmtDateTime(String(d.visitedAt))}`);
  if (has('findings')) out.push(`情况：${String(d.findings)}`);
  if (has('householdSize')) out.push(`家庭人口 ${String(d.householdSize)} 人`);
  if (has('monthlyIncome')) out.push(`月收入 ${fmtYuan(Number(d.monthlyIncome))}`);
  if (has('result')) out.push(`结果：${label(ECONOMIC_RESULT_LABELS, d.result)}`);
  if (has('details')) out.push(String(d.details));
  if (e.type === 'complete-verification' && has('outcome')) out.push(label(VERIFICATION_OUTCOME_LABELS, d.outcome));
  if (has('assistanceType')) out.push(label(ASSISTANCE_LABELS, d.assistanceType));
  if (has('amount')) out.push(fmtYuan(Number(d.amount)));
  if (has('months')) out.push(`${String(d.months)} 个月`);
  if (has('requiredTier')) out.push(`${label(TIER_LABELS, d.requiredTier)}审批`);
  if (has('kind')) out.push(`形式：${String(d.kind)}`);
  if (has('emergencyAidTotal')) out.push(`先行救助累计 ${fmtYuan(Number(d.emergencyAidTotal))}`);
  if (has('disbursedTotal')) out.push(`累计发放 ${fmtYuan(Number(d.disbursedTotal))}`);
  if (has('toStreetCode')) out.push(`转至 ${placeOf(places, String(d.toStreetCode))}`);
  if (has('assigneeId')) out.push(`责任人 ${actorName(String(d.assigneeId), session, staff)}`);
  if (has('organisationId')) out.push(`组织 ${String(d.organisationId)}`);
  if (Array.isArray(d.needs)) out.push(`需求：${d.needs.join('、')}`);
  if (has('response')) out.push(label(CHARITY_RESPONSE_LABELS, d.response));
  if (has('circumstancesChanged')) out.push(d.circumstancesChanged ? '情况有变化' : '情况无变化');
  if (has('nextRevisitDueAt')) out.push(`下次回访 ${fmtDateTime(String(d.nextRevisitDueAt))}`);
  if (has('expectedResumeAt')) out.push(`预计恢复 ${fmtDateTime(String(d.expectedResumeAt))}`);
  if (has('paused'))
    out.push(
      `暂停 ${String(d.paused)
        .replace(/(\d+)d/, '$1天')
        .replace(/(\d+)h/, '$1小时')
        .replace(/(\d+)m\b/, '$1分钟')
        .replace(/(\d+)s\b/, '$1秒')}`,
    );
  if (has('reason')) out.push(`理由：${String(d.reason)}`);
  if (has('note')) out.push(`备注：${String(d.note)}`);
  if (e.type === 'urgency-raised') out.push(`${label(URGENCY_LABELS, d.from)} → ${label(URGENCY_LABELS, d.to)}`);
  return out;
}

function Info({ label: l, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="info" data-testid={testId}>
      <dt>{l}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export default function CaseFilePage({ session, params }: ScreenProps) {
  const caseId = params.caseId;
  const { search } = usePath();
  const places = useJurisdictions();
  const state = useAsync(() => getCase(caseId), [caseId]);
  const [staff, setStaff] = useState<Map<string, StaffUser>>(new Map());
  // 转介 from 匹配资源: the refer-to-charity form opened with the organisation and project filled in.
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  // Names of the organisations referred to (§10); ids where the list cannot be read.
  const hasReferrals = (state.data?.referrals?.length ?? 0) > 0;
  const organisations = useAsync(
    async () =>
      hasReferrals ? new Map((await listOrganisations({})).items.map((o) => [o.organisationId, o.name])) : new Map<string, string>(),
    [hasReferrals],
  );
  useEffect(() => {
    void loadStaff(session).then(setStaff);
  }, [session]);

  if (state.error && !state.data) {
    const notFound = state.error instanceof ApiError && state.error.status === 404;
    return (
      <div className="page">
        <Link to="/cases">← 返回案件列表</Link>
        <Alert
          type="error"
          showIcon
          className="gap"
          title={notFound ? '案件不存在，或不在您的辖区内。' : errorMessage(state.error)}
          action={<Button onClick={state.reload}>重试</Button>}
        />
      </div>
    );
  }
  const file: CaseFile | undefined = state.data;
  if (!file) return <Skeleton active className="page" />;

  const flags = flagsOf(file);
  const categories = categoriesOf(file);
  const reportEvents = file.events.filter((e) => e.type === 'reported' || e.type === 'report-attached');
  const child = isUnattendedChild(file);
  const s = file.subject;

  return (
    <div className="page case-file" data-testid="case-page" data-case-id={file.caseId} data-stage={file.stage}>
      <Link to="/cases">← 返回案件列表</Link>
      <header className={`case-head ${child ? 'case-head-child' : file.urgency === 'urgent' ? 'case-head-urgent' : ''}`}>
        <h1 className="page-title" data-testid="subject-name">
          {s ? (s.unidentified ? `身份不明人员${s.name ? `（${s.name}）` : ''}` : s.name) : '（身份信息不可读）'}
        </h1>
        <div className="marks">
          <StageTag stage={file.stage} />
          <UrgencyTag urgency={file.urgency} />
          <FlagTags flags={flags} />
          <LevelTag level={file.escalationLevel} />
        </div>
      </header>

      <div className="case-grid">
        <section className="card" aria-labelledby="who-title">
          <h2 id="who-title" className="section-title">
            救助对象
          </h2>
          <dl className="infos">
            <Info label="姓名">{s?.name ?? '—'}</Info>
            <Info label="身份证号" testId="id-masked">
              <span className="mono">{s?.idNumberMasked ?? '—'}</span>
            </Info>
            {s?.unidentified && s.description && <Info label="体貌与发现情况">{s.description}</Info>}
            <Info label="性别 / 出生年份">{s && s.birthYear !== null ? `${label(SEX_LABELS, s.sex ?? '')} · ${s.birthYear} 年` : '—'}</Info>
            {s?.phoneMasked && (
              <Info label="联系电话">
                <span className="mono">{s.phoneMasked}</span>
              </Info>
            )}
            {s?.address && <Info label="住址">{s.address}</Info>}
            <Info label="所在区" testId="district-name">
              {nameOf(places, file.districtCode)}
            </Info>
            <Info label="所在街道（镇）" testId="street-name">
              {nameOf(places, file.streetCode)}
            </Info>
            <Info label="责任人">{actorName(file.assigneeId, session, staff)}</Info>
            <Info label="首问负责街道">{file.ownerStreetCode ? nameOf(places, file.ownerStreetCode) : '尚未受理'}</Info>
            <Info label="立案时间">{fmtDateTime(file.openedAt)}</Info>
            <Info label="案件编号">
              <span className="mono small">{file.caseId}</span>
            </Info>
            {file.householdId && (
              <Info label="家庭档案">
                <Link
                  to={`/households/${encodeURIComponent(file.householdId)}?from=${encodeURIComponent(file.caseId)}`}
                  data-testid="household-link"
                >
                  查看家庭成员、历次案件与救助
                </Link>
              </Info>
            )}
          </dl>
        </section>

        <section className="card" aria-labelledby="report-title">
          <h2 id="report-title" className="section-title">
            线索内容
          </h2>
          {file.possibleDuplicates && file.possibleDuplicates.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="possible-duplicates"
              title={`疑似重复：同一家庭另有在办案件 ${file.possibleDuplicates.map((d) => d.caseId).join('、')}，请核实后由街道主任并案。`}
            />
          )}
          {file.reports?.length ? (
            <ul className="plain" data-testid="reports">
              {file.reports.map((r) => (
                <li key={r.reportId}>
                  {fmtDateTime(r.receivedAt)} · {label(CHANNEL_LABELS, r.channel)}
                  {r.reporter?.organisation || r.reporter?.name
                    ? ` · 报告人 ${[r.reporter.organisation, r.reporter.name].filter(Boolean).join(' ')}`
                    : ''}
                  {r.reporter?.phoneMasked ? `（${r.reporter.phoneMasked}）` : ''}
                  {r.summary ? `：${r.summary}` : ''}
                  {r.identityDiffers && r.identityDiffers.length > 0 && (
                    <Tag color="orange" className="identity-differs">
                      与登记信息不一致：{r.identityDiffers.map((f) => label(IDENTITY_FIELD_LABELS, f)).join('、')}（未改动登记信息）
                    </Tag>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <ul className="plain" data-testid="reports">
              {reportEvents.map((e) => (
                <li key={e.eventId}>
                  {fmtDateTime(e.at)} · {label(CHANNEL_LABELS, e.details.channel)}
                  {e.type === 'report-attached' ? '（补充线索）' : ''}
                </li>
              ))}
            </ul>
          )}
          <dl className="infos">
            <Info label="紧急程度">{label(URGENCY_LABELS, file.urgency)}</Info>
            <Info label="紧急情形">{flags.length ? flags.map((f) => label(URGENT_FLAG_LABELS, f)).join('、') : '无'}</Info>
            {categories.length > 0 && <Info label="类别">{categories.map((c) => label(CATEGORY_LABELS, c)).join('、')}</Info>}
          </dl>
        </section>

        <section className="card" aria-labelledby="deadline-title">
          <h2 id="deadline-title" className="section-title">
            时限与督办
          </h2>
          {file.deadlines.length === 0 ? (
            <p className="muted">当前没有进行中的时限</p>
          ) : (
            <ul className="plain deadlines" data-testid="deadlines">
              {file.deadlines.map((d) => (
                <li key={d.clock}>
                  <strong>{label(CLOCK_LABELS, d.clock)}</strong> <DueText dueAt={d.dueAt} paused={d.paused} />{' '}
                  <LevelTag level={d.escalationLevel} />
                </li>
              ))}
            </ul>
          )}
          {file.pause && (
            <Alert
              type="warning"
              showIcon
              className="gap"
              title={`计时已暂停：${file.pause.reason}（预计 ${fmtDateTime(file.pause.expectedResumeAt)} 恢复）`}
            />
          )}
          <dl className="infos">
            <Info label="督办级别" testId="escalation-level">
              {label(LEVEL_LABELS, file.escalationLevel)}
            </Info>
          </dl>
          {file.escalations.length > 0 && (
            <ul className="plain">
              {file.escalations.map((e) => (
                <li key={e.escalationId}>
                  {label(LEVEL_LABELS, e.level)} · {label(CLOCK_LABELS, e.clock)} · {fmtDateTime(e.escalatedAt)} ·{' '}
                  {label(ESCALATION_STATUS_LABELS, e.status)}
                  {e.timeToResolveMs !== undefined ? `（用时 ${fmtDuration(e.timeToResolveMs)}）` : ''}
                  {e.endReason ? `（${e.endedBy ?? ''}：${e.endReason}）` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>

        {((file.assistance ?? []).length > 0 ||
          file.publicNotice ||
          (file.referrals?.length ?? 0) > 0 ||
          (file.emergencyAidTotal ?? 0) > 0) && (
          <section className="card" aria-labelledby="aid-title">
            <h2 id="aid-title" className="section-title">
              救助与转介
            </h2>
            <dl className="infos">
              {(file.assistance ?? []).map((item, i) => (
                <Info
                  key={item.itemId}
                  label={item.status === 'proposed' ? '待审批方案' : `救助事项 ${i + 1}`}
                  testId={item.status === 'proposed' ? 'pending-proposal' : 'assistance-item'}
                >
                  <span data-item-id={item.itemId} data-status={item.status}>
                    {itemLine(item)} · {label(ASSISTANCE_STATUS_LABELS, item.status)}
                    {item.status === 'proposed' ? ` · 需${TIER_LABELS[item.requiredTier]}审批` : ''}
                    {item.approvedBy ? ` · ${actorName(item.approvedBy, session, staff)}批准` : ''}
                    {item.status === 'active' || item.status === 'ended' ? ` · 已发放 ${fmtYuan(item.disbursed)}` : ''}
                    {item.months && item.payments ? `（${item.payments.length}/${item.months} 个月）` : ''}
                  </span>
                </Info>
              ))}
              {file.publicNotice && (
                <Info label="公示中" testId="public-notice">
                  公示至 {fmtDateTime(file.publicNotice.endsAt)}
                  {file.publicNotice.provisional ? '（按工作日暂算）' : ''}，期满无异议自动进入救助发放
                </Info>
              )}
              {(file.emergencyAidTotal ?? 0) > 0 && (
                <Info label="先行救助">
                  {fmtYuan(file.emergencyAidTotal)}
                  {file.emergencyAidSettlement ? ` · 已${label(SETTLEMENT_LABELS, file.emergencyAidSettlement.decision)}` : ''}
                </Info>
              )}
              {(file.disbursedTotal ?? 0) > 0 && <Info label="已发放">{fmtYuan(file.disbursedTotal)}</Info>}
              {(file.referrals ?? []).map((r) => (
                <Info key={r.referralId} label="转介">
                  <span data-testid="referral">
                    {organisations.data?.get(r.organisationId) ?? r.organisationId} · {r.needs.join('、')} ·{' '}
                    {label(REFERRAL_STATUS_LABELS, r.status)}
                  </span>
                </Info>
              ))}
            </dl>
          </section>
        )}
      </div>

      <MatchesPanel
        file={file}
        session={session}
        onRefer={(choice) => setPrefill((p) => ({ type: 'refer-to-charity', values: choice, seq: (p?.seq ?? 0) + 1 }))}
      />

      <ActionPanel
        file={file}
        session={session}
        staff={staff}
        initial={search.get('action')}
        prefill={prefill}
        onDone={(updated, type) => {
          state.setData(updated);
          toast(`已${ACTION_LABELS[type]}：案件现为「${STAGE_LABELS[updated.stage]}」`);
        }}
      />

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="section-title">
          办理轨迹（共 {file.events.length} 条）
        </h2>
        {file.events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            className="timeline"
            items={[...file.events].reverse().map((e) => ({
              key: e.eventId,
              color: ESCALATION_EVENTS.has(e.type)
                ? e.type === 'escalation-resolved'
                  ? 'green'
                  : 'red'
                : e.type === 'reminder'
                  ? 'orange'
                  : 'blue',
              content: (
                <div className="tl-body" data-testid="timeline-event" data-type={e.type}>
                  <span className="tl-head">
                    <strong>{label(EVENT_LABELS, e.type)}</strong>
                    <time dateTime={e.at}>{fmtDateTime(e.at)}</time>
                  </span>
                  <span>
                    {actorName(e.actorId, session, staff)}
                    {e.fromStage && e.toStage && e.fromStage !== e.toStage
                      ? ` · ${STAGE_LABELS[e.fromStage]} → ${STAGE_LABELS[e.toStage]}`
                      : ''}
                  </span>
                  {detailLines(e, places, session, staff).length > 0 && (
                    <span className="tl-detail">{detailLines(e, places, session, staff).join(' · ')}</span>
                  )}
                </div>
              ),
            }))}
          />
        )}
      </section>
    </div>
  );
}
