// `npm run migrate`: applies pending prisma/migrations as MIGRATION_DATABASE_URL (the tables' owner),
// else DATABASE_URL (what `prisma migrate deploy` does, without the Prisma CLI's native engine) and
// prints the names applied (`--json` for machines).
import { checkDatabaseReachable, migrate } from '../runtime/database';
import { runMain, StartupError } from '../runtime/errors';

runMain(async () => {
  const variable = process.env.MIGRATION_DATABASE_URL ? 'MIGRATION_DATABASE_URL' : 'DATABASE_URL';
  const url = process.env[variable];
  if (!url)
    throw new StartupError(
      'neither MIGRATION_DATABASE_URL nor DATABASE_URL is set',
      "point MIGRATION_DATABASE_URL at the database to migrate, as its tables' owner",
    );
  await checkDatabaseReachable(url, variable);
  const applied = await migrate(url);
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(applied) + '\n');
  else process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
});
