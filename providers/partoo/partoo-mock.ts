/**
 * A mock of Partoo's `PUT` and `GET /api_keys/{key_id}` for msw, behaving as the docs describe: `x-APIKey`
 * required, JSON content type required (415), the body checked against `ApiKeyBody`, expiry at least tomorrow
 * (UTC), `{errors: …}` bodies, the full `ApiKey` back, and browser origins refused (no CORS).
 */
import * as z from 'zod/mini'
import type { components } from '../../generated/partoo'
import { isIsoDate, type MockReply, type ProviderMock, readJsonBody, todayUtc } from '../../src/kit/mock'
import { partooEnvironments } from './partoo-provider'

type StoredKey = components['schemas']['ApiKey']
/** A key to seed: `id` plus any fields to override the defaults. */
export type PartooSeed = Partial<StoredKey> & { id: number }

// Mirrors `ApiKeyBody` in openapi.yaml (test/mocks-conformance proves the two accept the same bodies).
const dateOnly = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/), z.refine(isIsoDate))
const apiKeyBody = z
  .looseObject({
    label: z.optional(z.string()),
    description: z.optional(z.string()),
    expiration_date: z.optional(z.nullable(dateOnly)),
    ip_whitelist: z.optional(z.array(z.string())),
    has_restricted_permissions: z.optional(z.boolean()),
    permissions: z.optional(z.array(z.string())),
  })
  .check(
    z.refine((body) => (body.permissions === undefined) === (body.has_restricted_permissions === undefined), {
      message: 'has_restricted_permissions and permissions must be provided together',
      path: ['permissions'],
    }),
  )

function partooTimestamp(date: Date): string {
  // Partoo's own format: `2019-08-22 11:46:38.914467+00`
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}000+00`
}

const partooMock: ProviderMock<StoredKey, PartooSeed> = {
  id: 'partoo',
  defaultBaseUrl: partooEnvironments.production,
  otherBaseUrls: [partooEnvironments.sandbox],
  seedFor: (keyId) => ({ id: Number(keyId) }),
  clientOptions: { apiKey: 'mock-partoo-key' },
  fromSeed: (seed) => ({
    label: `Key ${seed.id}`,
    description: '',
    user_id: '5309c3a237bbc544d8e26737',
    user_name: 'Mock User',
    user_role: 'ORG_ADMIN',
    user_type: 'user',
    disabled: false,
    expiration_date: null,
    last_used_at: null,
    created_by: '5309c3a237bbc544d8e26737',
    created_by_name: 'Mock User',
    created_at: partooTimestamp(new Date('2024-01-01T00:00:00Z')),
    revoked_by: null,
    revoked_by_name: null,
    revoked_at: null,
    ip_whitelist: [],
    has_restricted_permissions: false,
    permissions: [],
    ...seed,
  }),
  keyOf: (stored) => String(stored.id),
  // https://developers.partoo.co/guides/api/resources/settings/security_and_api_key_usage
  refusesBrowsers: true,
  errorBody: (status, message) => {
    if (status === 401) return { errors: { authentication: message } }
    if (status === 403) return { errors: { authorization: message } }
    return { errors: { json: message } }
  },
  rateLimitHeaders: (seconds) => ({ 'retry-after': String(seconds) }),

  handlers: (context) => {
    /** The key a request addresses, or the vendor's 401 or 404. */
    const keyFor = (request: Request, keyId: string | undefined): StoredKey | MockReply => {
      if (!context.acceptsCredential(request.headers.get('x-apikey')))
        return context.error(401, 'User not authenticated')
      const stored = /^\d+$/.test(keyId ?? '') ? context.store.get(String(Number(keyId))) : undefined
      return stored ?? context.error(404, 'Resource not found')
    }
    return [
      context.route('get', '/api_keys/:key_id', (request, params): MockReply => {
        const stored = keyFor(request, params.key_id)
        return 'status' in stored ? stored : { status: 200, body: stored }
      }),
      context.route('put', '/api_keys/:key_id', async (request, params): Promise<MockReply> => {
        const stored = keyFor(request, params.key_id)
        if ('status' in stored) return stored
        const contentType = request.headers.get('content-type') ?? ''
        const text = await request.clone().text()
        if (text !== '' && !contentType.startsWith('application/json')) {
          return context.error(415, 'Unsupported media type. Please use application/json')
        }
        const parsed = await readJsonBody(request)
        if (!parsed.ok)
          return { status: 400, body: { errors: { json: { _schema: ['Invalid input type.'] } } } }
        // No body is an empty update; a JSON body must be an object (`null` is not).
        const checked = apiKeyBody.safeParse(parsed.value === undefined ? {} : parsed.value)
        if (!checked.success) {
          const fields: Record<string, string[]> = {}
          for (const issue of checked.error.issues) {
            const field = String(issue.path[0] ?? '_schema')
            fields[field] = [...(fields[field] ?? []), issue.message]
          }
          return { status: 400, body: { errors: { json: fields } } }
        }
        const body = checked.data
        if (typeof body.expiration_date === 'string' && body.expiration_date <= todayUtc()) {
          return {
            status: 400,
            body: { errors: { json: { expiration_date: ['Must be at least the day after today.'] } } },
          }
        }
        const updated: StoredKey = {
          ...stored,
          ...(body.label !== undefined && { label: body.label }),
          ...(body.description !== undefined && { description: body.description }),
          ...(body.expiration_date !== undefined && { expiration_date: body.expiration_date }),
          ...(body.ip_whitelist !== undefined && { ip_whitelist: body.ip_whitelist }),
          ...(body.has_restricted_permissions !== undefined && {
            has_restricted_permissions: body.has_restricted_permissions,
            permissions: body.has_restricted_permissions ? (body.permissions ?? []) : [],
          }),
        }
        context.store.set(String(stored.id), updated)
        return { status: 200, body: updated }
      }),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default partooMock
