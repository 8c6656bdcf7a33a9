// The tests Stryker runs for each mutant (stryker.config.mjs): the in-process tests that reach the modules it
// mutates, with the type tests off (they check types, which a mutant of runtime code does not change). Left out:
// the CLI tests that spawn the built binary (a mutant of the source does not reach dist/; apply and its journal have
// in-process tests in test/cli/), and the tests of the docs, the bundles, the specs and the mocks' conformance,
// which reach no mutated line a test listed here does not; each would add seconds to every mutant that runs every
// test. test/registry.test.ts stays: it checks a provider definition's lists against its schemas and the README.
import { defineConfig } from 'vitest/config'
import base from './vitest.config'

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Replaces the base's list (mergeConfig would add to it).
    include: [
      'test/kit/**/*.test.ts',
      'test/cli/**/*.test.ts',
      'providers/partoo/*.test.ts',
      'test/bad-input.test.ts',
      'test/contract.test.ts',
      'test/errors.test.ts',
      'test/fidelity.test.ts',
      'test/fixture-provider.test.ts',
      'test/hostile.test.ts',
      'test/injection.test.ts',
      'test/leaks.test.ts',
      'test/properties.test.ts',
      'test/registry.test.ts',
      'test/transport.test.ts',
      'test/update-api-keys.test.ts',
    ],
    exclude: [],
    typecheck: { enabled: false },
  },
})
