import { defineConfig } from 'tsup'

// One entry per public import path; each provider entry bundles only its own folder plus the shared core.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      partoo: 'providers/partoo/index.ts',
      pulsecrm: 'providers/pulsecrm/index.ts',
      theauthapi: 'providers/theauthapi/index.ts',
      plumaa: 'providers/plumaa/index.ts',
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
    entry: { cli: 'src/cli.ts' },
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
