// 上报: the discovery report of a grid worker (or anyone on patrol) from a phone. The ID number's
// check digit (GB 11643, domain/ids.ts) and the required fields are checked before sending; the
// report goes into the device's outbox and is sent at once when there is a connection, or later,
// with the same Idempotency-Key, when it returns. What still waits is listed (待发送).
import { Alert, Button, Checkbox, Collapse, Form, Input, Select } from 'antd';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { validateChinesePhone, validateIdNumber } from '../../../domain/ids';
import { URGENT_FLAGS } from '../../../domain/case-types';
import type { Channel, ReportBody, UrgentFlag } from '../api/types';
import { errorMessage, fieldMessage } from '../errors';
import { fmtDateTime } from '../format';
import { useOnline } from '../hooks';
import { placeOf, streetsWithin, useJurisdictions } from '../jurisdictions';
import { CHANNEL_LABELS, STAGE_LABELS, URGENT_FLAG_LABELS } from '../labels';
import { outbox, type QueuedReport } from '../offline/outbox';
import type { ScreenProps } from '../screens';
import { toast } from '../components/Toasts';

const CATEGORY_OPTIONS = [
  { value: 'unattended', label: '无人照料' },
  { value: 'left_behind_child', label: '留守儿童' },
  { value: 'elderly_alone', label: '独居老人' },
  { value: 'disability', label: '残疾' },
  { value: 'serious_illness', label: '重病' },
  { value: 'unemployment', label: '失业' },
  { value: 'homeless', label: '流浪乞讨' },
];

const ID_MESSAGES: Record<string, string> = {
  length: '身份证号应为 18 位',
  characters: '身份证号应为 17 位数字加 1 位数字或 X',
  check_digit: '校验位（最后一位）与前 17 位不符，请核对号码',
  birth_date_invalid: '出生日期（第 7–14 位）不是有效日期',
  birth_date_future: '出生日期（第 7–14 位）晚于今天',
  birth_date_too_early: '出生日期（第 7–14 位）早于 1900 年',
};

interface Values {
  channel: Channel;
  name: string;
  idNumber: string;
  phone?: string;
  streetCode: string;
  address?: string;
  summary: string;
  urgentFlags?: UrgentFlag[];
  categories?: string[];
  reporterName?: string;
  reporterPhone?: string;
  reporterOrganisation?: string;
}

/** Form field of an API path (subject.idNumber → idNumber, reporter.phone → reporterPhone). */
const PATH_TO_FIELD: Record<string, keyof Values> = {
  channel: 'channel',
  'subject.idNumber': 'idNumber',
  'subject.name': 'name',
  'subject.phone': 'phone',
  'subject.streetCode': 'streetCode',
  'subject.address': 'address',
  'situation.summary': 'summary',
  'situation.categories': 'categories',
  'situation.urgentFlags': 'urgentFlags',
  'reporter.name': 'reporterName',
  'reporter.phone': 'reporterPhone',
  'reporter.organisation': 'reporterOrganisation',
};

const trimmed = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

function bodyOf(v: Values): ReportBody {
  const reporter = { name: trimmed(v.reporterName), phone: trimmed(v.reporterPhone), organisation: trimmed(v.reporterOrganisation) };
  return {
    channel: v.channel,
    subject: {
      idNumber: v.idNumber.trim().toUpperCase(),
      name: v.name.trim(),
      streetCode: v.streetCode,
      ...(trimmed(v.phone) ? { phone: trimmed(v.phone) } : {}),
      ...(trimmed(v.address) ? { address: trimmed(v.address) } : {}),
    },
    situation: {
      summary: v.summary.trim(),
      ...(v.categories?.length ? { categories: v.categories } : {}),
      ...(v.urgentFlags?.length ? { urgentFlags: v.urgentFlags } : {}),
    },
    ...(reporter.name || reporter.phone || reporter.organisation
      ? { reporter: JSON.parse(JSON.stringify(reporter)) as ReportBody['reporter'] }
      : {}),
  };
}

function valuesOf(body: ReportBody): Partial<Values> {
  return {
    channel: body.channel,
    name: body.subject.name,
    idNumber: body.subject.idNumber,
    phone: body.subject.phone,
    streetCode: body.subject.streetCode,
    address: body.subject.address,
    summary: body.situation.summary,
    urgentFlags: body.situation.urgentFlags,
    categories: body.situation.categories,
    reporterName: body.reporter?.name,
    reporterPhone: body.reporter?.phone,
    reporterOrganisation: body.reporter?.organisation,
  };
}

