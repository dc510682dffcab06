// `npm run pii -- <command>`: the operator's tools for the personal-data keys (§14, README "Key rotation").
//   print-hash-key  the look-up hash key in use (PII_HASH_KEY, or the key derived from the oldest PII_KEY
//                   key on a deployment from before PII_HASH_KEY): set it as PII_HASH_KEY to keep every
//                   workflow id and look-up. Printed alone on stdout, like `npm run token`.
//   status          encrypted values in PostgreSQL by key id
//   rotate          re-encrypts every value under an older key with the first PII_KEY key
// status and rotate work on MIGRATION_DATABASE_URL, else DATABASE_URL: the owner's connection, since
// the append-only tables refuse updates to the application's role (README "Database roles").
import { derivedHashKey, parsePiiKeys, PiiCipher } from '../runtime/pii';
import { ciphertextsByKey, rotatePersonalData } from '../runtime/pii-rotation';
import { loadConfig, type AppConfig } from '../runtime/config';
import pg from 'pg';

const USAGE = 'usage: npm run pii -- print-hash-key | status | rotate';

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function databaseUrlOf(config: AppConfig): string {
  const url = config.migrationDatabaseUrl ?? config.databaseUrl;
  if (!url)
    fail(
      'set DATABASE_URL (and MIGRATION_DATABASE_URL to its owner) to the database to work on; the embedded development database needs no rotation',
    );
  return url;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (rest.length > 0 || !command) fail(USAGE);
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    fail((err as Error).message);
  }
  switch (command) {
    case 'print-hash-key':
      process.stdout.write(`${config.piiHashKey ?? derivedHashKey(parsePiiKeys(config.piiKey)).toString('base64')}\n`);
      return;
    case 'status': {
      const pool = new pg.Pool({ connectionString: databaseUrlOf(config), max: 1 });
      try {
        const counts = await ciphertextsByKey(pool);
        for (const [kid, n] of Object.entries(counts)) process.stdout.write(`${kid}\t${n}\n`);
      } finally {
        await pool.end();
      }
      return;
    }
    case 'rotate': {
      const cipher = PiiCipher.fromConfig(config);
      const report = await rotatePersonalData(databaseUrlOf(config), cipher);
      const total = Object.values(report.rotated).reduce((a, b) => a + b, 0);
      for (const [column, n] of Object.entries(report.rotated)) process.stdout.write(`${column}\t${n}\n`);
      process.stdout.write(`re-encrypted ${total} value(s) with key "${cipher.activeKeyId}"\n`);
      const left = Object.entries(report.remainingByKey);
      if (left.length > 0) {
        process.stdout.write(
          `still under other keys (not in PII_KEY, or written during the run: run again): ${left.map(([k, n]) => `${k} ${n}`).join(', ')}\n`,
        );
      }
      return;
    }
    default:
      fail(`unknown command ${JSON.stringify(command)}; ${USAGE}`);
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message.split('\n')[0] : String(err)));
