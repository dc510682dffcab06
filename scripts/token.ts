// `npm run token -- --role <role> --jurisdiction <code> [--ttl 12h]`: prints a bearer token for the
// seeded user of that role and jurisdiction (for `--role organisation`, the user of the organisation whose id is given), and nothing else on stdout, so `TOKEN=$(npm run -s token ...)`
// works. Needs no database: the seed users are pure data and the secret comes from AUTH_SECRET.
import { signToken } from '../runtime/tokens';
import { ROLES, type Role } from '../domain/case-types';
import { findSeedUser } from '../domain/seed-staff';
import { ORGANISATION_ID_PATTERN, organisationUser } from '../domain/organisations';
import { durationSeconds, loadConfig } from '../runtime/config';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> --jurisdiction <code> [--ttl 12h]`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv: readonly string[]): { role: string; jurisdiction: string; ttl?: string } {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\nPrints a bearer token for the seeded user of that role and jurisdiction (nothing else on stdout).\n`);
    process.exit(0);
  }
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--(role|jurisdiction|ttl)(?:=(.*))?$/.exec(arg);
    if (!match) fail(`unexpected argument ${JSON.stringify(arg)}; ${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') fail(`--${match[1]} needs a value; ${USAGE}`);
    values[match[1]] = value;
  }
  if (!values.role || !values.jurisdiction) fail(USAGE);
  return { role: values.role, jurisdiction: values.jurisdiction, ttl: values.ttl };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!(ROLES as readonly string[]).includes(args.role)) fail(`unknown role ${JSON.stringify(args.role)}; roles: ${ROLES.join(', ')}`);
  // An organisation's user (§10) is derived from the organisation id; the API checks the organisation is registered.
  const user =
    args.role === 'organisation'
      ? ORGANISATION_ID_PATTERN.test(args.jurisdiction)
        ? organisationUser({ organisationId: args.jurisdiction, name: '' })
        : fail(`--jurisdiction ${JSON.stringify(args.jurisdiction)} is not an organisation id (see GET /api/v1/organisations)`)
      : findSeedUser(args.role as Role, args.jurisdiction);
  if (!user) {
    fail(
      `no seeded ${args.role} for jurisdiction ${args.jurisdiction} (city roles use 440100, district officers a district such as 440104, street roles a street such as 440104001)`,
    );
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    fail((err as Error).message);
  }
  if (config.authSecretIsDevDefault) {
    process.stderr.write(
      'warning: AUTH_SECRET is not set; this token is signed with the development secret and only works on a server without AUTH_SECRET\n',
    );
  }
  // The server refuses tokens that live longer than TOKEN_MAX_TTL, so none is printed.
  const ttlSec = args.ttl === undefined ? Math.min(12 * 3600, config.tokenMaxTtlSec) : durationSeconds(args.ttl);
  if (ttlSec === undefined || ttlSec <= 0) fail(`--ttl ${JSON.stringify(args.ttl)} is not a duration such as 12h, 30m or 3600 (seconds)`);
  if (ttlSec > config.tokenMaxTtlSec) {
    fail(`--ttl ${args.ttl} is longer than TOKEN_MAX_TTL (${config.tokenMaxTtlSec} s); the server would refuse the token`);
  }
  const token = await signToken(user, config.authSecret, ttlSec);
  process.stdout.write(`${token}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => fail(err instanceof Error ? err.message.split('\n')[0] : String(err)));
}
