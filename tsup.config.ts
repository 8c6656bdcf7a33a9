import { existsSync, readdirSync } from 'node:fs'
import { defineConfig, type Options } from 'tsup'

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number]

// One entry per public import path; each provider entry bundles only its own folder plus the kit. Provider
// entries come from the folders themselves (every `providers/<id>/index.ts` → `dist/providers/<id>.js`, which
// package.json's `"./*"` export maps to `keyshift/<id>`): adding a provider needs no build or package.json edit.
const providerEntries = Object.fromEntries(
  readdirSync('providers', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`providers/${entry.name}/index.ts`))
    .map((entry) => [`providers/${entry.name}`, `providers/${entry.name}/index.ts`]),
)

const entry = { index: 'src/index.ts', ...providerEntries, msw: 'src/msw.ts' }

// In Node, `keyshift` is one file holding all of keyshift, and each `keyshift/<provider>` entry re-exports its
// names from it: every relative import of a provider's index.ts becomes `../index.js` (the root entry re-exports
// every provider's index, so it has each name; check:package imports every entry, which fails if one is missing).
// Loading one file instead of six chunks took 10-20 ms off import + first call (npm run bench), whichever entries
// an app imports, and both entries share one copy of the code.
const providerEntriesFromRoot: EsbuildPlugin = {
  name: 'provider-entries-from-root',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      return /providers\/[a-z0-9-]+\/index\.ts$/.test(args.importer)
        ? { path: build.initialOptions.format === 'cjs' ? '../index.cjs' : '../index.js', external: true }
        : undefined
    })
  },
}

const nodeBuild = {
  outDir: 'dist/node',
  format: ['esm', 'cjs'],
  dts: false,
  clean: false,
  target: 'node20',
  platform: 'node',
} satisfies Options

export default defineConfig([
  {
    // Bundlers, browsers, edge runtimes and Deno: zod and openapi-fetch stay dependencies, so an app that uses them
    // too ships one copy.
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    // Not `clean`: the configs build in parallel, and cleaning here could delete dist/node/. `npm run build`
    // empties dist/ first.
    clean: false,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    external: ['msw', 'openapi-fetch', 'zod'],
  },
  {
    // Node (the `node` export condition): the zod/mini parts keyshift uses are bundled in, so that keyshift loads
    // one file instead of zod's ninety-odd modules, most of them locales (npm run bench measures it).
    ...nodeBuild,
    entry: { index: entry.index, msw: entry.msw },
    splitting: false,
    treeshake: true,
    external: ['msw'],
    noExternal: ['zod', 'openapi-fetch'],
  },
  {
    // Node's provider entries: re-exports from dist/node/index (see providerEntriesFromRoot).
    ...nodeBuild,
    entry: providerEntries,
    esbuildPlugins: [providerEntriesFromRoot],
  },
  {
    // The CLI bundles its own argument parser, progress bar and YAML parser: they are not runtime dependencies.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    clean: false,
    target: 'node20',
    platform: 'node',
    external: ['msw', 'openapi-fetch'],
    noExternal: ['commander', 'cli-progress', 'yaml', 'zod'],
    banner: {
      // cli-progress is CommonJS and requires Node built-ins; an ES module needs a `require` for that.
      js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'\nconst require = __createRequire(import.meta.url)",
    },
  },
])
