/**
 * Which copies of zod and openapi-fetch keyshift runs on. In Node (the `node` export condition) the parts it uses
 * are bundled into its own build: loading zod's ninety-odd files was most of its cold start (npm run bench), so
 * neither import nor first call loads anything from node_modules/zod. The dependency-sharing build (bundlers,
 * browsers) uses the app's copies. Checked in fresh Node processes through the CommonJS builds, whose module cache
 * lists every file loaded.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import { providerIds } from '../providers/providers'

const root = fileURLToPath(new URL('..', import.meta.url))

beforeAll(() => {
  if (!existsSync(`${root}dist/index.cjs`))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)')
})

// Prints which dependencies are in the module cache after import, and again after one call (stub fetch).
const script = (entry: string) => `
const keyshift = require('${entry}')
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

function run(entry: string): Promise<{ afterImport: string[]; afterCall: string[]; name: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script(entry)], { cwd: root }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`))
      else resolve(JSON.parse(stdout))
    })
  })
}

it("the dependency-sharing build runs on the app's zod and openapi-fetch", async () => {
  const { afterImport, afterCall, name } = await run('./dist/index.cjs')
  expect(afterImport).toEqual(['zod', 'openapi-fetch'])
  expect(afterCall).toEqual(['zod', 'openapi-fetch'])
  expect(name).toBe('renamed')
})

it('the Node build (what `require("keyshift")` resolves to) loads neither from node_modules, even after a call', async () => {
  const { afterImport, afterCall, name } = await run('keyshift')
  expect(afterImport).toEqual([])
  expect(afterCall).toEqual([])
  expect(name).toBe('renamed')
})

it.each(providerIds)(
  'in Node, keyshift/%s re-exports the root build: one copy of keyshift, whichever entries an app imports',
  async (id) => {
    const script = `
    const root = require('keyshift')
    const entry = require('keyshift/${id}')
    const loaded = Object.keys(require.cache).filter((file) => file.includes('/dist/'))
    const shared = Object.keys(entry).every((name) => root[name] === entry[name])
    process.stdout.write(JSON.stringify({ same: shared && Object.keys(entry).length > 0, loaded }))
  `
    const output = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', script], { cwd: root }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    )
    const { same, loaded } = JSON.parse(output) as { same: boolean; loaded: string[] }
    expect(same).toBe(true)
    expect(loaded.map((file) => file.slice(file.indexOf('/dist/'))).sort()).toEqual([
      '/dist/node/index.cjs',
      `/dist/node/providers/${id}.cjs`,
    ])
  },
)
