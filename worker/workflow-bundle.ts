// How the platform's workflows are bundled for the workflow sandbox: one rule for the platform's
// workers, the test harness and the benchmark, so each measures and tests the bundle that runs.
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';

/**
 * Modules evaluated once per worker thread instead of once per workflow.
 *
 * The SDK evaluates the modules a workflow imports afresh for every workflow it creates, so that no
 * workflow sees another's module state. A household's first report creates a workflow, and so does
 * every replay after a cache eviction: each evaluated the domain rules and the update schemas (about
 * 300 KB of the bundle's 825 KB) again. These modules are pure: no workflow API at module scope, no
 * clock or randomness, and no state one workflow could leave for another (json-schema's cache of
 * compiled patterns holds the same RegExp for every workflow). Sharing them cannot change what a
 * workflow decides. The SDK deep-freezes what they export.
 */
const PRELOADED_WORKFLOW_MODULES: readonly string[] = [
  require.resolve('../domain/case-machine'),
  require.resolve('../domain/case-view'),
  require.resolve('../domain/deadlines'),
  require.resolve('../domain/escalation'),
  require.resolve('../domain/assistance-actions'),
  require.resolve('../domain/public-notice'),
  require.resolve('../domain/working-days'),
  require.resolve('../domain/json-schema'),
  require.resolve('../domain/errors'),
  require.resolve('../workflows/update-schemas.generated'),
];

/** Bundles the platform's workflows (workflows/index.ts) with its module preloads. */
export async function bundlePlatformWorkflows(options: Pick<BundleOptions, 'failureConverterPath' | 'logger'>): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    preloadModules: [...PRELOADED_WORKFLOW_MODULES],
    ...options,
  });
  return code;
}
