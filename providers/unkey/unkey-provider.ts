/**
 * Unkey — `POST /v2/keys.updateKey` (API v2, RPC style: every call is a POST with a JSON body).
 * Docs: https://www.unkey.com/docs/api-reference/v2/keys/update-key-settings
 *
 * Quirks handled here:
 * - A partial update: a field left out keeps its value and `null` clears it (name, metadata, expiry, identity,
 *   credits, rate limits), so nothing is read first. `permissions` and `roles` replace the whole list.
 * - The answer is `{meta: {requestId}, data: {}}`: the result is built from what was sent.
 * - `ownerUserId` links the key to an identity of yours (`externalId`); an unknown one creates the identity, and
 *   unknown permissions are created too (Unkey's side effects).
 * - Changes take effect at once, but verification at the edge may use the old settings for up to 30 seconds.
 */
import type { components, paths } from '../../generated/unkey'
import {
  type ApiKey,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  type JsonObject,
  loadCredential,
  type Provider,
  type Resolved,
  requiredFieldsOf,
  sameJson,
  sameMembers,
  toIsoDateTime,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import { buildUnkeySchemas } from './unkey-schemas'

/** The API root (the `environment` option). */
export const unkeyEnvironments = { production: 'https://api.unkey.com' } as const

export interface UnkeyOptions extends ClientOptions {
  /** A root key with `update_key` permission, sent as `Authorization: Bearer`. Default: `UNKEY_ROOT_KEY`. */
  rootKey?: string | undefined
  environment?: keyof typeof unkeyEnvironments
}

/** Why Unkey cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const unkeyHints = {
  description: 'store it in metadata',
  ipAllowlist: "Unkey keys have no IP allowlist (check the caller's IP in your own verification)",
  ownerAccountId: 'use ownerUserId (the identity, externalId)',
  newKeyValue: 'Unkey rerolls a key with POST /v2/keys.rerollKey',
  accountId: 'a root key acts on its own workspace',
} as const

/** A named rate limit of a key (`ratelimits`). */
export type UnkeyRatelimit = Omit<components['schemas']['RatelimitRequest'], 'autoApply'> & {
  autoApply?: boolean
}
/** A key's usage credits, and their refill (`null` = no refill). */
export type UnkeyCredits = NonNullable<components['schemas']['UpdateKeyCreditsData']>

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type UnkeyUpdate = {
  /** The key's id (`key_…`), not its secret value. */
  keyId: string
  /** The key's roles, replacing the current list. */
  roles?: readonly string[]
  /** Named rate limits, replacing the current ones (`rateLimit` sets one named `requests`); `null` removes all. */
  ratelimits?: readonly UnkeyRatelimit[] | null
  /** Usage credits (`remaining`, and a daily or monthly `refill`); `null` = unlimited. */
  credits?: UnkeyCredits | null
} & UpdateFields<
  'Unkey',
  'name' | 'expiresAt' | 'enabled' | 'metadata' | 'ownerUserId' | 'permissions' | 'rateLimit',
  {
    /** The key's name; `null` removes it. */
    name: string | null
    /** A date-time (`Date` or ISO with a time zone) before 2100; `null` = never expires. */
    expiresAt: Date | string | null
    /** JSON returned when the key is verified; `null` removes it. */
    metadata: JsonObject | null
    /** Your user's id: links the key to an Unkey identity (`externalId`); `null` unlinks it. */
    ownerUserId: string | null
    /** Permission slugs (`documents.read`, `documents.*`), replacing the current list. */
    permissions: readonly string[]
  },
  typeof unkeyHints
>

/** Unkey's answer to an update: only its request id. */
export type UnkeyRaw = Resolved<
  paths['/v2/keys.updateKey']['post']['responses'][200]['content']['application/json']
>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type UnkeyApiKey = ApiKey<'unkey', UnkeyRaw>
/** A client of this provider: what its factory returns. */
export type UnkeyProvider = Provider<'unkey', UnkeyUpdate, UnkeyApiKey>

type UnkeyTypes = { paths: paths; options: UnkeyOptions; update: UnkeyUpdate }
type UnkeyCall = Call<UnkeyTypes, ReturnType<typeof buildUnkeySchemas>, string, undefined>

/** The name `rateLimit` gives the one limit it sets. */
const defaultLimitName = 'requests'

// `{meta, error: {title, detail, status, type, errors?: [{location, message, fix?}]}}` (RFC 7807 fields)

/** A readable message from Unkey's error body: its detail, and each validation error's location. */
export function describeUnkeyError(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null)?.error as
    | { title?: unknown; detail?: unknown; errors?: unknown }
    | undefined
  if (typeof error?.detail !== 'string') return undefined
  const details = Array.isArray(error.errors)
    ? error.errors
        .map((item) => item as { location?: unknown; message?: unknown })
        .filter((item) => typeof item.message === 'string')
        .map((item) =>
          typeof item.location === 'string' ? `${item.location}: ${item.message}` : String(item.message),
        )
    : []
  return [error.detail, ...details].join('; ')
}

