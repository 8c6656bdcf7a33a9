/**
 * Datadog — `PATCH /api/v2/api_keys/{api_key_id}` and `PATCH /api/v2/current_user/application_keys/{app_key_id}`.
 * Docs: https://docs.datadoghq.com/api/latest/key-management/#edit-an-api-key
 *
 * Quirks handled here:
 * - Bodies and answers are JSON:API documents: `{data: {type, id, attributes}}`, the id repeated from the path.
 * - An API key's PATCH requires its `name` every time: a change of its category or Remote Configuration flag alone
 *   reads the key first (`GET …/api_keys/{api_key_id}`) and re-sends its name.
 * - `keyType: 'application_key'` edits an application key of the current user (the one whose application key
 *   authenticates): its name and scopes (`permissions`; `null` = unscoped, the user's own permissions).
 * - Answers hold the key's secret (`attributes.key`), except in One-Time Read organizations: it is kept out of
 *   `raw` and returned by `revealSecret()`.
 * - One API root per site (`environment`: us1, us3, us5, eu, ap1, ap2, gov).
 */
import type * as z from 'zod/mini'
import type { components, paths } from '../../generated/datadog'
import {
  type ApiKeyWithSecret,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  type Resolved,
  sameMembers,
  UnsupportedFieldError,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import { buildDatadogSchemas } from './datadog-schemas'

/** The API root of each Datadog site (the `environment` option): https://docs.datadoghq.com/getting_started/site/ */
export const datadogEnvironments = {
  us1: 'https://api.datadoghq.com',
  us3: 'https://api.us3.datadoghq.com',
  us5: 'https://api.us5.datadoghq.com',
  eu: 'https://api.datadoghq.eu',
  ap1: 'https://api.ap1.datadoghq.com',
  ap2: 'https://api.ap2.datadoghq.com',
  gov: 'https://api.ddog-gov.com',
} as const

export interface DatadogOptions extends ClientOptions {
  /** An API key of the organization, sent as `DD-API-KEY`. Default: the `DD_API_KEY` environment variable. */
  apiKey?: string | undefined
  /**
   * An application key of a user with `api_keys_write` (and, for application keys, the key's owner), sent as
   * `DD-APPLICATION-KEY`. Default: the `DD_APP_KEY` environment variable.
   */
  appKey?: string | undefined
  /** The organization's site. Default `us1` (datadoghq.com). */
  environment?: keyof typeof datadogEnvironments
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

/** Why Datadog cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const datadogHints = {
  description: 'Datadog keys have a name only',
  expiresAt: 'Datadog keys do not expire',
  enabled: 'Datadog can only delete a key (DELETE /api/v2/api_keys/{api_key_id})',
  ipAllowlist: "Datadog's IP allowlist applies to the whole organization",
} as const

/** An update of an API key (the default `keyType`). */
export type DatadogApiKeyUpdate = {
  /** The API key's id (not its secret value). */
  keyId: string
  keyType?: 'api_key'
  /** The key's category. */
  category?: string
  /** Whether the key may read Remote Configuration. */
  remoteConfigReadEnabled?: boolean
} & UpdateFields<
  'Datadog API keys',
  'name',
  Record<never, never>,
  typeof datadogHints & {
    permissions: 'API keys have no scopes; application keys do (keyType: application_key)'
  }
>

/** An update of an application key of the current user. */
export type DatadogApplicationKeyUpdate = {
  /** The application key's id (not its secret value). */
  keyId: string
  keyType: 'application_key'
} & UpdateFields<
  'Datadog application keys',
  'name' | 'permissions',
  {
    /** The key's scopes (`dashboards_read`, …), replacing the current list; `null` = unscoped (the user's permissions). */
    permissions: readonly string[] | null
  },
  typeof datadogHints
>

/** The fields this provider takes (others are compile errors that say why): an API key's, or an application key's. */
export type DatadogUpdate = DatadogApiKeyUpdate | DatadogApplicationKeyUpdate

type WireKey = components['schemas']['FullAPIKey'] | components['schemas']['FullApplicationKey']
/** The key as Datadog answers it (`data`), without its secret `attributes.key`: use `revealSecret()`. */
export type DatadogRaw = Resolved<{ data?: WireKey }>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type DatadogApiKey = ApiKeyWithSecret<'datadog', DatadogRaw>
/** A client of this provider: what its factory returns. */
export type DatadogProvider = Provider<'datadog', DatadogUpdate, DatadogApiKey>

type DatadogTypes = { paths: paths; options: DatadogOptions; update: DatadogUpdate }
type Schemas = ReturnType<typeof buildDatadogSchemas>
type Credential = { apiKey: string; appKey: string }
type DatadogCall = Call<DatadogTypes, Schemas, Credential, undefined>
type ReadKey = z.output<Schemas['key']>

// `{errors: string[]}` (APIErrorResponse) — https://docs.datadoghq.com/api/latest/#errors

/** A readable message from Datadog's error body. */
export function describeDatadogError(body: unknown): string | undefined {
  const { errors } = body as { errors?: unknown }
  return Array.isArray(errors) && errors.length > 0 && errors.every((error) => typeof error === 'string')
    ? errors.join('; ')
    : undefined
}

export const datadog = defineProvider<DatadogTypes>()({
  id: 'datadog',
  name: 'Datadog',
  environments: datadogEnvironments,
  defaultEnvironment: 'us1',
  example: {
    keyId: '00112233-4455-6677-8899-aabbccddeeff',
    name: 'metrics shipper',
    remoteConfigReadEnabled: true,
  },
  credentialHelp: 'DD_API_KEY and DD_APP_KEY',
  credentialVariables: ['DD_API_KEY', 'DD_APP_KEY'],
  dryRunPlaceholders: {
    DD_API_KEY: 'dry-run-placeholder-api-key',
    DD_APP_KEY: 'dry-run-placeholder-app-key',
  },
  dryRunReply: ({ method }, keyId) =>
    method === 'GET'
      ? { data: { id: keyId, type: 'api_keys', attributes: { name: '<current name>' } } }
      : undefined,
  fields: ['name', 'permissions'],
  vendorFields: ['keyType', 'category', 'remoteConfigReadEnabled'],
  unsupportedHints: datadogHints,
  selectors: ['keyId', 'keyType'],
  buildSchemas: buildDatadogSchemas,
  loadCredential: (options): Credential => ({
    apiKey: loadCredential('datadog', 'apiKey', options.apiKey, 'DD_API_KEY'),
    appKey: loadCredential('datadog', 'appKey', options.appKey, 'DD_APP_KEY'),
  }),
  secretsOf: ({ apiKey, appKey }) => [apiKey, appKey],
  authHeaders: ({ apiKey, appKey }) => ({ 'DD-API-KEY': apiKey, 'DD-APPLICATION-KEY': appKey }),
  check(input, { readBeforeWrite }) {
    if (input.keyType === 'application_key') {
      for (const field of ['category', 'remoteConfigReadEnabled'] as const) {
        if (input[field] !== undefined)
          throw new UnsupportedFieldError('datadog', field, 'only API keys have it, not application keys')
      }
      return
    }
    if (input.permissions !== undefined)
      throw new UnsupportedFieldError(
        'datadog',
        'permissions',
        'API keys have no scopes; application keys do (keyType: application_key)',
      )
    if (input.name === undefined && !readBeforeWrite) {
      throw new ValidationError('datadog', [
        { path: ['name'], message: 'required by Datadog on every API key update (readBeforeWrite is off)' },
      ])
    }
  },
  describeError: describeDatadogError,

  async update(call): Promise<DatadogApiKey> {
    const { input, schemas } = call
    if (input.keyType === 'application_key') {
      const response = await call.write({
        method: 'patch',
        path: '/api/v2/current_user/application_keys/{app_key_id}',
        params: { path: { app_key_id: input.keyId } },
        body: {
          data: {
            type: 'application_keys',
            id: input.keyId,
            attributes: definedOnly({
              name: input.name,
              scopes:
                input.permissions === undefined ? undefined : input.permissions && [...input.permissions],
            }),
          },
        },
        responseSchema: schemas.key,
        secretField: 'data.attributes.key',
      })
      return datadogKey(call, response.readable, {
        raw: response.raw,
        secret: response.secret,
        issues: response.issues,
        readBeforeWrite: false,
      })
    }
    // The name is required on every PATCH of an API key.
    const current = input.name === undefined ? await readApiKey(call) : undefined
    const response = await call.write({
      method: 'patch',
      path: '/api/v2/api_keys/{api_key_id}',
      params: { path: { api_key_id: input.keyId } },
      body: {
        data: {
          type: 'api_keys',
          id: input.keyId,
          attributes: {
            name: input.name ?? current?.data.attributes.name ?? '',
            ...definedOnly({
              category: input.category,
              remote_config_read_enabled: input.remoteConfigReadEnabled,
            }),
          },
        },
      },
      responseSchema: schemas.key,
      secretField: 'data.attributes.key',
    })
    return datadogKey(call, response.readable, {
      raw: response.raw,
      secret: response.secret,
      issues: response.issues,
      readBeforeWrite: current !== undefined,
    })
  },

  async verify(call): Promise<DatadogApiKey | undefined> {
    const { input, schemas } = call
    const read =
      input.keyType === 'application_key'
        ? await call.read({
            method: 'get',
            path: '/api/v2/current_user/application_keys/{app_key_id}',
            params: { path: { app_key_id: input.keyId } },
            responseSchema: schemas.key,
          })
        : await call.read({
            method: 'get',
            path: '/api/v2/api_keys/{api_key_id}',
            params: { path: { api_key_id: input.keyId } },
            responseSchema: schemas.key,
          })
    const attributes = read.data?.attributes ?? {}
    const inEffect =
      (input.name === undefined || attributes.name === input.name) &&
      (input.category === undefined || attributes.category === input.category) &&
      (input.remoteConfigReadEnabled === undefined ||
        attributes.remote_config_read_enabled === input.remoteConfigReadEnabled) &&
      (input.permissions === undefined ||
        (input.permissions === null
          ? (attributes.scopes ?? null) === null
          : sameMembers(attributes.scopes ?? [], input.permissions)))
    if (!inEffect) return undefined
    const { key: secret, ...rest } = attributes
    call.redactor.add(secret)
    const raw = call.redactor.value({ ...read, data: { ...read.data, attributes: rest } }) as Record<
      string,
      unknown
    >
    return datadogKey(
      call,
      { ...read, data: { ...read.data, attributes: rest } },
      { raw, secret, readBeforeWrite: true },
    )
  },
})

async function readApiKey(call: DatadogCall) {
  return call.read({
    method: 'get',
    path: '/api/v2/api_keys/{api_key_id}',
    params: { path: { api_key_id: call.input.keyId } },
    responseSchema: call.schemas.current,
  })
}

function datadogKey(
  call: DatadogCall,
  readable: ReadKey,
  read: {
    raw: Record<string, unknown>
    secret: string | undefined
    readBeforeWrite: boolean
    issues?: DatadogApiKey['responseIssues']
  },
): DatadogApiKey {
  const attributes = readable.data?.attributes
  return new UpdatedApiKey<'datadog', DatadogRaw>(
    {
      provider: 'datadog',
      id: readable.data?.id ?? call.input.keyId,
      ...definedOnly({
        name: attributes?.name,
        permissions: attributes?.scopes,
        createdAt: attributes?.created_at,
        updatedAt: attributes?.modified_at,
        responseIssues: read.issues,
      }),
      readBeforeWrite: read.readBeforeWrite,
      raw: read.raw as DatadogRaw,
    },
    read.secret,
  )
}

/**
 * A Datadog client. Credentials: `apiKey` and `appKey`, or the `DD_API_KEY` and `DD_APP_KEY` environment variables;
 * `environment` names the organization's site.
 */
export function createDatadog(options: DatadogOptions = {}): DatadogProvider {
  return datadog.create(options)
}
