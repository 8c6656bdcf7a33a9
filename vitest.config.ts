import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'providers/**/*.test.ts'],
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
