// Jest global setup of the cluster tests: DATABASE_URL must name a PostgreSQL server, and the Temporal
// server must be built (the build script does nothing when the pinned version is in .tools/ already;
// a first build takes several minutes).
import { spawnSync } from 'node:child_process';
import { BUILD_SCRIPT, temporalServerBuilt, temporalServerTools } from './temporal-cluster';

export default function globalSetup(): void {
  if (!process.env.DATABASE_URL) {
    throw new Error(
      'npm run test:cluster needs DATABASE_URL, an administrator URL of PostgreSQL (e.g. postgresql://postgres:postgres@127.0.0.1:5432/postgres)',
    );
  }
  if (temporalServerBuilt()) return;
  const built = spawnSync('bash', [BUILD_SCRIPT], { stdio: 'inherit' });
  if (built.status !== 0 || !temporalServerBuilt()) {
    throw new Error(
      `scripts/build-temporal-server.sh failed (exit ${built.status}); Temporal server ${temporalServerTools().version} is not in .tools/`,
    );
  }
}
