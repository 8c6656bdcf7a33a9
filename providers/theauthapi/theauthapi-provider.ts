/**
 * The Auth API — `PATCH /api-keys/{key}`.
 * Docs: https://docs.theauthapi.com (API keys › Update API Key).
 *
 * Quirks handled here:
 * - A key is identified by its secret value, in the URL path: it is URL-encoded by openapi-fetch and redacted
 *   from everything keyshift logs or throws. The result's `id` is masked; `revealSecret()` returns the value.
 * - `name` is required on every update: a partial update reads the key first (`GET /api-keys/{key}`).
 * - The request says `expiry`, the response `expiresAt`.
 * - A new key value (`newKeyValue`, sent as `key`) changes how the key is addressed: the same PATCH sent twice
 *   would address the old value and fail with 404. It is never retried blindly: after a lost response the new key
 *   is read (`verify`), and the PATCH is sent again only when the rotation did not happen.
 */
import type * as z from 'zod/mini'
import type { components, paths } from '../../generated/theauthapi'
import {
  type ApiKeyWithSecret,
  type ClientOptions,
  type DateOnlyString,
  definedOnly,
  defineProvider,
  isIsoDate,
  loadCredential,
  maskSecret,
  NotFoundError,
  type Provider,
  type Resolved,
  requiredFieldsOf,
  sameInstant,
  sameJson,
  toIsoDateOrDateTime,
  UpdatedApiKey,
  type UpdateFields,
  type UpdateResponse,
  ValidationError,
  withoutSecret,
} from '../../src/kit'
import { buildTheAuthApiSchemas } from './theauthapi-schemas'

/** The API root of each documented environment (the `environment` option). */
export const theAuthApiEnvironments = {
  production: 'https://api.theauthapi.com',
} as const

export interface TheAuthApiOptions extends ClientOptions {
  /** An access key, sent as `x-api-key`. Default: the `THEAUTHAPI_ACCESS_KEY` environment variable. */
  accessKey?: string | undefined
  /** The Auth API has one host; "test" and "live" are project modes on it. */
  environment?: keyof typeof theAuthApiEnvironments
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

/** Why The Auth API cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const theAuthApiHints = {
  description: 'store it in metadata',
  permissions: 'store roles in metadata',
  enabled: 'use DELETE /api-keys/{key} and PATCH /api-keys/{key}/reactivate',
  accountId: 'use ownerAccountId to store your own account id',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type TheAuthApiUpdate = {
  /** The key's value (its identifier is its secret). */
  keyId: string
} & UpdateFields<
  'The Auth API',
  'name' | 'expiresAt' | 'rateLimit' | 'metadata' | 'ownerAccountId' | 'ownerUserId' | 'newKeyValue',
  {
    /** When the key stops working (`expiry`): a `Date`, an ISO date-time or `YYYY-MM-DD`; `null` = never. */
    expiresAt: Date | string | DateOnlyString | null
  },
  typeof theAuthApiHints
>

type WireApiKey = components['schemas']['ApiKey']
/** The response without `key` (the secret): use `revealSecret()` for it. */
export type TheAuthApiRaw = Resolved<Omit<WireApiKey, 'key'>>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type TheAuthApiApiKey = ApiKeyWithSecret<'theauthapi', TheAuthApiRaw>
/** A client of this provider: what its factory returns. */
export type TheAuthApiProvider = Provider<'theauthapi', TheAuthApiUpdate, TheAuthApiApiKey>

// NestJS envelope: {statusCode, message: string | string[], error?} — https://docs.theauthapi.com

/** A readable message from The Auth API's error body; validation messages (an array) are joined. */
export function describeTheAuthApiError(body: unknown): string | undefined {
  const { message } = body as { message?: unknown }
  if (typeof message === 'string') return message
  return Array.isArray(message) && message.every((item) => typeof item === 'string')
    ? message.join('; ')
    : undefined
}

