// Size budgets, checked by size-limit (`npm run check:size`, part of `npm test`): esbuild bundles each entry as an
// app would (minified, with zod and openapi-fetch), gzipped. One check per provider, found from the folders the
// build makes entries of (tsup.config.ts), so a new provider is measured without an edit here. Each has the default
// budget unless its folder's size-limit.json sets its own. A provider's bundle holds only its folder and the kit
// (test/bundle.test.ts proves that no other provider's code enters it), so adding a provider never moves another's
// figure. The all-providers bundle is printed, not capped: it grows by design with each provider. Why the budgets
// are where they are: CHANGELOG.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const providerIds = readdirSync('providers', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`providers/${entry.name}/index.ts`))
  .map((entry) => entry.name)

/** The budget of a provider's bundle: its folder's `size-limit.json` (`{ "limit": "20.5 kB" }`), else this. */
const defaultBudget = '19.5 kB'
const budgetOf = (id) =>
  existsSync(`providers/${id}/size-limit.json`)
    ? JSON.parse(readFileSync(`providers/${id}/size-limit.json`, 'utf8')).limit
    : defaultBudget

/** `{ createPartoo, partooEnvironments }`: what a provider's built entry exports (all of it is measured). */
function exportsOf(id) {
  const names = [...readFileSync(`dist/providers/${id}.js`, 'utf8').matchAll(/export\s*\{([^}]*)\}/g)]
    .flatMap((match) => match[1].split(','))
    .map((name) =>
      name
        .trim()
        .split(/\s+as\s+/)
        .at(-1),
    )
    .filter(Boolean)
  return `{ ${names.join(', ')} }`
}

// The chunks' bare imports are dropped as side-effect free ("sideEffects": false), as in an app: no warning.
const quiet = (config) => ({ ...config, logLevel: 'error' })

export default [
  ...providerIds.map((id) => ({
    name: `keyshift/${id} + updateApiKey`,
    path: [],
    import: { 'dist/index.js': '{ updateApiKey }', [`dist/providers/${id}.js`]: exportsOf(id) },
    modifyEsbuildConfig: quiet,
    gzip: true,
    limit: budgetOf(id),
  })),
  {
    name: `all ${providerIds.length} providers + updateApiKey (not capped)`,
    path: [],
    import: {
      'dist/index.js': '{ updateApiKey }',
      ...Object.fromEntries(providerIds.map((id) => [`dist/providers/${id}.js`, exportsOf(id)])),
    },
    modifyEsbuildConfig: quiet,
    gzip: true,
  },
  {
    name: 'keyshift/msw (createMockProviders, msw external)',
    path: [],
    import: { 'dist/msw.js': '{ createMockProviders }' },
    ignore: ['msw'],
    modifyEsbuildConfig: quiet,
    gzip: true,
  },
]
