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
  nonEmptyString,
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
  /** Default `production`. Pass either this or `baseUrl`. */
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

/** A positive integer id from a number or a string of digits, or undefined. */
function toKeyId(value: unknown): number | undefined {
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)
        ? Number(value)
        : 0
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** `YYYY-MM-DD` from a date string or a Date at exactly midnight UTC (naming a day and nothing more). */
function toDay(value: unknown): string | undefined {
  if (typeof value === 'string') return isIsoDate(value) ? value : undefined
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return undefined
  const iso = value.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : undefined
}

const unsupportedHints = {
  enabled: 'Partoo can only revoke a key, permanently: POST /api_keys/revoke/{id}',
  rateLimit: 'Partoo rate-limits per organization, not per key',
  accountId: 'a Partoo key belongs to the user whose API key you send',
}

// Built on first use, so that bundling keyshift without Partoo builds (and ships) none of this.
let schemas: ReturnType<typeof buildSchemas> | undefined
function buildSchemas() {
  return {
    input: z.strictObject({
      keyId: z.custom<number | string>(
        (value) => toKeyId(value) !== undefined,
        'must be a positive integer (Partoo key ids are integers)',
      ),
      name: z.optional(nonEmptyString()),
      description: z.optional(z.string('must be a string')),
      expiresAt: z.optional(
        z.nullable(
          z
            .custom<string | Date>(
              (value) => toDay(value) !== undefined,
              'Partoo takes a calendar day (YYYY-MM-DD); a time of day would be lost, so it is refused',
            )
            // "Must be at least the day after today" — checked against UTC; the server has the final word.
            .check(
              z.refine(
                (value) => (toDay(value) ?? '') > todayUtc(),
                'must be at least tomorrow (UTC); to end a key today, revoke it',
              ),
            ),
        ),
      ),
      permissions: z.optional(z.nullable(permissionList())),
      ipAllowlist: z.optional(ipAllowlist()),
    }),
    // The fields of the response keyshift reads; everything else passes through to `raw`.
    response: z.looseObject({
      id: z.number(),
      label: z.optional(z.string()),
      description: z.optional(z.string()),
      expiration_date: z.optional(z.nullable(z.string())),
      ip_whitelist: z.optional(z.array(z.string())),
      has_restricted_permissions: z.optional(z.boolean()),
      permissions: z.optional(z.array(z.string())),
      disabled: z.optional(z.boolean()),
      created_at: z.optional(z.nullable(z.string())),
    }),
  }
}

export function createPartoo(options: PartooOptions = {}): PartooProvider {
  const settings = resolveSettings('partoo', options, partooEnvironments, 'production')
  const client = createClient<paths>({ baseUrl: settings.baseUrl })

  async function updatePartooKey(update: PartooUpdate, callOptions?: UpdateOptions): Promise<PartooApiKey> {
    schemas ??= buildSchemas()
    const input = parseInput('partoo', schemas.input, update, unsupportedHints)
    assertSomethingToUpdate('partoo', input, ['keyId'])
    const apiKey = loadCredential('partoo', 'apiKey', options.apiKey, 'PARTOO_API_KEY')
    const { transport, headers } = startCall(settings, callOptions, [apiKey])

    const body: components['schemas']['ApiKeyBody'] = definedOnly({
      label: input.name,
      description: input.description,
      expiration_date:
        input.expiresAt === undefined || input.expiresAt === null ? input.expiresAt : toDay(input.expiresAt),
      ip_whitelist: input.ipAllowlist,
    })
    if (input.permissions !== undefined) {
      // The two fields must travel together; `false` = the key has its owner's permissions.
      body.has_restricted_permissions = input.permissions !== null
      body.permissions = input.permissions ?? []
    }

    const outcome = await client.PUT('/api_keys/{key_id}', {
      params: { path: { key_id: toKeyId(input.keyId) as number } },
      body,
      headers: { ...headers, 'x-APIKey': apiKey },
      fetch: transport.fetch,
      parseAs: 'text',
    })
    const raw = readJson(transport, outcome, schemas.response, describePartooError) as PartooRaw
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
