// Which screens and actions to offer, from the same rules the workflow enforces: the stage table of
// domain/case-machine.ts, the role matrix of domain/roles.ts and the approval tiers of
// domain/approval.ts (imported, not rewritten). The server still decides; this only keeps illegal
// buttons off the page and says why an approval waits for a higher level.
import { tierCovers } from '../../domain/approval';
import { ACTION_STAGES } from '../../domain/case-machine';
import { ACTION_TYPES, type ActionType } from '../../domain/case-types';
import { approvalTierOf, canPerform, canReadCases } from '../../domain/roles';
import { WARNING_VERIFIER_ROLES } from '../../domain/warnings';
import type { ApprovalTier, CaseFile, Role } from './api/types';
import { TIER_LABELS } from './labels';
import { activeItems, proposedItems } from './assistance';

export { ACTION_TYPES, approvalTierOf, canReadCases, WARNING_VERIFIER_ROLES };
export type { ActionType };

export interface OfferedAction {
  type: ActionType;
  /** Set when the action is shown but cannot be done now, with the reason in Chinese. */
  disabledReason?: string;
}

/**
 * Who files reports in the workbench: every reporting role of domain/roles.ts but the department feed,
 * which reports through the API alone (an organisation's user reports nothing, §10).
 */
export function canReport(role: Role): boolean {
  return canPerform(role, 'report') && role !== 'department';
}

/** §10: an organisation's user, whose workbench is its referrals (转介) and nothing else. */
export function isOrganisation(role: Role): boolean {
  return role === 'organisation';
}

export function canApprove(role: Role, required: ApprovalTier): boolean {
  return tierCovers(approvalTierOf(role), required);
}

/** "需区级审批（超出街道审批权限）" for an approver whose tier is too low. */
export function tierShortfall(role: Role, required: ApprovalTier): string | null {
  const mine = approvalTierOf(role);
  if (tierCovers(mine, required)) return null;
  return mine ? `需${TIER_LABELS[required]}审批（超出${TIER_LABELS[mine]}审批权限）` : `需${TIER_LABELS[required]}审批`;
}

/** The actions of DESIGN.md §3 legal for this role in the case's current stage, with case-specific limits. */
export function offeredActions(file: CaseFile, role: Role): OfferedAction[] {
  const out: OfferedAction[] = [];
  for (const type of ACTION_TYPES) {
    if (!canPerform(role, type) || !ACTION_STAGES[type].includes(file.stage)) continue;
    const reason = caseSpecificReason(type, file, role);
    if (reason === 'hide') continue;
    out.push(reason ? { type, disabledReason: reason } : { type });
  }
  return out;
}

function caseSpecificReason(type: ActionType, file: CaseFile, role: Role): string | 'hide' | null {
  switch (type) {
    case 'grant-emergency-aid':
      return file.urgency === 'urgent' ? null : 'hide';
    case 'propose-assistance':
      // Several items may be proposed (§10); none while an approval is posted.
      return file.publicNotice ? 'hide' : null;
    case 'approve-assistance':
    case 'reject-assistance': {
      const proposed = proposedItems(file);
      if (proposed.length === 0) return 'hide';
      // Offered when the role may decide at least one of them; otherwise says what the first needs.
      return proposed.some((i) => tierShortfall(role, i.requiredTier) === null) ? null : tierShortfall(role, proposed[0].requiredTier);
    }
    case 'record-disbursement':
      return activeItems(file).length > 0 ? null : '没有正在发放的救助事项';
    case 'settle-emergency-aid':
      return (file.emergencyAidTotal ?? 0) > 0 && !file.emergencyAidSettlement ? null : 'hide';
    case 'record-objection':
      return file.publicNotice ? null : 'hide';
    case 'pause-clock':
      if (file.pause) return 'hide';
      return file.deadlines.length === 0 ? '当前没有正在计算的时限' : null;
    case 'resume-clock':
      return file.pause ? null : 'hide';
    case 'identify-subject':
      return file.subject?.unidentified ? null : 'hide';
    case 'charity-response':
      return (file.referrals ?? []).some((r) => r.status === 'pending' || r.status === 'accepted') ? null : 'hide';
    default:
      return null;
  }
}
