/** `keyshift update <provider> <keyId>`: one key, from flags. */

import { definitionOf, type ProviderId } from '../../providers/providers'
import type { ApiKey } from '../kit/api-key'
import { updateApiKey } from '../update-api-key'
import { waitForUpdate } from '../wait-for-update'
import { createProviderClient, isProviderId, isSecretKeyId, providerIds } from './clients'
import { DryRun, fillCredentialPlaceholders, formatRequest, placeholderNote } from './dry-run'
import type { Io } from './io'
import { startMock } from './mock-mode'
import { errorJson, exitCodes, UsageError } from './report'
import { assertMockFlags, type CommonFlags, clientFlags } from './shared-flags'

export interface UpdateFlags extends CommonFlags {
  name?: string
  description?: string
  expires?: string
  permission?: string[]
  unrestricted?: boolean
  allowIp?: string[]
  anyIp?: boolean
  allowReferrer?: string[]
  anyReferrer?: boolean
  enable?: boolean
  disable?: boolean
  accountId?: string
  keyIdFromEnv?: string
  metadata?: string
  keyRateLimit?: string
  ownerAccountId?: string
  ownerUserId?: string
  newKeyValueFromEnv?: string
  allowInsecureHttp?: boolean
  baseUrl?: string
  field?: string[]
  wait?: boolean
}

/** `update`'s flags as the SDK's normalized fields; only flags that were given become fields. */
function fieldsFrom(flags: UpdateFlags): Record<string, unknown> {
  const permissions = flags.permission ?? []
  const allowIps = flags.allowIp ?? []
  if (flags.enable && flags.disable) throw new UsageError('--enable and --disable contradict each other')
  if (flags.unrestricted && permissions.length > 0)
    throw new UsageError('--unrestricted and --permission contradict each other')
  if (flags.anyIp && allowIps.length > 0)
    throw new UsageError('--any-ip and --allow-ip contradict each other')
  const referrers = flags.allowReferrer ?? []
  if (flags.anyReferrer && referrers.length > 0)
    throw new UsageError('--any-referrer and --allow-referrer contradict each other')
  const fields: Record<string, unknown> = {}
  if (flags.name !== undefined) fields.name = flags.name
  if (flags.description !== undefined) fields.description = flags.description
  if (flags.unrestricted) fields.permissions = null
  if (permissions.length > 0) fields.permissions = permissions
  if (flags.anyIp) fields.ipAllowlist = []
  if (allowIps.length > 0) fields.ipAllowlist = allowIps
  if (flags.anyReferrer) fields.allowedReferrers = []
  if (referrers.length > 0) fields.allowedReferrers = referrers
  if (flags.enable) fields.enabled = true
  if (flags.disable) fields.enabled = false
  if (flags.expires !== undefined) fields.expiresAt = flags.expires === 'never' ? null : flags.expires
  if (flags.accountId !== undefined) fields.accountId = flags.accountId
  if (flags.metadata !== undefined) fields.metadata = parseMetadata(flags.metadata)
  if (flags.keyRateLimit !== undefined) fields.rateLimit = parseKeyRateLimit(flags.keyRateLimit)
  if (flags.ownerAccountId !== undefined) fields.ownerAccountId = flags.ownerAccountId
  if (flags.ownerUserId !== undefined) fields.ownerUserId = flags.ownerUserId
  if (flags.newKeyValueFromEnv !== undefined)
    fields.newKeyValue = fromEnvironment('--new-key-value-from-env', flags.newKeyValueFromEnv)
  return fields
}

/**
 * `--field indexes='["dev_*"]'`: a field only one vendor has (its `vendorFields`), as `<name>=<JSON value>`; a bare
 * word that is not JSON is taken as a string (`--field queryParameters=typoTolerance=strict`).
 */
function vendorFieldsFrom(provider: ProviderId, flags: UpdateFlags): Record<string, unknown> {
  const known = definitionOf(provider).vendorFields ?? []
  const fields: Record<string, unknown> = {}
  for (const assignment of flags.field ?? []) {
    const at = assignment.indexOf('=')
    const name = at > 0 ? assignment.slice(0, at) : ''
    if (!known.includes(name)) {
      throw new UsageError(
        known.length === 0
          ? `--field: ${provider} has no fields of its own`
          : `--field must be <name>=<JSON value>, with a name ${provider} takes: ${known.join(', ')}`,
      )
    }
    const text = assignment.slice(at + 1)
    try {
      fields[name] = JSON.parse(text)
    } catch {
      fields[name] = text
    }
  }
  return fields
}

/** `100/60` → `{limit: 100, windowSeconds: 60}`; `none` → null (removes the key's limit). */
function parseKeyRateLimit(text: string): { limit: number; windowSeconds: number } | null {
  if (text === 'none') return null
  const match = /^(\d+)\/(\d+)s?$/.exec(text)
  if (!match) throw new UsageError('--key-rate-limit must be <requests>/<seconds> (e.g. 100/60) or none')
  return { limit: Number(match[1]), windowSeconds: Number(match[2]) }
}

