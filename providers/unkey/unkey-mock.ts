/**
 * A mock of Unkey's `POST /v2/keys.updateKey` and `POST /v2/keys.getKey` for msw: `Authorization: Bearer` (a root
 * key) required, the body checked as Unkey's document says (no unknown field), a partial update where `null` clears
 * (name, metadata, expiry, identity, credits, rate limits) and `permissions`/`roles` replace their lists, and
 * RFC 7807-style errors with the request id, 429s as `application/problem+json`.
 */
import * as z from 'zod/mini'
import type { components } from '../../generated/unkey'
import { bearerToken, type MockReply, type ProviderMock, readJsonBody } from '../../src/kit/mock'
import { unkeyEnvironments } from './unkey-provider'

type StoredKey = components['schemas']['KeyResponseData']
/** A key to seed: `keyId` plus any fields to override the defaults. */
export type UnkeySeed = Partial<StoredKey> & { keyId: string }

const latestExpiry = 4_102_444_800_000
const nullable = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema))
const text = (min: number, max: number, pattern?: RegExp) =>
  z.string().check(z.minLength(min), z.maxLength(max), ...(pattern ? [z.regex(pattern)] : []))
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.number().check(z.refine((value) => Number.isInteger(value) && value >= min && value <= max))

// Mirrors `V2KeysUpdateKeyRequestBody` (test/mocks-conformance proves the two accept the same bodies).
const updateKeyBody = z.strictObject({
  keyId: text(3, 255, /^[a-zA-Z0-9_]+$/),
  name: nullable(text(1, 255)),
  externalId: nullable(text(1, 255, /^[a-zA-Z0-9_.-]+$/)),
  meta: nullable(
    z.record(z.string(), z.unknown()).check(z.refine((value) => Object.keys(value).length <= 100)),
  ),
  expires: nullable(integer(0, latestExpiry)),
  credits: nullable(
    z.strictObject({
      remaining: nullable(integer(0)),
      refill: nullable(
        z.strictObject({
          interval: z.enum(['daily', 'monthly']),
          amount: integer(1),
          refillDay: z.optional(integer(1, 31)),
        }),
      ),
    }),
  ),
  ratelimits: nullable(
    z
      .array(
        z.looseObject({
          name: text(3, 128),
          limit: integer(1),
          duration: integer(1000),
          autoApply: z.boolean(),
        }),
      )
      .check(z.maxLength(50)),
  ),
  enabled: z.optional(z.boolean()),
  roles: z.optional(z.array(text(1, 128)).check(z.maxLength(100))),
  permissions: z.optional(z.array(text(1, 128, /^[a-zA-Z0-9_:\-.*]+$/)).check(z.maxLength(1000))),
})
const getKeyBody = z.strictObject({
  keyId: text(3, 255, /^[a-zA-Z0-9_]+$/),
  decrypt: z.optional(z.boolean()),
})

let requests = 0
const requestId = () => `req_mock${String(++requests).padStart(8, '0')}`

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

function unkeyError(
  status: number,
  detail: string,
  errors?: { location: string; message: string }[],
): MockReply {
  return {
    status,
    body: {
      meta: { requestId: requestId() },
      error: {
        title: titles[status] ?? 'Error',
        detail,
        status,
        type: `https://unkey.com/docs/errors/unkey/${status}`,
        ...(errors && { errors }),
      },
    },
  }
}

const unkeyMock: ProviderMock<StoredKey, UnkeySeed> = {
  id: 'unkey',
  defaultBaseUrl: unkeyEnvironments.production,
  seedFor: (keyId) => ({ keyId: String(keyId) }),
  clientOptions: { rootKey: 'unkey_mock_root_key' },
  fromSeed: (seed) => ({
    start: 'sk_mock',
    enabled: true,
    name: 'Mock key',
    createdAt: 1_701_425_400_000,
    permissions: [],
    roles: [],
    ...seed,
  }),
  keyOf: (stored) => stored.keyId,
  errorBody: (status, message) => unkeyError(status, message).body,
  rateLimitHeaders: (seconds) => ({
    'content-type': 'application/problem+json',
    'retry-after': String(seconds),
  }),

  handlers: (context) => {
    const authorized = (request: Request) => context.acceptsCredential(bearerToken(request))
    const invalid = (issues: readonly z.core.$ZodIssue[]) =>
      unkeyError(
        400,
        'The request body is invalid.',
        issues.map((issue) => ({ location: ['body', ...issue.path].join('.'), message: issue.message })),
      )
    return [
      context.route('post', '/v2/keys.getKey', async (request): Promise<MockReply> => {
        if (!authorized(request)) return unkeyError(401, 'The root key is missing or invalid.')
        const parsed = await readJsonBody(request)
        if (!parsed.ok) return unkeyError(400, 'The request body is not valid JSON.')
        const body = getKeyBody.safeParse(parsed.value)
        if (!body.success) return invalid(body.error.issues)
        const stored = context.store.get(body.data.keyId)
        if (!stored) return unkeyError(404, `The key ${body.data.keyId} does not exist.`)
        return { status: 200, body: { meta: { requestId: requestId() }, data: stored } }
      }),
      context.route('post', '/v2/keys.updateKey', async (request): Promise<MockReply> => {
        if (!authorized(request)) return unkeyError(401, 'The root key is missing or invalid.')
        const parsed = await readJsonBody(request)
        if (!parsed.ok) return unkeyError(400, 'The request body is not valid JSON.')
        const body = updateKeyBody.safeParse(parsed.value)
        if (!body.success) return invalid(body.error.issues)
        const { keyId, name, externalId, meta, expires, credits, ratelimits, enabled, roles, permissions } =
          body.data
        const stored = context.store.get(keyId)
        if (!stored) return unkeyError(404, `The key ${keyId} does not exist.`)
        const updated: StoredKey = { ...stored, updatedAt: Date.now() }
        // Left out: kept. null: cleared.
        const set = <K extends keyof StoredKey>(field: K, value: StoredKey[K] | null | undefined) => {
          if (value === null) delete updated[field]
          else if (value !== undefined) updated[field] = value
        }
        set('name', name)
        set('meta', meta)
        set('expires', expires)
        set('enabled', enabled)
        set('roles', roles)
        set('permissions', permissions)
        set(
          'identity',
          typeof externalId === 'string'
            ? { id: `id_${externalId.replace(/[^a-zA-Z0-9]/g, '')}`, externalId }
            : externalId,
        )
        set(
          'credits',
          credits && {
            remaining: credits.remaining ?? null,
            ...(credits.refill && {
              refill: {
                interval: credits.refill.interval,
                amount: credits.refill.amount,
                ...(credits.refill.refillDay !== undefined && { refillDay: credits.refill.refillDay }),
              },
            }),
          },
        )
        set(
          'ratelimits',
          ratelimits === null
            ? []
            : ratelimits?.map((limit, index) => ({
                id: `rl_${keyId}${index}`.slice(0, 255),
                name: limit.name,
                limit: limit.limit,
                duration: limit.duration,
                autoApply: limit.autoApply,
              })),
        )
        context.store.set(keyId, updated)
        return { status: 200, body: { meta: { requestId: requestId() }, data: {} } }
      }),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default unkeyMock
