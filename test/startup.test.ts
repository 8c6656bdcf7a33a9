/**
 * Importing keyshift loads neither zod nor openapi-fetch: they are most of its startup cost, so each provider
 * loads them on its first call. Checked in a fresh Node process through the CommonJS build, whose module cache
 * lists every file loaded.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

beforeAll(() => {
  if (!existsSync(`${root}dist/index.cjs`))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)')
})

// Prints which dependencies are in the module cache after import, and again after one call (stub fetch).
const script = `
const keyshift = require('./dist/index.cjs')
const loaded = () => ['zod', 'openapi-fetch'].filter((name) =>
  Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/')))
const afterImport = loaded()
const partoo = keyshift.createPartoo({
  apiKey: 'startup-test-key',
  fetch: async () => new Response(JSON.stringify({ id: 7, label: 'renamed' }), {
    status: 200, headers: { 'content-type': 'application/json' },
  }),
})
partoo.updateApiKey({ keyId: 7, name: 'renamed' }).then((key) => {
  process.stdout.write(JSON.stringify({ afterImport, afterCall: loaded(), name: key.name }))
})
`

function run(): Promise<{ afterImport: string[]; afterCall: string[]; name: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { cwd: root }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`))
      else resolve(JSON.parse(stdout))
    })
  })
}

it('loads zod and openapi-fetch on the first call, not at import', async () => {
  const { afterImport, afterCall, name } = await run()
  expect(afterImport).toEqual([])
  expect(afterCall).toEqual(['zod', 'openapi-fetch'])
  expect(name).toBe('renamed')
})
