/**
 * Twilio — `POST /2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json` (the Key resource, v2010).
 * Docs: https://www.twilio.com/docs/iam/api-keys/key-resource-v2010#update-a-key-resource
 *
 * Quirks handled here:
 * - An update is a POST with a form body (`FriendlyName=…`), answered in JSON with snake_case fields and RFC 2822
 *   dates (`Mon, 13 Jun 2016 22:50:08 +0000`), which the result gives as ISO 8601.
 * - HTTP Basic auth: the Account SID and its Auth Token, or a Main API key's SID and secret ("If your API key requires
 *   access to the /Accounts or /Accounts/{SID}/Keys endpoints, then you'll need to use a Main key"). The account SID
 *   is also in the path; `accountId` addresses a subaccount's key.
 * - A key's name is all v2010 can change; restricted keys' policies are the IAM v1 API's.
 */
import type { components, paths } from '../../generated/twilio'
import {
  type ApiKey,
  assertHeaderSafe,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  type Resolved,
  readEnvironment,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import { buildTwilioSchemas } from './twilio-schemas'

/** The API root (the `environment` option). */
export const twilioEnvironments = { production: 'https://api.twilio.com' } as const

export interface TwilioOptions extends ClientOptions {
  /** The account's SID (`AC…`): the Basic auth user with an Auth Token, and the path. Default: `TWILIO_ACCOUNT_SID`. */
  accountSid?: string | undefined
  /** The account's Auth Token. Default: `TWILIO_AUTH_TOKEN`. Or, instead, a Main API key: */
  authToken?: string | undefined
  /** A Main API key's SID (`SK…`), with `apiSecret`. Default: `TWILIO_API_KEY`. */
  apiKey?: string | undefined
  /** That API key's secret. Default: `TWILIO_API_SECRET`. */
  apiSecret?: string | undefined
  environment?: keyof typeof twilioEnvironments
}

/** Why Twilio cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const twilioHints = {
  description: 'Twilio keys have a friendly name only',
  permissions: "a restricted key's policy is set through the IAM v1 Key resource",
  expiresAt: 'Twilio keys do not expire',
  enabled: 'Twilio can only delete a key',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type TwilioUpdate = {
  /** The API key's SID (`SK…`), not its secret. */
  keyId: string
} & UpdateFields<
  'Twilio',
  'name' | 'accountId',
  {
    /** The key's friendly name, up to 64 characters. */
    name: string
    /** The (sub)account the key belongs to (`AC…`); default the client's account. */
    accountId: string
  },
  typeof twilioHints
>

/** The Key resource as Twilio answers it, typed from its spec. */
export type TwilioRaw = Resolved<components['schemas']['api.v2010.account.key']>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type TwilioApiKey = ApiKey<'twilio', TwilioRaw>
/** A client of this provider: what its factory returns. */
export type TwilioProvider = Provider<'twilio', TwilioUpdate, TwilioApiKey>

/** Basic auth: the user (an Account SID or an API key SID), its secret, and the account the calls act on. */
interface TwilioCredential {
  readonly user: string
  readonly secret: string
  readonly accountSid: string
}

type TwilioTypes = { paths: paths; options: TwilioOptions; update: TwilioUpdate }
type TwilioCall = Call<TwilioTypes, ReturnType<typeof buildTwilioSchemas>, TwilioCredential, undefined>

const formBody = { 'content-type': 'application/x-www-form-urlencoded' }

// `{code, message, more_info, status}` — https://www.twilio.com/docs/usage/twilios-response

/** A readable message from Twilio's error body, with its error code. */
export function describeTwilioError(body: unknown): string | undefined {
  const { code, message } = body as { code?: unknown; message?: unknown }
  if (typeof message !== 'string') return undefined
  return typeof code === 'number' ? `${message} (error ${code})` : message
}

/** An RFC 2822 date (Twilio's) as ISO 8601; anything else as it came. */
function isoFromRfc2822(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? value : new Date(time).toISOString()
}

