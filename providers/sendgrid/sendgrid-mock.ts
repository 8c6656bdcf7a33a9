/**
 * A mock of SendGrid's `GET`, `PATCH` and `PUT /v3/api_keys/{api_key_id}` for msw: `Authorization: Bearer`
 * required, `on-behalf-of` picks a subuser's or customer account's keys, the PATCH renames, the PUT requires a name
 * and at least one scope and replaces the scopes wholesale, errors as `{errors: [{field, message}]}`, and a 429 with
 * `X-RateLimit-Reset` (a Unix time in seconds).
 */
import type { components } from '../../generated/sendgrid'
import { bearerToken, type MockReply, type ProviderMock, readJsonBody } from '../../src/kit/mock'
import { sendGridEnvironments } from './sendgrid-provider'

type StoredKey = Required<components['schemas']['ApiKeyScopesResponse']> & {
  /** The `on-behalf-of` value that reaches the key: a subuser's username or `account-id <id>`; none for the parent. */
  onBehalfOf?: string
}
/** A key to seed: `api_key_id` plus any fields to override the defaults (`onBehalfOf` puts it on a subuser). */
export type SendGridSeed = Partial<StoredKey> & { api_key_id: string }

function sendGridError(status: number, message: string, field: string | null = null): MockReply {
  return { status, body: { errors: [{ field, message }] } }
}

/** The body the PATCH and the PUT require: an object with a string `name` (and, for the PUT, scopes). */
function readUpdate(body: unknown, withScopes: boolean): { name: string; scopes?: string[] } | MockReply {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return sendGridError(400, 'request body must be a JSON object')
  const { name, scopes } = body as { name?: unknown; scopes?: unknown }
  if (typeof name !== 'string') return sendGridError(400, 'missing required argument', 'name')
  if (!withScopes || scopes === undefined) return { name }
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string'))
    return sendGridError(400, 'scopes must be an array of strings', 'scopes')
  if (scopes.length === 0) return sendGridError(400, 'at least one scope is required', 'scopes')
  return { name, scopes: [...new Set(scopes as string[])] }
}

/** What SendGrid answers for a key: never the account it is reached through. */
function shown({ onBehalfOf: _, ...key }: StoredKey) {
  return key
}

const sendGridMock: ProviderMock<StoredKey, SendGridSeed> = {
  id: 'sendgrid',
  defaultBaseUrl: sendGridEnvironments.global,
  otherBaseUrls: [sendGridEnvironments.eu],
  seedFor: (keyId) => ({ api_key_id: String(keyId) }),
  clientOptions: { apiKey: 'SG.mock-sendgrid-key' },
  fromSeed: (seed) => ({ name: 'Mock key', scopes: ['mail.send'], ...seed }),
  keyOf: (stored) => stored.api_key_id,
  errorBody: (status, message) => sendGridError(status, message).body,
  rateLimitHeaders: (seconds) => ({
    'x-ratelimit-limit': '150',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + seconds),
  }),

  handlers: (context) => {
    /** The key the request addresses, through the account `on-behalf-of` names (the parent's without it). */
    const find = (request: Request, id: string | undefined): StoredKey | MockReply => {
      if (!context.acceptsCredential(bearerToken(request)))
        return sendGridError(401, 'authorization required')
      const stored = id === undefined ? undefined : context.store.get(id)
      const account = request.headers.get('on-behalf-of') ?? undefined
      if (!stored || stored.onBehalfOf !== account) return sendGridError(404, 'unable to find API Key')
      return stored
    }
    const write = (withScopes: boolean) => async (request: Request, params: Record<string, string>) => {
      const found = find(request, params.api_key_id)
      if ('status' in found) return found
      const parsed = await readJsonBody(request)
      if (!parsed.ok) return sendGridError(400, 'Bad Request: the request body is not valid JSON')
      const update = readUpdate(parsed.value, withScopes)
      if ('status' in update) return update
      const updated: StoredKey = { ...found, ...update }
      context.store.set(updated.api_key_id, updated)
      // The PATCH answers the id and name only; the PUT the scopes too.
      const { scopes: _, ...nameOnly } = shown(updated)
      return { status: 200, body: withScopes ? shown(updated) : nameOnly }
    }
    return [
      context.route('get', '/v3/api_keys/:api_key_id', (request, params): MockReply => {
        const found = find(request, params.api_key_id)
        return 'status' in found ? found : { status: 200, body: shown(found) }
      }),
      context.route('patch', '/v3/api_keys/:api_key_id', write(false)),
      context.route('put', '/v3/api_keys/:api_key_id', write(true)),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default sendGridMock
