// The workflow bundle must stay free of zod. The Temporal SDK gives every cached workflow its own
// instances of the bundle's modules, so schemas built at module load are paid once per workflow
// (~1 MiB of worker heap each, bench `memory`). Fields are validated at the boundary instead: the API
// parses actions with domain/action-schemas.ts and policies with domain/policy.ts, neither of which
// the workflows may import at runtime (types are fine; they are erased).
import { readFile } from 'node:fs/promises';
import { requireTestEnv } from '../support/harness';

let code: string;

beforeAll(async () => {
  code = await readFile(requireTestEnv().workflowBundlePath, 'utf8');
});

/** Module ids of the project's own modules in the bundle, e.g. `./domain/case-types.ts`. */
function projectModules(): string[] {
  return [...new Set(code.match(/"\.\/(?:domain|workflows|activities|runtime|api)\/[\w./-]+\.ts"/g) ?? [])].map((m) => m.slice(1, -1));
}

test('contains the workflows and the domain modules they run', () => {
  expect(projectModules()).toEqual(
    expect.arrayContaining(['./workflows/index.ts', './workflows/case-workflow.ts', './domain/case-machine.ts']),
  );
});

test('contains no zod', () => {
  for (const signature of ['ZodError', '$ZodType', 'node_modules/zod/']) {
    expect({ signature, found: code.includes(signature) }).toEqual({ signature, found: false });
  }
});

test('loads neither the action schemas, the policy schema nor the jurisdiction tree', () => {
  expect(projectModules()).not.toContain('./domain/action-schemas.ts');
  expect(projectModules()).not.toContain('./domain/policy.ts');
  // The tree is reference data the API checks (transfer destinations); rebuilt per workflow it cost ~84 KiB each.
  expect(projectModules()).not.toContain('./domain/jurisdictions.ts');
});
