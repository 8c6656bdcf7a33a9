/** Flags every command takes, and how they become a provider client's options. */
import { type Command, InvalidArgumentError } from 'commander'
import { providerDefinitions } from '../../providers/providers'
import type { ClientFlags } from './clients'
import { UsageError } from './report'

export interface CommonFlags {
  environment?: string
  timeout?: number
  maxRetries?: number
  dryRun?: boolean
  json?: boolean
  mock?: boolean
  mockSeed?: string
  allowInsecureHttp?: boolean
}

// No default list: commander would print `(default: [])` in the help.
export const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value]

export const nonNegativeInteger = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer')
  return Number(value)
}

export function addClientOptions(command: Command): Command {
  return command
    .option(
      '--environment <name>',
      `a named API root instead of the provider's default: ${providerDefinitions
        .filter((definition) => definition.environments !== undefined)
        .map(
          (definition) =>
            `${definition.name} ${Object.keys(definition.environments ?? {})
              .map((name) => (name === definition.defaultEnvironment ? `${name} (default)` : name))
              .join(' | ')}`,
        )
        .join('; ')}`,
    )
    .option('--timeout <ms>', 'time limit per attempt', nonNegativeInteger)
    .option(
      '--max-retries <n>',
      'retries for connection errors, timeouts, 408, 429 and 5xx (default 2)',
      nonNegativeInteger,
    )
    .option('--allow-insecure-http', 'allow an http: base URL on a host that is not loopback')
    .option('--dry-run', 'validate and print the exact HTTP request (secrets redacted); send nothing')
    .option('--json', 'print a machine-readable result on stdout')
    .option(
      '--mock',
      "run against the embedded mock providers (needs msw): mock credentials and hosts whatever the environment says; they hold each provider's example keys (see below)",
    )
    .option(
      '--mock-seed <file>',
      'with --mock, more keys: {provider: [keys]} (JSON or YAML), or a plan whose keys to seed',
    )
}

/** `--mock` means mock hosts: an explicit base URL contradicts it (and would send the mock's credentials elsewhere). */
export function assertMockFlags(flags: CommonFlags & { baseUrl?: unknown }): void {
  if (flags.mock && flags.baseUrl !== undefined)
    throw new UsageError("--mock answers on each provider's own hosts: leave out --base-url (or --mock)")
  if (flags.mockSeed !== undefined && !flags.mock) throw new UsageError('--mock-seed goes with --mock')
}

export function clientFlags(flags: CommonFlags, baseUrl: string | undefined): ClientFlags {
  return {
    baseUrl,
    environment: flags.environment,
    timeoutMs: flags.timeout,
    maxRetries: flags.maxRetries,
    allowInsecureHttp: flags.allowInsecureHttp,
  }
}
