// The actions a user may take on a case now, each one form away. The API's field errors are set on
// their fields; any other refusal is said in Chinese above the form. On a 503 or a dropped connection
// the form keeps what was typed and says why; sending again reuses the same Idempotency-Key for the
// same content, so an action whose answer was lost is never applied twice.
import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ACTION_FORMS, actionBody, fieldOf, type FieldSpec } from '../actions';
import { postAction } from '../api/endpoints';
import type { CaseFile, StaffUser } from '../api/types';
import { formAlertOf } from '../errors';
import { useSubmissionKey } from '../hooks';
import { fmtYuan, shanghaiWallClock } from '../format';
import { useJurisdictions } from '../jurisdictions';
import { ACTION_LABELS } from '../labels';
import { itemLine, itemsFor, proposedItems } from '../assistance';
import { offeredActions, tierShortfall, type ActionType } from '../rules';
import type { Session } from '../session';

interface Props {
  file: CaseFile;
  session: Session;
  staff: Map<string, StaffUser>;
  initial?: string | null;
  /** An action opened from elsewhere on the page with values filled in (转介 from 匹配资源); `seq` tells two apart. */
  prefill?: Prefill | null;
  onDone(file: CaseFile, type: ActionType): void;
}

export interface Prefill {
  type: ActionType;
  values: Record<string, unknown>;
  seq: number;
}

function rulesOf(field: FieldSpec) {
  const rules: object[] = [];
  if (field.required) rules.push({ required: true, message: `请填写${field.label.replace(/（.*）$/, '')}` });
  if (field.max && (field.kind === 'text' || field.kind === 'textarea')) rules.push({ max: field.max, message: `最多 ${field.max} 个字` });
  if (field.kind === 'datetime' && field.when) {
    rules.push({
      validator: (_: unknown, value: { valueOf(): number } | null) => {
        if (!value) return Promise.resolve();
        const wall = shanghaiWallClock().valueOf();
        if (field.when === 'past' && value.valueOf() > wall + 60_000) return Promise.reject(new Error('不能晚于现在'));
        if (field.when === 'future' && value.valueOf() <= wall) return Promise.reject(new Error('应晚于现在'));
        return Promise.resolve();
      },
    });
  }
  return rules;
}

/** The control of one field. Form.Item passes id, value and onChange to its child: they go on to the control. */
function FieldInput({ field, staff, ...control }: { field: FieldSpec; staff: Map<string, StaffUser>; [injected: string]: unknown }) {
  const places = useJurisdictions();
  const testId = `field-${field.name}`;
  switch (field.kind) {
    case 'textarea':
      return <Input.TextArea {...control} rows={3} maxLength={field.max} showCount={!!field.max} data-testid={testId} />;
    case 'amount':
      return (
        <InputNumber
          {...control}
          min={field.min ?? 0.01}
          max={10_000_000}
          step={100}
          precision={2}
          suffix="元"
          className="wide-input"
          formatter={(v) => (v === undefined || v === null ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ','))}
          parser={(v) => Number((v ?? '').replace(/[,\s元]/g, ''))}
          data-testid={testId}
        />
      );
    case 'int':
      return <InputNumber {...control} min={field.min} max={field.max} precision={0} className="wide-input" data-testid={testId} />;
    case 'datetime':
      return (
        <DatePicker {...control} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" className="wide-input" data-testid={testId} />
      );
    case 'select':
      return (
        <Select
          {...control}
          options={Object.entries(field.options ?? {}).map(([value, label]) => ({ value, label }))}
          data-testid={testId}
        />
      );
    case 'boolean':
      return (
        <Checkbox {...control} data-testid={testId}>
          {field.label}
        </Checkbox>
      );
    case 'street':
      return (
        <Select
          {...control}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid={testId}
          options={(places.root?.children ?? []).map((d) => ({
            label: d.nameZh,
            title: d.nameZh,
            options: d.children.map((s) => ({ value: s.code, label: `${d.nameZh} ${s.nameZh}` })),
          }))}
        />
      );
    case 'staff': {
      const people = [...staff.values()].filter((u) => u.active && (u.role === 'caseworker' || u.role === 'street_supervisor'));
      return people.length > 0 ? (
        <Select
          {...control}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          data-testid={testId}
          options={people.map((u) => ({ value: u.id, label: `${u.nameZh}（${u.id}）` }))}
        />
      ) : (
        <Input {...control} placeholder="工作人员编号，例如 cw-440104001" data-testid={testId} />
      );
    }
    case 'tags':
      return <Select {...control} mode="tags" open={false} suffixIcon={null} tokenSeparators={['，', ',', '、']} data-testid={testId} />;
    default:
      return <Input {...control} maxLength={field.max} data-testid={testId} />;
  }
}

