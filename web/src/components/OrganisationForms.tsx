// 资源 (§10): the forms district and city officers register and change organisations and add their
// projects with. Field errors of the API's problem details are set at their fields ("districts.1" at
// 服务区域, "contact.name" at 联系人); any other refusal is said in Chinese above the buttons. On a 503
// or a dropped connection the form keeps what was typed. The API takes no Idempotency-Key for these:
// a new organisation's id is chosen here once per content and sent again with it, so a resend after a
// lost answer cannot register a twin; a project is looked for among the organisation's before a resend.
import { Alert, Button, DatePicker, Form, Input, InputNumber, Select, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { createOrganisation, createProject, listProjects, updateOrganisation } from '../api/endpoints';
import { ApiError, isTransient } from '../api/http';
import type { AssistanceType, Organisation, OrganisationCreate, OrganisationKind, Project, ProjectCreate } from '../api/types';
import { formAlertOf, type FormAlert } from '../errors';
import { districtsWithin, useJurisdictions } from '../jurisdictions';
import { ASSISTANCE_LABELS, ORGANISATION_KIND_LABELS } from '../labels';
import type { Session } from '../session';

const SERVICE_OPTIONS = Object.entries(ASSISTANCE_LABELS).map(([value, label]) => ({ value, label }));
const KIND_OPTIONS = Object.entries(ORGANISATION_KIND_LABELS).map(([value, label]) => ({ value, label }));

/** Sets the API's field errors ("contact.name", "services.0") on the form's (nested) fields. */
function setFieldsOf<V>(form: FormInstance<V>) {
  // A dotted API path is a name path of the form; antd types name paths per form, the API's are strings.
  return (fields: { name: string; errors: string[] }[]) =>
    form.setFields(fields.map((f) => ({ name: f.name.split('.') as never, errors: f.errors })));
}

/** A random organisation id of the shape the API accepts (org-<12 hex>), for a create without one. */
function newOrganisationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `org-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface OrganisationValues {
  organisationId?: string;
  name?: string;
  kind?: OrganisationKind;
  services?: AssistanceType[];
  districts?: string[];
  contact?: { name?: string; phone?: string };
}

const ORG_FIELDS = ['organisationId', 'name', 'kind', 'services', 'districts', 'contact.name', 'contact.phone'] as const;

function orgFieldOf(path: string): string | undefined {
  const [head, sub] = path.split('.');
  if (head === 'contact') return sub === 'name' || sub === 'phone' ? `contact.${sub}` : 'contact.name';
  return ORG_FIELDS.find((f) => f === head);
}

function bodyOf(values: OrganisationValues): Omit<OrganisationCreate, 'organisationId'> {
  const phone = values.contact?.phone?.trim();
  return {
    name: values.name ?? '',
    kind: values.kind!,
    services: values.services ?? [],
    districts: values.districts ?? [],
    contact: { name: values.contact?.name ?? '', ...(phone ? { phone } : {}) },
  };
}

/** Register (no `organisation`) or change an organisation. */
export function OrganisationForm({
  session,
  organisation,
  onDone,
  onCancel,
}: {
  session: Session;
  organisation?: Organisation;
  onDone(saved: Organisation): void;
  onCancel(): void;
}) {
  const [form] = Form.useForm<OrganisationValues>();
  const places = useJurisdictions();
  const [error, setError] = useState<FormAlert | null>(null);
  const [busy, setBusy] = useState(false);
  // The id sent with this content; kept through a lost answer so the resend names the same organisation.
  const pending = useRef<{ id: string; json: string; transient: boolean } | null>(null);
  const editing = organisation !== undefined;
  const districts = districtsWithin(places, session.jurisdictionCode);

  const initialValues: OrganisationValues = organisation
    ? {
        name: organisation.name,
        kind: organisation.kind,
        services: organisation.services,
        districts: organisation.districts,
        contact: organisation.contact ?? undefined,
      }
    : { districts: districts.length === 1 ? [districts[0].code] : [] };

  async function submit(values: OrganisationValues) {
    setError(null);
    setBusy(true);
    try {
      const body = bodyOf(values);
      if (organisation) {
        // Only what changed is sent: the API changes the fields it gets.
        const before = bodyOf(initialValues);
        const changed = Object.fromEntries(
          Object.entries(body).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before])),
        );
        if (!organisation.contact && !body.contact.name) delete changed.contact;
        if (Object.keys(changed).length === 0) {
          onDone(organisation);
          return;
        }
        onDone(await updateOrganisation(organisation.organisationId, changed));
      } else {
        const chosen = values.organisationId?.trim();
        const json = JSON.stringify(body);
        if (!pending.current || pending.current.json !== json) pending.current = { id: newOrganisationId(), json, transient: false };
        const attempt = pending.current;
        const organisationId = chosen || attempt.id;
        try {
          const created = await createOrganisation({ ...body, organisationId });
          pending.current = null;
          onDone(created);
        } catch (err) {
          // The lost answer had registered it: the resend of the same id and content finds it taken.
          if (!chosen && attempt.transient && err instanceof ApiError && err.code === 'ORGANISATION_ID_TAKEN') {
            pending.current = null;
            onDone({ ...body, organisationId });
            return;
          }
          throw err;
        }
      }
    } catch (err) {
      if (pending.current) pending.current.transient = isTransient(err);
      setError(formAlertOf(err, orgFieldOf, setFieldsOf(form)));
    } finally {
      setBusy(false);
    }
  }

  const testId = editing ? `organisation-edit-form` : 'organisation-create-form';
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={(v) => void submit(v)}
      className="action-form"
      data-testid={testId}
    >
      <h3 className="action-form-title">{editing ? `修改组织：${organisation.name}` : '登记慈善组织'}</h3>
      {!editing && (
        <Form.Item name="organisationId" label="组织编号" extra="可留空，由系统生成；例如 org-tianhe-care">
          <Input maxLength={64} />
        </Form.Item>
      )}
      <Form.Item name="name" label="组织名称" rules={[{ required: true, whitespace: true, message: '请填写组织名称' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="kind" label="组织类型" rules={[{ required: true, message: '请选择组织类型' }]}>
        <Select options={KIND_OPTIONS} />
      </Form.Item>
      <Form.Item name="services" label="服务项目" rules={[{ required: true, message: '请至少选择一项服务' }]}>
        <Select mode="multiple" options={SERVICE_OPTIONS} optionFilterProp="label" />
      </Form.Item>
      <Form.Item
        name="districts"
        label="服务区域"
        rules={[{ required: true, message: '请至少选择一个区' }]}
        extra={session.role === 'district_officer' ? '区级主管登记和修改只服务本区的组织。' : undefined}
      >
        <Select
          mode="multiple"
          optionFilterProp="label"
          // The whole city to choose from: the API, not the form, says which districts a district officer may give.
          options={(places.root?.children ?? []).map((d) => ({ value: d.code, label: d.nameZh }))}
        />
      </Form.Item>
      <Form.Item
        name={['contact', 'name']}
        label="联系人"
        rules={[{ required: !editing || !!organisation?.contact, whitespace: true, message: '请填写联系人' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name={['contact', 'phone']} label="联系电话">
        <Input maxLength={30} inputMode="tel" />
      </Form.Item>
      {error && <Alert type={error.kind} showIcon title={error.text} role="alert" className="gap" data-testid="organisation-error" />}
      <div className="form-buttons">
        <Button type="primary" htmlType="submit" loading={busy} data-testid="organisation-submit">
          {editing ? '保存修改' : '登记'}
        </Button>
        <Button onClick={onCancel}>取消</Button>
      </div>
    </Form>
  );
}

interface ProjectValues {
  name?: string;
  services?: AssistanceType[];
  budget?: number;
  startsAt?: Dayjs;
  endsAt?: Dayjs | null;
}

const PROJECT_FIELDS = ['name', 'services', 'budget', 'startsAt', 'endsAt'] as const;

/** Adds a project (慈善项目, 公益基金) to an organisation. */
export function ProjectForm({
  organisation,
  onDone,
  onCancel,
}: {
  organisation: Organisation;
  onDone(project: Project): void;
  onCancel(): void;
}) {
  const [form] = Form.useForm<ProjectValues>();
  const [error, setError] = useState<FormAlert | null>(null);
  const [busy, setBusy] = useState(false);
  // Content whose answer was lost: before sending it again, see whether it was added after all.
  const lost = useRef<string | null>(null);

  async function submit(values: ProjectValues) {
    setError(null);
    const body: ProjectCreate = {
      name: values.name ?? '',
      services: values.services ?? [],
      budget: values.budget ?? 0,
      startsAt: values.startsAt?.format('YYYY-MM-DD') ?? '',
      ...(values.endsAt ? { endsAt: values.endsAt.format('YYYY-MM-DD') } : {}),
    };
    const json = JSON.stringify(body);
    setBusy(true);
    try {
      if (lost.current === json) {
        const same = (await listProjects(organisation.organisationId)).items.find(
          (p) =>
            p.name === body.name &&
            p.budget === body.budget &&
            p.startsAt === body.startsAt &&
            (p.endsAt ?? null) === (body.endsAt ?? null) &&
            JSON.stringify([...p.services].sort()) === JSON.stringify([...new Set(body.services)].sort()),
        );
        if (same) {
          lost.current = null;
          onDone(same);
          return;
        }
      }
      const created = await createProject(organisation.organisationId, body);
      lost.current = null;
      onDone(created);
    } catch (err) {
      lost.current = isTransient(err) ? json : null;
      setError(formAlertOf(err, (path) => PROJECT_FIELDS.find((f) => f === path.split('.')[0]), setFieldsOf(form)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ services: organisation.services }}
      onFinish={(v) => void submit(v)}
      className="action-form"
      data-testid="project-form"
    >
      <h3 className="action-form-title">添加慈善项目：{organisation.name}</h3>
      <Form.Item name="name" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="services" label="资助内容" rules={[{ required: true, message: '请至少选择一项服务' }]}>
        <Select mode="multiple" options={SERVICE_OPTIONS} optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="budget" label="预算（元）" rules={[{ required: true, message: '请填写预算' }]}>
        <InputNumber min={0.01} max={1_000_000_000} precision={2} step={1000} suffix="元" className="wide-input" />
      </Form.Item>
      <Form.Item name="startsAt" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
        <DatePicker className="wide-input" format="YYYY-MM-DD" />
      </Form.Item>
      <Form.Item name="endsAt" label="结束日期" extra="留空：长期项目">
        <DatePicker className="wide-input" format="YYYY-MM-DD" />
      </Form.Item>
      {error && <Alert type={error.kind} showIcon title={error.text} role="alert" className="gap" data-testid="project-error" />}
      <div className="form-buttons">
        <Button type="primary" htmlType="submit" loading={busy} data-testid="project-submit">
          添加项目
        </Button>
        <Button onClick={onCancel}>取消</Button>
      </div>
    </Form>
  );
}
