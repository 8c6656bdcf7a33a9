/** The CLI behaves as gh, vercel and stripe users expect: version, help, hints that name real flags, JSON out. */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli'

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
  it('--version prints the package version', async () => {
    const outcome = await runCli(['--version'], { env })
    expect(outcome).toMatchObject({ code: 0, stdout: `${version}\n` })
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
      { env: { ...env, K: 'live_meta_key' } },
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
    const outcome = await runCli(
      ['update', 'pulsecrm', 'key_1', '--description', 'd', '--expires', '2027-06-30', '--mock', '--json'],
      {
        env: { ...env, PULSECRM_BASE_URL: 'https://pulsecrm.invalid/api' },
      },
    )
    expect(outcome.code).toBe(0)
    expect(JSON.parse(outcome.stdout).key.expiresAt).toBe('2027-06-30T00:00:00.000Z')
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
    expect(real.stderr).toContain('2 of 2 plan items are invalid; nothing was sent')
  })
})
