/** The CLI behaves as gh, vercel and stripe users expect: version, help, hints that name real flags, JSON out. */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli'
import { startVendorServer } from './helpers/vendor-server.mjs'

const env = { PATH: process.env.PATH ?? '' }
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyshift-cli-conventions-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('keyshift', () => {
  it.each(['--version', '-v'])('%s prints the package version', async (flag) => {
    const outcome = await runCli([flag], { env })
    expect(outcome).toMatchObject({ code: 0, stdout: `${version}\n` })
  })

  it('npm pack builds first (prepack): a clean clone never ships a package without dist/', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(manifest.scripts.prepack).toBe('npm run build')
  })

  it('alone, prints its help on stdout and exits 0', async () => {
    const outcome = await runCli([], { env })
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toMatch(/^Usage: keyshift/)
    expect(outcome.stderr).toBe('')
  })

  it('no help shows `(default: [])`, and usage errors name the real command', async () => {
    for (const args of [['--help'], ['update', '--help'], ['apply', '--help']]) {
      expect((await runCli(args, { env })).stdout).not.toContain('(default: [])')
    }
    const outcome = await runCli(['update', 'partoo', '1', '--bogus'], { env })
    expect(outcome.stderr).toContain('hint: see `keyshift update --help`')
    expect(outcome.stderr).not.toContain('<command>')
  })
})

describe('keyshift update', () => {
  it("errors name the CLI's flags, not the SDK's options", async () => {
    const insecure = await runCli(
      ['update', 'partoo', '1', '--name', 'x', '--base-url', 'http://example.com'],
      {
        env: { ...env, PARTOO_API_KEY: 'k-1234' },
      },
    )
    expect(insecure.code).toBe(2)
    expect(insecure.stderr).toContain('--allow-insecure-http')
    expect(insecure.stderr).not.toContain('allowInsecureHttp')
    const unsupported = await runCli(
      ['update', 'theauthapi', '--key-id-from-env', 'K', '--description', 'x'],
      {
        env: { ...env, K: 'live_k' },
      },
    )
    expect(unsupported.stderr).toContain('store it with --metadata')
  })

  it('--metadata stores a JSON object (The Auth API)', async () => {
    const outcome = await runCli(
      ['update', 'theauthapi', '--key-id-from-env', 'K', '--metadata', '{"tier":"gold"}', '--mock', '--json'],
      { env: { ...env, K: 'live_example_key_0001' } },
    )
    expect(outcome.code).toBe(0)
    expect(JSON.parse(outcome.stdout).key.raw.customMetaData).toEqual({ tier: 'gold' })
  })

  it('--json prints a JSON error object on stdout when the update fails', async () => {
    const outcome = await runCli(['update', 'partoo', 'abc', '--name', 'x', '--mock', '--json'], { env })
    expect(outcome.code).toBe(2)
    expect(JSON.parse(outcome.stdout)).toMatchObject({
      ok: false,
      error: { name: 'ValidationError', provider: 'partoo' },
    })
  })

  it('PULSECRM_BASE_URL sets its base URL; --expires YYYY-MM-DD means the start of that day, UTC', async () => {
    const server = await startVendorServer({ shape: 'pulsecrm', keys: 1 })
    try {
      const outcome = await runCli(
        ['update', 'pulsecrm', '1', '--description', 'd', '--expires', '2099-06-30', '--json'],
        { env: { ...env, PULSECRM_BASE_URL: server.baseUrl, PULSECRM_TOKEN: 'conventions-token' } },
      )
      expect(outcome.code).toBe(0)
      expect(JSON.parse(outcome.stdout).key.expiresAt).toBe('2099-06-30T00:00:00.000Z')
      expect(server.writes).toEqual([
        { id: '1', body: expect.objectContaining({ expiresAt: '2099-06-30T00:00:00.000Z' }) },
      ])
    } finally {
      await server.close()
    }
  })
})

