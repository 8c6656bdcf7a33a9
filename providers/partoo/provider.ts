/**
 * Partoo REST API v2 — `PUT /api_keys/{key_id}`.
 * Docs: https://developers.partoo.co/api-reference/apikeys/update-api-key ; spec: ./openapi.yaml.
 */
import type { components, paths } from '../../generated/partoo'
import { type ApiKey, UpdatedApiKey } from '../../src/core/api-key'
import type { DateOnlyString, UpdateFields } from '../../src/core/fields'
import type { ClientOptions, UpdateOptions } from '../../src/core/options'
import type { Provider } from '../../src/core/provider'
import { lazyApiClient } from '../../src/internal/api-client'
import { assertSomethingToUpdate, definedOnly, startCall } from '../../src/internal/call'
import { parseInput } from '../../src/internal/parse-input'
import { readUpdateResponse } from '../../src/internal/response'
import { loadCredential, resolveSettings } from '../../src/internal/settings'
import { parsePartooTimestamp, toDay, toKeyId } from './conversions'
import { describePartooError } from './errors'

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

const unsupportedHints = {
  enabled: 'Partoo can only revoke a key, permanently: POST /api_keys/revoke/{id}',
  rateLimit: 'Partoo rate-limits per organization, not per key',
  accountId: 'a Partoo key belongs to the user whose API key you send',
}

// zod is loaded on the first call, not at import: importing it is most of keyshift's startup cost (npm run bench).
let schemas: Promise<ReturnType<typeof import('./schemas').buildPartooSchemas>> | undefined
function loadSchemas() {
  schemas ??= import('./schemas').then((module) => module.buildPartooSchemas())
  return schemas
}

export function createPartoo(options: PartooOptions = {}): PartooProvider {
  const settings = resolveSettings('partoo', options, partooEnvironments, 'production')
  const apiClient = lazyApiClient<paths>(settings)

  /** Everything checked before a request: input, credentials, per-call options. Sends nothing. */
  async function prepare(update: PartooUpdate, callOptions: UpdateOptions | undefined) {
    const { input: inputSchema, response: responseSchema } = await loadSchemas()
    const input = parseInput('partoo', inputSchema, update, unsupportedHints)
    assertSomethingToUpdate('partoo', input, ['keyId'])
    const apiKey = loadCredential('partoo', 'apiKey', options.apiKey, 'PARTOO_API_KEY')
    const { transport, headers } = startCall(settings, callOptions, [apiKey])
    return { input, apiKey, responseSchema, transport, headers }
  }

  async function updatePartooKey(update: PartooUpdate, callOptions?: UpdateOptions): Promise<PartooApiKey> {
    const { input, apiKey, responseSchema, transport, headers } = await prepare(update, callOptions)

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

    const client = await apiClient()
    const outcome = await client.PUT('/api_keys/{key_id}', {
      params: { path: { key_id: toKeyId(input.keyId) as number } },
      body,
      headers: { ...headers, 'x-APIKey': apiKey },
      fetch: transport.fetch,
      parseAs: 'text',
    })
    const { raw, readable, issues } = readUpdateResponse(
      transport,
      outcome,
      responseSchema,
      describePartooError,
    )
    return new UpdatedApiKey<'partoo', PartooRaw>({
      provider: 'partoo',
      id: String(readable.id ?? input.keyId),
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

  return {
    id: 'partoo',
    validateUpdate: async (update, callOptions) => {
      await prepare(update, callOptions)
    },
    updateApiKey: updatePartooKey,
  }
}
