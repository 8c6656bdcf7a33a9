/**
 * The Auth API — `PATCH /api-keys/{key}`.
 * Docs: https://docs.theauthapi.com (API keys › Update API Key); spec (written by keyshift): ./openapi.yaml.
 *
 * Quirks handled here:
 * - A key is identified by its secret value, in the URL path: it is URL-encoded by openapi-fetch and redacted
 *   from everything keyshift logs or throws. The result's `id` is masked; `revealSecret()` returns the value.
 * - `name` is required on every update: a partial update reads the key first (`GET /api-keys/{key}`).
 * - The request says `expiry`, the response `expiresAt`.
 */
import type { components, paths } from '../../generated/theauthapi'
import { type ApiKeyWithSecret, maskSecret, UpdatedApiKey } from '../../src/core/api-key'
import { ValidationError } from '../../src/core/errors'
import type { DateOnlyString, UpdateFields } from '../../src/core/fields'
import type { ClientOptions, UpdateOptions } from '../../src/core/options'
import type { Provider } from '../../src/core/provider'
import { lazyApiClient } from '../../src/internal/api-client'
import { assertSomethingToUpdate, definedOnly, startCall } from '../../src/internal/call'
import { parseInput } from '../../src/internal/parse-input'
import { toIsoDateOrDateTime } from '../../src/internal/predicates'
import { readJson, readUpdateResponse } from '../../src/internal/response'
import { loadCredential, resolveSettings } from '../../src/internal/settings'
import { describeTheAuthApiError } from './errors'

export const theAuthApiEnvironments = {
  production: 'https://api.theauthapi.com',
} as const

export interface TheAuthApiOptions extends ClientOptions {
  /** An access key, sent as `x-api-key`. Default: the `THEAUTHAPI_ACCESS_KEY` environment variable. */
  accessKey?: string
  /** The Auth API has one host; "test" and "live" are project modes on it. */
  environment?: keyof typeof theAuthApiEnvironments
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

export type TheAuthApiUpdate = {
  /** The key's value (its identifier is its secret). */
  keyId: string
} & UpdateFields<
  'name' | 'expiresAt' | 'rateLimit' | 'metadata' | 'ownerAccountId' | 'ownerUserId' | 'newKeyValue',
  { expiresAt: Date | string | DateOnlyString | null }
>

type WireApiKey = components['schemas']['ApiKey']
/** The response without `key` (the secret): use `revealSecret()` for it. */
export type TheAuthApiRaw = Omit<WireApiKey, 'key'>
export type TheAuthApiApiKey = ApiKeyWithSecret<'theauthapi', TheAuthApiRaw>
export type TheAuthApiProvider = Provider<'theauthapi', TheAuthApiUpdate, TheAuthApiApiKey>

const unsupportedHints = {
  description: 'store it in metadata',
  permissions: 'store roles in metadata',
  enabled: 'use DELETE /api-keys/{key} and PATCH /api-keys/{key}/reactivate',
  accountId: 'use ownerAccountId to store your own account id',
}

// zod is loaded on the first call, not at import: importing it is most of keyshift's startup cost (npm run bench).
let schemas: Promise<ReturnType<typeof import('./schemas').buildTheAuthApiSchemas>> | undefined
function loadSchemas() {
  schemas ??= import('./schemas').then((module) => module.buildTheAuthApiSchemas())
  return schemas
}

export function createTheAuthApi(options: TheAuthApiOptions = {}): TheAuthApiProvider {
  const settings = resolveSettings('theauthapi', options, theAuthApiEnvironments, 'production')
  const apiClient = lazyApiClient<paths>(settings)

  /** Everything checked before a request: input, credentials, per-call options. Sends nothing. */
  async function prepare(update: TheAuthApiUpdate, callOptions: UpdateOptions | undefined) {
    const schemas = await loadSchemas()
    const inputSchema = schemas.input
    const input = parseInput('theauthapi', inputSchema, update, unsupportedHints)
    assertSomethingToUpdate('theauthapi', input, ['keyId'])
    const readBeforeWrite = callOptions?.readBeforeWrite ?? options.readBeforeWrite ?? true
    if (input.name === undefined && !readBeforeWrite) {
      throw new ValidationError('theauthapi', [
        { path: ['name'], message: 'required by The Auth API on every update (readBeforeWrite is off)' },
      ])
    }
    const accessKey = loadCredential('theauthapi', 'accessKey', options.accessKey, 'THEAUTHAPI_ACCESS_KEY')
    const { transport, headers } = startCall(settings, callOptions, [
      accessKey,
      input.keyId,
      input.newKeyValue,
    ])
    return { schemas, input, accessKey, transport, headers }
  }

  async function updateTheAuthApiKey(
    update: TheAuthApiUpdate,
    callOptions?: UpdateOptions,
  ): Promise<TheAuthApiApiKey> {
    const { schemas, input, accessKey, transport, headers } = await prepare(update, callOptions)
    const requestHeaders = { ...headers, 'x-api-key': accessKey }
    const client = await apiClient()
    const path = { key: input.keyId }

    let currentName = input.name
    if (currentName === undefined) {
      const outcome = await client.GET('/api-keys/{key}', {
        params: { path },
        headers: requestHeaders,
        fetch: transport.fetch,
        parseAs: 'text',
      })
      currentName = readJson(transport, outcome, schemas.current, describeTheAuthApiError).name
    }

    const body: components['schemas']['UpdateClientKeyDTO'] = {
      name: currentName,
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
    const outcome = await client.PATCH('/api-keys/{key}', {
      params: { path },
      body,
      headers: requestHeaders,
      fetch: transport.fetch,
      parseAs: 'text',
    })
    const response = readUpdateResponse(transport, outcome, schemas.updated, describeTheAuthApiError)
    // The key's value is its identifier: the one sent, when the response does not return it.
    const secret = response.readable.key ?? input.newKeyValue ?? input.keyId
    transport.redactor.add(secret)
    // A server may echo the key in other fields too: it is redacted wherever it appears.
    const { key: _secret, ...rest } = transport.redactor.value(response.raw) as typeof response.raw
    const readable = transport.redactor.value(response.readable) as typeof response.readable
    const issues = response.issues
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
          responseIssues: issues,
        }),
        readBeforeWrite: input.name === undefined,
        raw: rest as TheAuthApiRaw,
      },
      secret,
    )
  }

  return {
    id: 'theauthapi',
    validateUpdate: async (update, callOptions) => {
      await prepare(update, callOptions)
    },
    updateApiKey: updateTheAuthApiKey,
  }
}
