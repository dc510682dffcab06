// Where a case's workflow can be inspected: its Temporal workflow id and, when the Temporal web UI's
// address is known, a link to it (the dashboard's case page shows it next to the timeline).
import type { Actor } from '../../domain/case-types';
import type { ApiContext } from '../http/deps';
import { loadCaseForActor } from './get-case-file';

export interface CaseWorkflowLink {
  caseId: string;
  workflowId: string;
  namespace: string;
  /** `${temporalUiUrl}/namespaces/${namespace}/workflows/${workflowId}`, or null when the UI is unknown. */
  temporalUiUrl: string | null;
}

function temporalWorkflowUrl(base: string | undefined, namespace: string, workflowId: string): string | null {
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export async function caseWorkflowLink(ctx: ApiContext, actor: Actor, caseId: string): Promise<CaseWorkflowLink> {
  // Same scope rules and the same 404 as reading the case file.
  const row = await loadCaseForActor(ctx, actor, caseId);
  const namespace = ctx.config.temporalNamespace;
  return {
    caseId,
    workflowId: row.workflowId,
    namespace,
    temporalUiUrl: temporalWorkflowUrl(ctx.temporalUiUrl, namespace, row.workflowId),
  };
}