function useOutbox() {
  return useSyncExternalStore(
    (l) => outbox.subscribe(l),
    () => outbox.items,
  );
}

function useSent() {
  return useSyncExternalStore(
    (l) => outbox.subscribe(l),
    () => outbox.sent,
  );
}

export default function ReportPage({ session }: ScreenProps) {
  const [form] = Form.useForm<Values>();
  const places = useJurisdictions();
  const online = useOnline();
  const queue = useOutbox();
  const sent = useSent();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const streets = streetsWithin(places, session.jurisdictionCode);
  const ownStreet = session.jurisdictionCode.length === 9 ? session.jurisdictionCode : undefined;
  const waiting = queue.filter((q) => q.state === 'waiting');
  const rejected = queue.filter((q) => q.state === 'rejected');

  useEffect(() => {
    void outbox.refresh();
  }, []);

  async function submit(values: Values) {
    setNotice(null);
    setBusy(true);
    try {
      const outcome = await outbox.submit(bodyOf(values));
      if (outcome.kind === 'sent') {
        const r = outcome.sent.result;
        setNotice({
          type: 'success',
          text: r.created
            ? `已上报，新立案（${STAGE_LABELS[r.stage]}）。案件编号 ${r.caseId}`
            : `已上报，此人已有在办案件，线索已并入该案件。案件编号 ${r.caseId}`,
        });
        toast('上报成功');
        form.resetFields(['name', 'idNumber', 'phone', 'address', 'summary', 'urgentFlags', 'categories']);
      } else if (outcome.kind === 'queued') {
        setNotice({
          type: 'info',
          text: `${online ? '暂时无法连接服务器' : '当前离线'}：报告已保存在本机（待发送），恢复连接后自动发送，不会重复上报。`,
        });
        form.resetFields(['name', 'idNumber', 'phone', 'address', 'summary', 'urgentFlags', 'categories']);
      } else {
        // Refused by the server: back into the form to be fixed, out of the queue.
        await outbox.remove(outcome.item.key);
        const fields = outcome.error.fieldErrors.filter((e) => PATH_TO_FIELD[e.path]);
        form.setFields(fields.map((e) => ({ name: PATH_TO_FIELD[e.path], errors: [fieldMessage(e.message)] })));
        setNotice({ type: 'error', text: errorMessage(outcome.error) });
      }
    } catch (err) {
      setNotice({ type: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  function edit(item: QueuedReport) {
    form.setFieldsValue(valuesOf(item.body));
    for (const e of item.errors ?? []) {
      const name = PATH_TO_FIELD[e.path];
      if (name) form.setFields([{ name, errors: [fieldMessage(e.message)] }]);
    }
    void outbox.remove(item.key);
    window.scrollTo(0, 0);
  }

  return (
    <div className="page report-page" data-testid="report-page">
      <div className="page-head">
        <h1 className="page-title">上报救助线索</h1>
        <span className={online ? 'net net-online' : 'net net-offline'} data-testid="net-status" role="status">
          {online ? '在线' : '离线'}
        </span>
      </div>
      <p className="section-note">主动发现：巡查中发现生活困难、需要帮助的人，请即时上报。离线时报告保存在本机，联网后自动发送。</p>

      <section className="card outbox" aria-labelledby="outbox-title" data-testid="outbox">
        <h2 id="outbox-title" className="section-title">
          待发送{' '}
          <span className="outbox-count" data-testid="outbox-count">
            {waiting.length}
          </span>
        </h2>
        {waiting.length === 0 && rejected.length === 0 ? (
          <p className="muted">没有待发送的报告。</p>
        ) : (
          <ul className="plain">
            {waiting.map((q) => (
              <li key={q.key} data-testid="outbox-item">
                {q.body.subject.name} · {placeOf(places, q.body.subject.streetCode)} · 保存于 {fmtDateTime(q.createdAt)}
                {q.attempts > 0 && (
                  <span className="muted">
                    （已尝试 {q.attempts} 次：{q.lastError}）
                  </span>
                )}
              </li>
            ))}
            {rejected.map((q) => (
              <li key={q.key} className="outbox-rejected" data-testid="outbox-rejected">
                {q.body.subject.name}：服务器未接收（{q.lastError}）
                <Button size="small" type="link" onClick={() => edit(q)}>
                  载入修改
                </Button>
                <Button size="small" type="link" danger onClick={() => void outbox.remove(q.key)}>
                  删除
                </Button>
              </li>
            ))}
          </ul>
        )}
        {waiting.length > 0 && online && (
          <Button size="small" onClick={() => void outbox.flush()}>
            立即发送
          </Button>
        )}
      </section>

      {notice && <Alert type={notice.type} showIcon title={notice.text} className="gap" role="status" data-testid="report-notice" />}

      <Form<Values>
        form={form}
        layout="vertical"
        className="card"
        onFinish={(v) => void submit(v)}
        initialValues={{ channel: session.role === 'hotline' ? 'hotline' : 'grid', streetCode: ownStreet }}
        scrollToFirstError
        data-testid="report-form"
      >
        <Form.Item label="线索来源" name="channel" rules={[{ required: true, message: '请选择线索来源' }]}>
          <Select options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))} data-testid="field-channel" />
        </Form.Item>
        <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写被发现人的姓名' }]}>
          <Input maxLength={100} autoComplete="off" data-testid="field-name" />
        </Form.Item>
        <Form.Item
          label="身份证号"
          name="idNumber"
          validateTrigger="onBlur"
          rules={[
            { required: true, whitespace: true, message: '请填写身份证号' },
            {
              validator: (_, value: string | undefined) => {
                if (!value || !value.trim()) return Promise.resolve();
                const checked = validateIdNumber(value, new Date());
                return checked.ok ? Promise.resolve() : Promise.reject(new Error(ID_MESSAGES[checked.problem] ?? checked.reason));
              },
            },
          ]}
          extra="18 位，最后一位可为 X；提交前校验"
        >
          <Input maxLength={18} autoComplete="off" inputMode="text" className="mono" data-testid="field-idNumber" />
        </Form.Item>
        <Form.Item
          label="联系电话"
          name="phone"
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value || !value.trim() || validateChinesePhone(value).ok
                  ? Promise.resolve()
                  : Promise.reject(new Error('请填写 11 位手机号，或带区号的固话（如 020-12345678）')),
            },
          ]}
        >
          <Input maxLength={40} inputMode="tel" autoComplete="off" data-testid="field-phone" />
        </Form.Item>
        <Form.Item label="所在街道（镇）" name="streetCode" rules={[{ required: true, message: '请选择街道（镇）' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            disabled={!!ownStreet}
            data-testid="field-streetCode"
            options={(ownStreet && streets.length === 0 ? [{ code: ownStreet, nameZh: ownStreet }] : streets).map((s) => ({
              value: s.code,
              label: placeOf(places, s.code),
            }))}
          />
        </Form.Item>
        <Form.Item label="住址 / 发现地点" name="address">
          <Input maxLength={500} data-testid="field-address" />
        </Form.Item>
        <Form.Item label="情况描述" name="summary" rules={[{ required: true, whitespace: true, message: '请描述发现的情况' }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="field-summary" />
        </Form.Item>
        <Form.Item label="紧急情形（勾选即走绿色通道）" name="urgentFlags">
          <Checkbox.Group options={URGENT_FLAGS.map((f) => ({ value: f, label: URGENT_FLAG_LABELS[f] }))} className="checks" />
        </Form.Item>
        <Form.Item label="类别" name="categories">
          <Checkbox.Group options={CATEGORY_OPTIONS} className="checks" />
        </Form.Item>
        <Collapse
          ghost
          className="gap"
          items={[
            {
              key: 'reporter',
              label: '报告人信息（选填）',
              forceRender: true,
              children: (
                <>
                  <Form.Item label="报告人姓名" name="reporterName">
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item
                    label="报告人电话"
                    name="reporterPhone"
                    rules={[
                      {
                        validator: (_, value: string | undefined) =>
                          !value || !value.trim() || validateChinesePhone(value).ok
                            ? Promise.resolve()
                            : Promise.reject(new Error('请填写 11 位手机号，或带区号的固话')),
                      },
                    ]}
                  >
                    <Input maxLength={40} inputMode="tel" />
                  </Form.Item>
                  <Form.Item label="所在单位" name="reporterOrganisation">
                    <Input maxLength={200} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
        <Button type="primary" htmlType="submit" loading={busy} block size="large" data-testid="report-submit">
          {online ? '提交上报' : '保存到本机，联网后发送'}
        </Button>
      </Form>

      {sent.length > 0 && (
        <section className="card" aria-labelledby="sent-title">
          <h2 id="sent-title" className="section-title">
            本次已送达
          </h2>
          <ul className="plain" data-testid="sent-list">
            {sent.map((s) => (
              <li key={s.key}>
                {s.body.subject.name} · {fmtDateTime(s.sentAt)} · {s.result.created ? '新立案' : '并入在办案件'}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
