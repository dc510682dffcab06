// 匹配资源 on the case file (§10): the organisations and projects GET /cases/{id}/matches ranks for the
// case, with their score and the reasons in Chinese, names from the organisations list; 转介 opens the
// refer-to-charity form of the action panel with the organisation and project filled in. The button is
// off (with the reason) where the case or the role cannot refer now; the API decides all the same.
import { Alert, Button, Skeleton, Tag } from 'antd';
import { caseMatches, listOrganisations, listProjects } from '../api/endpoints';
import type { CaseFile, CaseMatch, Organisation, Project } from '../api/types';
import { errorMessage } from '../errors';
import { fmtYuan } from '../format';
import { useAsync } from '../hooks';
import { ASSISTANCE_LABELS, label } from '../labels';
import { offeredActions } from '../rules';
import type { Session } from '../session';
import { MATCH_REASON_LABELS } from '../../../domain/matching';

interface Named {
  matches: CaseMatch[];
  organisations: Map<string, Organisation>;
  projects: Map<string, Project>;
}

/** The matches with the names of their organisations and projects; a name that cannot be read stays an id. */
async function loadMatches(caseId: string): Promise<Named> {
  const { items } = await caseMatches(caseId);
  const organisations = new Map<string, Organisation>();
  const projects = new Map<string, Project>();
  if (items.length === 0) return { matches: items, organisations, projects };
  const withProjects = [...new Set(items.filter((m) => m.projectId).map((m) => m.organisationId))];
  const [orgs, ...lists] = await Promise.all([
    listOrganisations({}).catch(() => ({ items: [] as Organisation[] })),
    ...withProjects.map((id) => listProjects(id).catch(() => ({ items: [] as Project[] }))),
  ]);
  for (const o of orgs.items) organisations.set(o.organisationId, o);
  for (const list of lists) for (const p of list.items) projects.set(p.projectId, p);
  return { matches: items, organisations, projects };
}

function reasonText(r: CaseMatch['reasons'][number]): string {
  const base = (MATCH_REASON_LABELS as Record<string, string>)[r.code] ?? r.label;
  if (r.code === 'service-match' && r.service) return `${base}：${label(ASSISTANCE_LABELS, r.service)}`;
  if (r.code === 'budget-left' && r.remaining !== undefined) return `${base}：${fmtYuan(r.remaining)}`;
  return base;
}

export function MatchesPanel({
  file,
  session,
  onRefer,
}: {
  file: CaseFile;
  session: Session;
  onRefer(choice: { organisationId: string; projectId?: string }): void;
}) {
  const state = useAsync(() => loadMatches(file.caseId), [file.caseId]);
  const refer = offeredActions(file, session.role).find((a) => a.type === 'refer-to-charity');
  const disabledReason = !refer ? '本案当前环节或您的岗位不能转介' : refer.disabledReason;

  return (
    <section className="card" aria-labelledby="matches-title" data-testid="matches">
      <h2 id="matches-title" className="section-title">
        匹配资源
      </h2>
      <p className="section-note">按服务对口、服务区域和项目余额排序的慈善组织与项目；转介在下方“办理”中确认。</p>
      {state.error && !state.data ? (
        <Alert type="warning" showIcon title={errorMessage(state.error)} action={<Button onClick={state.reload}>重试</Button>} />
      ) : !state.data ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : state.data.matches.length === 0 ? (
        <p className="muted" data-testid="matches-empty">
          没有服务本区的慈善组织或可用项目。
        </p>
      ) : (
        <ul className="plain case-list" data-testid="match-list">
          {state.data.matches.map((m) => {
            const org = state.data!.organisations.get(m.organisationId);
            const project = m.projectId ? state.data!.projects.get(m.projectId) : undefined;
            return (
              <li
                key={`${m.organisationId}/${m.projectId ?? ''}`}
                className="case-item match-item"
                data-testid="match"
                data-organisation-id={m.organisationId}
                data-project-id={m.projectId ?? ''}
              >
                <div className="case-item-head">
                  <strong className="case-item-title">{org?.name ?? m.organisationId}</strong>
                  <Tag color="#237804" data-testid="match-score">
                    匹配分 {m.score}
                  </Tag>
                </div>
                {m.projectId && (
                  <div className="small" data-testid="match-project">
                    项目：{project?.name ?? m.projectId}
                    {project ? ` · 余额 ${fmtYuan(project.remaining)}` : ''}
                  </div>
                )}
                <div className="match-reasons" data-testid="match-reasons">
                  {m.reasons.map((r, i) => (
                    <Tag key={`${r.code}-${i}`} color={r.code === 'no-service-match' ? 'default' : 'blue'}>
                      {reasonText(r)}
                    </Tag>
                  ))}
                </div>
                <div className="case-item-extra">
                  <Button
                    size="small"
                    type="primary"
                    disabled={!!disabledReason}
                    title={disabledReason}
                    onClick={() => onRefer({ organisationId: m.organisationId, ...(m.projectId ? { projectId: m.projectId } : {}) })}
                    data-testid="match-refer"
                  >
                    转介
                  </Button>
                  {disabledReason && <span className="small muted">{disabledReason}</span>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
