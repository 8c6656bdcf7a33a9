// check:readme — the README as a new user meets it. Installs the packed tarball (scripts/packed.mjs) into three scratch
// projects (a strict NodeNext ESM app, a CommonJS script, a Vite browser build), compiles every TypeScript block of
// the README in each, and runs them against `keyshift/msw`: the usage block as a program, the test block with vitest.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build as viteBuild } from 'vite'
import { packedTarball } from './packed.mjs'
import { cachedPackage } from './tool-cache.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
// The projects sit below this repository's node_modules, so that what the blocks import besides keyshift (msw,
// vitest, @types/node) resolves to the dev dependencies; keyshift itself (with zod and openapi-fetch, as an app
// installs them) is the tarball, installed once in the parent folder the three projects share.
const scratch = join(root, 'node_modules/.cache/keyshift-readme')
const bin = (name) => join(root, 'node_modules/.bin', name)
const run = (command, args, cwd, env = {}) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
const failures = []
// The README claims TypeScript 5.5 to 7.0; both ends are compiled against (5.4 fails inside msw's types).
const typeScript = (version) => ({
  version,
  tsc: join(cachedPackage('typescript', version), 'node_modules/typescript/bin/tsc'),
})
const oldestTypeScript = typeScript('5.5.4')
const newestTypeScript = typeScript('7.0.2')
const check = (label, action) => {
  try {
    const detail = action()
    console.log(`${label}${detail ? `: ${detail}` : ''}`)
  } catch (error) {
    failures.push(label)
    console.error(
      `${label} FAILED:\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout ? '' : error.message}`,
    )
  }
}

const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1],
)
// A block that imports vitest is a test file; every other block is a program a user runs.
const tests = blocks.filter((block) => /from 'vitest'/.test(block))
const programs = blocks.filter((block) => !tests.includes(block))
if (tests.length === 0 || programs.length === 0)
  throw new Error('the README has no test block or no program block')

// The keys the README's blocks update, seeded into the mocks before a program runs; the mock's log of calls and
// its store afterwards show that the program really sent its update.
const mockSetup = (moduleSyntax) => `
${moduleSyntax === 'esm' ? "import { setupServer } from 'msw/node'\nimport { createMockProviders } from 'keyshift/msw'" : "const { setupServer } = require('msw/node')\nconst { createMockProviders } = require('keyshift/msw')"}
const mock = createMockProviders()
mock.seed('partoo', [{ id: 3245, label: 'before' }])
const server = setupServer(...mock.handlers)
server.listen({ onUnhandledRequest: 'error' })
process.on('exit', () => console.log(JSON.stringify({ calls: mock.calls.length, partoo: mock.keys('partoo') })))
`
const credentials = {
  PARTOO_API_KEY: 'readme-key',
  PULSECRM_TOKEN: 'readme-token',
  THEAUTHAPI_ACCESS_KEY: 'readme-key',
  PLUMAA_API_KEY: 'readme-key',
}
// A program passed when it exits 0 and the mock received its update (the usage block renames key 3245).
const ranAgainstMocks = (output) => {
  const report = JSON.parse(output.trim().split('\n').at(-1))
  const renamed = report.partoo.find((key) => key.id === 3245)
  if (report.calls < 1 || !renamed || renamed.label === 'before')
    throw new Error(`the program sent no update to the mocks: ${output}`)
  return `${report.calls} request(s) answered by keyshift/msw`
}
const compilerOptions = {
  target: 'ES2022',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  outDir: 'out',
}
// Node projects (ESM or CommonJS, by their package.json) compile with NodeNext, the strictest common resolution.
const nodeNextTsconfig = {
  compilerOptions: { ...compilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'] },
  include: ['*.ts'],
}
const writeProject = (name, files) => {
  const dir = join(scratch, name)
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(files))
    writeFileSync(join(dir, file), typeof text === 'string' ? text : JSON.stringify(text, null, 2))
  return dir
}

