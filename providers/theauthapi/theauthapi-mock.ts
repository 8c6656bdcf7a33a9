/**
 * A mock of The Auth API's `GET`/`PATCH /api-keys/{key}` for msw: `x-api-key` required, `name` required on
 * updates, NestJS-style `{statusCode, message, error}` errors, `expiry` stored and echoed as `expiresAt`, and a
 * custom `key` renames the stored key.
 */
import * as z from 'zod/mini'
import type { components } from '../../generated/theauthapi'
import {
  isIsoDate,
  isIsoDateTime,
  type MockReply,
  nowIso,
  type ProviderMock,
  readJsonBody,
} from '../../src/kit/mock'

type StoredKey = components['schemas']['ApiKey']
/** A key to seed: its value `key` plus any fields to override the defaults. */
export type TheAuthApiSeed = Partial<StoredKey> & { key: string }

// Mirrors `UpdateClientKeyDTO` in openapi.yaml (test/mocks-conformance proves the two accept the same bodies).
const rateLimitConfigs = z.strictObject({
  rateLimit: z.int().check(z.minimum(1)),
  rateLimitTtl: z.int().check(z.minimum(1)),
})
const updateClientKeyDto = z.strictObject({
  name: z.string('name must be a string').check(z.minLength(1, 'name should not be empty')),
  key: z.optional(z.string().check(z.minLength(1, 'key should not be empty'))),
  customMetaData: z.optional(z.record(z.string(), z.unknown(), 'customMetaData must be an object')),
  customAccountId: z.optional(z.string('customAccountId must be a string')),
  customUserId: z.optional(z.string('customUserId must be a string')),
  expiry: z.optional(
    z.nullable(
      z
        .string()
        .check(
          z.refine(
            (value) => isIsoDateTime(value) || isIsoDate(value),
            'expiry must be a valid ISO 8601 date string',
          ),
        ),
    ),
  ),
  rateLimitConfigs: z.optional(z.nullable(rateLimitConfigs)),
})

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
}

const theAuthApiMock: ProviderMock<StoredKey, TheAuthApiSeed> = {
  id: 'theauthapi',
  defaultBaseUrl: 'https://api.theauthapi.com',
  seedFor: (keyId) => ({ key: String(keyId) }),
  clientOptions: { accessKey: 'mock-access-key' },
  keyIsSecret: true,
  fromSeed: (seed) => ({
    name: 'Mock key',
    customMetaData: {},
    customAccountId: null,
    customUserId: null,
    env: 'live',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    isActive: true,
    expiresAt: null,
    rateLimitConfigs: null,
    ...seed,
  }),
  keyOf: (stored) => stored.key,
  errorBody: (status, message) => ({
    statusCode: status,
    message,
    ...(reasons[status] && { error: reasons[status] }),
  }),
  rateLimitHeaders: (seconds) => ({ 'retry-after-seconds': String(seconds) }),
  // The managed key's value travels in the path: keep it out of `mock.calls`.
  secretsOf: (request, body) => {
    // The key in the path, and a new custom key value in the body.
    const newKey = (body as { key?: unknown } | undefined)?.key
    const secrets = typeof newKey === 'string' ? [newKey] : []
    const segment = new URL(request.url).pathname.split('/api-keys/')[1]
    if (!segment) return secrets
    try {
      return [...secrets, decodeURIComponent(segment)]
    } catch {
      return [...secrets, segment]
    }
  },

  handlers: (context) => {
    const find = (request: Request, key: string | undefined): MockReply | StoredKey => {
      if (!context.acceptsCredential(request.headers.get('x-api-key')))
        return context.error(401, 'Unauthorized')
      const stored = key === undefined ? undefined : context.store.get(key)
      return stored ?? context.error(404, 'Invalid client key')
    }
    return [
      context.route('get', '/api-keys/:key', (request, params): MockReply => {
        const found = find(request, params.key)
        return 'status' in found ? found : { status: 200, body: found }
      }),
      context.route('patch', '/api-keys/:key', async (request, params): Promise<MockReply> => {
        const found = find(request, params.key)
        if ('status' in found) return found
        const parsed = await readJsonBody(request)
        if (!parsed.ok) return context.error(400, 'Unexpected token in JSON')
        const checked = updateClientKeyDto.safeParse(parsed.value)
        if (!checked.success) {
          // NestJS ValidationPipe style: one message per problem.
          const message = checked.error.issues.map((issue) =>
            issue.code === 'unrecognized_keys'
              ? issue.keys.map((key) => `property ${key} should not exist`).join('; ')
              : `${issue.path.join('.') || 'body'}: ${issue.message}`,
          )
          return { status: 400, body: { statusCode: 400, message, error: 'Bad Request' } }
        }
        const body = checked.data
        if (body.key !== undefined && body.key !== found.key && context.store.has(body.key)) {
          return context.error(409, 'Key already exists')
        }
        const updated: StoredKey = {
          ...found,
          name: body.name,
          ...(body.key !== undefined && { key: body.key }),
          ...(body.customMetaData !== undefined && { customMetaData: body.customMetaData }),
          ...(body.customAccountId !== undefined && { customAccountId: body.customAccountId }),
          ...(body.customUserId !== undefined && { customUserId: body.customUserId }),
          ...(body.expiry !== undefined && {
            expiresAt: body.expiry === null ? null : new Date(body.expiry).toISOString(),
          }),
          ...(body.rateLimitConfigs !== undefined && { rateLimitConfigs: body.rateLimitConfigs }),
          updatedAt: nowIso(),
        }
        context.store.delete(found.key)
        context.store.set(updated.key, updated)
        context.state.redactor.add(updated.key)
        return { status: 200, body: updated }
      }),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default theAuthApiMock
