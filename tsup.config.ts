import { existsSync, readdirSync } from 'node:fs'
import { defineConfig } from 'tsup'

// One entry per public import path; each provider entry bundles only its own folder plus the kit. Provider
// entries come from the folders themselves (every `providers/<id>/index.ts`); test/registry.test.ts checks
// them against the registry and package.json's `exports`.
const providerEntries = Object.fromEntries(
  readdirSync('providers', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`providers/${entry.name}/index.ts`))
    .map((entry) => [entry.name, `providers/${entry.name}/index.ts`]),
)

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      ...providerEntries,
      msw: 'src/msw.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    external: ['msw', 'openapi-fetch', 'zod'],
  },
  {
    // The CLI bundles its own argument parser, progress bar and YAML parser: they are not runtime dependencies.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    clean: false,
    target: 'node20',
    platform: 'node',
    external: ['msw', 'openapi-fetch', 'zod'],
    noExternal: ['commander', 'cli-progress', 'yaml'],
    banner: {
      // cli-progress is CommonJS and requires Node built-ins; an ES module needs a `require` for that.
      js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'\nconst require = __createRequire(import.meta.url)",
    },
  },
])
