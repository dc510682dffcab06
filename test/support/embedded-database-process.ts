// A child process holding one embedded PGlite for a test file (own-database.ts): PGlite cannot start
// inside Jest's module sandbox (its wasm loader needs dynamic import). Prints the URL as one JSON line,
// then serves until it is sent SIGTERM.
import { startEmbeddedPostgres } from '../../runtime/database';

async function main(): Promise<void> {
  const handle = await startEmbeddedPostgres(null);
  const stop = () => {
    void handle.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`embedded database: ${err.message}\n`);
  process.exit(1);
});