export const twilio = defineProvider<TwilioTypes>()({
  id: 'twilio',
  name: 'Twilio',
  environments: twilioEnvironments,
  defaultEnvironment: 'production',
  requestIdHeader: 'twilio-request-id',
  example: { keyId: 'SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'billing worker' },
  credentialHelp:
    'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET, a Main key)',
  credentialVariables: ['TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET'],
  dryRunPlaceholders: {
    TWILIO_AUTH_TOKEN: 'dry-run-placeholder-auth-token',
    TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
  },
  fields: ['name', 'accountId'],
  unsupportedHints: twilioHints,
  selectors: ['keyId', 'accountId'],
  buildSchemas: buildTwilioSchemas,
  loadCredential(options): TwilioCredential {
    const accountSid = loadCredential('twilio', 'accountSid', options.accountSid, 'TWILIO_ACCOUNT_SID')
    const apiKey = options.apiKey ?? (readEnvironment('TWILIO_API_KEY') || undefined)
    const credential =
      apiKey === undefined
        ? {
            user: accountSid,
            secret: loadCredential('twilio', 'authToken', options.authToken, 'TWILIO_AUTH_TOKEN'),
          }
        : {
            user: apiKey,
            secret: loadCredential('twilio', 'apiSecret', options.apiSecret, 'TWILIO_API_SECRET'),
          }
    if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid))
      throw new ValidationError('twilio', [
        { path: ['accountSid'], message: 'must be an account SID (AC and 32 hexadecimal characters)' },
      ])
    // Basic auth is base64 of `user:secret`: both must be one header-safe line, and the user cannot hold a colon.
    assertHeaderSafe('twilio', [apiKey === undefined ? 'accountSid' : 'apiKey'], credential.user)
    assertHeaderSafe('twilio', [apiKey === undefined ? 'authToken' : 'apiSecret'], credential.secret)
    if (credential.user.includes(':'))
      throw new ValidationError('twilio', [
        { path: ['apiKey'], message: 'must not contain a colon (Basic auth)' },
      ])
    return { ...credential, accountSid }
  },
  // The Basic auth header carries the secret base64-encoded: that form is a secret too.
  secretsOf: ({ user, secret }) => [secret, basicAuth(user, secret)],
  authHeaders: ({ user, secret }) => ({ Authorization: `Basic ${basicAuth(user, secret)}` }),
  describeError: describeTwilioError,

  async update(call): Promise<TwilioApiKey> {
    const { input, schemas } = call
    const response = await call.write({
      method: 'post',
      path: '/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json',
      params: { path: pathOf(call) },
      body: definedOnly({ FriendlyName: input.name }),
      headers: formBody,
      responseSchema: schemas.key,
    })
    return twilioKey(call, response.readable, response.raw as TwilioRaw, response.issues)
  },

  async verify(call): Promise<TwilioApiKey | undefined> {
    const key = await call.read({
      method: 'get',
      path: '/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json',
      params: { path: pathOf(call) },
      responseSchema: call.schemas.key,
    })
    if (call.input.name !== undefined && key.friendly_name !== call.input.name) return undefined
    return twilioKey(call, key, key as TwilioRaw, undefined)
  },
})

function basicAuth(user: string, secret: string): string {
  return btoa(`${user}:${secret}`)
}

function pathOf(call: TwilioCall) {
  return { AccountSid: call.input.accountId ?? call.credential.accountSid, Sid: call.input.keyId }
}

function twilioKey(
  call: TwilioCall,
  key: {
    sid?: string | null | undefined
    friendly_name?: string | null | undefined
    date_created?: string | null | undefined
    date_updated?: string | null | undefined
  },
  raw: TwilioRaw,
  issues: TwilioApiKey['responseIssues'],
): TwilioApiKey {
  return new UpdatedApiKey<'twilio', TwilioRaw>({
    provider: 'twilio',
    id: key.sid ?? call.input.keyId,
    ...definedOnly({
      name: key.friendly_name ?? undefined,
      createdAt: isoFromRfc2822(key.date_created),
      updatedAt: isoFromRfc2822(key.date_updated),
      responseIssues: issues,
    }),
    readBeforeWrite: false,
    raw,
  })
}

/**
 * A Twilio client. Credentials: `accountSid` with `authToken`, or with a Main key's `apiKey` and `apiSecret`; or the
 * `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`, `TWILIO_API_KEY`, `TWILIO_API_SECRET` environment variables.
 */
export function createTwilio(options: TwilioOptions = {}): TwilioProvider {
  return twilio.create(options)
}
