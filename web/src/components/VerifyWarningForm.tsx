// 核查 of an open warning (§8) by the street's staff: the outcome and a note, required to dismiss (stopped
// here before anything is sent). The API's field errors are set at their field, any other refusal is
// said in Chinese; on a 503 or a dropped connection the form keeps what was typed, and sending the same
// content again reuses the same Idempotency-Key, so a verification whose answer was lost opens no second case.
import { Alert, Button, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { verifyWarning } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { WarningVerify, WarningView } from '../api/types';
import { formAlertOf } from '../errors';
import { useSubmissionKey } from '../hooks';
import { WARNING_OUTCOME_LABELS } from '../labels';

const NOTE_MAX = 2000;
const FIELDS = ['outcome', 'note'] as const;

interface Values {
  outcome?: WarningVerify['outcome'];
  note?: string;
}

interface Props {
  warning: WarningView;
  onDone(updated: WarningView): void;
  /** The API said the warning is no longer open (verified meanwhile): the page reads it again. */
  onStale(): void;
}

export function VerifyWarningForm({ warning, onDone, onStale }: Props) {
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const [error, setError] = useState<{ text: string; kind: 'error' | 'warning' } | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmissionKey();

  async function submit(values: Values) {
    setError(null);
    const note = values.note?.trim();
    const body: WarningVerify = { type: 'verify', outcome: values.outcome!, ...(note ? { note } : {}) };
    const key = submission.keyFor(body);
    setBusy(true);
    try {
      const updated = await verifyWarning(warning.warningId, body, key);
      submission.settle();
      onDone(updated);
    } catch (err) {
      submission.settle(err);
      const fieldOf = (path: string) => FIELDS.find((f) => f === path.split('.')[0]);
      setError(formAlertOf(err, fieldOf, (fields) => form.setFields(fields)));
      if (err instanceof ApiError && err.fieldErrors.length === 0 && err.code === 'WARNING_NOT_OPEN') onStale();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="verify-title" data-testid="verify-warning">
      <h2 id="verify-title" className="section-title">
        预警核查
      </h2>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        className="action-form"
        data-testid="verify-form"
        scrollToFirstError
      >
        <Form.Item name="outcome" label="核查结果" rules={[{ required: true, message: '请选择核查结果' }]}>
          <Radio.Group data-testid="field-outcome">
            {Object.entries(WARNING_OUTCOME_LABELS).map(([value, text]) => (
              <Radio key={value} value={value} data-testid={`outcome-${value}`}>
                {text}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="note"
          label="核查说明"
          dependencies={['outcome']}
          extra={outcome === 'dismiss' ? `选择“${WARNING_OUTCOME_LABELS.dismiss}”须写明原因。` : undefined}
          rules={[
            { max: NOTE_MAX, message: `最多 ${NOTE_MAX} 个字` },
            ({ getFieldValue }) => ({
              validator: (_: unknown, value: string | undefined) =>
                getFieldValue('outcome') === 'dismiss' && !value?.trim()
                  ? Promise.reject(new Error(`选择“${WARNING_OUTCOME_LABELS.dismiss}”须填写核查说明`))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.TextArea rows={3} maxLength={NOTE_MAX} showCount data-testid="field-note" />
        </Form.Item>
        {error && <Alert type={error.kind} showIcon title={error.text} role="alert" className="gap" data-testid="verify-error" />}
        <div className="form-buttons">
          <Button type="primary" htmlType="submit" loading={busy} data-testid="verify-submit">
            提交核查结果
          </Button>
        </div>
      </Form>
    </section>
  );
}
