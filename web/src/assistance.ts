// A case's assistance items as the workbench shows and acts on them (DESIGN.md §10): which are
// proposed (to approve or reject), which active (to pay), and how one reads in a line.
import type { ActionType } from '../../domain/case-types';
import type { AssistanceItem, CaseFile } from './api/types';
import { fmtYuan } from './format';
import { ASSISTANCE_LABELS, label } from './labels';

export const proposedItems = (file: CaseFile): AssistanceItem[] => (file.assistance ?? []).filter((i) => i.status === 'proposed');
export const activeItems = (file: CaseFile): AssistanceItem[] => (file.assistance ?? []).filter((i) => i.status === 'active');

/** "临时救助 2,000 元" or "教育救助 500 元 × 6 个月（共 3,000 元）". */
export function itemLine(item: AssistanceItem): string {
  const months = item.months ? ` × ${item.months} 个月（共 ${fmtYuan(item.total)}）` : '';
  return `${label(ASSISTANCE_LABELS, item.assistanceType)} ${fmtYuan(item.amount)}${months}`;
}

/** The items an action may name: proposed ones for approval and rejection, active ones for a payment. */
export function itemsFor(type: ActionType, file: CaseFile): AssistanceItem[] {
  if (type === 'approve-assistance' || type === 'reject-assistance') return proposedItems(file);
  if (type === 'record-disbursement') return activeItems(file);
  return [];
}
