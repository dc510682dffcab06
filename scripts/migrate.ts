// `npm run migrate`: applies pending prisma/migrations to DATABASE_URL (what `prisma migrate deploy`
// does, without the Prisma CLI's native engine) and prints the names applied (`--json` for machines).
import { checkDatabaseReachable, migrate } from '../runtime/database';
import { runMain, StartupError } from '../runtime/errors';

runMain(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new StartupError('DATABASE_URL is not set', 'point it at the PostgreSQL database to migrate');
  await checkDatabaseReachable(url);
  const applied = await migrate(url);
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(applied) + '\n');
  else process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
});