describe('keyshift apply', () => {
  it('a PulseCRM item without a base URL names the apply form of the flag and the variable', async () => {
    const file = join(dir, 'pulse.json')
    await writeFile(
      file,
      JSON.stringify([{ provider: 'pulsecrm', keyId: 'k', changes: { description: 'd' } }]),
    )
    const outcome = await runCli(['apply', file, '--no-journal'], {
      env: { ...env, PULSECRM_TOKEN: 't-1234' },
    })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('--base-url pulsecrm=<url> or set PULSECRM_BASE_URL')
  })
})

describe('--dry-run', () => {
  it('works without credentials: a placeholder stands in, and says so', async () => {
    const outcome = await runCli(['update', 'partoo', '3245', '--name', 'x', '--dry-run'], { env })
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toContain('PUT https://api.partoo.co/v2/api_keys/3245')
    expect(outcome.stdout).toContain('x-apikey: [REDACTED]')
    expect(outcome.stdout).toContain('No PARTOO_API_KEY was set: a placeholder stood in.')
  })

  it('shows every request a real run sends: the read before write, then the update', async () => {
    const outcome = await runCli(
      ['update', 'theauthapi', '--key-id-from-env', 'K', '--expires', 'never', '--dry-run', '--json'],
      {
        env: { ...env, K: 'live_dry_run_key' },
      },
    )
    expect(outcome.code).toBe(0)
    const { requests } = JSON.parse(outcome.stdout) as { requests: { method: string; body?: string }[] }
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PATCH'])
    expect(JSON.parse(requests[1]?.body ?? '{}')).toEqual({ name: '<current name>', expiry: null })
    expect(outcome.stdout).not.toContain('live_dry_run_key')
  })

  it('apply --dry-run of a plan across providers needs no credentials; a real run still does', async () => {
    const file = join(dir, 'dry.yaml')
    await writeFile(
      file,
      '- provider: partoo\n  keyId: 3245\n  changes: { name: CI }\n- provider: pulsecrm\n  keyId: k1\n  changes: { expiresAt: null }\n',
    )
    const dry = await runCli(['apply', file, '--base-url', 'pulsecrm=https://crm.example.com', '--dry-run'], {
      env,
    })
    expect(dry.code).toBe(0)
    expect(dry.stdout.match(/^(GET|PUT|PATCH) /gm)).toEqual(['PUT ', 'GET ', 'PATCH '])
    const real = await runCli(
      ['apply', file, '--base-url', 'pulsecrm=https://crm.example.com', '--no-journal'],
      { env },
    )
    expect(real.code).toBe(2)
    expect(real.stderr).toContain('error: credentials are missing; nothing was sent')
    expect(real.stderr).toContain('partoo: no credentials: set PARTOO_API_KEY')
    expect(real.stderr).toContain(
      'pulsecrm: no credentials: set PULSECRM_TOKEN (or PULSECRM_EMAIL and PULSECRM_PASSWORD)',
    )
  })
})

