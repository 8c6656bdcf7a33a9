/**
 * `npm run test:ecosystem`: the same smoke test (smoke-source.ts: one update per provider of the registry, one
 * retry, one typed error caught with `instanceof`, no credential in anything printed) in every runtime keyshift
 * supports, against the packed package as an app installs it and `keyshift mock-server` from that package:
 * Node (ESM and CommonJS), Bun, Deno, workerd (through Miniflare), a Next.js route handler and a browser bundle in
 * Chromium. Each runtime comes from npm, installed once into a cache outside this repository (scripts/tool-cache.mjs)
 * and reused; a runtime the registry cannot provide is skipped with the reason, never silently.
 *
 * Prints one line per runtime (name, version, result, time) and exits 1 if one failed.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
// @ts-expect-error: a plain .mjs script without types
import { packedTarball } from '../../scripts/packed.mjs'
// @ts-expect-error: a plain .mjs script without types
import { cachedPackage } from '../../scripts/tool-cache.mjs'
import { chromiumToLaunch } from '../helpers/chromium'
import { smokeSource } from './smoke-source'

interface Report {
  updated: string[]
  refused: string[]
  errors: string[]
  retried: boolean
  typedError: boolean
  leaks: number
}

interface Outcome {
  runtime: string
  version: string
  result: 'pass' | 'FAIL' | 'skipped'
  detail: string
  ms: number
}

const root = new URL('../..', import.meta.url).pathname
const providerIds = readdirSync(join(root, 'providers'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((id) => readdirSync(join(root, 'providers', id)).includes('index.ts'))
  .sort()
const versions = { bun: '1.4.5', deno: '2.9.6', miniflare: '3.20250718.3', next: '16.4.6', react: '19.3.1' }
const msw = JSON.parse(
  execFileSync('node', ['-p', "JSON.stringify(require('./package.json').devDependencies.msw)"], {
    cwd: root,
    encoding: 'utf8',
  }),
)

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
) {
  return execFileSync(command, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  })
}

/** The last line of a runtime's output that is a JSON report. */
function reportFrom(output: string): Report {
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('{"updated"'))
  if (!line) throw new Error(`no report in the output:\n${output.slice(-2000)}`)
  return JSON.parse(line) as Report
}

