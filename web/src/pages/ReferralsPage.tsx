// 转介 (§10): the referrals of GET /api/v1/referrals with its filters (status; the organisation, for
// staff) and cursor paging. Staff see those of their jurisdiction's cases, each linked to its case; an
// organisation's user sees only its own, without case links (it reads no case file), and answers each
// one not yet answered here: accepted, declined or completed with what was delivered. The API gives
// no personal data; neither does this page.
import { Alert, Button, Empty, Form, Input, InputNumber, Select, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { answerReferral, listOrganisations, listProjects, listReferrals, type ReferralFilters } from '../api/endpoints';
import type { ReferralAnswer, ReferralListItem } from '../api/types';
import { toast } from '../components/Toasts';
import { errorMessage, formAlertOf, type FormAlert } from '../errors';
import { fmtDateTime, fmtYuan } from '../format';
import { useAsync, useFilteredList, useSubmissionKey } from '../hooks';
import { placeOf, useJurisdictions } from '../jurisdictions';
import { ASSISTANCE_LABELS, CHARITY_RESPONSE_LABELS, label, REFERRAL_STATUS_LABELS } from '../labels';
import { currentPath, Link } from '../router';
import { isOrganisation } from '../rules';
import type { ScreenProps } from '../screens';

const FILTER_KEYS = ['status', 'organisationId'] as const;
const NOTE_MAX = 1000;

interface AnswerValues {
  response?: ReferralAnswer['response'];
  note?: string;
  deliveredAmount?: number | null;
  deliveredServices?: NonNullable<ReferralAnswer['delivered']>['services'];
}
type AnswerField = keyof AnswerValues;

/** The form's values as the API's body: what was delivered only with completed, empty fields left out. */
function answerBody(values: AnswerValues): ReferralAnswer {
  const note = values.note?.trim();
  const delivered: NonNullable<ReferralAnswer['delivered']> = {};
  if (values.response === 'completed') {
    if (values.deliveredAmount !== undefined && values.deliveredAmount !== null) delivered.amount = values.deliveredAmount;
    if (values.deliveredServices?.length) delivered.services = values.deliveredServices;
  }
  return {
    response: values.response!,
    ...(note ? { note } : {}),
    ...(delivered.amount !== undefined || delivered.services ? { delivered } : {}),
  };
}

/** The API's field path ("delivered.amount", "delivered.services.0", "note") as the form's field. */
function answerFieldOf(path: string): AnswerField | undefined {
  if (path === 'response' || path === 'note') return path;
  if (path === 'delivered' || path.startsWith('delivered.amount')) return 'deliveredAmount';
  if (path.startsWith('delivered.services')) return 'deliveredServices';
  return undefined;
}

/** What an answer may be now: a pending referral any of the three, an accepted one its outcome. */
function responsesFor(status: ReferralListItem['status']): ReferralAnswer['response'][] {
  return status === 'accepted' ? ['completed', 'declined'] : ['accepted', 'declined', 'completed'];
}

function AnswerForm({ referral, onDone }: { referral: ReferralListItem; onDone(updated: ReferralListItem): void }) {
  const [form] = Form.useForm<AnswerValues>();
  const response = Form.useWatch('response', form);
  const [alert, setAlert] = useState<FormAlert | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmissionKey();

  async function submit(values: AnswerValues) {
    setAlert(null);
    const body = answerBody(values);
    const key = submission.keyFor(body);
    setBusy(true);
    try {
      const updated = await answerReferral(referral.referralId, body, key);
      submission.settle();
      onDone(updated);
    } catch (err) {
      submission.settle(err);
      setAlert(formAlertOf(err, answerFieldOf, (fields) => form.setFields(fields)));
    } finally {
      setBusy(false);
    }
  }

  const formId = `answer-${referral.referralId}`;
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      className="action-form"
      data-testid="answer-form"
      aria-label="回复转介"
      scrollToFirstError
      name={formId}
    >
      <h3 className="action-form-title">回复转介</h3>
      <Form.Item name="response" label="回复" rules={[{ required: true, message: '请选择回复' }]}>
        <Select
          data-testid="answer-response"
          options={responsesFor(referral.status).map((value) => ({ value, label: label(CHARITY_RESPONSE_LABELS, value) }))}
        />
      </Form.Item>
      {response === 'completed' && (
        <>
          <Form.Item name="deliveredAmount" label="帮扶金额（元）" extra="发放的慈善款物折合金额；使用慈善项目的，从项目余额中扣减。">
            <InputNumber<number>
              min={0}
              max={10_000_000}
              step={100}
              suffix="元"
              className="wide-input"
              formatter={(v) => (v === undefined || v === null ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ','))}
              parser={(v) => Number((v ?? '').replace(/[,\s元]/g, ''))}
              data-testid="answer-amount"
            />
          </Form.Item>
          <Form.Item name="deliveredServices" label="提供的帮扶">
            <Select
              mode="multiple"
              allowClear
              data-testid="answer-services"
              options={Object.entries(ASSISTANCE_LABELS).map(([value, text]) => ({ value, label: text }))}
            />
          </Form.Item>
        </>
      )}
      <Form.Item name="note" label="备注" rules={[{ max: NOTE_MAX, message: `最多 ${NOTE_MAX} 个字` }]}>
        <Input.TextArea rows={2} maxLength={NOTE_MAX} showCount data-testid="answer-note" />
      </Form.Item>
      {alert && <Alert type={alert.kind} showIcon title={alert.text} role="alert" className="gap" data-testid="answer-error" />}
      <div className="form-buttons">
        <Button type="primary" htmlType="submit" loading={busy} data-testid="answer-submit">
          提交回复
        </Button>
      </div>
    </Form>
  );
}

