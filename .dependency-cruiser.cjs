/**
 * The house's layering, checked by `npm test` (npm run layers): the rules say which folder may
 * lean on which. Tests are left out: they reach into any layer to check it.
 */
const SRC = '^src/';
module.exports = {
  forbidden: [
    {
      name: 'no-run-time-cycles',
      comment: 'No import loop at run time, within a folder or across folders of src/.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-is-pure',
      comment: 'core/ is plain functions over data: it imports only itself and the configuration types.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: SRC, pathNot: ['^src/core/', '^src/config/types\\.ts$'] },
    },
    {
      name: 'core-does-no-io',
      comment: 'core/ takes the clock and all data as input; no file, network or database modules.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|dns|child_process|worker_threads|fs/promises|node:fs|node:net|node:http|node:https|node:dns|node:child_process|node:worker_threads|node:fs/promises)$' },
    },
    {
      name: 'config-is-the-floor',
      comment: 'config/ reads the YAML into types everyone uses; it leans on no other folder.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: SRC, pathNot: '^src/config/' },
    },
    {
      name: 'only-store-opens-the-database',
      comment: 'The database drivers are reached only through store/, the seam the PostgreSQL engine plugs into.',
      severity: 'error',
      from: { pathNot: '^src/store/' },
      to: { path: 'node_modules/(better-sqlite3|pg)/' },
    },
    {
      name: 'callers-see-the-contract',
      comment: 'Outside store/, code asks the Store contract, never an engine: the engine is chosen in store/open.ts.',
      severity: 'error',
      from: { path: SRC, pathNot: '^src/store/' },
      to: { path: '^src/store/sqlite/' },
    },
    {
      name: 'adapters-stay-below-the-pipeline',
      comment: 'Adapters (mail, calendar, agent, store, metrics, report) never reach up into the pipeline, the service or the entry points.',
      severity: 'error',
      from: { path: '^src/(mail|calendar|agent|store|metrics|report)/' },
      to: { path: '^src/(pipeline|service|http|commands|cli\\.ts)' },
    },
    {
      name: 'pipeline-below-the-service',
      comment: 'The pipeline is assembled by service/ and run by the commands; it does not know them.',
      severity: 'error',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/(service|http|commands|cli\\.ts)' },
    },
    {
      name: 'entry-points-on-top',
      comment: 'Only cli.ts uses the commands, and only commands use the service assembly.',
      severity: 'error',
      from: { path: SRC, pathNot: '^src/(cli\\.ts|commands/|service/)' },
      to: { path: '^src/(commands|service)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|^test/|^bench/|^dist/)' },
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
