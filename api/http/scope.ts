// Jurisdiction scoping for reads (which cases a caller may see, as a predicate for one case and as a
// SQL filter for lists, so an out-of-scope case is never even loaded into a list answer) and role checks.
import type { Actor, Role } from '../../domain/case-types';
import { canReadCases, isInScope, scopeLevel } from '../../domain/roles';
import { AppError } from './errors';
import { Prisma } from '../../generated/prisma/client';

/** Columns of the `cases` table a scope restricts; `{}` means the whole city. */
export type ScopeFilter = { districtCode?: string; streetCode?: string; cityPrefix?: string };

export function scopeFilterOf(actor: Actor): ScopeFilter {
  switch (scopeLevel(actor.jurisdictionCode)) {
    case 'city':
      // City codes end in 00; every district and street of the city shares its first four digits.
      return { cityPrefix: actor.jurisdictionCode.slice(0, 4) };
    case 'district':
      return { districtCode: actor.jurisdictionCode };
    case 'street':
      return { streetCode: actor.jurisdictionCode };
  }
}

/**
 * The where-clause of a scope over a table's `districtCode` and `streetCode` columns; null when the
 * scope restricts nothing, which is a programming error: the caller then matches no row (fail closed).
 */
export function jurisdictionWhere(
  scope: ScopeFilter,
): { streetCode: string } | { districtCode: string } | { districtCode: { startsWith: string } } | null {
  if (scope.streetCode) return { streetCode: scope.streetCode };
  if (scope.districtCode) return { districtCode: scope.districtCode };
  if (scope.cityPrefix) return { districtCode: { startsWith: scope.cityPrefix } };
  return null;
}

/** jurisdictionWhere as raw SQL over a table alias with districtCode and streetCode columns. */
export function jurisdictionSql(scope: ScopeFilter, alias: string): Prisma.Sql {
  const col = (name: string) => Prisma.raw(`${alias}."${name}"`);
  if (scope.streetCode) return Prisma.sql`${col('streetCode')} = ${scope.streetCode}`;
  if (scope.districtCode) return Prisma.sql`${col('districtCode')} = ${scope.districtCode}`;
  if (scope.cityPrefix) return Prisma.sql`${col('districtCode')} LIKE ${`${scope.cityPrefix}%`}`;
  return Prisma.sql`false`;
}

export function caseInScope(actor: Actor, row: { streetCode: string }): boolean {
  return isInScope(actor.jurisdictionCode, row.streetCode);
}

/** Report-only roles (hotline, department, reporter) never see case files: 403, audited. */
export function requireCaseReader(actor: Actor): void {
  if (!canReadCases(actor.role)) {
    throw new AppError('ROLE_NOT_ALLOWED', `role ${actor.role} files reports but may not read or change cases`, {
      audit: `role ${actor.role} may not read cases`,
    });
  }
}

/**
 * The one answer for "no such case" and "not yours": identical, so a caller cannot probe which case
 * ids exist in other jurisdictions. Only the out-of-scope variant is audited.
 */
export function caseNotFound(caseId: string, outOfScope: boolean): AppError {
  return new AppError(
    'CASE_NOT_FOUND',
    `case ${caseId} was not found`,
    outOfScope ? { audit: "case outside the caller's jurisdiction" } : {},
  );
}

/** A 403 (audited) unless the actor holds one of `roles`; `what` completes "role X may not …". */
export function requireRoleOf(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) {
    throw new AppError('ROLE_NOT_ALLOWED', `role ${actor.role} may not ${what}; allowed: ${roles.join(', ')}`, {
      audit: `role ${actor.role} may not ${what}`,
    });
  }
}
