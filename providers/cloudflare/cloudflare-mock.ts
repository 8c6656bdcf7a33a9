/**
 * A mock of Cloudflare's user and account-owned API tokens (`GET`/`PUT /user/tokens/{token_id}` and
 * `/accounts/{account_id}/tokens/{token_id}`) for msw: `Authorization: Bearer` required, every answer in the
 * `{success, errors, messages, result}` envelope, the PUT a whole-token replace (name, status and policies required; a
 * condition, expiry or not-before left out is removed), an account's tokens reached only under that account.
 */
import type { components } from '../../generated/cloudflare'
import {
  bearerToken,
  isIsoDateTime,
  type MockReply,
  nowIso,
  type ProviderMock,
  readJsonBody,
} from '../../src/kit/mock'
import { cloudflareEnvironments } from './cloudflare-provider'

type StoredToken = Required<Pick<components['schemas']['iam_token'], 'id' | 'name' | 'status' | 'policies'>> &
  components['schemas']['iam_token'] & {
    /** The account that owns the token; none for a user's token. */
    accountId?: string
  }
/** A token to seed: `id` plus any fields to override the defaults (`accountId` makes it account-owned). */
export type CloudflareSeed = Partial<StoredToken> & { id: string }

function envelope(result: unknown): MockReply {
  return { status: 200, body: { success: true, errors: [], messages: [], result } }
}

function cloudflareError(status: number, code: number, message: string): MockReply {
  return { status, body: { success: false, errors: [{ code, message }], messages: [], result: null } }
}

const statuses = ['active', 'disabled', 'expired']
const cidr = /^[0-9a-fA-F:.]+\/\d{1,3}$/

/** The PUT body as Cloudflare checks it; what is wrong, or the token's new settings. */
function readToken(body: unknown): Omit<StoredToken, 'id'> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a token object'
  const token = body as Record<string, unknown>
  if (typeof token.name !== 'string') return 'name is required'
  if (token.name.length > 120) return 'name must be at most 120 characters'
  if (!statuses.includes(token.status as string)) return 'status must be active, disabled or expired'
  if (!Array.isArray(token.policies)) return 'policies is required'
  for (const policy of token.policies as unknown[]) {
    const { effect, permission_groups: groups, resources } = (policy ?? {}) as Record<string, unknown>
    if (effect !== 'allow' && effect !== 'deny') return 'a policy effect must be allow or deny'
    if (!Array.isArray(groups) || groups.some((group) => typeof (group as { id?: unknown })?.id !== 'string'))
      return 'a policy needs permission_groups with an id each'
    if (typeof resources !== 'object' || resources === null || Array.isArray(resources))
      return 'a policy needs resources (an object)'
  }
  for (const field of ['expires_on', 'not_before'] as const) {
    if (token[field] !== undefined && !(typeof token[field] === 'string' && isIsoDateTime(token[field])))
      return `${field} must be an RFC 3339 date-time`
  }
  if (token.condition !== undefined) {
    const condition = token.condition as { request_ip?: unknown } | null
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition))
      return 'condition must be an object'
    const ip = condition.request_ip as Record<string, unknown> | undefined
    if (ip !== undefined && (typeof ip !== 'object' || ip === null || Array.isArray(ip)))
      return 'condition.request_ip must be an object'
    for (const list of [ip?.in, ip?.not_in]) {
      if (list === undefined) continue
      if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string'))
        return 'condition.request_ip lists must be arrays of strings'
      if (list.some((entry) => !cidr.test(entry))) return 'condition.request_ip lists must be CIDR ranges'
    }
  }
  const { id: _, issued_on: __, modified_on: ___, ...settings } = token
  return settings as Omit<StoredToken, 'id'>
}

const cloudflareMock: ProviderMock<StoredToken, CloudflareSeed> = {
  id: 'cloudflare',
  defaultBaseUrl: cloudflareEnvironments.production,
  seedFor: (keyId) => ({ id: String(keyId) }),
  clientOptions: { apiToken: 'mock-cloudflare-token' },
  fromSeed: (seed) => ({
    name: 'Mock token',
    status: 'active',
    policies: [
      {
        id: 'f267e341f3dd4697bd3b9f71dd96247f',
        effect: 'allow',
        permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f', name: 'Zone Read' }],
        resources: { 'com.cloudflare.api.account.zone.*': '*' },
      },
    ],
    issued_on: '2024-01-01T00:00:00Z',
    modified_on: '2024-01-01T00:00:00Z',
    ...seed,
  }),
  keyOf: (stored) => stored.id,
  errorBody: (status, message) => cloudflareError(status, status === 429 ? 10000 : 1000, message).body,
  rateLimitHeaders: (seconds) => ({ 'retry-after': String(seconds) }),

  handlers: (context) => {
    const find = (
      request: Request,
      tokenId: string | undefined,
      accountId?: string,
    ): { token: StoredToken } | { reply: MockReply } => {
      const token = bearerToken(request)
      if (!token)
        return {
          reply: cloudflareError(400, 9106, 'Missing X-Auth-Key, X-Auth-Email or Authorization headers'),
        }
      if (!context.acceptsCredential(token))
        return { reply: cloudflareError(403, 9109, 'Invalid access token') }
      const stored = tokenId === undefined ? undefined : context.store.get(tokenId)
      if (!stored || stored.accountId !== accountId) {
        const message = 'Could not route to the token, perhaps your object identifier is invalid?'
        return { reply: cloudflareError(404, 7003, message) }
      }
      return { token: stored }
    }
    const shown = ({ accountId: _, ...token }: StoredToken) => token
    const read = (request: Request, params: Record<string, string>) => {
      const found = find(request, params.token_id, params.account_id)
      return 'reply' in found ? found.reply : envelope(shown(found.token))
    }
    const write = async (request: Request, params: Record<string, string>): Promise<MockReply> => {
      const lookup = find(request, params.token_id, params.account_id)
      if ('reply' in lookup) return lookup.reply
      const found = lookup.token
      const parsed = await readJsonBody(request)
      if (!parsed.ok) return cloudflareError(400, 6007, 'Malformed JSON in request body')
      const settings = readToken(parsed.value)
      if (typeof settings === 'string') return cloudflareError(400, 1001, settings)
      // The whole token: what the body leaves out is gone.
      const updated: StoredToken = {
        id: found.id,
        ...(found.accountId !== undefined && { accountId: found.accountId }),
        ...settings,
        policies: settings.policies.map((policy, index) => ({
          ...policy,
          id: policy.id ?? `${found.id.slice(0, 28)}${String(index).padStart(4, '0')}`,
        })),
        ...(found.issued_on !== undefined && { issued_on: found.issued_on }),
        modified_on: nowIso().replace(/\.\d{3}Z$/, 'Z'),
      }
      context.store.set(updated.id, updated)
      return envelope(shown(updated))
    }
    return [
      context.route('get', '/user/tokens/:token_id', read),
      context.route('put', '/user/tokens/:token_id', write),
      context.route('get', '/accounts/:account_id/tokens/:token_id', read),
      context.route('put', '/accounts/:account_id/tokens/:token_id', write),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default cloudflareMock
