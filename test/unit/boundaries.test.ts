// The import boundaries of .dependency-cruiser.cjs really fail on a wrong import: a scratch tree with
// the project's folder names gets one deliberately wrong import per rule and is cruised with the
// project's own configuration, exactly as `npm run lint` does it.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

let dir: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

async function violations(): Promise<string> {
  try {
    await run(
      DEPCRUISE,
      ['--config', CONFIG, '--output-type', 'err', 'domain', 'workflows', 'activities', 'api', 'runtime', 'platform', 'scripts'],
      {
        cwd: dir,
      },
    );
    return '';
  } catch (err) {
    // depcruise exits non-zero when it finds violations and prints them.
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`;
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pa-boundaries-'));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true } }));
  write('api/app.ts', 'export const app = 1;\n');
  write('activities/projection.ts', 'export const project = () => 1;\nexport type Activities = { project: () => number };\n');
  write('domain/rules.ts', 'export const rule = 1;\n');
  write('runtime/database.ts', "import { rule } from '../domain/rules';\nexport const db = rule;\n");
  write(
    'workflows/case.ts',
    "import type { Activities } from '../activities/projection';\nimport { rule } from '../domain/rules';\nexport type A = Activities;\nexport const r = rule;\n",
  );
  write('platform/platform.ts', "import { app } from '../api/app';\nexport const platform = app;\n");
  write('scripts/start.ts', "import { platform } from '../platform/platform';\nexport const started = platform;\n");
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the lint’s import boundaries', () => {
  it('accept a tree that follows them', async () => {
    expect(await violations()).toBe('');
  });

  it('fail when domain code imports the API', async () => {
    write('domain/bad.ts', "import { app } from '../api/app';\nexport const bad = app;\n");
    expect(await violations()).toContain('domain-is-pure');
  });

  it('fail when a workflow imports an activity as a value', async () => {
    write('workflows/bad.ts', "import { project } from '../activities/projection';\nexport const bad = project;\n");
    expect(await violations()).toContain('workflows-import-activities-as-types');
  });

  it('fail when infrastructure imports the API, or anything but scripts imports the composition root', async () => {
    write('runtime/bad.ts', "import { app } from '../api/app';\nexport const bad = app;\n");
    write('api/bad.ts', "import { platform } from '../platform/platform';\nexport const bad = platform;\n");
    const out = await violations();
    expect(out).toContain('infrastructure-never-imports-the-layers-above');
    expect(out).toContain('only-scripts-import-the-composition-root');
  });

  it('fail on a circular import', async () => {
    write('domain/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
    write('domain/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
    expect(await violations()).toContain('no-circular');
  });
});
