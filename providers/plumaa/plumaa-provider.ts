/**
 * Plumaa ID — `PUT /api-key`, a GraphQL mutation exposed as REST by SOFA.
 * Docs: https://docs.plumaa.id (API Keys › Update an API Key)
 *
 * Quirk handled here: SOFA reads the `input` variable from the query string first and the JSON body second,
 * without merging. keyshift sends the same input in both, the query as ONE JSON-encoded value
 * (`input=%7B%22id%22…`). openapi-fetch's default for object parameters, `input[id]=…`, would reach the
 * server as strings only and break `enabled` (SOFA answers 500; SOFA's
 * `src/router.ts` in github.com/Urigo/SOFA parses the query parameter first).
 * The spec declares the parameter with `content: application/json`, so its generated type is that string.
 */
import type { components, paths } from '../../generated/plumaa'
import {
  type ApiKeyWithSecret,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  type Resolved,
  requiredFieldsOf,
  UpdatedApiKey,
  type UpdateFields,
} from '../../src/kit'
import { buildPlumaaSchemas } from './plumaa-schemas'

/** The API root of each documented environment (the `environment` option). */
export const plumaaEnvironments = {
  production: 'https://api.plumaa.id/rest/v1',
  staging: 'https://api.staging.plumaa.id/rest/v1',
} as const

export interface PlumaaOptions extends ClientOptions {
  /** Sent as `Authorization: Bearer`. Default: the `PLUMAA_API_KEY` environment variable, read at each call. */
  apiKey?: string | undefined
  /** Default `production`. */
  environment?: keyof typeof plumaaEnvironments
}

/** Why Plumaa cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const plumaaHints = {
  expiresAt: 'Plumaa keys do not expire',
  permissions: 'Plumaa keys are scoped to their organization',
  accountId: 'a Plumaa key belongs to the organization it was created in',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type PlumaaUpdate = {
  /** The key's MongoDB ObjectId (24 hex characters). */
  keyId: string
} & UpdateFields<'Plumaa', 'name' | 'enabled', Record<never, never>, typeof plumaaHints>

type WireApiKey = components['schemas']['ApiKey']
/** The response without `secret`: use `revealSecret()` for it. */
export type PlumaaRaw = Resolved<Omit<WireApiKey, 'secret'>>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type PlumaaApiKey = ApiKeyWithSecret<'plumaa', PlumaaRaw>
/** A client of this provider: what its factory returns. */
export type PlumaaProvider = Provider<'plumaa', PlumaaUpdate, PlumaaApiKey>

// SOFA reports every failure as GraphQL errors: {errors: [{message, path?, extensions?}]}.
// Urigo/SOFA src/router.ts (default errorHandler)

/** A readable message from a SOFA error body; several errors are joined. */
export function describePlumaaError(body: unknown): string | undefined {
  const { errors } = body as { errors?: unknown }
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  const messages = errors.map((error) => (error as { message?: unknown } | null)?.message)
  return messages.every((message) => typeof message === 'string') ? messages.join('; ') : undefined
}

export const plumaa = defineProvider<{ paths: paths; options: PlumaaOptions; update: PlumaaUpdate }>()({
  id: 'plumaa',
  name: 'Plumaa ID',
  environments: plumaaEnvironments,
  defaultEnvironment: 'production',
  example: { keyId: '64b7f0c2a1d3e4f5a6b7c8d9', name: 'signer (paused)', enabled: false },
  credentialHelp: 'PLUMAA_API_KEY',
  credentialVariables: ['PLUMAA_API_KEY'],
  fields: ['name', 'enabled'],
  unsupportedHints: plumaaHints,
  buildSchemas: buildPlumaaSchemas,
  loadCredential: (options) => loadCredential('plumaa', 'apiKey', options.apiKey, 'PLUMAA_API_KEY'),
  secretsOf: (apiKey) => [apiKey],
  authHeaders: (apiKey) => ({ Authorization: `Bearer ${apiKey}` }),
  describeError: describePlumaaError,

  async update(call): Promise<PlumaaApiKey> {
    const { input, schemas } = call
    const updateInput: components['schemas']['UpdateApiKeyInput'] = {
      id: input.keyId,
      ...definedOnly({ name: input.name, enabled: input.enabled }),
    }
    const response = await call.write({
      method: 'put',
      path: '/api-key',
      // A string value: openapi-fetch's serializer sends it as one `input=<URI-encoded JSON>` parameter.
      params: { query: { input: JSON.stringify(updateInput) } },
      body: { input: updateInput },
      responseSchema: schemas.apiKey,
      secretField: 'secret',
      requiredFields: requiredFieldsOf<WireApiKey>()([
        'id',
        'enabled',
        'name',
        'secret',
        'organization',
        'createdAt',
        'updatedAt',
      ]),
    })
    const { secret, raw, readable } = response
    return new UpdatedApiKey<'plumaa', PlumaaRaw>(
      {
        provider: 'plumaa',
        id: readable.id ?? input.keyId,
        ...definedOnly({
          name: readable.name,
          enabled: readable.enabled,
          createdAt: readable.createdAt,
          updatedAt: readable.updatedAt,
          responseIssues: response.issues,
        }),
        readBeforeWrite: false,
        raw: raw as PlumaaRaw,
      },
      secret,
    )
  },
})

/** A Plumaa ID client. Credentials: `apiKey`, or the `PLUMAA_API_KEY` environment variable. */
export function createPlumaa(options: PlumaaOptions = {}): PlumaaProvider {
  return plumaa.create(options)
}
