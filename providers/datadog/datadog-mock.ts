/**
 * A mock of Datadog's key management (`GET`/`PATCH /api/v2/api_keys/{api_key_id}` and
 * `/api/v2/current_user/application_keys/{app_key_id}`) for msw, on every site: `DD-API-KEY` and
 * `DD-APPLICATION-KEY` required (403 otherwise, as Datadog answers), JSON:API bodies whose `type` and `id` must match
 * the path, an API key's `name` required on every PATCH, answers holding the key's secret and `{errors: [...]}` on
 * failure.
 */
import type { components } from '../../generated/datadog'
import { type MockReply, nowIso, type ProviderMock, readJsonBody } from '../../src/kit/mock'
import { datadogEnvironments } from './datadog-provider'

type Attributes = components['schemas']['FullAPIKeyAttributes'] &
  components['schemas']['FullApplicationKeyAttributes']
type StoredKey = { id: string; type: 'api_keys' | 'application_keys'; attributes: Attributes }
/** A key to seed: its `id`, `type` (an API key unless `application_keys`) and attributes to override the defaults. */
export type DatadogSeed = { id: string; type?: StoredKey['type']; attributes?: Partial<Attributes> }

function datadogError(status: number, ...errors: string[]): MockReply {
  return { status, body: { errors } }
}

/** What is wrong with a PATCH body for `type` and `id`, or its attributes. */
function readUpdate(body: unknown, type: StoredKey['type'], id: string): Partial<Attributes> | string {
  const data = (body as { data?: unknown } | null)?.data
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof data !== 'object' ||
    data === null ||
    Array.isArray(data)
  )
    return 'Invalid request: data is required'
  const { type: given, id: givenId, attributes } = data as Record<string, unknown>
  if (given !== type) return `Invalid request: type must be ${type}`
  if (typeof givenId !== 'string') return 'Invalid request: id is required'
  if (givenId !== id) return 'Invalid request: the id in the body does not match the id in the URL'
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    return 'Invalid request: attributes is required'
  const {
    name,
    category,
    remote_config_read_enabled: remoteConfig,
    scopes,
  } = attributes as Record<string, unknown>
  if (type === 'api_keys' && typeof name !== 'string') return 'Invalid request: name is required'
  if (name !== undefined && typeof name !== 'string') return 'Invalid request: name must be a string'
  if (category !== undefined && typeof category !== 'string')
    return 'Invalid request: category must be a string'
  if (remoteConfig !== undefined && typeof remoteConfig !== 'boolean')
    return 'Invalid request: remote_config_read_enabled must be a boolean'
  if (
    type === 'application_keys' &&
    scopes !== undefined &&
    scopes !== null &&
    !(Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string'))
  )
    return 'Invalid request: scopes must be an array of scope names'
  const changes: Partial<Attributes> = {}
  if (typeof name === 'string') changes.name = name
  if (type === 'api_keys') {
    if (typeof category === 'string') changes.category = category
    if (typeof remoteConfig === 'boolean') changes.remote_config_read_enabled = remoteConfig
  } else if (scopes !== undefined) changes.scopes = scopes as string[] | null
  return changes
}

const datadogMock: ProviderMock<StoredKey, DatadogSeed> = {
  id: 'datadog',
  defaultBaseUrl: datadogEnvironments.us1,
  otherBaseUrls: Object.values(datadogEnvironments).filter((url) => url !== datadogEnvironments.us1),
  seedFor: (keyId) => ({ id: String(keyId) }),
  clientOptions: { apiKey: 'mock-dd-api-key', appKey: 'mock-dd-application-key' },
  credentialHeaders: ['dd-api-key', 'dd-application-key'],
  fromSeed: (seed) => {
    const key = `${seed.id.replaceAll('-', '')}0000000000000000`.slice(0, 32)
    return {
      id: seed.id,
      type: seed.type ?? 'api_keys',
      attributes: {
        name: 'Mock key',
        key,
        last4: key.slice(-4),
        created_at: '2024-01-01T00:00:00.000Z',
        modified_at: '2024-01-01T00:00:00.000Z',
        ...(seed.type === 'application_keys'
          ? { scopes: null }
          : { category: 'default', remote_config_read_enabled: false }),
        ...seed.attributes,
      },
    }
  },
  keyOf: (stored) => stored.id,
  errorBody: (status, message) => datadogError(status, message).body,
  rateLimitHeaders: (seconds) => ({
    'x-ratelimit-limit': '100',
    'x-ratelimit-period': '60',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(seconds),
    'x-ratelimit-name': 'api_keys',
  }),

  handlers: (context) => {
    const find = (request: Request, type: StoredKey['type'], id: string | undefined) => {
      if (
        !context.acceptsCredential(request.headers.get('dd-api-key')) ||
        !request.headers.get('dd-application-key')
      )
        return { reply: datadogError(403, 'Forbidden') }
      const stored = id === undefined ? undefined : context.store.get(id)
      if (!stored || stored.type !== type) return { reply: datadogError(404, 'Not found') }
      // The managed key's secret is in every answer: keep it out of `mock.calls` too.
      context.state.redactor.add(stored.attributes.key)
      return { key: stored }
    }
    const routes = (type: StoredKey['type'], path: string) => [
      context.route('get', path, (request, params): MockReply => {
        const found = find(request, type, params.id)
        return 'reply' in found ? found.reply : { status: 200, body: { data: found.key } }
      }),
      context.route('patch', path, async (request, params): Promise<MockReply> => {
        const found = find(request, type, params.id)
        if ('reply' in found) return found.reply
        const parsed = await readJsonBody(request)
        if (!parsed.ok) return datadogError(400, 'Invalid JSON')
        const changes = readUpdate(parsed.value, type, found.key.id)
        if (typeof changes === 'string') return datadogError(400, changes)
        const updated: StoredKey = {
          ...found.key,
          attributes: { ...found.key.attributes, ...changes, modified_at: nowIso() },
        }
        context.store.set(updated.id, updated)
        return { status: 200, body: { data: updated } }
      }),
    ]
    return [
      ...routes('api_keys', '/api/v2/api_keys/:id'),
      ...routes('application_keys', '/api/v2/current_user/application_keys/:id'),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default datadogMock
