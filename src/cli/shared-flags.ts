/** Flags every command takes, and how they become a provider client's options. */
import { type Command, InvalidArgumentError } from 'commander'
import { providerDefinitions } from '../../providers/providers'
import type { ClientFlags } from './clients'

export interface CommonFlags {
  environment?: string
  timeout?: number
  maxRetries?: number
  dryRun?: boolean
  json?: boolean
  mock?: boolean
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
      `production (default)${providerDefinitions
        .flatMap((definition) =>
          Object.keys(definition.environments ?? {})
            .filter((name) => name !== 'production')
            .map((name) => `, ${name} (${definition.name})`),
        )
        .join('')}`,
    )
    .option('--timeout <ms>', 'time limit per attempt', nonNegativeInteger)
    .option(
      '--max-retries <n>',
      'retries for connection errors, timeouts, 408, 409, 429 and 5xx (default 2)',
      nonNegativeInteger,
    )
    .option('--allow-insecure-http', 'allow an http: base URL on a host that is not loopback')
    .option('--dry-run', 'validate and print the exact HTTP request (secrets redacted); send nothing')
    .option('--json', 'print a machine-readable result on stdout')
    .option('--mock', 'run against the embedded mock providers (needs msw); no credentials, no network')
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