/** Unkey's `expires`: milliseconds since 1970; `null` = never. */
function epochMs(expiresAt: Date | string | null | undefined): number | null | undefined {
  if (expiresAt === undefined || expiresAt === null) return expiresAt
  return Date.parse(toIsoDateTime(expiresAt) as string)
}

/** The credits as the body types them: optional parts left out rather than undefined. */
function creditsOf(
  credits: UnkeyCall['input']['credits'],
): components['schemas']['UpdateKeyCreditsData'] | undefined {
  if (credits === undefined || credits === null) return credits
  const { remaining, refill } = credits
  return {
    remaining,
    ...(refill !== undefined && {
      refill: refill && {
        interval: refill.interval,
        amount: refill.amount,
        ...definedOnly({ refillDay: refill.refillDay }),
      },
    }),
  }
}

/** The rate limits to send: the caller's own list, or the one `rateLimit` names. */
function ratelimitsOf(
  input: UnkeyCall['input'],
): components['schemas']['RatelimitRequest'][] | null | undefined {
  if (input.ratelimits === null) return null
  if (input.ratelimits !== undefined)
    return input.ratelimits.map((limit) => ({ ...limit, autoApply: limit.autoApply ?? false }))
  if (input.rateLimit === undefined) return undefined
  if (input.rateLimit === null) return null
  return [
    {
      name: defaultLimitName,
      limit: input.rateLimit.limit,
      duration: input.rateLimit.windowSeconds * 1000,
      autoApply: true,
    },
  ]
}