export const theauthapi = defineProvider<{
  paths: paths
  options: TheAuthApiOptions
  update: TheAuthApiUpdate
}>()({
  id: 'theauthapi',
  name: 'The Auth API',
  environments: theAuthApiEnvironments,
  defaultEnvironment: 'production',
  example: {
    keyId: 'live_example_key_0001',
    name: 'mobile app',
    expiresAt: '2099-06-30',
    rateLimit: { limit: 100, windowSeconds: 60 },
  },
  credentialHelp: 'THEAUTHAPI_ACCESS_KEY',
  credentialVariables: ['THEAUTHAPI_ACCESS_KEY'],
  // A partial update reads the current name first.
  dryRunReply: ({ method }) => (method === 'GET' ? { name: '<current name>' } : undefined),
  keyIdIsSecret: true,
  fields: ['name', 'expiresAt', 'rateLimit', 'metadata', 'ownerAccountId', 'ownerUserId', 'newKeyValue'],
  unsupportedHints: theAuthApiHints,
  buildSchemas: buildTheAuthApiSchemas,
  loadCredential: (options) =>
    loadCredential('theauthapi', 'accessKey', options.accessKey, 'THEAUTHAPI_ACCESS_KEY'),
  // The key's value travels in the path, and a new one in the body: both are secrets.
  secretsOf: (accessKey, input) => [accessKey, input.keyId, input.newKeyValue],
  authHeaders: (accessKey) => ({ 'x-api-key': accessKey }),
  check(input, { readBeforeWrite }) {
    if (input.name === undefined && !readBeforeWrite) {
      throw new ValidationError('theauthapi', [
        { path: ['name'], message: 'required by The Auth API on every update (readBeforeWrite is off)' },
      ])
    }
  },
  describeError: describeTheAuthApiError,

  async update(call): Promise<TheAuthApiApiKey> {
    const { input, schemas } = call
    const path = { key: input.keyId }
    // `name` is required on every update: a partial update reads the current one first.
    const name =
      input.name ??
      (
        await call.read({
          method: 'get',
          path: '/api-keys/{key}',
          params: { path },
          responseSchema: schemas.current,
        })
      ).name
    const body: components['schemas']['UpdateClientKeyDTO'] = {
      name,
      ...definedOnly({
        key: input.newKeyValue,
        customMetaData: input.metadata,
        customAccountId: input.ownerAccountId,
        customUserId: input.ownerUserId,
        expiry:
          input.expiresAt === undefined || input.expiresAt === null
            ? input.expiresAt
            : toIsoDateOrDateTime(input.expiresAt),
        rateLimitConfigs:
          input.rateLimit === undefined
            ? undefined
            : input.rateLimit && {
                rateLimit: input.rateLimit.limit,
                rateLimitTtl: input.rateLimit.windowSeconds,
              },
      }),
    }
    const response = await call.write({
      method: 'patch',
      path: '/api-keys/{key}',
      params: { path },
      body,
      responseSchema: schemas.updated,
      secretField: 'key',
      requiredFields: requiredFieldsOf<WireApiKey>()([
        'key',
        'name',
        'env',
        'createdAt',
        'updatedAt',
        'isActive',
      ]),
      idempotent: input.newKeyValue === undefined,
    })
    return theAuthApiKey(call, response, input.name === undefined)
  },

  async verify(call): Promise<TheAuthApiApiKey | undefined> {
    const { input, schemas } = call
    // After a rotation the key answers to its new value only.
    const key = input.newKeyValue ?? input.keyId
    let current: z.output<typeof schemas.updated>
    try {
      current = await call.read({
        method: 'get',
        path: '/api-keys/{key}',
        params: { path: { key } },
        responseSchema: schemas.updated,
      })
    } catch (error) {
      if (input.newKeyValue !== undefined && error instanceof NotFoundError) return undefined
      throw error
    }
    const expiry = input.expiresAt && toIsoDateOrDateTime(input.expiresAt)
    // A rotation is one PATCH: the new key answering means every change of it was applied.
    const inEffect =
      input.newKeyValue !== undefined ||
      ((input.name === undefined || current.name === input.name) &&
        (input.expiresAt === undefined ||
          sameInstant(
            current.expiresAt ?? null,
            expiry && (isIsoDate(expiry) ? `${expiry}T00:00:00Z` : expiry),
          )) &&
        (input.rateLimit === undefined ||
          (input.rateLimit === null
            ? (current.rateLimitConfigs ?? null) === null
            : current.rateLimitConfigs?.rateLimit === input.rateLimit.limit &&
              current.rateLimitConfigs?.rateLimitTtl === input.rateLimit.windowSeconds)) &&
        (input.metadata === undefined || sameJson(current.customMetaData, input.metadata)) &&
        (input.ownerAccountId === undefined || current.customAccountId === input.ownerAccountId) &&
        (input.ownerUserId === undefined || current.customUserId === input.ownerUserId))
    if (!inEffect) return undefined
    return theAuthApiKey(
      call,
      withoutSecret(call.redactor, { raw: current, readable: current, issues: undefined }, 'key'),
      false,
    )
  },
})

type TheAuthApiCall = Parameters<(typeof theauthapi)['update']>[0]

/** The normalized key from a key DTO (an update's answer, or a read), its secret already taken apart. */
function theAuthApiKey(
  call: TheAuthApiCall,
  response: UpdateResponse<z.output<TheAuthApiCall['schemas']['updated']>> & { secret?: string | undefined },
  readBeforeWrite: boolean,
): TheAuthApiApiKey {
  const { raw, readable } = response
  // The key's value is its identifier: the one sent, when the response does not return it.
  const secret = response.secret ?? call.input.newKeyValue ?? call.input.keyId
  return new UpdatedApiKey<'theauthapi', TheAuthApiRaw>(
    {
      provider: 'theauthapi',
      id: maskSecret(secret),
      ...definedOnly({
        name: readable.name,
        enabled: readable.isActive,
        createdAt: readable.createdAt,
        updatedAt: readable.updatedAt,
        expiresAt: readable.expiresAt,
        responseIssues: response.issues,
      }),
      readBeforeWrite,
      raw: raw as TheAuthApiRaw,
    },
    secret,
  )
}

/** A client for The Auth API. Credentials: `accessKey`, or the `THEAUTHAPI_ACCESS_KEY` environment variable. */
export function createTheAuthApi(options: TheAuthApiOptions = {}): TheAuthApiProvider {
  return theauthapi.create(options)
}
