/**
 * SendGrid — `PATCH /v3/api_keys/{api_key_id}` (rename) and `PUT /v3/api_keys/{api_key_id}` (name and scopes).
 * Docs: https://docs.sendgrid.com/api-reference/api-keys/update-api-key-name-and-scopes
 *
 * Quirks handled here:
 * - The PUT replaces the key's scopes wholesale and requires its name: changing only the scopes reads the key first
 *   (`GET /v3/api_keys/{api_key_id}`) and re-sends its current name ("pass the `name` field with the key's existing
 *   name"). A rename alone is the PATCH, which leaves the scopes alone.
 * - `accountId` acts on a subuser's or customer account's key with the parent's credential (`on-behalf-of`).
 * - The single-key read is documented as `{result: [key]}` but SendGrid's own clients read one flat key: both are
 *   read. SendGrid adds scopes of its own to some keys (`2fa_required`, `sender_verification_eligible`, …), so a
 *   key read back may hold more scopes than were sent.
 */
import type * as z from 'zod/mini'
import type { components, paths } from '../../generated/sendgrid'
import {
  type ApiKey,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  type Resolved,
  UnexpectedResponseError,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import { buildSendGridSchemas } from './sendgrid-schemas'

/** The API root of each documented region (the `environment` option). */
export const sendGridEnvironments = {
  /** Global users and subusers. */
  global: 'https://api.sendgrid.com',
  /** EU regional subusers. */
  eu: 'https://api.eu.sendgrid.com',
} as const

export interface SendGridOptions extends ClientOptions {
  /** An API key with the `api_keys.update` scope, sent as `Authorization: Bearer`. Default: `SENDGRID_API_KEY`. */
  apiKey?: string | undefined
  /** Default `global`; `eu` for EU regional subusers. */
  environment?: keyof typeof sendGridEnvironments
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

/** Why SendGrid cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const sendGridHints = {
  description: 'SendGrid keys have a name only',
  expiresAt: 'SendGrid keys do not expire',
  enabled: 'SendGrid can only delete a key (DELETE /v3/api_keys/{api_key_id})',
  ipAllowlist: "SendGrid's IP Access Management applies to the whole account, not to one key",
  ownerAccountId: 'use accountId to act on a subuser or customer account (on-behalf-of)',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type SendGridUpdate = {
  /** The key's id (`api_key_id`, not its secret value). */
  keyId: string
} & UpdateFields<
  'SendGrid',
  'name' | 'permissions' | 'accountId',
  {
    /** The key's scopes (at least one), replacing the current list. SendGrid has no "unrestricted" key: no `null`. */
    permissions: readonly string[]
    /** Act for a subuser (`<username>`) or a customer account (`account-id <id>`): the `on-behalf-of` header. */
    accountId: string
  },
  typeof sendGridHints
>

/** The provider's answer to an update (the key's id, name and scopes), typed from its spec. */
export type SendGridRaw = Resolved<components['schemas']['ApiKeyScopesResponse']>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type SendGridApiKey = ApiKey<'sendgrid', SendGridRaw>
/** A client of this provider: what its factory returns. */
export type SendGridProvider = Provider<'sendgrid', SendGridUpdate, SendGridApiKey>

type SendGridTypes = { paths: paths; options: SendGridOptions; update: SendGridUpdate }
type Schemas = ReturnType<typeof buildSendGridSchemas>
type SendGridCall = Call<SendGridTypes, Schemas, string, undefined>
type ReadKey = z.output<Schemas['key']>

/** Scopes SendGrid assigns to keys itself: a key read back may hold them besides the ones sent. */
const vendorAssignedScopes = new Set([
  '2fa_exempt',
  '2fa_required',
  'sender_verification_exempt',
  'sender_verification_eligible',
  'sender_verification_legacy',
])

// `{errors: [{message, field?, help?}], id?}` — https://docs.sendgrid.com/api-reference/api-keys

/** A readable message from SendGrid's error body: each error's message, with its field when it names one. */
export function describeSendGridError(body: unknown): string | undefined {
  const { errors } = body as { errors?: unknown }
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  const messages = errors.map((error) => {
    const { message, field } = (error ?? {}) as { message?: unknown; field?: unknown }
    if (typeof message !== 'string') return undefined
    return typeof field === 'string' && field !== '' ? `${field}: ${message}` : message
  })
  return messages.every((message) => message !== undefined) ? messages.join('; ') : undefined
}

export const sendgrid = defineProvider<SendGridTypes>()({
  id: 'sendgrid',
  name: 'SendGrid',
  environments: sendGridEnvironments,
  defaultEnvironment: 'global',
  // A change of scopes only: the current name is read first.
  example: { keyId: 'qfTQ6KG0QBiwWdJ0-pCLCA', permissions: ['mail.send', 'alerts.read'] },
  credentialHelp: 'SENDGRID_API_KEY',
  credentialVariables: ['SENDGRID_API_KEY'],
  dryRunReply: ({ method }, keyId) =>
    method === 'GET'
      ? { api_key_id: keyId, name: '<current name>', scopes: ['<current scopes>'] }
      : undefined,
  fields: ['name', 'permissions', 'accountId'],
  unsupportedHints: sendGridHints,
  selectors: ['keyId', 'accountId'],
  buildSchemas: buildSendGridSchemas,
  loadCredential: (options) => loadCredential('sendgrid', 'apiKey', options.apiKey, 'SENDGRID_API_KEY'),
  secretsOf: (apiKey) => [apiKey],
  authHeaders: (apiKey) => ({ Authorization: `Bearer ${apiKey}` }),
  check(input, { readBeforeWrite }) {
    if (input.permissions !== undefined && input.name === undefined && !readBeforeWrite) {
      throw new ValidationError('sendgrid', [
        {
          path: ['name'],
          message: 'required by SendGrid with a change of scopes (readBeforeWrite is off)',
        },
      ])
    }
  },
  describeError: describeSendGridError,

  async update(call): Promise<SendGridApiKey> {
    const { input, schemas } = call
    const path = { api_key_id: input.keyId }
    if (input.permissions === undefined) {
      // A rename: the PATCH leaves the scopes as they are.
      const name = input.name as string
      const response = await call.write({
        method: 'patch',
        path: '/v3/api_keys/{api_key_id}',
        params: { path },
        body: { name },
        headers: onBehalfOf(call),
        responseSchema: schemas.key,
      })
      return sendGridKey(call, response.readable, response.raw, response.issues, false)
    }
    const current = input.name === undefined ? await readKey(call) : undefined
    const body = { name: input.name ?? current?.name ?? '', scopes: [...input.permissions] }
    const response = await call.write({
      method: 'put',
      path: '/v3/api_keys/{api_key_id}',
      params: { path },
      body,
      headers: onBehalfOf(call),
      responseSchema: schemas.key,
    })
    return sendGridKey(call, response.readable, response.raw, response.issues, current !== undefined)
  },

  async verify(call): Promise<SendGridApiKey | undefined> {
    const { input } = call
    const current = await readKey(call)
    const scopes = current.scopes ?? []
    const inEffect =
      (input.name === undefined || current.name === input.name) &&
      (input.permissions === undefined ||
        (input.permissions.every((scope) => scopes.includes(scope)) &&
          scopes.every((scope) => input.permissions?.includes(scope) || vendorAssignedScopes.has(scope))))
    return inEffect ? sendGridKey(call, current, current, undefined, true) : undefined
  },
})

function onBehalfOf(call: SendGridCall): Record<string, string> {
  return call.input.accountId === undefined ? {} : { 'on-behalf-of': call.input.accountId }
}

/** The key as SendGrid holds it: read as one key, or as the documented `{result: [key]}`. */
async function readKey(call: SendGridCall): Promise<ReadKey & { name: string }> {
  const answer = await call.read({
    method: 'get',
    path: '/v3/api_keys/{api_key_id}',
    params: { path: { api_key_id: call.input.keyId } },
    headers: onBehalfOf(call),
    responseSchema: call.schemas.current,
  })
  const key: ReadKey | undefined = answer.result ? answer.result[0] : answer
  if (typeof key?.name !== 'string')
    throw new UnexpectedResponseError(
      'sendgrid',
      200,
      'the read of the key holds no name (read before write)',
    )
  return key as ReadKey & { name: string }
}

function sendGridKey(
  call: SendGridCall,
  readable: ReadKey,
  raw: unknown,
  issues: ApiKey['responseIssues'],
  readBeforeWrite: boolean,
): SendGridApiKey {
  return new UpdatedApiKey<'sendgrid', SendGridRaw>({
    provider: 'sendgrid',
    id: readable.api_key_id ?? call.input.keyId,
    ...definedOnly({ name: readable.name, permissions: readable.scopes, responseIssues: issues }),
    readBeforeWrite,
    raw: raw as SendGridRaw,
  })
}

/** A SendGrid client. Credentials: `apiKey`, or the `SENDGRID_API_KEY` environment variable. */
export function createSendGrid(options: SendGridOptions = {}): SendGridProvider {
  return sendgrid.create(options)
}
