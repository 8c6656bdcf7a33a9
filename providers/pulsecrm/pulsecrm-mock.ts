/**
 * A mock of PulseCRM's key endpoints for msw: `POST /auth/login` issues session tokens, `GET /apikeys` lists
 * the account's keys, `PATCH /apikeys/{id}` requires `description` and `flatPermissionsList` and answers
 * `{success: true}`. Errors use the API-wide `{error, message?}` model. Keys live on accounts (`x-account-id`,
 * default `acct_primary`).
 */
import * as z from 'zod/mini'
import type { components } from '../../generated/pulsecrm'
import {
  bearerToken,
  isIsoDateTime,
  type MockReply,
  nowIso,
  type ProviderMock,
  readJsonBody,
} from '../../src/kit/mock'

type StoredKey = components['schemas']['ApiKeyRecord'] & { accountId: string }
/** A key to seed: `id` plus any fields to override the defaults (`accountId` defaults to `acct_primary`). */
export type PulseCrmSeed = Partial<StoredKey> & { id: string }

/**
 * The base URL the mock answers on by default (PulseCRM has no public one: pass the same to createPulseCrm).
 * `.invalid` is reserved (RFC 2606): without msw in place, a request to it fails instead of leaving the machine.
 */
export const pulseCrmMockBaseUrl = 'https://pulsecrm.invalid/api'
/** A session token the mock always accepts, for clients created with `token` instead of a login. */
export const pulseCrmMockToken = 'mock-pulsecrm-session-token'
const primaryAccount = 'acct_primary'

// Mirrors `ApiKeyInput` in openapi.yaml (test/mocks-conformance proves the two accept the same bodies).
const apiKeyInput = z.looseObject({
  description: z.string('description must be a string'),
  flatPermissionsList: z.array(z.string(), 'flatPermissionsList must be present and an array of strings'),
  expiresAt: z.optional(
    z.nullable(
      z.string().check(z.refine(isIsoDateTime, 'expiresAt must be an ISO date-time string or null')),
    ),
  ),
})
const loginBody = z.union([
  z.strictObject({ email: z.string(), password: z.string() }),
  z.strictObject({ apiKey: z.string(), apiSecret: z.string() }),
])

const pulseCrmMock: ProviderMock<StoredKey, PulseCrmSeed> = {
  id: 'pulsecrm',
  defaultBaseUrl: pulseCrmMockBaseUrl,
  seedFor: (keyId) => ({ id: String(keyId) }),
  clientOptions: { baseUrl: pulseCrmMockBaseUrl, token: pulseCrmMockToken },
  fromSeed: (seed) => ({
    apiKey: `apiKey-${seed.id}`,
    description: `Key ${seed.id}`,
    flatPermissionsList: [],
    expiresAt: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    accountId: primaryAccount,
    ...seed,
  }),
  keyOf: (stored) => stored.id,
  errorBody: (status, message) => ({ error: status === 404 ? message : statusLabel(status), message }),
  rateLimitHeaders: (seconds) => ({ 'retry-after': String(seconds) }),
  // A login's password (or API secret) must not be recorded in `calls`.
  secretsOf: (_request, body) => {
    const { password, apiSecret } = (body ?? {}) as { password?: unknown; apiSecret?: unknown }
    return [password, apiSecret].filter((value): value is string => typeof value === 'string')
  },

  handlers: (context) => {
    // Sessions the mock issued at login; a static token is accepted as the mock's own token, or as the
    // credential given to createMockProviders({ credentials: { pulsecrm } }).
    const sessions = new Set<string>()
    let issued = 0
    const authorized = (request: Request) => {
      const token = bearerToken(request)
      if (token !== undefined && sessions.has(token)) return true
      return context.state.credentials.has('pulsecrm')
        ? context.acceptsCredential(token)
        : token === pulseCrmMockToken
    }
    const account = (request: Request) => request.headers.get('x-account-id') ?? primaryAccount
    const publicRecord = ({ accountId: _accountId, ...record }: StoredKey) => record

    return [
      context.route('post', '/auth/login', async (request): Promise<MockReply> => {
        const parsed = await readJsonBody(request)
        const checked = parsed.ok ? loginBody.safeParse(parsed.value) : undefined
        if (!checked?.success)
          return context.error(400, 'email and password (or apiKey and apiSecret) are required')
        const values = Object.values(checked.data)
        const secret = 'password' in checked.data ? checked.data.password : checked.data.apiSecret
        if (values.some((value) => value.length === 0) || !context.acceptsCredential(secret))
          return context.error(401, 'Invalid credentials')
        const token = `mock-session-${++issued}-${Math.random().toString(36).slice(2, 10)}`
        sessions.add(token)
        context.state.redactor.add(token)
        return { status: 200, body: { token, primaryAccount: { accountId: primaryAccount } } }
      }),
      context.route('get', '/apikeys', (request): MockReply => {
        if (!authorized(request)) return context.error(401, 'User not authenticated')
        const apiKeys = [...context.store.values()]
          .filter((key) => key.accountId === account(request))
          .map(publicRecord)
        return { status: 200, body: { apiKeys } }
      }),
      context.route('patch', '/apikeys/:id', async (request, params): Promise<MockReply> => {
        if (!authorized(request)) return context.error(401, 'User not authenticated')
        const stored = context.store.get(params.id ?? '')
        if (!stored || stored.accountId !== account(request)) return context.error(404, 'API key not found')
        const parsed = await readJsonBody(request)
        if (!parsed.ok) return context.error(400, 'Invalid JSON body')
        const checked = apiKeyInput.safeParse(parsed.value)
        if (!checked.success)
          return context.error(400, checked.error.issues.map((issue) => issue.message).join('; '))
        const body = checked.data
        context.store.set(stored.id, {
          ...stored,
          description: body.description,
          flatPermissionsList: body.flatPermissionsList,
          ...(body.expiresAt !== undefined && {
            expiresAt: body.expiresAt === null ? null : new Date(body.expiresAt).toISOString(),
          }),
          updatedAt: nowIso(),
        })
        return { status: 200, body: { success: true } }
      }),
    ]
  },
}

function statusLabel(status: number): string {
  const labels: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
  }
  return labels[status] ?? (status >= 500 ? 'Internal server error' : 'Error')
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default pulseCrmMock