describe('--mock means mock credentials and mock hosts, whatever the environment says', () => {
  it('a real PULSECRM_TOKEN and PARTOO_BASE_URL exported in the shell are not used', async () => {
    const outcome = await runCli(['update', 'pulsecrm', 'key_7', '--description', 'd', '--mock', '--json'], {
      env: {
        ...env,
        PULSECRM_TOKEN: 'a-real-token-from-the-shell',
        PULSECRM_BASE_URL: 'https://crm.example.com',
      },
    })
    expect(outcome.code).toBe(0)
    expect(JSON.parse(outcome.stdout)).toMatchObject({ ok: true, key: { id: 'key_7', description: 'd' } })
    const partoo = await runCli(['update', 'partoo', '3245', '--name', 'n', '--mock'], {
      env: { ...env, PARTOO_API_KEY: 'real-key', PARTOO_BASE_URL: 'https://partoo.example.com/v2' },
    })
    expect(partoo.code).toBe(0)
  })

  it('--base-url with --mock is a usage error (no flood of msw errors)', async () => {
    const outcome = await runCli(
      ['update', 'partoo', '3245', '--name', 'n', '--mock', '--base-url', 'https://x.example.com'],
      { env },
    )
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain("--mock answers on each provider's own hosts: leave out --base-url")
    expect(outcome.stderr).not.toMatch(/\[MSW\]/)
  })

  it("a key the mocks do not hold is the vendor's 404, as in a real account", async () => {
    const outcome = await runCli(['update', 'partoo', '999', '--name', 'n', '--mock'], { env })
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toContain('error: partoo 404: Resource not found')
  })

  it('--mock-seed adds keys: a seed file, or a plan whose keys to seed', async () => {
    const seed = join(dir, 'seed.yaml')
    await writeFile(seed, 'partoo:\n  - id: 999\n    label: seeded\n')
    const outcome = await runCli(['update', 'partoo', '999', '--name', 'n', '--mock', '--mock-seed', seed], {
      env,
    })
    expect(outcome.code).toBe(0)
    const bad = await runCli(
      ['update', 'partoo', '999', '--name', 'n', '--mock', '--mock-seed', join(dir, 'nope.yaml')],
      { env },
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('no such file or directory')
  })
})

describe("messages in the CLI's own words", () => {
  it('a missing credential names the variable to set, not an SDK option', async () => {
    const outcome = await runCli(['update', 'partoo', '3245', '--name', 'n'], { env })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('error: partoo: no credentials: set PARTOO_API_KEY')
    expect(outcome.stderr).not.toMatch(/pass apiKey|apiKey:/)
    const plan = join(dir, 'no-credentials.json')
    await writeFile(
      plan,
      JSON.stringify([1, 2].map((keyId) => ({ provider: 'partoo', keyId, changes: { name: 'n' } }))),
    )
    const apply = await runCli(['apply', plan], { env })
    expect(apply.stderr).toContain('partoo: no credentials: set PARTOO_API_KEY')
    expect(apply.stderr.match(/no credentials/g)).toHaveLength(1)
  })

  it('a YAML plan error names its line', async () => {
    const plan = join(dir, 'broken.yaml')
    await writeFile(plan, '- provider: partoo\n  keyId: 1\n  changes: {name: [unclosed\n')
    const outcome = await runCli(['apply', plan], { env })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/is not a valid YAML plan: .*\(line \d+\)/)
    expect(outcome.stderr).not.toContain('line ?')
  })

  it('apply --json answers on stdout for a plan that cannot be read or names an unknown provider', async () => {
    const plan = join(dir, 'unknown.json')
    await writeFile(plan, JSON.stringify([{ provider: 'nowhere', keyId: 1, changes: {} }]))
    for (const args of [
      ['apply', plan, '--json'],
      ['apply', join(dir, 'missing.json'), '--json'],
    ]) {
      const outcome = await runCli(args, { env })
      expect(outcome.code).toBe(2)
      expect(JSON.parse(outcome.stdout)).toMatchObject({ ok: false, error: { name: 'UsageError' } })
    }
  })

  it("update sets what only apply could: the key's rate limit, owner ids, a new key value (from the environment)", async () => {
    const outcome = await runCli(
      [
        'update',
        'theauthapi',
        '--key-id-from-env',
        'KEY',
        '--key-rate-limit',
        '100/60',
        '--owner-account-id',
        'acct_9',
        '--owner-user-id',
        'user_9',
        '--new-key-value-from-env',
        'NEW_KEY',
        '--mock',
        '--json',
      ],
      { env: { ...env, KEY: 'live_example_key_0001', NEW_KEY: 'live_rotated_value_0002' } },
    )
    expect(outcome.code).toBe(0)
    expect(JSON.parse(outcome.stdout).key.raw).toMatchObject({
      rateLimitConfigs: { rateLimit: 100, rateLimitTtl: 60 },
      customAccountId: 'acct_9',
      customUserId: 'user_9',
    })
    expect(outcome.stdout + outcome.stderr).not.toContain('live_rotated_value_0002')
    const removed = await runCli(
      ['update', 'theauthapi', '--key-id-from-env', 'KEY', '--key-rate-limit', 'none', '--mock', '--json'],
      { env: { ...env, KEY: 'live_example_key_0001' } },
    )
    expect(JSON.parse(removed.stdout).key.raw.rateLimitConfigs).toBeNull()
  })
})
