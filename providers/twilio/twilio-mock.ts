/**
 * A mock of Twilio's Key resource (`GET` and `POST /2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json`) for msw:
 * HTTP Basic auth required (an Account SID with its Auth Token, or an API key SID with its secret), a form body
 * (`FriendlyName`, up to 64 characters), keys reached only under their own account, JSON answers in snake_case with
 * RFC 2822 dates, and Twilio's `{code, message, more_info, status}` errors.
 */
import type { components } from '../../generated/twilio'
import type { MockReply, ProviderMock } from '../../src/kit/mock'
import { twilioEnvironments } from './twilio-provider'

type StoredKey = Required<{ [K in keyof components['schemas']['api.v2010.account.key']]: string }> & {
  /** The account the key belongs to. */
  accountSid: string
}
/** A key to seed: its `sid` plus any fields to override the defaults (`accountSid` puts it on another account). */
export type TwilioSeed = Partial<StoredKey> & { sid: string }

/** The account the mock's keys belong to unless seeded otherwise (`--mock` uses it). */
export const twilioMockAccountSid = 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

const codes: Record<number, number> = { 400: 20001, 401: 20003, 404: 20404, 429: 20429, 500: 20500 }

function twilioError(status: number, message: string): MockReply {
  const code = codes[status] ?? 20001
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } }
}

/** `Mon, 13 Jun 2016 22:50:08 +0000`: Twilio's RFC 2822 dates. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}

/** The Basic auth user and secret, or undefined. */
function basicCredentials(request: Request): { user: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.get('authorization') ?? '')
  if (!match?.[1]) return undefined
  const decoded = atob(match[1])
  const colon = decoded.indexOf(':')
  return colon > 0 ? { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : undefined
}

const twilioMock: ProviderMock<StoredKey, TwilioSeed> = {
  id: 'twilio',
  defaultBaseUrl: twilioEnvironments.production,
  seedFor: (keyId) => ({ sid: String(keyId) }),
  clientOptions: { accountSid: twilioMockAccountSid, authToken: 'mock-twilio-auth-token' },
  fromSeed: (seed) => ({
    accountSid: twilioMockAccountSid,
    friendly_name: 'Mock key',
    date_created: 'Mon, 13 Jun 2016 22:50:08 +0000',
    date_updated: 'Mon, 13 Jun 2016 22:50:08 +0000',
    ...seed,
  }),
  keyOf: (stored) => stored.sid,
  errorBody: (status, message) => twilioError(status, message).body,
  // Twilio sends no header that says when to retry a 429 ("safe to retry after backing off").
  rateLimitHeaders: () => ({}),
  secretsOf: (request) => {
    const credentials = basicCredentials(request)
    return credentials ? [credentials.secret] : []
  },

  handlers: (context) => {
    const path = '/2010-04-01/Accounts/:AccountSid/Keys/:Sid.json'
    const find = (request: Request, params: Record<string, string>) => {
      const credentials = basicCredentials(request)
      if (
        !credentials ||
        !/^(AC|SK)/.test(credentials.user) ||
        !context.acceptsCredential(credentials.secret)
      )
        return { reply: twilioError(401, 'Authenticate') }
      const stored = params.Sid === undefined ? undefined : context.store.get(params.Sid)
      if (!stored || stored.accountSid !== params.AccountSid)
        return {
          reply: twilioError(404, `The requested resource ${new URL(request.url).pathname} was not found`),
        }
      return { key: stored }
    }
    const shown = ({ accountSid: _, ...key }: StoredKey) => key
    return [
      context.route('get', path, (request, params): MockReply => {
        const found = find(request, params)
        return 'reply' in found ? found.reply : { status: 200, body: shown(found.key) }
      }),
      context.route('post', path, async (request, params): Promise<MockReply> => {
        const found = find(request, params)
        if ('reply' in found) return found.reply
        const form = new URLSearchParams(await request.text())
        const name = form.get('FriendlyName')
        if (name !== null && name.length > 64)
          return twilioError(400, 'FriendlyName must be 64 characters or fewer')
        const updated: StoredKey = {
          ...found.key,
          ...(name !== null && { friendly_name: name }),
          date_updated: rfc2822(new Date()),
        }
        context.store.set(updated.sid, updated)
        return { status: 200, body: shown(updated) }
      }),
    ]
  },
}

/** The mock keyshift/msw registers (generated/mocks.ts); the named exports above are public in keyshift/msw. */
export default twilioMock
