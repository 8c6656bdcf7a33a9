/** The built `keyshift` binary, spawned as users run it: against --mock, or a loopback server. */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partooKey } from '../providers/partoo/partoo-fixtures'

const cli = new URL('../dist/cli.js', import.meta.url).pathname
const secret = 'CLI-SECRET-partoo-7731'
const environment = {
  PATH: process.env.PATH ?? '',
  PARTOO_API_KEY: secret,
  THEAUTHAPI_ACCESS_KEY: 'CLI-SECRET-auth-5120',
  PLUMAA_API_KEY: 'CLI-SECRET-plumaa-9942',
  PULSECRM_EMAIL: 'admin@example.com',
  PULSECRM_PASSWORD: 'CLI-SECRET-pulse-pw-31',
}
const secrets = Object.values(environment).filter((value) => value.startsWith('CLI-SECRET'))

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

function keyshift(args: string[], env: Record<string, string> = environment): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      'node',
      [cli, ...args],
      { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        for (const value of secrets) {
          expect(stdout).not.toContain(value)
          expect(stderr).not.toContain(value)
        }
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** A Partoo-shaped loopback server: ids in `failing` answer 500, everything else 200. */
let server: Server
let baseUrl: string
let received = 0
const failing = new Set<number>()
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)')
  server = createServer((request, response) => {
    received++
    request.resume()
    request.on('end', () => {
      const id = Number(/\/api_keys\/(\d+)$/.exec(request.url ?? '')?.[1])
      response.setHeader('content-type', 'application/json')
      if (failing.has(id)) {
        response.writeHead(500).end(JSON.stringify({ errors: { json: 'Internal error' } }))
      } else {
        response.end(JSON.stringify({ ...partooKey, id }))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('keyshift update', () => {
  it.each([
    [
      'partoo',
      '3245',
      [
        '--name',
        'CI deploy',
        '--expires',
        '2099-06-30',
        '--allow-ip',
        '10.0.0.0/8',
        '--permission',
        'business_edit',
      ],
    ],
    ['pulsecrm', 'key_7', ['--description', 'nightly', '--expires', 'never']],
    ['theauthapi', 'live_cli/key?x', ['--name', 'mobile', '--expires', '2099-01-01T00:00:00Z']],
    ['plumaa', '64b7f0c2a1d3e4f5a6b7c8d9', ['--name', 'signer', '--disable']],
  ])('%s happy path against --mock, with --json', async (provider, keyId, flags) => {
    const seed = join(tmpdir(), `keyshift-cli-seed-${provider}.json`)
    await writeFile(seed, JSON.stringify([{ provider, keyId }]))
    const { code, stdout, stderr } = await keyshift([
      'update',
      provider,
      keyId,
      ...flags,
      '--mock',
      '--mock-seed',
      seed,
      '--json',
    ])
    // The Auth API's key id is the key itself: passing it as an argument earns a warning (see cli-secrets.test).
    if (provider === 'theauthapi') expect(stderr).toMatch(/^warning: this key id is the key itself/)
    else expect(stderr).toBe('')
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result).toMatchObject({ ok: true, key: { provider } })
  })

  it('prints a readable result without --json', async () => {
    const { code, stdout } = await keyshift([
      'update',
      'plumaa',
      '64b7f0c2a1d3e4f5a6b7c8d9',
      '--enable',
      '--mock',
    ])
    expect(code).toBe(0)
    expect(stdout).toContain('✓ plumaa key 64b7f0c2a1d3e4f5a6b7c8d9 updated')
    expect(stdout).toContain('enabled: true')
  })

  it('exit 1 on a provider error, with one error line and a hint on stderr', async () => {
    failing.add(500500)
    const { code, stdout, stderr } = await keyshift([
      'update',
      'partoo',
      '500500',
      '--name',
      'x',
      '--base-url',
      baseUrl,
      '--max-retries',
      '0',
    ])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n')).toEqual([
      'error: partoo 500: Internal error',
      'hint: the provider failed; retry later',
    ])
  })

  it.each([
    [['update', 'partoo', '3245', '--enable', '--mock'], /not supported by partoo/],
    [['update', 'partoo', 'abc', '--name', 'x', '--mock'], /keyId: must be a positive integer/],
    [['update', 'partoo', '3245', '--expires', 'tomorrow', '--mock'], /expiresAt/],
    [['update', 'nope', '1'], /unknown provider/],
    [['update', 'partoo'], /missing key id/],
    [['update', 'partoo', '1', '--bogus'], /unknown option/],
    [['update', 'partoo', '1', '--enable', '--disable'], /contradict/],
    [['update', 'pulsecrm', 'k', '--description', 'd'], /--base-url/],
  ])('exit 2 on usage or validation errors: %j', async (args, message) => {
    const { code, stderr } = await keyshift(args)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr).toMatch(/hint: /)
  })

  it('exit 2 and the variable to set when credentials are missing', async () => {
    const { code, stderr } = await keyshift(['update', 'partoo', '1', '--name', 'x'], {
      PATH: process.env.PATH ?? '',
    })
    expect(code).toBe(2)
    expect(stderr).toContain('hint: set PARTOO_API_KEY')
  })

  it('--dry-run prints the exact request with secrets redacted and sends nothing', async () => {
    const before = received
    const { code, stdout } = await keyshift([
      'update',
      'partoo',
      '3245',
      '--name',
      'CI',
      '--base-url',
      baseUrl,
      '--dry-run',
    ])
    expect(code).toBe(0)
    expect(received).toBe(before)
    expect(stdout).toContain(`PUT ${baseUrl}/api_keys/3245`)
    expect(stdout).toContain('x-apikey: [REDACTED]')
    expect(stdout).toContain('{"label":"CI"}')
  })

  it('--help for every command', async () => {
    for (const args of [['--help'], ['update', '--help'], ['apply', '--help']]) {
      const { code, stdout } = await keyshift(args)
      expect(code).toBe(0)
      expect(stdout).toMatch(/Usage: keyshift/)
    }
  })
})

describe('keyshift apply', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyshift-cli-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('1 000 items with 2 % scripted failures: exactly those are reported, exit 1', async () => {
    const plan = Array.from({ length: 1000 }, (_, index) => ({
      provider: 'partoo',
      keyId: index + 1,
      changes: { name: `key ${index + 1}` },
    }))
    const failingIds = plan.filter((_, index) => index % 50 === 7).map((item) => item.keyId)
    for (const id of failingIds) failing.add(id)
    const file = join(dir, 'plan.json')
    await writeFile(file, JSON.stringify(plan))
    const before = received
    const { code, stdout, stderr } = await keyshift([
      'apply',
      file,
      '--base-url',
      `partoo=${baseUrl}`,
      '--rate-limit',
      'partoo=0',
      '--concurrency',
      '16',
      '--max-retries',
      '0',
      '--json',
    ])
    expect(code).toBe(1)
    const report = JSON.parse(stdout)
    expect(report).toMatchObject({ ok: false, updated: 980, failed: 20 })
    const reported = report.results
      .filter((result: { ok: boolean }) => !result.ok)
      .map((result: { keyId: number }) => result.keyId)
    expect(reported.sort((a: number, b: number) => a - b)).toEqual(failingIds)
    expect(received - before).toBe(1000)
    expect(stderr).toContain('error: 20 of 1000 items failed')
  }, 60_000)

  it('a YAML plan across providers against --mock, with plain progress lines off a TTY', async () => {
    const file = join(dir, 'plan.yaml')
    await writeFile(
      file,
      [
        '- provider: partoo',
        '  keyId: 3245',
        '  changes: { name: CI deploy, expiresAt: 2099-06-30 }',
        '- provider: plumaa',
        '  keyId: 64b7f0c2a1d3e4f5a6b7c8d9',
        '  changes: { enabled: false }',
        '- provider: theauthapi',
        '  keyId: live_plan_key',
        '  changes: { rateLimit: { limit: 5, windowSeconds: 60 } }',
      ].join('\n'),
    )
    const { code, stdout, stderr } = await keyshift(['apply', file, '--mock', '--mock-seed', file])
    expect(code).toBe(0)
    expect(stdout).toContain('3 items: 3 updated, 0 failed')
    expect(stderr).toContain('[3/3]')
  })

  it('shows a progress bar on a terminal (run under a pseudo-terminal with `script`)', async () => {
    const file = join(dir, 'tty-plan.json')
    await writeFile(
      file,
      JSON.stringify([{ provider: 'plumaa', keyId: '64b7f0c2a1d3e4f5a6b7c8d9', changes: { enabled: true } }]),
    )
    const command = `node ${JSON.stringify(cli)} apply ${JSON.stringify(file)} --mock`
    const output = await new Promise<string>((resolve) => {
      execFile(
        'script',
        ['-qec', command, '/dev/null'],
        { env: environment, timeout: 30_000 },
        (_error, stdout) => resolve(stdout),
      )
    })
    expect(output).toMatch(/keyshift apply \[=+\] 1\/1 · 0 failed/)
    expect(output).toContain('1 item: 1 updated, 0 failed')
    expect(output).not.toContain('[1/1] ok')
    for (const value of secrets) expect(output).not.toContain(value)
  })

  it('--dry-run validates the whole plan first: one invalid item sends nothing, exit 2', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(
      file,
      JSON.stringify([
        { provider: 'partoo', keyId: 1, changes: { name: 'ok' } },
        { provider: 'partoo', keyId: 2, changes: { enabled: false } },
      ]),
    )
    const before = received
    for (const extra of [['--dry-run'], []]) {
      const { code, stderr } = await keyshift(['apply', file, '--base-url', `partoo=${baseUrl}`, ...extra])
      expect(code).toBe(2)
      expect(stderr).toContain('1 of 2 plan items are invalid; nothing was sent')
      expect(stderr).toContain('item 1 (partoo 2)')
    }
    expect(received).toBe(before)
  })

  it('--dry-run of a valid plan prints every request and sends nothing', async () => {
    const file = join(dir, 'good.json')
    await writeFile(file, JSON.stringify([{ provider: 'partoo', keyId: 9, changes: { name: 'nine' } }]))
    const before = received
    const { code, stdout } = await keyshift(['apply', file, '--base-url', `partoo=${baseUrl}`, '--dry-run'])
    expect(code).toBe(0)
    expect(stdout).toContain(`PUT ${baseUrl}/api_keys/9`)
    expect(received).toBe(before)
  })

  it('a malformed plan is a usage error', async () => {
    const file = join(dir, 'broken.yaml')
    await writeFile(file, '- provider: nowhere\n  keyId: 1\n  changes: {}\n')
    const { code, stderr } = await keyshift(['apply', file])
    expect(code).toBe(2)
    expect(stderr).toContain('provider must be one of')
  })
})