/** A value from the environment variable a flag names (for secrets, which must stay out of the process list). */
function fromEnvironment(flag: string, name: string): string {
  const value = process.env[name]
  if (!value) throw new UsageError(`${flag}: ${name} is not set`)
  return value
}

function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError('--metadata must be a JSON object, e.g. \'{"tier":"gold"}\'')
  }
}

/**
 * The key id: the argument, `-` for standard input, or `--key-id-from-env NAME`. The Auth API's key id is the
 * key itself, and an argument is visible to every local user in `ps`: the other two keep it out of argv.
 */
async function readKeyId(argument: string | undefined, flags: UpdateFlags, io: Io): Promise<string> {
  if (flags.keyIdFromEnv !== undefined) {
    if (argument !== undefined)
      throw new UsageError('pass the key id as an argument or with --key-id-from-env, not both')
    return fromEnvironment('--key-id-from-env', flags.keyIdFromEnv)
  }
  if (argument === '-') {
    if (!io.readStdin) throw new UsageError('cannot read the key id from standard input here')
    const value = (await io.readStdin()).replace(/\r?\n$/, '')
    if (value === '') throw new UsageError('standard input held no key id')
    if (/[\r\n]/.test(value)) throw new UsageError('standard input must hold one key id on one line')
    return value
  }
  if (argument === undefined)
    throw new UsageError('missing key id: pass it, or `-` to read it from standard input')
  return argument
}

function describeKey(key: ApiKey): string {
  const shown = Object.entries(key).filter(
    ([field]) =>
      !['provider', 'id', 'raw', 'readBeforeWrite', 'responseIssues', 'propagating'].includes(field),
  )
  const lines = [
    `✓ ${key.provider} key ${key.id} updated${key.readBeforeWrite ? ' (read first to keep required fields)' : ''}${key.propagating ? `; ${key.provider} applies it in the background (--wait waits until it shows)` : ''}`,
  ]
  for (const [field, value] of shown) lines.push(`  ${field}: ${JSON.stringify(value)}`)
  if (key.responseIssues) {
    lines.push(
      `  (the response did not match the spec: ${key.responseIssues.map((issue) => issue.path.join('.')).join(', ')})`,
    )
  }
  return lines.join('\n')
}

export async function runUpdate(
  providerArgument: string,
  keyIdArgument: string | undefined,
  flags: UpdateFlags,
  io: Io,
): Promise<number> {
  try {
    return await update(providerArgument, keyIdArgument, flags, io)
  } catch (error) {
    // With --json a script reads stdout: it gets the failure there too (stderr still has the readable line).
    if (flags.json) io.stdout(JSON.stringify({ ok: false, error: errorJson(error) }))
    throw error
  }
}

async function update(
  providerArgument: string,
  keyIdArgument: string | undefined,
  flags: UpdateFlags,
  io: Io,
): Promise<number> {
  if (!isProviderId(providerArgument))
    throw new UsageError(`unknown provider "${providerArgument}" (one of ${providerIds.join(', ')})`)
  const provider = providerArgument
  const keyId = await readKeyId(keyIdArgument, flags, io)
  if (keyIdArgument !== undefined && keyIdArgument !== '-' && isSecretKeyId(provider)) {
    io.stderr(
      'warning: this key id is the key itself, and other local users can see arguments (ps): pipe it on standard input with `-` or use --key-id-from-env',
    )
  }
  const fields = { ...fieldsFrom(flags), ...vendorFieldsFrom(provider, flags) }
  assertMockFlags(flags)
  const mock = flags.mock ? await startMock({ seedFile: flags.mockSeed }) : undefined
  try {
    const dryRun = flags.dryRun ? new DryRun() : undefined
    // A dry run needs no credentials: placeholders stand in for missing ones (their headers show as [REDACTED]).
    const placeholders = dryRun ? fillCredentialPlaceholders([provider]) : []
    const client = createProviderClient(provider, clientFlags(flags, flags.baseUrl), {
      ...mock?.optionsFor(provider),
      ...dryRun?.clientOptions(provider),
    })
    const input = { provider: client, keyId, ...fields } as never
    if (dryRun) {
      await updateApiKey(input, { signal: dryRun.nextSignal(keyId) }).catch((error: unknown) => {
        if (dryRun.requests.length === 0) throw error
      })
      const reads = dryRun.requests.length > 1 ? ' <current …> values are what the reads would return.' : ''
      io.stdout(
        flags.json
          ? JSON.stringify({ ok: true, dryRun: true, requests: dryRun.requests })
          : `${dryRun.requests.map(formatRequest).join('\n\n')}\n\n(dry run: nothing was sent.${reads}${placeholderNote(placeholders)})`,
      )
      return exitCodes.ok
    }
    const updated = (await updateApiKey(input)) as ApiKey
    // --wait: a change the vendor applies in the background is read back until it shows.
    const key =
      flags.wait && updated.propagating && client.verifyUpdate
        ? ((await waitForUpdate(client as never, { keyId, ...fields } as never)) as ApiKey)
        : updated
    io.stdout(flags.json ? JSON.stringify({ ok: true, key }) : describeKey(key))
    return exitCodes.ok
  } finally {
    mock?.close()
  }
}
