/**
 * The `keyshift` command line: `update` one key, or `apply` a plan of many. Exit codes: 0 ok, 1 provider/API
 * error, 2 usage or validation error. Errors go to stderr as one line plus a hint; secrets are never printed.
 */
import { readFile } from 'node:fs/promises'
import { SingleBar } from 'cli-progress'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import type { ApiKey } from '../core/api-key'
import type { ProviderId } from '../core/errors'
import type { ClientOptions } from '../core/options'
import type { AnyProvider } from '../core/provider'
import { updateApiKey } from '../core/update-api-key'
import { type BulkResult, updateApiKeys } from '../core/update-api-keys'
import { type ClientFlags, createClient, credentialVariables, isProviderId, providerIds } from './clients'
import { DryRun, formatRequest } from './dry-run'
import { startMock } from './mock-mode'
import { type PlanItem, parsePlan } from './plan'
import { describeError, errorJson, exitCodeFor, exitCodes, UsageError } from './report'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  isTty: boolean
}

const collect = (value: string, previous: string[]) => [...previous, value]
const nonNegativeInteger = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer')
  return Number(value)
}

interface CommonFlags {
  baseUrl?: string
  environment?: string
  timeout?: number
  maxRetries?: number
  dryRun?: boolean
  json?: boolean
  mock?: boolean
}

interface UpdateFlags extends CommonFlags {
  name?: string
  description?: string
  expires?: string
  permission: string[]
  unrestricted?: boolean
  allowIp: string[]
  anyIp?: boolean
  enable?: boolean
  disable?: boolean
  accountId?: string
}

interface ApplyFlags extends CommonFlags {
  concurrency: number
  rateLimit: string[]
  baseUrlFor: string[]
}

function addClientOptions(command: Command): Command {
  return command
    .option('--environment <name>', 'production (default), sandbox (Partoo) or staging (Plumaa)')
    .option('--timeout <ms>', 'time limit per attempt', nonNegativeInteger)
    .option(
      '--max-retries <n>',
      'retries for connection errors, timeouts, 408, 409, 429 and 5xx (default 2)',
      nonNegativeInteger,
    )
    .option('--dry-run', 'validate and print the exact HTTP request (secrets redacted); send nothing')
    .option('--json', 'print a machine-readable result on stdout')
    .option('--mock', 'run against the embedded mock providers (needs msw); no credentials, no network')
}

/** `update`'s flags as the SDK's normalized fields; only flags that were given become fields. */
function fieldsFrom(flags: UpdateFlags): Record<string, unknown> {
  if (flags.enable && flags.disable) throw new UsageError('--enable and --disable contradict each other')
  if (flags.unrestricted && flags.permission.length > 0)
    throw new UsageError('--unrestricted and --permission contradict each other')
  if (flags.anyIp && flags.allowIp.length > 0)
    throw new UsageError('--any-ip and --allow-ip contradict each other')
  const fields: Record<string, unknown> = {}
  if (flags.name !== undefined) fields.name = flags.name
  if (flags.description !== undefined) fields.description = flags.description
  if (flags.expires !== undefined) fields.expiresAt = flags.expires === 'never' ? null : flags.expires
  if (flags.unrestricted) fields.permissions = null
  if (flags.permission.length > 0) fields.permissions = flags.permission
  if (flags.anyIp) fields.ipAllowlist = []
  if (flags.allowIp.length > 0) fields.ipAllowlist = flags.allowIp
  if (flags.enable) fields.enabled = true
  if (flags.disable) fields.enabled = false
  if (flags.accountId !== undefined) fields.accountId = flags.accountId
  return fields
}

function clientFlags(flags: CommonFlags, baseUrl: string | undefined): ClientFlags {
  return { baseUrl, environment: flags.environment, timeoutMs: flags.timeout, maxRetries: flags.maxRetries }
}

function describeKey(key: ApiKey): string {
  const shown = Object.entries(key).filter(
    ([field]) => !['provider', 'id', 'raw', 'readBeforeWrite'].includes(field),
  )
  const lines = [
    `✓ ${key.provider} key ${key.id} updated${key.readBeforeWrite ? ' (read first to keep required fields)' : ''}`,
  ]
  for (const [field, value] of shown) lines.push(`  ${field}: ${JSON.stringify(value)}`)
  return lines.join('\n')
}