function ReferralRow({
  referral: r,
  organisation,
  organisationName,
  projectName,
  onAnswered,
}: {
  referral: ReferralListItem;
  organisation: boolean;
  organisationName: string;
  projectName: string | undefined;
  onAnswered(updated: ReferralListItem): void;
}) {
  const places = useJurisdictions();
  const answerable = organisation && (r.status === 'pending' || r.status === 'accepted');
  return (
    <article className="case-item" data-testid="referral-row" data-referral-id={r.referralId} data-status={r.status}>
      <div className="case-item-head">
        {organisation ? (
          <span className="case-item-title">{r.needs.join('、') || '转介'}</span>
        ) : (
          <Link to={`/cases/${encodeURIComponent(r.caseId)}`} className="case-item-title" data-testid="referral-case">
            案件 {r.caseId}
          </Link>
        )}
        <Tag color={r.status === 'pending' ? '#ad4e00' : r.status === 'declined' ? '#595959' : '#237804'} data-testid="referral-status">
          {label(REFERRAL_STATUS_LABELS, r.status)}
        </Tag>
      </div>
      <div className="case-item-meta">{placeOf(places, r.streetCode)}</div>
      <dl className="infos">
        {!organisation && (
          <div className="info">
            <dt>帮扶需求</dt>
            <dd>{r.needs.join('、') || '—'}</dd>
          </div>
        )}
        <div className="info">
          <dt>慈善组织</dt>
          <dd data-testid="referral-organisation">{organisationName}</dd>
        </div>
        <div className="info">
          <dt>慈善项目</dt>
          <dd data-testid="referral-project">{r.projectId ? (projectName ?? r.projectId) : '未指定'}</dd>
        </div>
        <div className="info">
          <dt>转介时间</dt>
          <dd>{fmtDateTime(r.referredAt)}</dd>
        </div>
        {r.status === 'pending' && (
          <div className="info">
            <dt>回复时限</dt>
            <dd>{fmtDateTime(r.respondBy)}</dd>
          </div>
        )}
        {r.respondedAt && (
          <div className="info">
            <dt>回复时间</dt>
            <dd>{fmtDateTime(r.respondedAt)}</dd>
          </div>
        )}
        {r.status === 'accepted' && r.followUpBy && (
          <div className="info">
            <dt>完成帮扶时限</dt>
            <dd>{fmtDateTime(r.followUpBy)}</dd>
          </div>
        )}
        {r.completedAt && (
          <div className="info">
            <dt>完成时间</dt>
            <dd>{fmtDateTime(r.completedAt)}</dd>
          </div>
        )}
        {r.delivered && (
          <div className="info">
            <dt>帮扶内容</dt>
            <dd data-testid="referral-delivered">
              {[
                r.delivered.amount !== undefined ? fmtYuan(r.delivered.amount) : null,
                r.delivered.services?.map((s) => label(ASSISTANCE_LABELS, s)).join('、'),
              ]
                .filter(Boolean)
                .join(' · ') || '—'}
            </dd>
          </div>
        )}
      </dl>
      {answerable && <AnswerForm key={r.status} referral={r} onDone={onAnswered} />}
    </article>
  );
}

