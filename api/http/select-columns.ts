// A Prisma select's fields as a SQL column list: a statement written in SQL then reads the same fields
// as the model queries beside it, from one list.
import { Prisma } from '../../generated/prisma/client';

/** `{ a: true, b: true }` as `"a", "b"`; only for models whose fields keep their names as columns (no @map). */
export function selectColumns(select: Readonly<Record<string, true>>): Prisma.Sql {
  return Prisma.raw(
    Object.keys(select)
      .map((field) => `"${field}"`)
      .join(', '),
  );
}
