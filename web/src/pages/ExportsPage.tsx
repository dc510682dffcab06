// 台账 (§12): the five ledgers of GET /api/v1/exports/{kind} for my jurisdiction, narrowed to a district
// or street inside it and to a period, as CSV (UTF-8 with a BOM, for Excel) or XLSX; district and city
// officers may ask for full ID numbers, which the API records. Below, the monthly report, the same
// component the 统计 page shows. Files come through `download` (the token in a header, never a URL).
import { Alert, Button, Checkbox, DatePicker, Form, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ExportKind } from '../../../api/exports/export-kinds';
import { downloadLedger, type LedgerFilters } from '../api/endpoints';
import { MonthlyReport } from '../components/MonthlyReport';
import { formAlertOf, type FormAlert } from '../errors';
import { fromShanghaiWallClock } from '../format';
import { districtsWithin, nameOf, streetsWithin, useJurisdictions } from '../jurisdictions';
import { LEDGER_LABELS } from '../labels';
import type { ScreenProps } from '../screens';
import type { Session } from '../session';

interface Values {
  kind: ExportKind;
  format: 'csv' | 'xlsx';
  districtCode?: string;
  streetCode?: string;
  from?: Dayjs | null;
  to?: Dayjs | null;
  unmasked?: boolean;
}
type Field = keyof Values;
const FIELDS: readonly Field[] = ['kind', 'format', 'districtCode', 'streetCode', 'from', 'to', 'unmasked'];

/** Who may ask for full ID numbers (api/exports/routes.ts): the API refuses, and records, anyone else. */
export function mayExportUnmasked(session: Session): boolean {
  return session.role === 'district_officer' || session.role === 'city_officer';
}

/** The picked dates as the API's instants: from the first day's start to the last day's end, Guangzhou time. */
function filtersOf(values: Values): LedgerFilters {
  return {
    districtCode: values.districtCode,
    streetCode: values.streetCode,
    ...(values.from ? { from: fromShanghaiWallClock(values.from.startOf('day')) } : {}),
    ...(values.to ? { to: fromShanghaiWallClock(values.to.startOf('day').add(1, 'day')) } : {}),
    ...(values.unmasked ? { unmasked: true } : {}),
  };
}

export default function ExportsPage({ session }: ScreenProps) {
  const places = useJurisdictions();
  const [form] = Form.useForm<Values>();
  const districtCode = Form.useWatch('districtCode', form);
  const [alert, setAlert] = useState<FormAlert | null>(null);
  const [busy, setBusy] = useState(false);

  const districts = districtsWithin(places, session.jurisdictionCode);
  const streets = streetsWithin(places, districtCode ?? session.jurisdictionCode);
  const scopeIsStreet = session.jurisdictionCode.length === 9;

  async function submit(values: Values) {
    setAlert(null);
    setBusy(true);
    try {
      await downloadLedger(values.kind, values.format, filtersOf(values));
    } catch (err) {
      const fieldOf = (path: string) => FIELDS.find((f) => f === path.split('.')[0]);
      setAlert(formAlertOf(err, fieldOf, (fields) => form.setFields(fields)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page" data-testid="exports-page">
      <h1 className="page-title">台账</h1>
      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title" className="section-title">
          台账导出
        </h2>
        <p className="section-note">
          导出本辖区的台账{scopeIsStreet ? `（${nameOf(places, session.jurisdictionCode)}）` : ''}
          。身份证号默认脱敏显示；每次导出均记入访问日志。
        </p>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'cases', format: 'csv' }}
          onFinish={(v) => void submit(v)}
          onValuesChange={(changed: Partial<Values>) => {
            // Another district: its streets are other ones.
            if ('districtCode' in changed) form.setFieldValue('streetCode', undefined);
          }}
          className="action-form"
          data-testid="ledger-form"
        >
          <Form.Item name="kind" label="台账">
            <Radio.Group
              data-testid="ledger-kind"
              options={(Object.entries(LEDGER_LABELS) as [ExportKind, string][]).map(([value, text]) => ({ value, label: text }))}
            />
          </Form.Item>
          {districts.length > 1 && (
            <Form.Item name="districtCode" label="区">
              <Select allowClear placeholder="全部" options={districts.map((d) => ({ value: d.code, label: d.nameZh }))} />
            </Form.Item>
          )}
          {!scopeIsStreet && (
            <Form.Item name="streetCode" label="街道（镇）">
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="全部"
                options={streets.map((s) => ({ value: s.code, label: s.nameZh }))}
              />
            </Form.Item>
          )}
          <div className="filters">
            <Form.Item name="from" label="开始日期">
              <DatePicker className="wide-input" data-testid="ledger-from" />
            </Form.Item>
            <Form.Item
              name="to"
              label="结束日期"
              dependencies={['from']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_: unknown, value: Dayjs | null | undefined) => {
                    const from = getFieldValue('from') as Dayjs | null | undefined;
                    return value && from && value.isBefore(from, 'day')
                      ? Promise.reject(new Error('结束日期不能早于开始日期'))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker className="wide-input" data-testid="ledger-to" />
            </Form.Item>
          </div>
          <Form.Item name="format" label="文件格式">
            <Radio.Group
              data-testid="ledger-format"
              options={[
                { value: 'csv', label: 'CSV（Excel 可直接打开）' },
                { value: 'xlsx', label: 'Excel（XLSX）' },
              ]}
            />
          </Form.Item>
          {mayExportUnmasked(session) && (
            <Form.Item name="unmasked" valuePropName="checked" extra="仅在工作确需时勾选；导出记录注明“未脱敏”。">
              <Checkbox data-testid="ledger-unmasked">显示完整身份证号</Checkbox>
            </Form.Item>
          )}
          {alert && <Alert type={alert.kind} showIcon title={alert.text} role="alert" className="gap" data-testid="ledger-error" />}
          <div className="form-buttons">
            <Button type="primary" htmlType="submit" loading={busy} data-testid="ledger-download">
              导出
            </Button>
          </div>
        </Form>
      </section>
      <MonthlyReport />
    </div>
  );
}
