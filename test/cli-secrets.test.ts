/**
 * The CLI never prints The Auth API key values (the key id *is* the secret): not in `apply` progress lines, the
 * failure report, `--json` results or the invalid-item list. Key ids and plans can come from standard input, so
 * the key stays out of argv. And plans that would lose or change a field silently are refused.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliOutcome, runCli } from './helpers/cli'

const secretKey = 'live_SECRETKEY-cli-0f9e8d7c6b5a'
const env = { PATH: process.env.PATH ?? '' }

function expectNoKey(outcome: CliOutcome) {
  for (const output of [outcome.stdout, outcome.stderr]) {
    expect(output).not.toContain(secretKey)
    expect(output).not.toContain('SECRETKEY')
  }
}

let dir: string
/** A --mock seed file holding the secret key (the mocks hold only their example keys otherwise). */
let seed: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyshift-cli-secrets-'))
  seed = join(dir, 'seed.json')
  await writeFile(seed, JSON.stringify({ theauthapi: [{ key: secretKey }] }))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('keyshift update theauthapi', () => {
  it('reads the key id from standard input with `-`', async () => {
    const outcome = await runCli(
      ['update', 'theauthapi', '-', '--name', 'mobile', '--mock', '--mock-seed', seed, '--json'],
      {
        env,
        input: `${secretKey}\n`,
      },
    )
    expect(outcome.code).toBe(0)
    expect(outcome.stderr).toBe('')
    expect(JSON.parse(outcome.stdout).key.id).toBe('live_…6b5a')
    expectNoKey(outcome)
  })

  it('reads the key id from an environment variable with --key-id-from-env', async () => {
    const outcome = await runCli(
      ['update', 'theauthapi', '--key-id-from-env', 'MY_KEY', '--name', 'm', '--mock', '--mock-seed', seed],
      {
        env: { ...env, MY_KEY: secretKey },
      },
    )
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toContain('✓ theauthapi key live_…6b5a updated')
    expectNoKey(outcome)
  })

  it('--help says which way is safe', async () => {
    const outcome = await runCli(['update', '--help'], { env })
    expect(outcome.stdout).toContain('keyshift update theauthapi --key-id-from-env KEY')
    expect(outcome.stdout).toMatch(/standard input/)
  })
})

describe('keyshift apply with The Auth API keys', () => {
  it('masks key ids in progress lines, the report and --json results', async () => {
    const file = join(dir, 'auth.json')
    await writeFile(
      file,
      JSON.stringify([{ provider: 'theauthapi', keyId: secretKey, changes: { name: 'n' } }]),
    )
    for (const extra of [[], ['--json']]) {
      const outcome = await runCli(['apply', file, '--mock', '--mock-seed', seed, '--no-journal', ...extra], {
        env,
      })
      expect(outcome.code).toBe(0)
      expectNoKey(outcome)
      if (extra.length) expect(JSON.parse(outcome.stdout).results[0].keyId).toBe('live_…6b5a')
      else expect(outcome.stderr).toContain('[1/1] ok item 0 (theauthapi live_…6b5a)')
    }
  })

  it('masks key ids in the failure report', async () => {
    // Port 9 (discard) refuses the connection: the item fails with a ConnectionError.
    const file = join(dir, 'auth-fail.json')
    await writeFile(
      file,
      JSON.stringify([{ provider: 'theauthapi', keyId: secretKey, changes: { name: 'n' } }]),
    )
    const outcome = await runCli(
      ['apply', file, '--no-journal', '--base-url', 'theauthapi=http://127.0.0.1:9', '--max-retries', '0'],
      { env: { ...env, THEAUTHAPI_ACCESS_KEY: 'access-key-cli' } },
    )
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toContain('item 0 (theauthapi live_…6b5a)')
    expectNoKey(outcome)
  })

  it('masks key ids in the invalid-item list', async () => {
    const file = join(dir, 'auth-invalid.json')
    await writeFile(
      file,
      JSON.stringify([{ provider: 'theauthapi', keyId: secretKey, changes: { enabled: false } }]),
    )
    const outcome = await runCli(['apply', file, '--mock', '--no-journal'], { env })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('item 0 (theauthapi live_…6b5a)')
    expectNoKey(outcome)
  })

  it('`apply -` reads the plan from standard input', async () => {
    const plan = [{ provider: 'theauthapi', keyId: secretKey, changes: { name: 'from stdin' } }]
    const outcome = await runCli(['apply', '-', '--mock', '--mock-seed', seed, '--json'], {
      env,
      input: JSON.stringify(plan),
    })
    expect(outcome.code).toBe(0)
    expect(JSON.parse(outcome.stdout)).toMatchObject({ ok: true, updated: 1 })
    expectNoKey(outcome)
  })
})

describe('plans that would change or lose a field silently are refused', () => {
  it.each([
    [
      'a JSON duplicate key',
      'dup.json',
      '[{"provider":"partoo","keyId":3245,"keyId":9999,"changes":{"name":"x"}}]',
      /item 0: the key "keyId" appears twice \(line 1\)/,
    ],
    [
      'a YAML duplicate key',
      'dup.yaml',
      '- provider: partoo\n  keyId: 1\n  changes: {name: a}\n- provider: partoo\n  keyId: 2\n  keyId: 3\n  changes: {name: b}\n',
      /item 1: a key appears twice/,
    ],
    [
      '__proto__ in changes',
      'proto.json',
      '[{"provider":"partoo","keyId":1,"changes":{"__proto__":{"name":"x"}}}]',
      /item 0: changes.__proto__ is not a field/,
    ],
  ])('%s → exit 2 naming the item', async (_label, name, text, message) => {
    const file = join(dir, name)
    await writeFile(file, text)
    const outcome = await runCli(['apply', file, '--mock', '--no-journal'], { env })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(message)
  })

  it("environment: 'toString' is a usage error (exit 2)", async () => {
    const outcome = await runCli(['update', 'partoo', '1', '--name', 'x', '--environment', 'toString'], {
      env: { ...env, PARTOO_API_KEY: 'k-1234' },
    })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('environment: must be one of production, sandbox')
  })
})
