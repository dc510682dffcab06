// Who did what: staff names for the timeline (GET /api/v1/staff, which street supervisors and
// officers may read for their scope; a caseworker sees ids and "我"), and case files fetched for
// list items that need the person's name and the reported flags (Part I's case list carries
// neither; a Part II list with the subject would replace these reads).
import { getCase, listStaff } from './api/endpoints';
import type { CaseFile, StaffUser, UrgentFlag } from './api/types';
import { approvalTierOf } from './rules';
import type { Session } from './session';

let staff: Promise<Map<string, StaffUser>> | null = null;

export function loadStaff(session: Session): Promise<Map<string, StaffUser>> {
  if (!approvalTierOf(session.role)) return Promise.resolve(new Map<string, StaffUser>());
  staff ??= listStaff()
    .then((page) => new Map(page.items.map((u) => [u.id, u])))
    .catch(() => {
      staff = null;
      return new Map<string, StaffUser>();
    });
  return staff;
}

export function resetPeople(): void {
  staff = null;
  files.clear();
}

export function actorName(actorId: string | null | undefined, session: Session, directory: Map<string, StaffUser>): string {
  if (!actorId) return '未指派';
  if (actorId === 'system') return '系统（自动）';
  if (actorId.startsWith('report:')) return '线索报告人';
  const known = directory.get(actorId);
  if (actorId === session.userId) return session.name ? `我（${session.name}）` : '我';
  return known ? known.nameZh : actorId;
}

const files = new Map<string, Promise<CaseFile | null>>();
let active = 0;
const waiting: (() => void)[] = [];

/** A case file for a list item, at most four reads at a time, cached for this page's life. */
export function caseFileFor(caseId: string, fresh = false): Promise<CaseFile | null> {
  if (!fresh && files.has(caseId)) return files.get(caseId)!;
  const promise = (async () => {
    if (active >= 4) await new Promise<void>((r) => waiting.push(r));
    active += 1;
    try {
      return await getCase(caseId);
    } catch {
      files.delete(caseId);
      return null;
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  })();
  files.set(caseId, promise);
  return promise;
}

/** Every urgent flag ever reported on the case (first report, later reports, urgency raised). */
export function flagsOf(file: CaseFile | null | undefined): UrgentFlag[] {
  if (!file) return [];
  const flags = new Set<UrgentFlag>();
  for (const e of file.events) {
    const f = e.details.urgentFlags;
    if (Array.isArray(f)) for (const x of f) flags.add(x as UrgentFlag);
  }
  for (const r of file.reports ?? []) for (const x of r.urgentFlags ?? []) flags.add(x);
  return [...flags];
}

export function categoriesOf(file: CaseFile | null | undefined): string[] {
  if (!file) return [];
  const out = new Set<string>();
  for (const e of file.events) {
    const c = e.details.categories;
    if (Array.isArray(c)) for (const x of c) out.add(String(x));
  }
  return [...out];
}

/** An unattended child must never look like any other overdue case. */
export function isUnattendedChild(file: CaseFile | null | undefined): boolean {
  if (!file) return false;
  if (flagsOf(file).includes('minor_unattended')) return true;
  const born = file.subject?.birthYear;
  const minor = typeof born === 'number' ? new Date().getFullYear() - born < 18 : false;
  return minor && categoriesOf(file).some((c) => c === 'unattended' || c === 'left_behind_child');
}
