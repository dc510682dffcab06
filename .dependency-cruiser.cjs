// The architecture's arrows, checked by `npm run lint` (dependency-cruiser). Each rule names the
// boundary it keeps; see README "Architecture" for the folders.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports hide the direction of a dependency and break module initialisation order.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ holds the pure rules: it imports nothing of the project outside domain/ (zod is its one library).',
      from: { path: '^domain/' },
      to: { pathNot: ['^domain/', '^node_modules/zod/', '^node_modules/@types/'] },
    },
    {
      name: 'workflows-import-domain-and-activity-types-only',
      severity: 'error',
      comment:
        'Workflow code runs in Temporal’s sandbox: domain rules, its own definitions, the Temporal workflow SDK, and activities as types only.',
      from: { path: '^workflows/' },
      to: {
        pathNot: ['^workflows/', '^domain/', '^activities/', '^node_modules/@temporalio/(workflow|common)/', '^node_modules/@types/'],
      },
    },
    {
      name: 'workflows-import-activities-as-types',
      severity: 'error',
      comment: 'A value import of an activity would bundle Prisma and Node into every workflow.',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'activities-never-import-api-or-worker',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^(api|worker|platform|scripts)/' },
    },
    {
      name: 'infrastructure-never-imports-the-layers-above',
      severity: 'error',
      comment: 'runtime/ (database, Temporal launcher, codec, config, tokens) takes what it needs as arguments.',
      from: { path: '^runtime/' },
      to: { path: '^(api|worker|activities|clients|platform|scripts)/' },
    },
    {
      name: 'clients-never-import-api-worker-or-activities',
      severity: 'error',
      from: { path: '^clients/' },
      to: { path: '^(api|worker|activities|platform|scripts)/' },
    },
    {
      name: 'api-never-imports-worker-or-activities',
      severity: 'error',
      comment: 'The API talks to workflows through clients/ and to the database through its repositories.',
      from: { path: '^api/' },
      to: { path: '^(worker|activities|platform|scripts)/' },
    },
    {
      name: 'only-scripts-import-the-composition-root',
      severity: 'error',
      from: { pathNot: ['^scripts/', '^platform/'] },
      to: { path: '^platform/' },
    },
    {
      name: 'nothing-imports-scripts',
      severity: 'error',
      from: { pathNot: ['^scripts/', '^test/'] },
      to: { path: '^scripts/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|generated|\\.tools|\\.data|dist|web/dist|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