export const unkey = defineProvider<UnkeyTypes>()({
  id: 'unkey',
  name: 'Unkey',
  environments: unkeyEnvironments,
  defaultEnvironment: 'production',
  example: { keyId: 'key_2cGKbMxRyIzhCxo1Idjz8q', enabled: false, metadata: { plan: 'free' } },
  credentialHelp: 'UNKEY_ROOT_KEY',
  credentialVariables: ['UNKEY_ROOT_KEY'],
  fields: ['name', 'expiresAt', 'enabled', 'metadata', 'ownerUserId', 'permissions', 'rateLimit'],
  vendorFields: ['roles', 'ratelimits', 'credits'],
  unsupportedHints: unkeyHints,
  buildSchemas: buildUnkeySchemas,
  loadCredential: (options) => loadCredential('unkey', 'rootKey', options.rootKey, 'UNKEY_ROOT_KEY'),
  secretsOf: (rootKey) => [rootKey],
  authHeaders: (rootKey) => ({ Authorization: `Bearer ${rootKey}` }),
  check(input) {
    if (input.rateLimit !== undefined && input.ratelimits !== undefined) {
      throw new ValidationError('unkey', [
        { path: ['rateLimit'], message: 'pass rateLimit (one limit) or ratelimits (named limits), not both' },
      ])
    }
  },
  describeError: describeUnkeyError,

  async update(call): Promise<UnkeyApiKey> {
    const { input, schemas } = call
    const expires = epochMs(input.expiresAt)
    const response = await call.write({
      method: 'post',
      path: '/v2/keys.updateKey',
      body: {
        keyId: input.keyId,
        ...definedOnly({
          name: input.name,
          expires,
          enabled: input.enabled,
          meta: input.metadata,
          externalId: input.ownerUserId,
          permissions: input.permissions && [...input.permissions],
          roles: input.roles && [...input.roles],
          ratelimits: ratelimitsOf(input),
          credits: creditsOf(input.credits),
        }),
      },
      responseSchema: schemas.updated,
      requiredFields: requiredFieldsOf<UnkeyRaw>()(['meta', 'data']),
    })
    // Unkey answers no key: the result says what was sent.
    return new UpdatedApiKey<'unkey', UnkeyRaw>({
      provider: 'unkey',
      id: input.keyId,
      ...definedOnly({
        name: input.name ?? undefined,
        expiresAt: expires === undefined || expires === null ? expires : new Date(expires).toISOString(),
        enabled: input.enabled,
        permissions: input.permissions,
        responseIssues: response.issues,
      }),
      readBeforeWrite: false,
      raw: response.raw as UnkeyRaw,
    })
  },

  async verify(call): Promise<UnkeyApiKey | undefined> {
    const { input, schemas } = call
    const { data: key } = await call.read({
      method: 'post',
      path: '/v2/keys.getKey',
      body: { keyId: input.keyId },
      responseSchema: schemas.key,
    })
    const wantedLimits = ratelimitsOf(input)
    const limitsOf = (
      limits:
        | readonly { name?: string | undefined; limit?: number | undefined; duration?: number | undefined }[]
        | null
        | undefined,
    ) => (limits ?? []).map(({ name, limit, duration }) => ({ name, limit, duration }))
    const inEffect =
      (input.name === undefined ||
        (key.name ?? null) === (input.name ?? null) ||
        (input.name === null && key.name === '')) &&
      (input.enabled === undefined || key.enabled === input.enabled) &&
      (input.expiresAt === undefined || (key.expires ?? null) === epochMs(input.expiresAt)) &&
      (input.metadata === undefined || sameJson(key.meta ?? null, input.metadata)) &&
      (input.ownerUserId === undefined || (key.identity?.externalId ?? null) === input.ownerUserId) &&
      (input.permissions === undefined || sameMembers(key.permissions ?? [], input.permissions)) &&
      (input.roles === undefined || sameMembers(key.roles ?? [], input.roles)) &&
      (wantedLimits === undefined || sameJson(limitsOf(key.ratelimits), limitsOf(wantedLimits))) &&
      (input.credits === undefined || (key.credits?.remaining ?? null) === (input.credits?.remaining ?? null))
    if (!inEffect) return undefined
    return new UpdatedApiKey<'unkey', UnkeyRaw>({
      provider: 'unkey',
      id: key.keyId ?? input.keyId,
      ...definedOnly({
        name: key.name,
        enabled: key.enabled,
        expiresAt: key.expires === undefined ? null : new Date(key.expires).toISOString(),
        permissions: key.permissions,
        createdAt: key.createdAt === undefined ? undefined : new Date(key.createdAt).toISOString(),
        updatedAt: key.updatedAt === undefined ? undefined : new Date(key.updatedAt).toISOString(),
      }),
      readBeforeWrite: true,
      raw: { meta: { requestId: '' }, data: {} },
    })
  },
})

/** An Unkey client. Credentials: `rootKey`, or the `UNKEY_ROOT_KEY` environment variable. */
export function createUnkey(options: UnkeyOptions = {}): UnkeyProvider {
  return unkey.create(options)
}
