/**
 * Partoo REST API v2 — `PUT /api_keys/{key_id}`, authenticated with the `x-APIKey` header.
 * Docs: https://developers.partoo.co/api-reference/apikeys/update-api-key
 *
 * Quirks handled here:
 * - Key ids are integers (`3245` or `'3245'`).
 * - `expiration_date` is a calendar day, at least tomorrow: a time of day would be silently lost, so it is refused.
 * - `has_restricted_permissions` and `permissions` travel together.
 * - Timestamps look like `2019-08-22 11:46:38.914467+00` and are rebuilt as ISO strings.
 */
import type * as z from 'zod/mini'
import type { components, paths } from '../../generated/partoo'
import {
  type ApiKey,
  type ClientOptions,
  type DateOnlyString,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  type Resolved,
  requiredFieldsOf,
  sameMembers,
  UpdatedApiKey,
  type UpdateFields,
  type UpdateResponse,
} from '../../src/kit'
import { describePartooError, parsePartooTimestamp, toDay, toKeyId } from './partoo-conversions'
import { buildPartooSchemas } from './partoo-schemas'

/** The API root of each documented environment (the `environment` option). */
export const partooEnvironments = {
  production: 'https://api.partoo.co/v2',
  sandbox: 'https://api.sandbox.partoo.co/v2',
} as const

export interface PartooOptions extends ClientOptions {
  /** Sent as `x-APIKey`. Default: the `PARTOO_API_KEY` environment variable, read at each call. */
  apiKey?: string | undefined
  /** Default `production`. Pass either this or `baseUrl`. */
  environment?: keyof typeof partooEnvironments
}

/** Why Partoo cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const partooHints = {
  enabled: 'Partoo can only revoke a key, permanently: POST /api_keys/revoke/{id}',
  rateLimit: 'Partoo rate-limits per organization, not per key',
  accountId: 'a Partoo key belongs to the user whose API key you send',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type PartooUpdate = {
  /** Partoo's integer key id (`3245` or `'3245'`). */
  keyId: number | string
} & UpdateFields<
  'Partoo',
  'name' | 'description' | 'expiresAt' | 'permissions' | 'ipAllowlist',
  {
    /**
     * When the key stops working: a calendar day (`'2027-06-30'`, or `parseDay(text)` for a string from the
     * environment) or a `Date` at 00:00 UTC, at least tomorrow (UTC); `null` = never. A time of day would be lost,
     * so it is refused.
     */
    expiresAt: DateOnlyString | Date | null
  },
  typeof partooHints
>

/** The provider's response body, typed from its spec. */
export type PartooRaw = Resolved<components['schemas']['ApiKey']>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type PartooApiKey = ApiKey<'partoo', PartooRaw>
/** A client of this provider: what its factory returns. */
export type PartooProvider = Provider<'partoo', PartooUpdate, PartooApiKey>

export const partoo = defineProvider<{ paths: paths; options: PartooOptions; update: PartooUpdate }>()({
  id: 'partoo',
  name: 'Partoo',
  environments: partooEnvironments,
  defaultEnvironment: 'production',
  // 300 requests per minute per organization, 429 + Retry-After past it:
  // https://developers.partoo.co/guides/api/getting-started/api-fundamentals/rate-limits
  requestsPerMinute: 300,
  // https://developers.partoo.co/guides/api/resources/settings/security_and_api_key_usage
  refusesBrowsers:
    'Partoo refuses browser origins: call it from your backend, or through a proxy of your own set as baseUrl',
  example: {
    keyId: 3245,
    name: 'CI deploy',
    expiresAt: '2099-06-30',
    permissions: ['business_edit'],
    ipAllowlist: ['203.0.113.0/24'],
  },
  credentialHelp: 'PARTOO_API_KEY',
  credentialVariables: ['PARTOO_API_KEY'],
  fields: ['name', 'description', 'expiresAt', 'permissions', 'ipAllowlist'],
  unsupportedHints: partooHints,
  buildSchemas: buildPartooSchemas,
  loadCredential: (options) => loadCredential('partoo', 'apiKey', options.apiKey, 'PARTOO_API_KEY'),
  secretsOf: (apiKey) => [apiKey],
  authHeaders: (apiKey) => ({ 'x-APIKey': apiKey }),
  describeError: describePartooError,

  async update(call): Promise<PartooApiKey> {
    const { input, schemas } = call
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
    const { raw, readable, issues } = await call.write({
      method: 'put',
      path: '/api_keys/{key_id}',
      params: { path: { key_id: toKeyId(input.keyId) as number } },
      body,
      responseSchema: schemas.response,
      // Partoo's `ApiKey` requires none of its fields.
      requiredFields: requiredFieldsOf<components['schemas']['ApiKey']>()([]),
    })
    return partooApiKey(readable, raw, input.keyId, issues)
  },

  async verify(call): Promise<PartooApiKey | undefined> {
    const { input, schemas } = call
    const current = await call.read({
      method: 'get',
      path: '/api_keys/{key_id}',
      // Without it, Partoo leaves out the permissions the calling user does not have.
      params: { path: { key_id: toKeyId(input.keyId) as number }, query: { include_all_permissions: true } },
      responseSchema: schemas.response,
    })
    const inEffect =
      (input.name === undefined || current.label === input.name) &&
      (input.description === undefined || current.description === input.description) &&
      (input.expiresAt === undefined ||
        current.expiration_date === (input.expiresAt === null ? null : toDay(input.expiresAt))) &&
      (input.permissions === undefined ||
        (input.permissions === null
          ? current.has_restricted_permissions === false
          : current.has_restricted_permissions === true &&
            sameMembers(current.permissions, input.permissions))) &&
      (input.ipAllowlist === undefined || sameMembers(current.ip_whitelist, input.ipAllowlist))
    return inEffect ? partooApiKey(current, current, input.keyId, undefined) : undefined
  },
})

type PartooReadable = z.output<ReturnType<typeof buildPartooSchemas>['response']>

/** The normalized key from Partoo's `ApiKey` body (an update's answer, or a read). */
function partooApiKey(
  readable: PartooReadable,
  raw: Record<string, unknown>,
  keyId: number | string,
  issues: UpdateResponse<unknown>['issues'],
): PartooApiKey {
  return new UpdatedApiKey<'partoo', PartooRaw>({
    provider: 'partoo',
    id: String(readable.id ?? keyId),
    ...definedOnly({
      name: readable.label,
      description: readable.description,
      expiresAt: readable.expiration_date,
      permissions: readable.has_restricted_permissions === false ? null : readable.permissions,
      ipAllowlist: readable.ip_whitelist,
      enabled: readable.disabled === undefined ? undefined : !readable.disabled,
      createdAt: parsePartooTimestamp(readable.created_at),
      responseIssues: issues,
    }),
    readBeforeWrite: false,
    raw: raw as PartooRaw,
  })
}

/** A Partoo client. Credentials: `apiKey`, or the `PARTOO_API_KEY` environment variable. */
export function createPartoo(options: PartooOptions = {}): PartooProvider {
  return partoo.create(options)
}