function ActionFormView({
  type,
  file,
  staff,
  values,
  onDone,
  onCancel,
}: {
  type: ActionType;
  file: CaseFile;
  staff: Map<string, StaffUser>;
  values?: Record<string, unknown>;
  onDone: Props['onDone'];
  onCancel(): void;
}) {
  const [form] = Form.useForm();
  const spec = ACTION_FORMS[type];
  const [error, setError] = useState<{ text: string; kind: 'error' | 'warning' } | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmissionKey();

  // The item field (§10) lists the case's items this action may name; the only one is chosen already.
  const items = itemsFor(type, file);
  const fields = useMemo(
    () =>
      spec.fields.map((f) => (f.name === 'itemId' ? { ...f, options: Object.fromEntries(items.map((i) => [i.itemId, itemLine(i)])) } : f)),
    [spec, items],
  );
  const initialValues = useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const f of spec.fields) if (f.initial === 'now') out[f.name] = shanghaiWallClock();
    if (items.length === 1 && spec.fields.some((f) => f.name === 'itemId')) out.itemId = items[0].itemId;
    return { ...out, ...values };
  }, [spec, values, items]);
  const formRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Opened from another part of the page: bring the form to where the person is looking.
    if (values) formRef.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [values]);

  async function submit(values: Record<string, unknown>) {
    setError(null);
    const body = actionBody(type, values);
    const key = submission.keyFor(body);
    setBusy(true);
    try {
      const updated = await postAction(file.caseId, body, key);
      submission.settle();
      onDone(updated, type);
    } catch (err) {
      submission.settle(err);
      setError(
        formAlertOf(
          err,
          (path) => fieldOf(type, path),
          (fields) => form.setFields(fields),
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div ref={formRef}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v as Record<string, unknown>)}
        initialValues={initialValues}
        className="action-form"
        data-testid={`action-form-${type}`}
        scrollToFirstError
      >
        <h3 className="action-form-title">{ACTION_LABELS[type]}</h3>
        <p className="section-note">{spec.hint}</p>
        {type === 'approve-assistance' || type === 'reject-assistance' ? <ProposalLine file={file} /> : null}
        {fields.map((field) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={field.kind === 'boolean' ? undefined : field.label}
            rules={rulesOf(field)}
            extra={field.help}
            valuePropName={field.kind === 'boolean' ? 'checked' : 'value'}
          >
            <FieldInput field={field} staff={staff} />
          </Form.Item>
        ))}
        {error && <Alert type={error.kind} showIcon title={error.text} role="alert" className="gap" data-testid="action-error" />}
        <div className="form-buttons">
          <Button type="primary" danger={spec.danger} htmlType="submit" loading={busy} data-testid="action-submit">
            确认{ACTION_LABELS[type]}
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function ProposalLine({ file }: { file: CaseFile }) {
  const proposed = proposedItems(file);
  if (proposed.length === 0) return null;
  return <p className="proposal-line">待审批方案：{proposed.map((p) => `${itemLine(p)}${p.note ? `（${p.note}）` : ''}`).join('；')}</p>;
}

export function ActionPanel({ file, session, staff, initial, prefill, onDone }: Props) {
  const offered = offeredActions(file, session.role);
  const [selected, setSelected] = useState<ActionType | null>(
    () => offered.find((a) => a.type === initial && !a.disabledReason)?.type ?? null,
  );
  // The prefill in use: the form shows its values until another action is chosen.
  const [filled, setFilled] = useState<Prefill | null>(null);
  useEffect(() => {
    if (prefill && offered.some((a) => a.type === prefill.type && !a.disabledReason)) {
      setSelected(prefill.type);
      setFilled(prefill);
    }
  }, [prefill?.seq]);
  const choose = (type: ActionType | null) => {
    setFilled(null);
    setSelected(type);
  };
  useEffect(() => {
    if (selected && !offered.some((a) => a.type === selected && !a.disabledReason)) setSelected(null);
  }, [file, selected, offered]);
  // The first proposed item beyond the role's tier, told up front (the form lists only what it may decide).
  const beyond = proposedItems(file).find((i) => tierShortfall(session.role, i.requiredTier) !== null);
  const shortfall = beyond ? tierShortfall(session.role, beyond.requiredTier) : null;

  return (
    <section className="card" aria-labelledby="actions-title" data-testid="actions">
      <h2 id="actions-title" className="section-title">
        办理
      </h2>
      {beyond && shortfall && offered.some((a) => a.type === 'approve-assistance') && (
        <Alert
          type="info"
          showIcon
          className="gap"
          data-testid="tier-needed"
          title={`待审批方案 ${fmtYuan(beyond.total)}：${shortfall}，您可查看但不能审批。`}
        />
      )}
      {offered.length === 0 ? (
        <p className="muted">您的岗位在本案当前环节没有可办理的事项。</p>
      ) : (
        <div className="action-buttons">
          {offered.map((a) => (
            <Button
              key={a.type}
              type={selected === a.type ? 'primary' : 'default'}
              disabled={!!a.disabledReason}
              title={a.disabledReason}
              onClick={() => choose(a.type)}
              data-testid={`action-${a.type}`}
            >
              {ACTION_LABELS[a.type]}
              {a.disabledReason ? ` · ${a.disabledReason}` : ''}
            </Button>
          ))}
        </div>
      )}
      {selected && (
        <ActionFormView
          key={filled?.type === selected ? `${selected}-${filled.seq}` : selected}
          type={selected}
          file={file}
          staff={staff}
          values={filled?.type === selected ? filled.values : undefined}
          onCancel={() => choose(null)}
          onDone={(updated, type) => {
            choose(null);
            onDone(updated, type);
          }}
        />
      )}
    </section>
  );
}
