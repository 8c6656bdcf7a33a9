/**
 * The `keyshift` command line: `update` one key, or `apply` a plan of many. Exit codes: 0 ok, 1 provider/API
 * error, 2 usage or validation error, 130 interrupted. Errors go to stderr as one line plus a hint; secrets are
 * never printed.
 */
import { Command, CommanderError, Option } from 'commander'
import { version } from '../../package.json'
import { providerDefinitions } from '../../providers/providers'
import type { FieldName } from '../kit/fields'
import { type ApplyFlags, runApply } from './apply-command'
import { credentialVariables, providerIds } from './clients'
import type { Io } from './io'
import { type MockServerFlags, runMockServer } from './mock-server-command'
import { defaultMaxPlanBytes } from './plan'
import { describeError, errorJson, exitCodeFor, exitCodes, UsageError } from './report'
import { addClientOptions, collect, nonNegativeInteger } from './shared-flags'
import { runUpdate, type UpdateFlags } from './update-command'

export type { Io } from './io'

const listOf = (names: readonly string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

/** The providers that take a normalized field, named for help texts: `Partoo, The Auth API`. */
const takenBy = (field: FieldName) =>
  providerDefinitions
    .filter((definition) => definition.fields.includes(field))
    .map((definition) => definition.name)
    .join(', ')

/** `<fields> (<vendor>); …`: the vendor-only fields `--field` takes. */
const vendorFieldList = () =>
  providerDefinitions
    .filter((definition) => (definition.vendorFields ?? []).length > 0)
    .map((definition) => `${definition.vendorFields?.join(', ')} (${definition.name})`)
    .join('; ') || 'none yet'

/** The providers whose input takes `null` for a field (`--unrestricted`: permissions `null`). */
const clearedBy = (field: FieldName) =>
  providerDefinitions
    .filter((definition) => {
      const schema = (
        definition.buildSchemas().input.shape as Record<
          string,
          { safeParse?: (v: unknown) => { success: boolean } }
        >
      )[field]
      return schema?.safeParse?.(null).success === true
    })
    .map((definition) => definition.name)
    .join(', ')

const withoutPublicUrl = () =>
  providerDefinitions
    .filter((definition) => !definition.environments && !definition.baseUrlsFrom)
    .map((definition) => definition.name)

/** For providers whose key id is the key's secret value: how to pass it without showing it to `ps`. */
function secretKeyIdHelp(): string {
  return providerDefinitions
    .filter((definition) => definition.keyIdIsSecret)
    .map(
      ({ id, name }) =>
        `\n${name}'s key id is the key itself, and other local users can read a command's arguments (ps).\nPass it safely on standard input or through an environment variable:\n  printf %s "$KEY" | keyshift update ${id} - …\n  keyshift update ${id} --key-id-from-env KEY …`,
    )
    .join('\n')
}

/** The width of the longest provider id, to align the help's columns. */
const idWidth = Math.max(...providerIds.map((id) => id.length)) + 2

function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('keyshift')
    .description(`Update API keys on ${listOf(providerDefinitions.map((definition) => definition.name))}`)
    .version(version, '-v, --version', 'print the version')
    .showHelpAfterError('hint: see `keyshift --help`')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text.trimEnd()),
      writeErr: (text) => io.stderr(text.trimEnd()),
    })
    .addHelpText(
      'after',
      `\nCredentials come from the environment:\n${providerIds.map((id) => `  ${id.padEnd(idWidth)}${credentialVariables[id]}`).join('\n')}\n\n--mock answers with mock credentials on the providers' own hosts, and holds one key per provider\n(others are a 404, as in a real account; --mock-seed adds more):\n${providerDefinitions.map((definition) => `  ${definition.id.padEnd(idWidth)}${definition.example.keyId}`).join('\n')}\n\nExit codes: 0 ok, 1 provider or network error, 2 usage or validation error, 130 interrupted.`,
    )

  const update = addClientOptions(
    program
      .command('update')
      .description('update one API key')
      .showHelpAfterError('hint: see `keyshift update --help`')
      .argument('<provider>', providerIds.join(' | '))
      .argument('[keyId]', 'the key to update; `-` reads it from standard input')
      .option('--key-id-from-env <name>', 'read the key id from this environment variable')
      .option('--name <name>', `new name (${takenBy('name')})`)
      .option('--description <text>', `new description (${takenBy('description')})`)
      .option(
        '--expires <date|never>',
        `expiry: YYYY-MM-DD, ISO date-time, or never (${takenBy('expiresAt')})`,
      )
      .option('--permission <name>', `a permission, repeat for several (${takenBy('permissions')})`, collect)
      .option('--unrestricted', `the key gets its owner's permissions (${clearedBy('permissions')})`)
      .option(
        '--allow-ip <ip|cidr>',
        `allowed IP or CIDR, repeat for several (${takenBy('ipAllowlist')})`,
        collect,
      )
      .option('--any-ip', `remove the IP restriction (${takenBy('ipAllowlist')})`)
      .option(
        '--allow-referrer <pattern>',
        `allowed HTTP referrer, repeat for several (${takenBy('allowedReferrers')})`,
        collect,
      )
      .option('--any-referrer', `remove the referrer restriction (${takenBy('allowedReferrers')})`)
      .option('--enable', `enable the key (${takenBy('enabled')})`)
      .option('--disable', `disable the key (${takenBy('enabled')})`)
      .option('--account-id <id>', `the key's account (${takenBy('accountId')})`)
      .option(
        '--field <name=json>',
        `a field only one vendor has, as JSON (repeat): ${vendorFieldList()}`,
        collect,
      )
      .option('--wait', 'when the vendor applies the change in the background, wait until its reads show it')
      .option('--metadata <json>', `a JSON object stored with the key (${takenBy('metadata')})`)
      .option(
        '--key-rate-limit <requests/seconds|none>',
        `the key's own rate limit, e.g. 100/60; none removes it (${takenBy('rateLimit')})`,
      )
      .option(
        '--owner-account-id <id>',
        `your account id, stored with the key (${takenBy('ownerAccountId')})`,
      )
      .option('--owner-user-id <id>', `your user id, stored with the key (${takenBy('ownerUserId')})`)
      .option(
        '--new-key-value-from-env <name>',
        `give the key a new value, read from this environment variable (${takenBy('newKeyValue')}; never an argument: it is a secret)`,
      )
      .option('--base-url <url>', `the API root (required for ${listOf(withoutPublicUrl())})`),
  ).addHelpText('after', secretKeyIdHelp())
  update.action(async (provider: string, keyId: string | undefined, flags: UpdateFlags) =>
    setExitCode(await runUpdate(provider, keyId, flags, io)),
  )

  const apply = addClientOptions(
    program
      .command('apply')
      .description('apply a JSON or YAML plan: a list of {provider, keyId, changes}')
      .showHelpAfterError('hint: see `keyshift apply --help`')
      .argument('<plan>', 'plan file (.json, .yaml or .yml), or - for standard input')
      .addOption(
        new Option('--concurrency <n>', 'updates in flight at once').default(4).argParser(nonNegativeInteger),
      )
      .option(
        '--rate-limit <provider=perMinute>',
        "requests per minute for a provider, every request counted (repeat; default: the vendor's documented limit, e.g. partoo=300; 0 = unpaced); a 429 slows the pace",
        collect,
      )
      .option(
        '--base-url <provider=url>',
        `API root for a provider (repeat; required for ${listOf(withoutPublicUrl())})`,
        collect,
      )
      .option(
        '--journal <file>',
        'record each item as it is sent and as it ends (default: <plan>.journal.jsonl; <plan>.mock.journal.jsonl with --mock)',
      )
      .option('--no-journal', 'keep no journal (an interrupted run cannot then be resumed)')
      .option(
        '--resume',
        'finish an interrupted run: skip the items the journal says were applied, re-check those whose answer was lost',
      )
      .option(
        '--allow-changed-plan',
        'resume although the plan changed: an item whose content changed runs again',
      )
      .addOption(
        new Option('--max-plan-bytes <n>', 'refuse plans larger than this')
          .default(defaultMaxPlanBytes)
          .argParser(nonNegativeInteger),
      ),
  ).addHelpText(
    'after',
    '\nCtrl-C (or SIGTERM) starts nothing new, lets the updates in flight finish, reports what was applied, failed,\nin doubt and not started, and exits 130; a second Ctrl-C aborts the updates in flight (reported as unknown).\n`--resume` then finishes the run: items whose outcome was lost are read back where the provider can read keys,\nand sent again only if their change is not there. One run per journal at a time.',
  )
  program
    .command('mock-server')
    .description(
      'serve the embedded mock providers over HTTP on loopback, for runtimes where msw cannot intercept fetch (workers, Deno, browsers, other languages)',
    )
    .addOption(
      new Option('--port <n>', 'the port (0 picks a free one)').default(4510).argParser(nonNegativeInteger),
    )
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--seed <file>', 'more keys: {provider: [keys]} (JSON or YAML), or a plan whose keys to seed')
    .option('--json', 'print the base URLs as JSON on stdout')
    .addHelpText(
      'after',
      '\nEach provider answers under http://<host>:<port>/<provider>/…, holding its example key (see `keyshift --help`);\nany non-empty credential is accepted. It prints each <PROVIDER>_BASE_URL= line to point keyshift at it.\nAdmin route (JSON): GET /__keyshift (base URLs and mock credentials), GET /__keyshift/keys/<provider>,\nGET /__keyshift/calls; POST /__keyshift/seed {provider: [keys]}, /fail {provider, status, times?},\n/rate-limit {provider, retryAfterSeconds, times?}, /latency {ms}, /reset. Ctrl-C stops it.',
    )
    .action(async (flags: MockServerFlags) => setExitCode(await runMockServer(flags, io)))

  apply.action(async (file: string, flags: ApplyFlags) => {
    try {
      if (flags.concurrency < 1) throw new UsageError('--concurrency must be at least 1')
      setExitCode(await runApply(file, flags, io))
    } catch (error) {
      // With --json a script reads stdout: it gets the failure there too (stderr still has the readable line).
      if (flags.json) io.stdout(JSON.stringify({ ok: false, error: errorJson(error) }))
      throw error
    }
  })
  return program
}

/** Runs the CLI and resolves with its exit code; never throws. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = exitCodes.ok
  const program = buildProgram(io, (code) => {
    exitCode = code
  })
  // `keyshift` alone: the help, on stdout, as gh and vercel do.
  if (argv.length === 0) {
    io.stdout(program.helpInformation().trimEnd())
    return exitCodes.ok
  }
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
