// 资源 (§10): the organisations that take referrals in my scope, filtered as the API filters them (a
// district, a service), each with its kind, services, districts and its projects (budget, what is left,
// when it runs). District and city officers register organisations, change those they may change and
// add projects; street staff read the list. The API decides; the page only keeps buttons off where it
// would refuse (an organisation serving other districts is the city's to change).
import { Alert, Button, Empty, Select, Skeleton, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { listOrganisations, listProjects, type OrganisationFilters } from '../api/endpoints';
import type { Organisation, Project } from '../api/types';
import { OrganisationForm, ProjectForm } from '../components/OrganisationForms';
import { toast } from '../components/Toasts';
import { errorMessage } from '../errors';
import { fmtYuan, shanghaiWallClock } from '../format';
import { useAsync } from '../hooks';
import { districtsWithin, nameOf, useJurisdictions, type JurisdictionIndex } from '../jurisdictions';
import { ASSISTANCE_LABELS, label, ORGANISATION_KIND_LABELS } from '../labels';
import type { ScreenProps } from '../screens';
import type { Session } from '../session';

const FILTER_KEYS = ['districtCode', 'service'] as const;

export function isOrganisationManager(session: Session): boolean {
  return session.role === 'district_officer' || session.role === 'city_officer';
}

/** What the API lets this officer change: the city any organisation, a district officer those serving their district alone. */
function mayChange(session: Session, org: Organisation): boolean {
  if (session.role === 'city_officer') return true;
  return session.role === 'district_officer' && org.districts.every((d) => d === session.jurisdictionCode);
}

/** 全市 for an organisation serving every district of the city, else the districts' names. */
function districtsText(places: JurisdictionIndex, codes: string[]): string {
  const all = places.root?.children.map((d) => d.code) ?? [];
  if (all.length > 1 && all.every((c) => codes.includes(c))) return `全市（${all.length} 个区）`;
  return codes.map((d) => nameOf(places, d)).join('、');
}

function projectState(p: Project, today: string): { text: string; color: string } {
  if (p.startsAt > today) return { text: '未开始', color: 'default' };
  if (p.endsAt !== undefined && p.endsAt < today) return { text: '已结束', color: 'default' };
  // Solid tags (white text): antd's pale green and orange presets fall short of axe's 4.5:1.
  if (p.remaining <= 0) return { text: '余额用尽', color: '#ad4e00' };
  return { text: '执行中', color: '#237804' };
}

function Projects({ org, added }: { org: Organisation; added: number }) {
  const projects = useAsync(() => listProjects(org.organisationId), [org.organisationId, added]);
  const today = shanghaiWallClock().format('YYYY-MM-DD');
  if (projects.error && !projects.data) return <Alert type="warning" showIcon title={`项目未能加载：${errorMessage(projects.error)}`} />;
  if (!projects.data) return <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  const items = projects.data.items;
  if (items.length === 0) return <p className="muted">暂无慈善项目</p>;
  return (
    <ul className="plain projects" data-testid="projects">
      {items.map((p) => {
        const state = projectState(p, today);
        return (
          <li key={p.projectId} data-testid="project" data-project-id={p.projectId}>
            <strong>{p.name}</strong> <Tag color={state.color}>{state.text}</Tag>
            <div className="small">
              预算 {fmtYuan(p.budget)} · 余额 <span data-testid="project-remaining">{fmtYuan(p.remaining)}</span> · {p.startsAt} 至{' '}
              {p.endsAt ?? '长期'}
            </div>
            <div className="small muted">{p.services.map((s) => label(ASSISTANCE_LABELS, s)).join('、')}</div>
          </li>
        );
      })}
    </ul>
  );
}

function OrganisationCard({ org, session, onChanged }: { org: Organisation; session: Session; onChanged(org: Organisation): void }) {
  const places = useJurisdictions();
  const [open, setOpen] = useState<'edit' | 'project' | null>(null);
  const [added, setAdded] = useState(0);
  const changeable = isOrganisationManager(session) && mayChange(session, org);
  const titleId = `org-${org.organisationId}`;
  return (
    <article className="case-item org-item" data-testid="organisation" data-organisation-id={org.organisationId} aria-labelledby={titleId}>
      <div className="case-item-head">
        <h2 className="case-item-title org-title" id={titleId}>
          {org.name}
        </h2>
        <Tag color="blue" data-testid="organisation-kind">
          {label(ORGANISATION_KIND_LABELS, org.kind)}
        </Tag>
      </div>
      <dl className="infos">
        <div className="info">
          <dt>服务项目</dt>
          <dd data-testid="organisation-services">{org.services.map((s) => label(ASSISTANCE_LABELS, s)).join('、')}</dd>
        </div>
        <div className="info">
          <dt>服务区域</dt>
          <dd data-testid="organisation-districts">{districtsText(places, org.districts)}</dd>
        </div>
        <div className="info">
          <dt>联系人</dt>
          <dd>{org.contact ? `${org.contact.name}${org.contact.phone ? ` · ${org.contact.phone}` : ''}` : '—'}</dd>
        </div>
        <div className="info">
          <dt>组织编号</dt>
          <dd className="mono small">{org.organisationId}</dd>
        </div>
      </dl>
      <h3 className="section-subtitle">慈善项目</h3>
      <Projects org={org} added={added} />
      {changeable && open === null && (
        <div className="form-buttons gap">
          <Button onClick={() => setOpen('edit')} data-testid="organisation-edit">
            修改
          </Button>
          <Button onClick={() => setOpen('project')} data-testid="project-add">
            添加项目
          </Button>
        </div>
      )}
      {isOrganisationManager(session) && !changeable && <p className="small muted">该组织服务多个区，由市级主管修改。</p>}
      {open === 'edit' && (
        <OrganisationForm
          session={session}
          organisation={org}
          onCancel={() => setOpen(null)}
          onDone={(saved) => {
            setOpen(null);
            onChanged(saved);
            toast(`已保存：${saved.name}`);
          }}
        />
      )}
      {open === 'project' && (
        <ProjectForm
          organisation={org}
          onCancel={() => setOpen(null)}
          onDone={(p) => {
            setOpen(null);
            setAdded((n) => n + 1);
            toast(`已添加项目：${p.name}`);
          }}
        />
      )}
    </article>
  );
}

export default function OrganisationsPage({ session }: ScreenProps) {
  const places = useJurisdictions();
  const [filters, setFilters] = useState<OrganisationFilters>(() => {
    const search = new URLSearchParams(window.location.search);
    return Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? undefined]).filter(([, v]) => v)) as OrganisationFilters;
  });
  const list = useAsync(() => listOrganisations(filters), [filters.districtCode, filters.service]);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    // Kept in the address, so a link or a reload shows the same list.
    const search = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]).toString();
    window.history.replaceState(null, '', `/app/organisations${search ? `?${search}` : ''}`);
  }, [filters]);

  const set = (key: keyof OrganisationFilters) => (value: string | undefined) => setFilters((f) => ({ ...f, [key]: value || undefined }));
  const districts = districtsWithin(places, session.jurisdictionCode);
  const items = list.data?.items ?? [];
  const manager = isOrganisationManager(session);

  return (
    <div className="page" data-testid="organisations-page" data-read-only={manager ? 'false' : 'true'}>
      <div className="page-head">
        <h1 className="page-title">资源</h1>
        {manager && !creating && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="organisation-create">
            登记组织
          </Button>
        )}
      </div>
      <p className="section-note">
        {manager
          ? '服务本辖区的慈善组织、社工机构和志愿团队及其慈善项目；可登记、修改组织和添加项目。'
          : '服务本辖区的慈善组织及其慈善项目（只读）。转介请在案件档案中办理。'}
      </p>
      {creating && (
        <section className="card" aria-label="登记慈善组织">
          <OrganisationForm
            session={session}
            onCancel={() => setCreating(false)}
            onDone={(saved) => {
              setCreating(false);
              toast(`已登记：${saved.name}`);
              list.reload();
            }}
          />
        </section>
      )}
      <div className="filters" role="search" aria-label="筛选组织">
        {districts.length > 1 && (
          <Select
            allowClear
            placeholder="服务区域"
            aria-label="服务区域"
            value={filters.districtCode}
            onChange={set('districtCode')}
            options={districts.map((d) => ({ value: d.code, label: d.nameZh }))}
          />
        )}
        <Select
          allowClear
          placeholder="服务项目"
          aria-label="服务项目"
          value={filters.service}
          onChange={set('service')}
          options={Object.entries(ASSISTANCE_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
      </div>
      {list.error ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(list.error)}
          className="gap"
          action={<Button onClick={list.reload}>重试</Button>}
        />
      ) : null}
      {items.length === 0 ? (
        list.loading ? (
          <Skeleton active />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的组织" />
        )
      ) : (
        <div className="case-list" aria-busy={list.loading} data-testid="organisation-list">
          {items.map((org) => (
            <OrganisationCard
              key={org.organisationId}
              org={org}
              session={session}
              onChanged={(saved) => list.setData({ items: items.map((o) => (o.organisationId === saved.organisationId ? saved : o)) })}
            />
          ))}
        </div>
      )}
      {items.length > 0 && <div className="more muted">共 {items.length} 个组织</div>}
    </div>
  );
}
