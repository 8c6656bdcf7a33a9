/**
 * A mock of Algolia's `GET` and `PUT /1/keys/{key}` for msw, on any application's hosts: both credential headers
 * required (a 403 otherwise, as Algolia answers), the PUT a full replace (every setting left out resets to its
 * default; `acl` required, unknown fields refused) answering `{key, updatedAt}`, and applied in the background: the
 * first read after a write still shows the key as it was, as Algolia's reads may.
 */
import type { components } from '../../generated/algolia'
import { type MockReply, nowIso, type ProviderMock, readJsonBody } from '../../src/kit/mock'
import { algoliaAcls } from './algolia-acls'

type Settings = components['schemas']['apiKey']
type StoredKey = components['schemas']['getApiKeyResponse']
/** A key to seed: its `value` plus any settings to override the defaults. */
export type AlgoliaSeed = Partial<StoredKey> & { value: string }

/** The application id the mock's clients use (`createMockProviders().baseUrl('algolia')` is its host). */
export const algoliaMockAppId = 'mockapp'

const defaults: Required<Omit<Settings, 'acl'>> = {
  description: '',
  indexes: [],
  maxHitsPerQuery: 0,
  maxQueriesPerIPPerHour: 0,
  queryParameters: '',
  referers: [],
  validity: 0,
}

function algoliaError(status: number, message: string): MockReply {
  return { status, body: { message, status } }
}

/** The PUT body as Algolia checks it: an `apiKey` object (no other field), `acl` required. */
function readSettings(body: unknown): Settings | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Invalid JSON body'
  const fields = body as Record<string, unknown>
  const unknown = Object.keys(fields).find((field) => !(field === 'acl' || field in defaults))
  if (unknown !== undefined) return `Unknown parameter: ${unknown}`
  if (!Array.isArray(fields.acl)) return 'acl is required and must be an array'
  const invalid = fields.acl.find((acl) => !(algoliaAcls as readonly unknown[]).includes(acl))
  if (invalid !== undefined) return `Invalid ACL: ${String(invalid)}`
  const strings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string')
  const checks: Record<keyof typeof defaults, (value: unknown) => boolean> = {
    description: (value) => typeof value === 'string',
    indexes: strings,
    referers: strings,
    queryParameters: (value) => typeof value === 'string',
    maxHitsPerQuery: Number.isInteger,
    maxQueriesPerIPPerHour: Number.isInteger,
    validity: Number.isInteger,
  }
  for (const [field, valid] of Object.entries(checks)) {
    if (fields[field] !== undefined && !valid(fields[field])) return `Invalid value for ${field}`
  }
  return fields as Settings
}

const algoliaMock: ProviderMock<StoredKey, AlgoliaSeed> = {
  id: 'algolia',
  defaultBaseUrl: `https://${algoliaMockAppId}.algolia.net`,
  // Any application's hosts, and the fallbacks on another DNS provider.
  otherBaseUrls: ['https://*.algolia.net', 'https://*.algolianet.com'],
  seedFor: (keyId) => ({ value: String(keyId) }),
  clientOptions: { appId: algoliaMockAppId, apiKey: 'mock-algolia-admin-key' },
  credentialHeaders: ['x-algolia-api-key'],
  keyIsSecret: true,
  fromSeed: (seed) => ({ createdAt: 1_656_345_570_000, acl: ['search'], ...defaults, ...seed }),
  keyOf: (stored) => stored.value,
  errorBody: (status, message) => algoliaError(status, message).body,
  // Algolia documents no header that says when to retry.
  rateLimitHeaders: () => ({}),
  secretsOf: (request) => {
    const segment = new URL(request.url).pathname.split('/1/keys/')[1]
    return segment ? [decodeURIComponent(segment)] : []
  },

  handlers: (context) => {
    // What reads still show after a write, once: `state.store` (cleared by `reset()`) under a name of its own.
    const lagging = () => context.state.store<StoredKey>('algolia (reads lagging behind writes)')
    const find = (request: Request, key: string | undefined): StoredKey | MockReply => {
      const appId = request.headers.get('x-algolia-application-id')
      if (!appId || !context.acceptsCredential(request.headers.get('x-algolia-api-key')))
        return algoliaError(403, 'Invalid Application-ID or API key')
      const stored = key === undefined ? undefined : context.store.get(key)
      return stored ?? algoliaError(404, 'Key does not exist')
    }
    return [
      context.route('get', '/1/keys/:key', (request, params): MockReply => {
        const found = find(request, params.key)
        if ('status' in found) return found
        const previous = lagging().get(found.value)
        lagging().delete(found.value)
        return { status: 200, body: previous ?? found }
      }),
      context.route('put', '/1/keys/:key', async (request, params): Promise<MockReply> => {
        const found = find(request, params.key)
        if ('status' in found) return found
        const parsed = await readJsonBody(request)
        if (!parsed.ok) return algoliaError(400, 'Invalid JSON')
        const settings = readSettings(parsed.value)
        if (typeof settings === 'string') return algoliaError(400, settings)
        // A full replace: whatever is left out is back to its default.
        const updated: StoredKey = {
          value: found.value,
          createdAt: found.createdAt,
          ...defaults,
          ...settings,
        }
        if (!lagging().has(found.value)) lagging().set(found.value, found)
        context.store.set(found.value, updated)
        return { status: 200, body: { key: found.value, updatedAt: nowIso().replace(/\.\d{3}Z$/, 'Z') } }
      }),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default algoliaMock