async function runUpdate(
  providerArgument: string,
  keyId: string,
  flags: UpdateFlags,
  io: Io,
): Promise<number> {
  if (!isProviderId(providerArgument))
    throw new UsageError(`unknown provider "${providerArgument}" (one of ${providerIds.join(', ')})`)
  const provider = providerArgument
  const fields = fieldsFrom(flags)
  const mock = flags.mock ? await startMock([{ provider, keyId }]) : undefined
  try {
    const dryRun = flags.dryRun ? new DryRun() : undefined
    const baseUrl = flags.baseUrl ?? mock?.flagsFor(provider).baseUrl
    const client = createClient(provider, clientFlags(flags, baseUrl), dryRun?.clientOptions ?? {})
    const input = { provider: client, keyId, ...fields } as never
    if (dryRun) {
      await updateApiKey(input, { signal: dryRun.nextSignal() }).catch((error: unknown) => {
        if (dryRun.requests.length === 0) throw error
      })
      const [first] = dryRun.requests
      const text = first ? formatRequest(first) : ''
      const note =
        first?.method === 'GET'
          ? `\n\n(then the update itself, re-sending the current values this read returns)`
          : ''
      io.stdout(
        flags.json
          ? JSON.stringify({ ok: true, dryRun: true, requests: dryRun.requests })
          : `${text}${note}\n\n(dry run: nothing was sent)`,
      )
      return exitCodes.ok
    }
    const key = await updateApiKey(input)
    io.stdout(flags.json ? JSON.stringify({ ok: true, key }) : describeKey(key as ApiKey))
    return exitCodes.ok
  } finally {
    mock?.close()
  }
}

function parseRateLimits(values: readonly string[]): Partial<Record<ProviderId, number>> {
  const limits: Partial<Record<ProviderId, number>> = {}
  for (const value of values) {
    const match = /^([a-z]+)=(\d+)(\/min)?$/.exec(value)
    if (!match || !isProviderId(match[1] ?? ''))
      throw new UsageError(`--rate-limit ${value}: expected <provider>=<calls per minute>, e.g. partoo=300`)
    limits[match[1] as ProviderId] = Number(match[2])
  }
  return limits
}

function parseBaseUrls(values: readonly string[]): Partial<Record<ProviderId, string>> {
  const urls: Partial<Record<ProviderId, string>> = {}
  for (const value of values) {
    const [provider, ...rest] = value.split('=')
    if (!provider || !isProviderId(provider) || rest.length === 0)
      throw new UsageError(`--base-url ${value}: expected <provider>=<url>`)
    urls[provider] = rest.join('=')
  }
  return urls
}

async function runApply(file: string, flags: ApplyFlags, io: Io): Promise<number> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new UsageError(`cannot read ${file}`)
  }
  const plan = parsePlan(text, file)
  const baseUrls = parseBaseUrls(flags.baseUrlFor)
  const callsPerMinute = parseRateLimits(flags.rateLimit)
  const mock = flags.mock ? await startMock(plan) : undefined
  try {
    const baseUrlOf = (provider: ProviderId) => baseUrls[provider] ?? mock?.flagsFor(provider).baseUrl
    const itemsWith = (clients: Map<ProviderId, AnyProvider>) =>
      plan.map(
        (item: PlanItem) =>
          ({ ...item.changes, provider: clients.get(item.provider), keyId: item.keyId }) as never,
      )
    const clientsFor = (options: ClientOptions) =>
      new Map(
        [...new Set(plan.map((item) => item.provider))].map((provider) => [
          provider,
          createClient(provider, clientFlags(flags, baseUrlOf(provider)), options),
        ]),
      )

    // Every item is validated (and its request built) before anything is sent: one bad item stops the plan.
    const dryRun = new DryRun()
    const invalid: string[] = []
    const preview = itemsWith(clientsFor(dryRun.clientOptions))
    for (const [index, item] of preview.entries()) {
      const before = dryRun.requests.length
      await updateApiKey(item, { signal: dryRun.nextSignal() }).catch((error: unknown) => {
        if (dryRun.requests.length === before)
          invalid.push(
            `item ${index} (${plan[index]?.provider} ${plan[index]?.keyId}): ${describeError(error)
              .split('\n')[0]
              ?.replace(/^error: /, '')}`,
          )
      })
    }
    if (invalid.length > 0) {
      io.stderr(
        `error: ${invalid.length} of ${plan.length} plan items are invalid; nothing was sent\n${invalid.map((line) => `  ${line}`).join('\n')}\nhint: fix the plan and run again`,
      )
      if (flags.json) io.stdout(JSON.stringify({ ok: false, invalid }))
      return exitCodes.usage
    }
    if (flags.dryRun) {
      io.stdout(
        flags.json
          ? JSON.stringify({ ok: true, dryRun: true, requests: dryRun.requests })
          : `${dryRun.requests.map(formatRequest).join('\n\n')}\n\n(dry run: ${plan.length} items valid, nothing was sent)`,
      )
      return exitCodes.ok
    }

    const bar =
      io.isTty && !flags.json
        ? new SingleBar({
            format: 'keyshift apply [{bar}] {value}/{total} · {failed} failed',
            stream: process.stderr,
          })
        : undefined
    bar?.start(plan.length, 0, { failed: 0 })
    const results = await updateApiKeys(itemsWith(clientsFor({})), {
      concurrency: flags.concurrency,
      callsPerMinute,
      onProgress: ({ done, total, failed, last }) => {
        if (bar) bar.update(done, { failed })
        else if (!flags.json)
          io.stderr(
            `[${done}/${total}] ${last.ok ? 'ok' : 'failed'} ${last.provider} ${plan[last.index]?.keyId}`,
          )
      },
    })
    bar?.stop()
    return report(plan, results, flags, io)
  } finally {
    mock?.close()
  }
}

