// Mutation testing of the pure rules in src/modules/*/domain/ against their unit specs:
// `npm run test:mutation`. Too slow for `npm test` and CI; run it when changing a rule.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js' },
  timeoutMS: 30000,
  // Sesame is ESM: jest needs the VM modules flag in the worker processes too.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  mutate: ['src/modules/*/domain/**/*.ts', '!src/modules/*/domain/**/*.spec.ts'],
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level constant: preset tables, limits, patterns) reruns every spec;
  // they are 11 % of the mutants and 87 % of the time. Their constants have table specs of their
  // own; include them with `npx stryker run --ignoreStatic false` (docs/mutation-testing.md).
  ignoreStatic: true,
  // Reruns only the mutants whose code or specs changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
};
