/**
 * A mock of Plumaa's `PUT /api-key` for msw that reads `input` the way a SOFA server does: from the query
 * string first (a JSON value, or `input[field]=` brackets whose leaves are all strings) and from the JSON body
 * otherwise, never merged. GraphQL coercion failures answer 500 and parse failures 400, with SOFA's
 * `{errors: [...]}` body. The response includes the key's `secret`.
 */
import type { components } from '../../generated/plumaa'
import { bearerToken, type MockReply, nowIso, type ProviderMock } from '../../src/kit/mock'
import { plumaaEnvironments } from './plumaa-provider'

type StoredKey = components['schemas']['ApiKey']
/** A key to seed: `id` plus any fields to override the defaults. */
export type PlumaaSeed = Partial<StoredKey> & { id: string }

const objectId = /^[0-9a-fA-F]{24}$/

function sofaError(status: number, message: string): MockReply {
  return { status, body: { errors: [{ message, extensions: { http: { status } } }] } }
}

/** SOFA's `pickParam`: the query's `input` (JSON string, or a bracket object from `qs`) wins over the body's. */
function pickInput(url: URL, body: unknown): { input: unknown } | MockReply {
  const json = url.searchParams.get('input')
  if (json) {
    try {
      return { input: JSON.parse(json) }
    } catch (error) {
      return sofaError(400, error instanceof Error ? error.message : 'Invalid JSON in input')
    }
  }
  const brackets = [...url.searchParams].filter(([name]) => /^input\[[^\]]+\]$/.test(name))
  if (brackets.length > 0) {
    return { input: Object.fromEntries(brackets.map(([name, value]) => [name.slice(6, -1), value])) }
  }
  const fromBody = typeof body === 'object' && body !== null ? (body as { input?: unknown }).input : undefined
  return { input: fromBody }
}

/** GraphQL input coercion of `UpdateApiKeyInput!`, with graphql-js's messages. */
function coerce(input: unknown): { id: string; name?: string; enabled?: boolean } | string {
  const variable = 'Variable "$input"'
  if (input === undefined || input === null)
    return `${variable} of required type "UpdateApiKeyInput!" was not provided.`
  if (typeof input !== 'object' || Array.isArray(input)) {
    return `${variable} got invalid value ${JSON.stringify(input)}; Expected type "UpdateApiKeyInput" to be an object.`
  }
  const fields = input as Record<string, unknown>
  for (const field of Object.keys(fields)) {
    if (!['id', 'name', 'enabled'].includes(field)) {
      return `${variable} got invalid value ${JSON.stringify(input)}; Field "${field}" is not defined by type "UpdateApiKeyInput".`
    }
  }
  if (typeof fields.id !== 'string' || !objectId.test(fields.id)) {
    return `${variable} got invalid value ${JSON.stringify(fields.id)} at "input.id"; Expected type "ObjectID". Value is not a valid mongodb object id of form: ${JSON.stringify(fields.id)}`
  }
  if (fields.enabled !== undefined && fields.enabled !== null && typeof fields.enabled !== 'boolean') {
    return `${variable} got invalid value ${JSON.stringify(fields.enabled)} at "input.enabled"; Boolean cannot represent a non boolean value: ${JSON.stringify(fields.enabled)}`
  }
  if (fields.name !== undefined && fields.name !== null && typeof fields.name !== 'string') {
    return `${variable} got invalid value ${JSON.stringify(fields.name)} at "input.name"; String cannot represent a non string value: ${JSON.stringify(fields.name)}`
  }
  return {
    id: fields.id,
    ...(typeof fields.name === 'string' && { name: fields.name }),
    ...(typeof fields.enabled === 'boolean' && { enabled: fields.enabled }),
  }
}

const plumaaMock: ProviderMock<StoredKey, PlumaaSeed> = {
  id: 'plumaa',
  defaultBaseUrl: plumaaEnvironments.production,
  otherBaseUrls: [plumaaEnvironments.staging],
  seedFor: (keyId) => ({ id: String(keyId) }),
  clientOptions: { apiKey: 'mock-plumaa-key' },
  fromSeed: (seed) => ({
    enabled: true,
    name: 'Mock key',
    secret: `plm_mock_secret_${seed.id.slice(-6)}`,
    organization: {
      id: '5e5677d71bdc2ae76344968d',
      name: 'Mock Org',
      logo: 'https://example.com/logo.png',
      emailAddress: 'ops@example.com',
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
    },
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    ...seed,
  }),
  keyOf: (stored) => stored.id,
  errorBody: (status, message) => sofaError(status, message).body,
  rateLimitHeaders: (seconds) => ({ 'retry-after': String(seconds) }),

  handlers: (context) => [
    context.route('put', '/api-key', async (request): Promise<MockReply> => {
      if (!context.acceptsCredential(bearerToken(request))) return sofaError(401, 'Unauthorized')
      const text = await request.text()
      let body: unknown = {}
      if (text !== '') {
        try {
          body = JSON.parse(text)
        } catch {
          return sofaError(400, 'POST body sent invalid JSON.')
        }
      }
      const picked = pickInput(new URL(request.url), body)
      if ('status' in picked) return picked
      const input = coerce(picked.input)
      if (typeof input === 'string') return sofaError(500, input)
      const stored = context.store.get(input.id)
      if (!stored) return sofaError(404, `ApiKey ${input.id} not found`)
      const updated: StoredKey = {
        ...stored,
        ...(input.name !== undefined && { name: input.name }),
        ...(input.enabled !== undefined && { enabled: input.enabled }),
        updatedAt: nowIso().replace(/\.\d{3}Z$/, 'Z'),
      }
      context.store.set(updated.id, updated)
      return { status: 200, body: updated }
    }),
  ],
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default plumaaMock
