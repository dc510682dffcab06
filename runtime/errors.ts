// Startup problems a user can fix (bad env var, port in use, missing server). Entry points print
// `message` as one line on stderr and exit non-zero instead of dumping a stack.
import { PolicyError } from '../domain/policy';

export class StartupError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(hint ? `${message} — ${hint}` : message);
    this.name = 'StartupError';
  }
}

/** Runs an entry point; a StartupError becomes one line on stderr and exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof StartupError) {
      process.stderr.write(`error: ${err.message}\n`);
    } else if (err instanceof PolicyError) {
      // The policy's field errors are what the user must fix: all of them, one per line.
      process.stderr.write(`error: ${err.message}\n`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`error: ${message.split('\n')[0]} (set DEBUG=1 for details)\n`);
      if (process.env.DEBUG) console.error(err);
    }
    process.exit(1);
  });
}
