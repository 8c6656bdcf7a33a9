import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const quickExcludes = [
  'test/cli*.test.ts',
  'test/browser.test.ts',
  'test/edge.test.ts',
  'test/bundle.test.ts',
  'test/built-errors.test.ts',
  'test/startup.test.ts',
  'test/editor.test.ts',
  'test/specs.test.ts',
  'test/prism.test.ts',
]

export default defineConfig({
  resolve: {
    // The README's examples import the package by name; in this repository that name is the source.
    alias: [
      { find: /^keyshift\/msw$/, replacement: fileURLToPath(new URL('./src/msw.ts', import.meta.url)) },
      { find: /^keyshift$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'providers/**/*.test.ts', 'examples/**/*.test.ts'],
    // `npm run test:quick` (KEYSHIFT_QUICK=1): the editing loop leaves out what needs a build, a browser or other
    // processes (the CLI, packaging, runtimes); `npm test` runs everything.
    exclude: process.env.KEYSHIFT_QUICK ? quickExcludes : [],
    setupFiles: ['test/setup.ts'],
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts', 'providers/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    // No test may wait forever: every suite stops by itself.
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
})
