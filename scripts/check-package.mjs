// check:package — the package as npm would publish it (scripts/packed.mjs), lints the tarball (publint, arethetypeswrong),
// then installs it into a scratch project and both `require`s and `import`s every entry, and runs the CLI.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { packedTarball } from './packed.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const scratch = mkdtempSync(join(tmpdir(), 'keyshift-package-'))
const run = (command, args, cwd = scratch) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
let failed = false

try {
  const tarball = packedTarball()
  const files = run('tar', ['-tzf', tarball]).trim().split('\n')
  console.log(
    `packed ${tarball.split('/').at(-1)}: ${files.length} files, ${(statSync(tarball).size / 1024).toFixed(1)} kB`,
  )
  // `npm pack` and `npm publish` build first (prepack): a clean clone never ships a package without dist/.
  if (manifest.scripts.prepack !== 'npm run build' || !files.includes('package/dist/cli.js')) {
    console.error('the package must build itself before it is packed (scripts.prepack: npm run build)')
    failed = true
  }

  // Every public import path: the named exports, and one `keyshift/<id>` per provider the build made (the `./*`
  // pattern maps them to dist/providers/).
  const providers = files
    .map((file) => /^package\/dist\/providers\/([a-z0-9-]+)\.js$/.exec(file)?.[1])
    .filter((id) => id !== undefined)
  const entries = [
    ...Object.keys(manifest.exports)
      .filter((entry) => entry !== './package.json' && !entry.includes('*'))
      .map((entry) => (entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`)),
    ...providers.map((id) => `${manifest.name}/${id}`),
  ]
  if (providers.length === 0) {
    console.error('the package has no provider entry (dist/providers/*.js)')
    failed = true
  }

  const lint = await publint({ pack: { tarball: readFileSync(tarball).buffer }, strict: true })
  for (const message of lint.messages)
    console.error(`publint ${message.type}: ${formatMessage(message, lint.pkg)}`)
  if (lint.messages.some((message) => message.type !== 'suggestion')) failed = true
  else console.log(`publint: ${lint.messages.length === 0 ? 'no issues' : 'suggestions only'}`)

  try {
    // node16 and bundler resolution (ESM and CJS); node10 cannot see subpath exports at all.
    // `./*` is the provider pattern: attw checks each provider the build made instead.
    run(join(root, 'node_modules/.bin/attw'), [
      tarball,
      '--profile',
      'node16',
      '--format',
      'table-flipped',
      '--entrypoints',
      ...entries.map((entry) =>
        entry === manifest.name ? '.' : `./${entry.slice(manifest.name.length + 1)}`,
      ),
    ])
    console.log('arethetypeswrong: no problems')
  } catch (error) {
    console.error(error.stdout || error.message)
    failed = true
  }

  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'commonjs' }),
  )
  const msw = manifest.devDependencies.msw
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `msw@${msw}`])
  const required = run('node', [
    '-e',
    `for (const e of ${JSON.stringify(entries)}) console.log(e, Object.keys(require(e)).length)`,
  ])
  const imported = run('node', [
    '--input-type=module',
    '-e',
    `for (const e of ${JSON.stringify(entries)}) console.log(e, Object.keys(await import(e)).length)`,
  ])
  if (required !== imported) {
    console.error(`require and import disagree:\n${required}\n${imported}`)
    failed = true
  }
  for (const line of required.trim().split('\n')) {
    if (line.endsWith(' 0')) {
      console.error(`${line.split(' ')[0]} exports nothing`)
      failed = true
    }
  }
  console.log(`require + import: ${entries.join(', ')}`)

  // One real call through the CommonJS build, against the mocks.
  const script = `
    const { setupServer } = require('msw/node')
    const { createMockProviders } = require('keyshift/msw')
    const { updateApiKey } = require('keyshift')
    const { createPartoo } = require('keyshift/partoo')
    const mock = createMockProviders()
    mock.seed('partoo', [{ id: 7 }])
    const server = setupServer(...mock.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    updateApiKey({ provider: createPartoo({ apiKey: 'test-key' }), keyId: 7, name: 'from cjs' })
      .then((key) => console.log(key.name))
      .finally(() => server.close())
  `
  const fromCommonJs = run('node', ['-e', script]).trim()
  if (fromCommonJs !== 'from cjs') {
    console.error(`a CommonJS call answered ${JSON.stringify(fromCommonJs)}`)
    failed = true
  } else console.log('CommonJS: updateApiKey works end to end')
  const help = run(join(scratch, 'node_modules/.bin/keyshift'), ['--help'])
  if (!help.includes('Usage: keyshift')) {
    console.error('the installed keyshift binary does not print its help')
    failed = true
  } else console.log('bin: keyshift --help works')
  // The packaged CLI end to end, against the embedded mocks (msw is an optional peer, installed above).
  const updated = JSON.parse(
    run(join(scratch, 'node_modules/.bin/keyshift'), [
      'update',
      'plumaa',
      '64b7f0c2a1d3e4f5a6b7c8d9',
      '--disable',
      '--mock',
      '--json',
    ]),
  )
  if (updated.ok !== true || updated.key?.enabled !== false) {
    console.error(`keyshift update --mock from the tarball answered ${JSON.stringify(updated)}`)
    failed = true
  } else console.log('bin: keyshift update --mock works from the tarball')

  // Export conditions: Node resolves the build with zod and openapi-fetch bundled in (dist/node/), CommonJS and
  // ESM alike; a bundler targeting browsers resolves the one that shares them with the app (dist/).
  const resolvedCjs = run('node', ['-p', "require.resolve('keyshift')"]).trim()
  const resolvedEsm = run('node', [
    '--input-type=module',
    '-e',
    "console.log(import.meta.resolve('keyshift'))",
  ]).trim()
  const browserBundle = await build({
    stdin: { contents: "export * from 'keyshift'", resolveDir: scratch, loader: 'js' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    external: ['zod', 'openapi-fetch'],
  })
  const browserInputs = Object.keys(browserBundle.metafile.inputs).filter((input) =>
    input.includes('keyshift/dist'),
  )
  if (!resolvedCjs.endsWith('/dist/node/index.cjs') || !resolvedEsm.endsWith('/dist/node/index.js')) {
    console.error(`node resolves keyshift to ${resolvedCjs} and ${resolvedEsm}, not dist/node/`)
    failed = true
  } else if (browserInputs.length === 0 || browserInputs.some((input) => input.includes('/dist/node/'))) {
    console.error(`a browser bundle resolves keyshift to ${browserInputs.join(', ')}`)
    failed = true
  } else
    console.log('conditions: node → dist/node (dependencies bundled), browser → dist (dependencies shared)')

  // What ships cites vendor docs, never a file users do not have.
  const shipped = run('tar', ['-xzOf', tarball, '--wildcards', 'package/dist/*.d.ts', 'package/dist/*.d.cts'])
  const unshipped = ['openapi.yaml', 'overlay.yaml', 'shared/', 'research/', '../../']
  const pointers = unshipped.filter((path) => shipped.includes(path))
  if (pointers.length > 0) {
    console.error(
      `the shipped type declarations mention files the package does not ship: ${pointers.join(', ')}`,
    )
    failed = true
  } else console.log('types: no reference to a file the package does not ship')
  // The README's TypeScript blocks, compiled and run in scratch projects: scripts/check-readme.mjs.
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
if (failed) process.exit(1)
