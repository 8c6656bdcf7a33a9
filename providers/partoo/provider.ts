/**
 * Partoo REST API v2 — `PUT /api_keys/{key_id}`.
 * Docs: https://developers.partoo.co/api-reference/apikeys/update-api-key ; spec: ./openapi.yaml.
 */
import createClient from 'openapi-fetch'
import * as z from 'zod/mini'
import type { components, paths } from '../../generated/partoo'
import { type ApiKey, UpdatedApiKey } from '../../src/core/api-key'
import type { DateOnlyString, UpdateFields } from '../../src/core/fields'
import type { ClientOptions, UpdateOptions } from '../../src/core/options'
import type { Provider } from '../../src/core/provider'
import { assertSomethingToUpdate, definedOnly, startCall } from '../../src/internal/call'
import {
  ipAllowlist,
  isIsoDate,
  isValidDate,
  name,
  parseInput,
  permissionList,
  todayUtc,
} from '../../src/internal/input'
import { readJson } from '../../src/internal/response'
import { loadCredential, resolveSettings } from '../../src/internal/settings'
import { describePartooError } from './errors'
import { parsePartooTimestamp } from './timestamps'

export const partooEnvironments = {
  production: 'https://api.partoo.co/v2',
  sandbox: 'https://api.sandbox.partoo.co/v2',
} as const

export interface PartooOptions extends ClientOptions {
  /** Sent as `x-APIKey`. Default: the `PARTOO_API_KEY` environment variable, read at each call. */
  apiKey?: string
  /** Default `production`. Ignored when `baseUrl` is set (pass one or the other). */
  environment?: keyof typeof partooEnvironments
}

export type PartooUpdate = {
  /** Partoo's integer key id (`3245` or `'3245'`). */
  keyId: number | string
} & UpdateFields<
  'name' | 'description' | 'expiresAt' | 'permissions' | 'ipAllowlist',
  // Partoo stores a calendar day, at least tomorrow: a time of day would be silently lost, so it is refused.
  { expiresAt: DateOnlyString | Date | null }
>

export type PartooRaw = components['schemas']['ApiKey']
export type PartooApiKey = ApiKey<'partoo', PartooRaw>
export type PartooProvider = Provider<'partoo', PartooUpdate, PartooApiKey>

const keyId = z.pipe(
  z.union([z.number(), z.string()], 'must be a positive integer'),
  z.transform((value, context) => {
    const number =
      typeof value === 'number' ? value : /^[1-9]\d{0,15}$/.test(value) ? Number(value) : Number.NaN
    if (Number.isSafeInteger(number) && number > 0) return number
    context.issues.push({
      code: 'custom',
      input: value,
      message: 'must be a positive integer (Partoo key ids are integers)',
    })
    return z.NEVER
  }),
)

const expiryDate = z.pipe(
  z.union([z.date(), z.string()], 'must be a YYYY-MM-DD date string, a Date, or null'),
  z.transform((value, context) => {
    let day: string | undefined
    if (value instanceof Date) {
      // A Date is accepted only at exactly midnight UTC, i.e. when it names a day and nothing more.
      if (isValidDate(value) && value.toISOString().endsWith('T00:00:00.000Z'))
        day = value.toISOString().slice(0, 10)
    } else if (isIsoDate(value)) {
      day = value
    }
    if (day === undefined) {
      context.issues.push({
        code: 'custom',
        input: value,
        message: 'Partoo takes a calendar day (YYYY-MM-DD); a time of day would be lost, so it is refused',
      })
      return z.NEVER
    }
    // "Must be at least the day after today" — checked against UTC; the server has the final word.
    if (day <= todayUtc()) {
      context.issues.push({
        code: 'custom',
        input: value,
        message: 'must be at least tomorrow (UTC); to end a key today, revoke it',
      })
      return z.NEVER
    }
    return day
  }),
)

const inputSchema = z.strictObject({
  keyId,
  name: z.optional(name),
  description: z.optional(z.string('must be a string')),
  expiresAt: z.optional(z.nullable(expiryDate)),
  permissions: z.optional(z.nullable(permissionList)),
  ipAllowlist: z.optional(ipAllowlist),
})

const unsupportedHints = {
  enabled: 'Partoo can only revoke a key, permanently: POST /api_keys/revoke/{id}',
  rateLimit: 'Partoo rate-limits per organization, not per key',
  accountId: 'a Partoo key belongs to the user whose API key you send',
} as const

// The fields of the response keyshift reads; everything else passes through to `raw`.
const responseSchema = z.looseObject({
  id: z.int(),
  label: z.optional(z.string()),
  description: z.optional(z.string()),
  expiration_date: z.optional(z.nullable(z.string())),
  ip_whitelist: z.optional(z.array(z.string())),
  has_restricted_permissions: z.optional(z.boolean()),
  permissions: z.optional(z.array(z.string())),
  disabled: z.optional(z.boolean()),
  created_at: z.optional(z.nullable(z.string())),
})

export function createPartoo(options: PartooOptions = {}): PartooProvider {
  const settings = resolveSettings('partoo', options, partooEnvironments, 'production')
  const client = createClient<paths>({ baseUrl: settings.baseUrl })

  async function updatePartooKey(update: PartooUpdate, callOptions?: UpdateOptions): Promise<PartooApiKey> {
    const input = parseInput('partoo', inputSchema, update, unsupportedHints)
    assertSomethingToUpdate('partoo', input, ['keyId'])
    const apiKey = loadCredential('partoo', 'apiKey', options.apiKey, 'PARTOO_API_KEY')
    const { transport, headers } = startCall(settings, callOptions, [apiKey])

    const body: components['schemas']['ApiKeyBody'] = definedOnly({
      label: input.name,
      description: input.description,
      expiration_date: input.expiresAt,
      ip_whitelist: input.ipAllowlist,
    })
    if (input.permissions !== undefined) {
      // The two fields must travel together; `false` = the key has its owner's permissions.
      body.has_restricted_permissions = input.permissions !== null
      body.permissions = input.permissions ?? []
    }

    const outcome = await client.PUT('/api_keys/{key_id}', {
      params: { path: { key_id: input.keyId } },
      body,
      headers: { ...headers, 'x-APIKey': apiKey },
      fetch: transport.fetch,
      parseAs: 'text',
    })
    const raw = readJson(transport, outcome, responseSchema, describePartooError) as PartooRaw
    return new UpdatedApiKey<'partoo', PartooRaw>({
      provider: 'partoo',
      id: String(raw.id),
      ...definedOnly({
        name: raw.label,
        description: raw.description,
        expiresAt: raw.expiration_date,
        permissions: raw.has_restricted_permissions === false ? null : raw.permissions,
        ipAllowlist: raw.ip_whitelist,
        enabled: raw.disabled === undefined ? undefined : !raw.disabled,
        createdAt: parsePartooTimestamp(raw.created_at),
      }),
      readBeforeWrite: false,
      raw,
    })
  }

  return { id: 'partoo', updateApiKey: updatePartooKey }
}
