/**
 * `keyshift update <provider> … --mock` and `--dry-run` for every provider in the registry, with the update its
 * definition gives as an example, turned into the CLI's flags: a provider added to the registry joins this test.
 */
import { describe, expect, it } from 'vitest'
import { definitionOf, providerIds } from '../providers/providers'
import { startCli } from './helpers/cli'

/** The example update as `keyshift update` flags (a secret key id goes on standard input). */
function argumentsFor(id: (typeof providerIds)[number]): { args: string[]; input?: string } {
  const definition = definitionOf(id)
  const { keyId, ...fields } = definition.example as Record<string, unknown>
  const flags: string[] = []
  const vendorFields: readonly string[] = definition.vendorFields ?? []
  for (const [field, value] of Object.entries(fields)) {
    if (vendorFields.includes(field)) flags.push('--field', `${field}=${JSON.stringify(value)}`)
    else if (field === 'name') flags.push('--name', String(value))
    else if (field === 'description') flags.push('--description', String(value))
    else if (field === 'expiresAt') flags.push('--expires', value === null ? 'never' : String(value))
    else if (field === 'permissions')
      flags.push(
        ...(value === null
          ? ['--unrestricted']
          : (value as string[]).flatMap((item) => ['--permission', item])),
      )
    else if (field === 'ipAllowlist')
      flags.push(...(value as string[]).flatMap((item) => ['--allow-ip', item]))
    else if (field === 'allowedReferrers')
      flags.push(...(value as string[]).flatMap((item) => ['--allow-referrer', item]))
    else if (field === 'enabled') flags.push(value ? '--enable' : '--disable')
    else if (field === 'metadata') flags.push('--metadata', JSON.stringify(value))
    else if (field === 'rateLimit') {
      const limit = value as { limit: number; windowSeconds: number } | null
      flags.push('--key-rate-limit', limit === null ? 'none' : `${limit.limit}/${limit.windowSeconds}`)
    } else if (field === 'accountId') flags.push('--account-id', String(value))
    else if (field === 'ownerAccountId') flags.push('--owner-account-id', String(value))
    else if (field === 'ownerUserId') flags.push('--owner-user-id', String(value))
    else throw new Error(`${id}'s example sets ${field}, which this test cannot pass as a flag yet`)
  }
  return definition.keyIdIsSecret
    ? { args: ['update', id, '-', ...flags], input: String(keyId) }
    : { args: ['update', id, String(keyId), ...flags] }
}

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }

describe.each(providerIds)('keyshift update %s', (id) => {
  it('--mock updates the example key of its mock, without credentials or network', async () => {
    const { args, input } = argumentsFor(id)
    const outcome = await startCli([...args, '--mock', '--json'], {
      env,
      ...(input !== undefined && { input }),
    }).done
    expect(outcome.stderr).toBe('')
    expect(outcome.code).toBe(0)
    expect(JSON.parse(outcome.stdout)).toMatchObject({ ok: true, key: { provider: id } })
  }, 30_000)

  it('--dry-run prints the requests it would send, without credentials, and sends nothing', async () => {
    const { args, input } = argumentsFor(id)
    // A vendor without a public host needs one named, even for a dry run.
    const { environments, baseUrlsFrom } = definitionOf(id)
    const host = environments || baseUrlsFrom ? [] : ['--base-url', 'https://api.example.com']
    const outcome = await startCli([...args, ...host, '--dry-run', '--json'], {
      env,
      ...(input !== undefined && { input }),
    }).done
    expect(outcome.code).toBe(0)
    const printed = JSON.parse(outcome.stdout) as {
      dryRun: boolean
      requests: { method: string; url: string }[]
    }
    expect(printed.dryRun).toBe(true)
    expect(printed.requests.length).toBeGreaterThan(0)
    expect(printed.requests.at(-1)?.method).not.toBe('GET')
  }, 30_000)
})
