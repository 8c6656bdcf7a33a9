// Bundle sizes for `npm run bench`, beside their anchors (openapi-fetch and zod/mini alone): esbuild (minified,
// browser, ESM) from the built dist/, gzip -9.

import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

// `target` is what issue #14 set (12.5/15 kB); the enforced budgets are size-limit's (.size-limit.js, `npm run
// check:size`). The targets are out of reach with zod/mini and openapi-fetch's client (8.0 kB of the 12.5 before any
// keyshift code; issue #14's note has the measured options).
// Every provider entry (`providers/<id>/index.ts`), as tsup.config.ts finds them.
const providerIds = readdirSync(new URL('../providers', import.meta.url), { withFileTypes: true })
  .filter(
    (entry) =>
      entry.isDirectory() && existsSync(new URL(`../providers/${entry.name}/index.ts`, import.meta.url)),
  )
  .map((entry) => entry.name)
const allProviders = `export { updateApiKey } from 'keyshift'; ${providerIds.map((id) => `export * from 'keyshift/${id}';`).join(' ')}`

const zodKindsUsed =
  "import * as z from 'zod/mini'; export const s = z.strictObject({ a: z.optional(z.nullable(z.string().check(z.refine((v) => v.length > 0, 'x')))), b: z.array(z.boolean()), c: z.custom((v) => true, 'm'), d: z.number(), e: z.looseObject({ f: z.string() }) })"

export const scenarios = {
  'keyshift/partoo (updateApiKey + createPartoo)': {
    target: 12.5 * 1024,
    code: "import { updateApiKey } from 'keyshift'; import { createPartoo } from 'keyshift/partoo'; export { updateApiKey, createPartoo }",
  },
  'all providers': {
    target: 15 * 1024,
    code: allProviders,
  },
  "keyshift's own code for partoo (openapi-fetch, zod external)": {
    target: undefined,
    external: ['openapi-fetch', 'zod'],
    code: "import { updateApiKey } from 'keyshift'; import { createPartoo } from 'keyshift/partoo'; export { updateApiKey, createPartoo }",
  },
  "keyshift's own code, all providers (openapi-fetch, zod external)": {
    target: undefined,
    external: ['openapi-fetch', 'zod'],
    code: allProviders,
  },
  'floor: openapi-fetch + zod/mini (reference)': {
    target: undefined,
    code: "import createClient from 'openapi-fetch'; import * as z from 'zod/mini'; export const s = z.object({ a: z.string() }); export { createClient }",
  },
  'floor: openapi-fetch + the zod/mini kinds keyshift uses': {
    target: undefined,
    code: `import createClient from 'openapi-fetch'; ${zodKindsUsed}; export { createClient }`,
  },
  // The parts, alone: what each design-card dependency costs, and what is left if only openapi-fetch's
  // serializers are used instead of its client. They size the options issue #7's note puts to the team.
  'part: zod/mini, the kinds keyshift uses': {
    target: undefined,
    code: zodKindsUsed,
  },
  'part: openapi-fetch client (createClient)': {
    target: undefined,
    code: "export { default as createClient } from 'openapi-fetch'",
  },
  'part: openapi-fetch serializers only, no client': {
    target: undefined,
    code: "export { createFinalURL, createQuerySerializer, defaultBodySerializer, mergeHeaders } from 'openapi-fetch'",
  },
}

export async function bundleSize(code, external = []) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    external,
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    alias: { keyshift: `${root}dist/index.js` },
    plugins: [
      {
        // keyshift/<id> → dist/providers/<id>.js, keyshift/msw → dist/msw.js, as the package's exports map resolves them
        name: 'keyshift-subpaths',
        setup(builder) {
          builder.onResolve({ filter: /^keyshift\/[a-z0-9-]+$/ }, (args) => {
            const name = args.path.slice(9)
            const provider = `${root}dist/providers/${name}.js`
            return { path: existsSync(provider) ? provider : `${root}dist/${name}.js` }
          })
        },
      },
    ],
    logLevel: 'silent',
  })
  const text = result.outputFiles[0].text
  return { minified: Buffer.byteLength(text), gzipped: gzipSync(text, { level: 9 }).length, text }
}

export async function measureAll() {
  const rows = []
  for (const [name, { target, external, code }] of Object.entries(scenarios)) {
    rows.push({ name, target, ...(await bundleSize(code, external)) })
  }
  return rows
}