/** What a report says: pass, or why not. */
function judge(report: Report, expectRefused: readonly string[]): string | undefined {
  const problems = [
    ...report.errors,
    report.updated.length + report.refused.length !== providerIds.length &&
      `${report.updated.length} of ${providerIds.length} providers updated`,
    report.refused.join() !== expectRefused.join() && `refused: ${report.refused.join(', ') || 'none'}`,
    !report.retried && 'the 503 was not retried once',
    !report.typedError && 'the 404 was not a NotFoundError',
    report.leaks > 0 && `${report.leaks} credential(s) in the output`,
  ].filter(Boolean)
  return problems.length > 0 ? problems.join('; ') : undefined
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Starts a child and resolves once its output matches `ready`. */
function startUntil(
  command: string,
  args: string[],
  cwd: string,
  ready: RegExp,
  env: Record<string, string> = {},
) {
  const child: ChildProcess = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'pipe' })
  let output = ''
  const started = new Promise<string>((resolve, reject) => {
    const check = (chunk: Buffer) => {
      output += chunk.toString()
      const match = ready.exec(output)
      if (match) resolve(match[1] ?? match[0])
    }
    child.stdout?.on('data', check)
    child.stderr?.on('data', check)
    child.once('exit', (code) =>
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output.slice(-2000)}`)),
    )
  })
  return { child, started, output: () => output }
}

async function main() {
  const started = Date.now()
  const tarball = packedTarball() as string
  const scratch = mkdtempSync(join(tmpdir(), 'keyshift-ecosystem-'))
  const outcomes: Outcome[] = []
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'ecosystem', private: true, type: 'module' }),
  )
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, `msw@${msw}`],
    { cwd: scratch },
  )
  writeFileSync(join(scratch, 'smoke.mjs'), smokeSource(providerIds, 'esm'))
  writeFileSync(join(scratch, 'smoke.cjs'), smokeSource(providerIds, 'cjs'))
  writeFileSync(
    join(scratch, 'run.mjs'),
    "import { smoke } from './smoke.mjs'\nconsole.log(JSON.stringify(await smoke(process.argv[2] ?? globalThis.Deno?.args[0])))\n",
  )
  writeFileSync(
    join(scratch, 'run.cjs'),
    "require('./smoke.cjs').smoke(process.argv[2]).then((report) => console.log(JSON.stringify(report)))\n",
  )

  // The mock server, from the package as installed: every runtime talks to it over loopback.
  const server = startUntil(
    process.execPath,
    [join(scratch, 'node_modules/keyshift/dist/cli.js'), 'mock-server', '--port', '0', '--json'],
    scratch,
    /"origin":"([^"]+)"/,
  )
  const origin = await server.started
  const admin = `${origin}/__keyshift`
  const reset = () => fetch(`${admin}/reset`, { method: 'POST' })
  const refusing = Object.entries(
    ((await (await fetch(admin)).json()) as { providers: Record<string, { refusesBrowsers: boolean }> })
      .providers,
  )
    .filter(([, provider]) => provider.refusesBrowsers)
    .map(([id]) => id)
    .sort()

  async function attempt(
    runtime: string,
    version: () => string,
    smoke: () => Promise<Report> | Report,
    expectRefused: readonly string[] = [],
  ) {
    const begin = Date.now()
    let outcome: Outcome
    try {
      const installed = version()
      await reset()
      const verdict = judge(await smoke(), expectRefused)
      outcome = {
        runtime,
        version: installed,
        result: verdict ? 'FAIL' : 'pass',
        detail: verdict ?? `${providerIds.length} providers`,
        ms: Date.now() - begin,
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const skipped = /npm (error|ERR)|ENOTFOUND|E404|ETARGET/.test(message)
      outcome = {
        runtime,
        version: '—',
        result: skipped ? 'skipped' : 'FAIL',
        detail:
          (skipped ? 'the npm registry could not provide it: ' : '') +
          message.split('\n').slice(0, 6).join(' | '),
        ms: Date.now() - begin,
      }
    }
    outcomes.push(outcome)
    console.log(
      `${outcome.runtime.padEnd(9)} ${outcome.version.padEnd(22)} ${outcome.result.padEnd(7)} ${(outcome.ms / 1000).toFixed(1).padStart(5)} s  ${outcome.detail}`,
    )
  }

  try {
    console.log(`runtime   version                result    time  detail`)
    await attempt(
      'node-esm',
      () => `node ${process.versions.node}`,
      () => reportFrom(run('node', ['run.mjs', admin], { cwd: scratch })),
    )
    await attempt(
      'node-cjs',
      () => `node ${process.versions.node}`,
      () => reportFrom(run('node', ['run.cjs', admin], { cwd: scratch })),
    )

    const bun = () => join(cachedPackage('bun', versions.bun, { scripts: true }), 'node_modules/.bin/bun')
    await attempt(
      'bun',
      () => `bun ${run(bun(), ['--version'], { cwd: scratch }).trim()}`,
      () => reportFrom(run(bun(), ['run.mjs', admin], { cwd: scratch })),
    )

    const deno = () => join(cachedPackage('deno', versions.deno, { scripts: true }), 'node_modules/.bin/deno')
    await attempt(
      'deno',
      () => run(deno(), ['--version'], { cwd: scratch }).split('\n')[0]?.split(' (')[0] ?? 'deno',
      () =>
        reportFrom(
          run(
            deno(),
            [
              'run',
              '--allow-net',
              '--allow-read',
              '--allow-env',
              '--node-modules-dir=manual',
              'run.mjs',
              admin,
            ],
            {
              cwd: scratch,
              env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
            },
          ),
        ),
    )

    await attempt(
      'workerd',
      () => `miniflare ${versions.miniflare}`,
      async () => {
        const folder = cachedPackage('miniflare', versions.miniflare, { scripts: true })
        writeFileSync(
          join(scratch, 'worker.mjs'),
          "import { smoke } from './smoke.mjs'\nexport default { async fetch(request, env) { return Response.json(await smoke(env.ADMIN)) } }\n",
        )
        const bundled = await build({
          entryPoints: [join(scratch, 'worker.mjs')],
          bundle: true,
          write: false,
          format: 'esm',
          platform: 'browser',
          conditions: ['workerd', 'worker', 'browser'],
          logLevel: 'silent',
        })
        const { Miniflare } = (await import(
          pathToFileURL(join(folder, 'node_modules/miniflare/dist/src/index.js')).href
        )) as {
          Miniflare: new (
            options: object,
          ) => { dispatchFetch(url: string): Promise<Response>; dispose(): Promise<void> }
        }
        const worker = new Miniflare({
          modules: true,
          script: bundled.outputFiles[0]?.text,
          compatibilityDate: '2025-07-01',
          bindings: { ADMIN: admin },
        })
        try {
          const answer = await worker.dispatchFetch('http://worker.local/')
          return (await answer.json()) as Report
        } finally {
          await worker.dispose()
        }
      },
    )

    await attempt(
      'nextjs',
      () => `next ${versions.next}`,
      async () => {
        const folder = cachedPackage('next', versions.next, {
          withPackages: [`react@${versions.react}`, `react-dom@${versions.react}`],
        })
        // The app lives beside the cached Next.js (its node_modules are found by walking up); keyshift is its own.
        const app = mkdtempSync(join(folder, 'app-'))
        try {
          mkdirSync(join(app, 'app/api/smoke'), { recursive: true })
          writeFileSync(
            join(app, 'package.json'),
            JSON.stringify({ name: 'ecosystem-next', private: true, type: 'module' }),
          )
          run(
            'npm',
            [
              'install',
              '--no-audit',
              '--no-fund',
              '--prefer-offline',
              '--loglevel=error',
              '--no-package-lock',
              tarball,
              `msw@${msw}`,
            ],
            { cwd: app },
          )
          writeFileSync(join(app, 'smoke.mjs'), smokeSource(providerIds, 'esm'))
          writeFileSync(
            join(app, 'next.config.mjs'),
            `export default { turbopack: { root: ${JSON.stringify(folder)} } }\n`,
          )
          writeFileSync(
            join(app, 'app/api/smoke/route.js'),
            "import { smoke } from '../../../smoke.mjs'\nexport const dynamic = 'force-dynamic'\nexport async function GET() { return Response.json(await smoke(process.env.KEYSHIFT_ADMIN)) }\n",
          )
          writeFileSync(
            join(app, 'app/layout.js'),
            'export default function Layout({ children }) { return children }\n',
          )
          const next = join(folder, 'node_modules/next/dist/bin/next')
          const env = { NEXT_TELEMETRY_DISABLED: '1', KEYSHIFT_ADMIN: admin }
          run(process.execPath, [next, 'build'], { cwd: app, env, timeoutMs: 300_000 })
          const port = await freePort()
          const serving = startUntil(
            process.execPath,
            [next, 'start', '-p', String(port), '-H', '127.0.0.1'],
            app,
            /Ready|started server/i,
            env,
          )
          try {
            await serving.started
            const answer = await fetch(`http://127.0.0.1:${port}/api/smoke`)
            return (await answer.json()) as Report
          } finally {
            serving.child.kill('SIGTERM')
          }
        } finally {
          rmSync(app, { recursive: true, force: true })
        }
      },
    )

    await attempt(
      'browser',
      () => 'chromium (playwright-core)',
      async () => {
        writeFileSync(
          join(scratch, 'page.mjs'),
          "import { smoke } from './smoke.mjs'\nwindow.report = smoke(window.ADMIN)\n",
        )
        const bundled = await build({
          entryPoints: [join(scratch, 'page.mjs')],
          bundle: true,
          write: false,
          format: 'iife',
          platform: 'browser',
          logLevel: 'silent',
        })
        const { chromium } = await import('playwright-core')
        const { executablePath, args } = await chromiumToLaunch()
        const browser = await chromium.launch({ executablePath, args, headless: true })
        try {
          const page = await browser.newPage()
          await page.setContent('<!doctype html><title>keyshift</title>')
          await page.evaluate((url) => {
            ;(window as unknown as { ADMIN: string }).ADMIN = url
          }, admin)
          await page.addScriptTag({ content: bundled.outputFiles[0]?.text ?? '' })
          return (await page.evaluate(
            () => (window as unknown as { report: Promise<unknown> }).report,
          )) as Report
        } finally {
          await browser.close()
        }
      },
      refusing,
    )
  } finally {
    server.child.kill('SIGTERM')
    rmSync(scratch, { recursive: true, force: true })
  }
  const failed = outcomes.filter((outcome) => outcome.result === 'FAIL')
  console.log(
    `\n${outcomes.filter((outcome) => outcome.result === 'pass').length} runtimes passed, ${failed.length} failed, ${outcomes.filter((outcome) => outcome.result === 'skipped').length} skipped (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  )
  if (failed.length > 0) process.exitCode = 1
}

await main()