/** Names of the projects of the organisations listed (staff only: an organisation's user reads no organisation). */
function useProjectNames(organisationIds: string[], enabled: boolean): Map<string, string> {
  const key = [...new Set(organisationIds)].sort().join(',');
  const names = useAsync(async () => {
    const out = new Map<string, string>();
    if (!enabled || !key) return out;
    const lists = await Promise.all(key.split(',').map((id) => listProjects(id).catch(() => ({ items: [] }))));
    for (const list of lists) for (const p of list.items) out.set(p.projectId, p.name);
    return out;
  }, [key, enabled]);
  return names.data ?? new Map<string, string>();
}

export default function ReferralsPage({ session }: ScreenProps) {
  const organisation = isOrganisation(session.role);
  // The same screen is an organisation's home (/) and everyone's /referrals: its filters stay on its own address.
  const { filters, set, items, cursor, loading, error, loadMore } = useFilteredList<ReferralFilters, ReferralListItem>(
    currentPath().slice(1),
    FILTER_KEYS,
    listReferrals,
  );
  const [answered, setAnswered] = useState<Record<string, ReferralListItem>>({});
  const organisations = useAsync(async () => (organisation ? [] : (await listOrganisations({})).items), [organisation]);
  const orgNames = new Map((organisations.data ?? []).map((o) => [o.organisationId, o.name] as const));
  const projectNames = useProjectNames(
    items.map((r) => r.organisationId),
    !organisation,
  );
  const shown = items.map((r) => answered[r.referralId] ?? r);
  const nameOfOrganisation = (id: string) => (organisation ? (session.name ?? id) : (orgNames.get(id) ?? id));

  return (
    <div className="page" data-testid="referrals-page" data-organisation={organisation ? 'true' : 'false'}>
      <h1 className="page-title">转介</h1>
      <p className="section-note">
        {organisation
          ? '转介给贵组织的帮扶需求。请在回复时限内接收或拒绝；接收后完成帮扶时登记帮扶金额和内容。'
          : '本辖区案件转介慈善组织、社工机构和志愿团队的情况。'}
      </p>
      <div className="filters" role="search" aria-label="筛选转介">
        <Select
          allowClear
          placeholder="状态"
          aria-label="状态"
          value={filters.status}
          onChange={set('status')}
          options={Object.entries(REFERRAL_STATUS_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
        {!organisation && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="慈善组织"
            aria-label="慈善组织"
            value={filters.organisationId}
            onChange={set('organisationId')}
            options={(organisations.data ?? []).map((o) => ({ value: o.organisationId, label: o.name }))}
          />
        )}
      </div>
      {error ? <Alert type="error" showIcon title={errorMessage(error)} className="gap" /> : null}
      {shown.length === 0 ? (
        loading ? (
          <Skeleton active />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的转介" />
        )
      ) : (
        <div className="case-list" aria-busy={loading} data-testid="referral-list">
          {shown.map((r) => (
            <ReferralRow
              key={r.referralId}
              referral={r}
              organisation={organisation}
              organisationName={nameOfOrganisation(r.organisationId)}
              projectName={r.projectId ? projectNames.get(r.projectId) : undefined}
              onAnswered={(updated) => {
                setAnswered((a) => ({ ...a, [updated.referralId]: updated }));
                toast(`已回复：${label(REFERRAL_STATUS_LABELS, updated.status)}`);
              }}
            />
          ))}
        </div>
      )}
      <div className="more">
        {cursor ? (
          <Button onClick={loadMore} loading={loading} data-testid="load-more">
            加载更多
          </Button>
        ) : (
          shown.length > 0 && <span className="muted">已显示全部 {shown.length} 条</span>
        )}
      </div>
    </div>
  );
}