function report(plan: PlanItem[], results: BulkResult[], flags: ApplyFlags, io: Io): number {
  const failures = results.filter((result) => !result.ok)
  if (flags.json) {
    io.stdout(
      JSON.stringify({
        ok: failures.length === 0,
        updated: results.length - failures.length,
        failed: failures.length,
        results: results.map((result) => ({
          index: result.index,
          provider: result.provider,
          keyId: plan[result.index]?.keyId,
          ok: result.ok,
          ...(result.ok ? { key: result.key } : { error: errorJson(result.error) }),
        })),
      }),
    )
  } else {
    const items = results.length === 1 ? '1 item' : `${results.length} items`
    io.stdout(`${items}: ${results.length - failures.length} updated, ${failures.length} failed`)
  }
  if (failures.length > 0) {
    const lines = failures.map(
      (result) =>
        `  item ${result.index} (${result.provider} ${plan[result.index]?.keyId}): ${result.ok ? '' : result.error.message}`,
    )
    io.stderr(
      `error: ${failures.length} of ${results.length} items failed\n${lines.join('\n')}\nhint: fix or retry the failed items (a plan of just them is safe to re-run: updates are idempotent)`,
    )
    return exitCodes.failed
  }
  return exitCodes.ok
}

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('keyshift')
    .description('Update API keys on Partoo, PulseCRM, The Auth API and Plumaa ID')
    .showHelpAfterError('hint: see `keyshift <command> --help`')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text.trimEnd()),
      writeErr: (text) => io.stderr(text.trimEnd()),
    })
    .addHelpText(
      'after',
      `\nCredentials come from the environment:\n${providerIds.map((id) => `  ${id.padEnd(11)} ${credentialVariables[id]}`).join('\n')}\n\nExit codes: 0 ok, 1 provider or network error, 2 usage or validation error.`,
    )

  const update = addClientOptions(
    program
      .command('update')
      .description('update one API key')
      .argument('<provider>', providerIds.join(' | '))
      .argument('<keyId>', 'the key to update')
      .option('--name <name>', 'new name (Partoo label, The Auth API name, Plumaa name)')
      .option('--description <text>', 'new description (Partoo, PulseCRM)')
      .option('--expires <date|never>', 'expiry: YYYY-MM-DD (Partoo), ISO date-time, or never')
      .option('--permission <name>', 'a permission (repeat for several; replaces the list)', collect, [])
      .option('--unrestricted', "Partoo: the key gets its owner's permissions")
      .option('--allow-ip <ip|cidr>', 'allowed IP or CIDR (repeat; Partoo)', collect, [])
      .option('--any-ip', 'remove the IP restriction (Partoo)')
      .option('--enable', 'enable the key (Plumaa)')
      .option('--disable', 'disable the key (Plumaa)')
      .option('--account-id <id>', 'PulseCRM account (x-account-id)')
      .option('--base-url <url>', 'the API root (required for PulseCRM)'),
  )
  update.action(async (provider: string, keyId: string, flags: UpdateFlags) =>
    setExitCode(await runUpdate(provider, keyId, flags, io)),
  )

  const apply = addClientOptions(
    program
      .command('apply')
      .description('apply a JSON or YAML plan: a list of {provider, keyId, changes}')
      .argument('<file>', 'plan file (.json, .yaml or .yml)')
      .addOption(
        new Option('--concurrency <n>', 'updates in flight at once').default(4).argParser(nonNegativeInteger),
      )
      .option(
        '--rate-limit <provider=perMinute>',
        'calls per minute for a provider (repeat; default partoo=300, 0 = unpaced)',
        collect,
        [],
      )
      .option(
        '--base-url <provider=url>',
        'API root for a provider (repeat; required for PulseCRM)',
        collect,
        [],
      ),
  )
  apply.action(async (file: string, flags: ApplyFlags & { baseUrl: string[] }) => {
    if (flags.concurrency < 1) throw new UsageError('--concurrency must be at least 1')
    setExitCode(await runApply(file, { ...flags, baseUrlFor: flags.baseUrl }, io))
  })
  return program
}

/** Runs the CLI and resolves with its exit code; never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = exitCodes.ok
  const program = buildProgram(io, (code) => {
    exitCode = code
  })
  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return exitCodes.ok
      return exitCodes.usage
    }
    io.stderr(describeError(error))
    return exitCodeFor(error)
  }
}