rmSync(scratch, { recursive: true, force: true })
mkdirSync(scratch, { recursive: true })
try {
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'readme-projects', private: true }))
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-save', packedTarball()],
    scratch,
  )

  // 1. A strict NodeNext ESM app: blocks as they are (top-level await included).
  const esm = writeProject('esm', {
    'package.json': { name: 'esm-app', private: true, type: 'module' },
    'tsconfig.json': nodeNextTsconfig,
    'mock-providers.mjs': mockSetup('esm'),
    // Its own vitest config, so that vitest does not climb up to this repository's.
    'vitest.config.mjs': "export default { test: { include: ['*.test.ts'] } }\n",
    ...Object.fromEntries(programs.map((block, index) => [`program-${index}.ts`, `${block}\nexport {}\n`])),
    ...Object.fromEntries(tests.map((block, index) => [`readme-${index}.test.ts`, block])),
  })
  check(`ESM (NodeNext, strict): ${blocks.length} README blocks compile`, () =>
    run(bin('tsc'), ['-p', esm], esm),
  )
  // The README's TypeScript range, at both ends: the oldest it claims (a dev dependency alias) and the newest.
  for (const [label, tsc] of [
    [`oldest claimed, ${oldestTypeScript.version}`, oldestTypeScript.tsc],
    [`newest, ${newestTypeScript.version}`, newestTypeScript.tsc],
  ]) {
    check(`ESM with TypeScript ${label} (skipLibCheck: false): README blocks compile`, () =>
      run('node', [tsc, '-p', esm, '--noEmit'], esm),
    )
  }
  programs.forEach((_, index) => {
    check(`ESM: README program ${index} runs`, () =>
      ranAgainstMocks(
        run('node', ['--import', './mock-providers.mjs', `out/program-${index}.js`], esm, credentials),
      ),
    )
  })
  check('ESM: README test block passes under vitest', () => {
    const output = run(bin('vitest'), ['run', '--root', esm], esm, { NO_COLOR: '1', FORCE_COLOR: '0' })
    const passed = output.match(/Tests\s+(\d+) passed/)
    if (!passed) throw new Error(output)
    return `${passed[1]} tests passed`
  })

  // 2. A CommonJS script: the same blocks against the .d.cts types and the require() build. CommonJS has no
  // top-level await, so a program's statements go into an async main(), as a script would write them.
  const asScript = (block) => {
    const lines = block.trimEnd().split('\n')
    const imports = lines.filter((line) => line.startsWith('import '))
    const body = lines.filter((line) => !line.startsWith('import '))
    return `${imports.join('\n')}\n\nasync function main() {\n${body.join('\n')}\n}\nmain().catch((error) => {\n  console.error(error)\n  process.exitCode = 1\n})\n`
  }
  const cjs = writeProject('cjs', {
    'package.json': { name: 'cjs-script', private: true, type: 'commonjs' },
    'tsconfig.json': nodeNextTsconfig,
    'mock-providers.cjs': mockSetup('cjs'),
    ...Object.fromEntries(programs.map((block, index) => [`program-${index}.ts`, asScript(block)])),
    ...Object.fromEntries(tests.map((block, index) => [`readme-${index}.test.ts`, block])),
  })
  check(`CommonJS: ${blocks.length} README blocks compile`, () => run(bin('tsc'), ['-p', cjs], cjs))
  programs.forEach((_, index) => {
    check(`CommonJS: README program ${index} runs through require()`, () => {
      const output = run(
        'node',
        ['--require', './mock-providers.cjs', `out/program-${index}.js`],
        cjs,
        credentials,
      )
      const compiled = readFileSync(join(cjs, `out/program-${index}.js`), 'utf8')
      if (!compiled.includes('require("keyshift'))
        throw new Error('the compiled program does not require() keyshift')
      return ranAgainstMocks(output)
    })
  })

  // 3. A Vite browser app: type-checked with bundler resolution and DOM types (as `tsc && vite build` does), built
  // with the browser conditions (keyshift's build that shares zod and openapi-fetch with the app), then run.
  // Browser apps have no process.env: Vite's `define` replaces the variables the blocks read, as apps configure it.
  const vite = writeProject('vite', {
    'package.json': { name: 'vite-app', private: true, type: 'module' },
    'tsconfig.json': {
      compilerOptions: {
        ...compilerOptions,
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM'],
        types: ['vite/client'],
        noEmit: true,
      },
      include: ['*.ts'],
    },
    'env.d.ts': 'declare const process: { env: Record<string, string | undefined> }\n',
    'index.html': `<!doctype html>\n<script type="module" src="/program-0.ts"></script>\n`,
    ...Object.fromEntries(programs.map((block, index) => [`program-${index}.ts`, `${block}\nexport {}\n`])),
  })
  check(`Vite (bundler resolution, DOM): ${programs.length} README program(s) compile`, () =>
    run(bin('tsc'), ['-p', vite], vite),
  )
  const bundled = []
  await viteBuild({
    root: vite,
    configFile: false,
    logLevel: 'silent',
    define: Object.fromEntries(
      Object.entries(credentials).map(([name, value]) => [`process.env.${name}`, JSON.stringify(value)]),
    ),
    // No modulepreload polyfill: it needs a document, and the built app runs in Node below.
    build: { target: 'es2022', outDir: 'dist', minify: true, modulePreload: false },
    plugins: [
      {
        name: 'record-modules',
        generateBundle(_, bundle) {
          for (const chunk of Object.values(bundle))
            if (chunk.type === 'chunk') bundled.push(...Object.keys(chunk.modules))
        },
      },
    ],
  })
  check('Vite: the build uses the browser entry of keyshift, with zod and openapi-fetch from the app', () => {
    const keyshiftModules = bundled.filter((id) => id.includes('/keyshift/dist/'))
    const fromApp = (name) => bundled.some((id) => id.includes(`/node_modules/${name}/`))
    if (keyshiftModules.length === 0 || keyshiftModules.some((id) => id.includes('/dist/node/')))
      throw new Error(`keyshift modules in the bundle: ${keyshiftModules.join(', ')}`)
    if (!fromApp('zod') || !fromApp('openapi-fetch'))
      throw new Error('zod or openapi-fetch is not the app’s copy')
    return `${keyshiftModules.length} keyshift module(s) from dist/, zod and openapi-fetch deduplicated with the app`
  })
  // The built bundle runs in Node here (msw/node intercepts its fetch); test/browser.test.ts runs keyshift in
  // real Chromium.
  check('Vite: the built app runs', () => {
    const html = readFileSync(join(vite, 'dist/index.html'), 'utf8')
    const script = html.match(/src="\/(assets\/[^"]+\.js)"/)?.[1]
    if (!script) throw new Error(`no script in the built index.html:\n${html}`)
    writeFileSync(join(vite, 'mock-providers.mjs'), mockSetup('esm'))
    return ranAgainstMocks(run('node', ['--import', './mock-providers.mjs', `dist/${script}`], vite))
  })
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
if (failures.length > 0) {
  console.error(`check:readme: ${failures.length} failed: ${failures.join('; ')}`)
  process.exit(1)
}
