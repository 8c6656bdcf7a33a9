// Mutation testing (`npm run test:mutation`, not part of `npm test`): StrykerJS changes the code of the modules below
// one small way at a time (a `<` for a `<=`, a string emptied, a branch removed) and runs the tests that cover each
// change; a change no test notices ("survived") is a behaviour no test pins down. Incremental: a re-run after a small
// change re-tests only the mutants it touches (reports/mutation/incremental.json). The HTML report goes to
// reports/mutation/ (git-ignored). Scores and the survivors judged equivalent: CONTRIBUTING.md.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // With type checks left in, the generated-types test fails inside Stryker's sandbox (a copy without a build).
  disableTypeChecks: false,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['html', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 20_000,
  mutate: [
    'src/kit/redactor.ts',
    'src/kit/retry-timing.ts',
    'src/kit/errors.ts',
    'src/kit/response.ts',
    'src/kit/transport.ts',
    'src/kit/parse-input.ts',
    'src/kit/json.ts',
    'src/update-api-keys.ts',
    'src/cli/apply-command.ts',
    'src/cli/journal.ts',
    'providers/partoo/partoo-provider.ts',
    'providers/partoo/partoo-conversions.ts',
    'providers/partoo/partoo-schemas.ts',
  ],
}
