/**
 * Plumaa ID — `PUT /api-key`, a GraphQL mutation exposed as REST by SOFA.
 * Docs: https://docs.plumaa.id (API Keys › Update an API Key); spec: ./openapi.yaml.
 *
 * Quirk handled here: SOFA reads the `input` variable from the query string first and the JSON body second,
 * without merging. keyshift sends the same input in both, the query as ONE JSON-encoded value
 * (`input=%7B%22id%22…`). openapi-fetch's default for object parameters, `input[id]=…`, would reach the
 * server as strings only and break `enabled` (SOFA answers 500) — see shared/research/providers.md §4.
 * The spec declares the parameter with `content: application/json`, so its generated type is that string.
 */
import type { components, paths } from '../../generated/plumaa'
import { type ApiKeyWithSecret, UpdatedApiKey } from '../../src/core/api-key'
import type { UpdateFields } from '../../src/core/fields'
import type { ClientOptions, UpdateOptions } from '../../src/core/options'
import type { Provider } from '../../src/core/provider'
import { lazyApiClient } from '../../src/internal/api-client'
import { assertSomethingToUpdate, definedOnly, startCall } from '../../src/internal/call'
import { parseInput } from '../../src/internal/parse-input'
import { readUpdateResponse } from '../../src/internal/response'
import { loadCredential, resolveSettings } from '../../src/internal/settings'
import { describePlumaaError } from './errors'

export const plumaaEnvironments = {
  production: 'https://api.plumaa.id/rest/v1',
  staging: 'https://api.staging.plumaa.id/rest/v1',
} as const

export interface PlumaaOptions extends ClientOptions {
  /** Sent as `Authorization: Bearer`. Default: the `PLUMAA_API_KEY` environment variable, read at each call. */
  apiKey?: string
  /** Default `production`. */
  environment?: keyof typeof plumaaEnvironments
}

export type PlumaaUpdate = {
  /** The key's MongoDB ObjectId (24 hex characters). */
  keyId: string
} & UpdateFields<'name' | 'enabled'>

type WireApiKey = components['schemas']['ApiKey']
/** The response without `secret`: use `revealSecret()` for it. */
export type PlumaaRaw = Omit<WireApiKey, 'secret'>
export type PlumaaApiKey = ApiKeyWithSecret<'plumaa', PlumaaRaw>
export type PlumaaProvider = Provider<'plumaa', PlumaaUpdate, PlumaaApiKey>

const unsupportedHints = {
  expiresAt: 'Plumaa keys do not expire',
  permissions: 'Plumaa keys are scoped to their organization',
  accountId: 'a Plumaa key belongs to the organization it was created in',
}

// zod is loaded on the first call, not at import: importing it is most of keyshift's startup cost (npm run bench).
let schemas: Promise<ReturnType<typeof import('./schemas').buildPlumaaSchemas>> | undefined
function loadSchemas() {
  schemas ??= import('./schemas').then((module) => module.buildPlumaaSchemas())
  return schemas
}

export function createPlumaa(options: PlumaaOptions = {}): PlumaaProvider {
  const settings = resolveSettings('plumaa', options, plumaaEnvironments, 'production')
  const apiClient = lazyApiClient<paths>(settings)

  /** Everything checked before a request: input, credentials, per-call options. Sends nothing. */
  async function prepare(update: PlumaaUpdate, callOptions: UpdateOptions | undefined) {
    const { input: inputSchema, apiKey: responseSchema } = await loadSchemas()
    const input = parseInput('plumaa', inputSchema, update, unsupportedHints)
    assertSomethingToUpdate('plumaa', input, ['keyId'])
    const apiKey = loadCredential('plumaa', 'apiKey', options.apiKey, 'PLUMAA_API_KEY')
    const { transport, headers } = startCall(settings, callOptions, [apiKey])
    return { input, apiKey, responseSchema, transport, headers }
  }

  async function updatePlumaaKey(update: PlumaaUpdate, callOptions?: UpdateOptions): Promise<PlumaaApiKey> {
    const { input, apiKey, responseSchema, transport, headers } = await prepare(update, callOptions)

    const updateInput: components['schemas']['UpdateApiKeyInput'] = {
      id: input.keyId,
      ...definedOnly({ name: input.name, enabled: input.enabled }),
    }
    const client = await apiClient()
    const outcome = await client.PUT('/api-key', {
      // A string value: openapi-fetch's serializer sends it as one `input=<URI-encoded JSON>` parameter.
      params: { query: { input: JSON.stringify(updateInput) } },
      body: { input: updateInput },
      headers: { ...headers, Authorization: `Bearer ${apiKey}` },
      fetch: transport.fetch,
      parseAs: 'text',
    })
    const response = readUpdateResponse(transport, outcome, responseSchema, describePlumaaError)
    const { secret } = response.readable
    transport.redactor.add(secret)
    // A server may echo the secret in other fields too: it is redacted wherever it appears.
    const { secret: _secret, ...rest } = transport.redactor.value(response.raw) as typeof response.raw
    const readable = transport.redactor.value(response.readable) as typeof response.readable
    const issues = response.issues
    return new UpdatedApiKey<'plumaa', PlumaaRaw>(
      {
        provider: 'plumaa',
        id: readable.id ?? input.keyId,
        ...definedOnly({
          name: readable.name,
          enabled: readable.enabled,
          createdAt: readable.createdAt,
          updatedAt: readable.updatedAt,
          responseIssues: issues,
        }),
        readBeforeWrite: false,
        raw: rest as PlumaaRaw,
      },
      secret,
    )
  }

  return {
    id: 'plumaa',
    validateUpdate: async (update, callOptions) => {
      await prepare(update, callOptions)
    },
    updateApiKey: updatePlumaaKey,
  }
}
