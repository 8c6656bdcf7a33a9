/**
 * PulseCRM — `PATCH /apikeys/{id}`, after a `POST /auth/login` session.
 * Docs: https://api.docs.pulsecrm.com (PATCH /apikeys/{id}), https://44.docs.dev.pulsecrm.com/pulse-api-guide/
 *
 * Quirks handled here:
 * - `description` and `flatPermissionsList` are required on every update, so a partial update reads the key
 *   first (`GET /apikeys`, there is no single-key read) and re-sends its current values.
 * - The update answers `{success}` only, so the result is built from what was sent and read.
 * - Only an administrator's *user* session may update keys ("API keys cannot update other API keys").
 */
import type { components, paths } from '../../generated/pulsecrm'
import {
  type ApiKey,
  AuthenticationError,
  assertHeaderSafe,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  NotFoundError,
  type Provider,
  type Resolved,
  readEnvironment,
  UnexpectedResponseError,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import { toPulseCrmExpiry } from './pulsecrm-conversions'
import { buildPulseCrmSchemas } from './pulsecrm-schemas'

export interface PulseCrmOptions extends ClientOptions {
  /** Required: PulseCRM publishes no public base URL. */
  baseUrl: string
  /** A session token for `Authorization: Bearer`. Default: the `PULSECRM_TOKEN` environment variable. */
  token?: string | undefined
  /**
   * An administrator's credentials, exchanged for a session at `POST /auth/login` when no token is given.
   * Defaults: `PULSECRM_EMAIL` and `PULSECRM_PASSWORD`. The session is cached and renewed once on a 401.
   */
  email?: string | undefined
  password?: string | undefined
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

/** Why PulseCRM cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const pulseCrmHints = {
  name: 'PulseCRM keys have a description but no name',
  enabled: 'PulseCRM can only delete a key (DELETE /apikeys/{id})',
  ownerAccountId: 'use accountId to pick the account (x-account-id)',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type PulseCrmUpdate = {
  /** The key's id (path `/apikeys/{id}`). */
  keyId: string
} & UpdateFields<
  'PulseCRM',
  'description' | 'expiresAt' | 'permissions' | 'accountId',
  {
    /** Permission names (`flatPermissionsList`). PulseCRM keys always carry an explicit list: no "unrestricted". */
    permissions: readonly string[]
  },
  typeof pulseCrmHints
>

/** The provider's response body, typed from its spec. */
export type PulseCrmRaw = Resolved<
  paths['/apikeys/{id}']['patch']['responses'][200]['content']['application/json']
>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type PulseCrmApiKey = ApiKey<'pulsecrm', PulseCrmRaw>
/** A client of this provider: what its factory returns. */
export type PulseCrmProvider = Provider<'pulsecrm', PulseCrmUpdate, PulseCrmApiKey>

type ApiKeyRecord = components['schemas']['ApiKeyRecord']

/** A session token, or an administrator's login to exchange for one. */
type PulseCrmCredential = { token: string } | { email: string; password: string }

/** One login shared by a client's concurrent calls; dropped when the server rejects it. */
interface LoginSession {
  token: Promise<string> | undefined
}

type PulseCrmTypes = { paths: paths; options: PulseCrmOptions; update: PulseCrmUpdate }
type PulseCrmCall = Call<
  PulseCrmTypes,
  ReturnType<typeof buildPulseCrmSchemas>,
  PulseCrmCredential,
  LoginSession
>

// API-wide `Error` model: {error, message?, dev_err_msg?} — https://developers.chargeloop.com/api/model/Error

/** A readable message from a PulseCRM error body, e.g. `API key not found`. `dev_err_msg` is left out. */
export function describePulseCrmError(body: unknown): string | undefined {
  const { error, message } = body as { error?: unknown; message?: unknown }
  if (typeof error !== 'string') return undefined
  return typeof message === 'string' && message !== error ? `${error}: ${message}` : error
}

export const pulsecrm = defineProvider<PulseCrmTypes>()({
  id: 'pulsecrm',
  name: 'PulseCRM',
  // No environments: PulseCRM publishes no public base URL, so `baseUrl` is required.
  credentialHelp: 'PULSECRM_TOKEN (or PULSECRM_EMAIL and PULSECRM_PASSWORD)',
  credentialVariables: ['PULSECRM_TOKEN', 'PULSECRM_EMAIL', 'PULSECRM_PASSWORD'],
  // A login, and a partial update's read of the current values.
  dryRunReply: ({ method, url }, keyId) => {
    if (method === 'POST' && url.endsWith('/auth/login')) return { token: 'dry-run-session' }
    if (method !== 'GET') return undefined
    const current = {
      id: keyId,
      description: '<current description>',
      flatPermissionsList: ['<current permissions>'],
    }
    return { apiKeys: [current] }
  },
  fields: ['description', 'expiresAt', 'permissions', 'accountId'],
  unsupportedHints: pulseCrmHints,
  selectors: ['keyId', 'accountId'],
  buildSchemas: buildPulseCrmSchemas,
  loadCredential(options): PulseCrmCredential {
    const token = options.token ?? (readEnvironment('PULSECRM_TOKEN') || undefined)
    if (token !== undefined) {
      assertHeaderSafe('pulsecrm', ['token'], token)
      return { token }
    }
    if (options.email === undefined && !readEnvironment('PULSECRM_EMAIL')) {
      throw new ValidationError('pulsecrm', [
        {
          path: ['token'],
          message:
            'missing: pass token, or email and password (or set PULSECRM_TOKEN, or PULSECRM_EMAIL and PULSECRM_PASSWORD)',
        },
      ])
    }
    return {
      email: loadCredential('pulsecrm', 'email', options.email, 'PULSECRM_EMAIL'),
      password: loadCredential('pulsecrm', 'password', options.password, 'PULSECRM_PASSWORD'),
    }
  },
  secretsOf: (credential) => ('token' in credential ? [credential.token] : [credential.password]),
  check(input, { readBeforeWrite }) {
    if (readBeforeWrite) return
    const missing = (['description', 'permissions'] as const).filter((field) => input[field] === undefined)
    if (missing.length > 0) {
      throw new ValidationError(
        'pulsecrm',
        missing.map((field) => ({
          path: [field],
          message: 'required by PulseCRM on every update (readBeforeWrite is off)',
        })),
      )
    }
  },
  describeError: describePulseCrmError,
  createSession: (): LoginSession => ({ token: undefined }),

  async update(call): Promise<PulseCrmApiKey> {
    const { input, schemas } = call
    const account: Record<string, string> =
      input.accountId === undefined ? {} : { 'x-account-id': input.accountId }
    const mustRead = input.description === undefined || input.permissions === undefined
    const current = mustRead ? await readKey(call, account) : undefined
    const body: components['schemas']['ApiKeyInput'] = {
      description: input.description ?? current?.description ?? '',
      flatPermissionsList: [...(input.permissions ?? current?.flatPermissionsList ?? [])],
      // Only the fields PulseCRM requires are re-sent from the read: re-sending the expiry too would undo a change
      // made to it between the read and the write.
      ...definedOnly({
        expiresAt:
          input.expiresAt === undefined ? undefined : input.expiresAt && toPulseCrmExpiry(input.expiresAt),
      }),
    }
    const { raw, issues } = await withSession(call, (token) =>
      call.write({
        method: 'patch',
        path: '/apikeys/{id}',
        params: { path: { id: input.keyId } },
        body,
        headers: { ...account, Authorization: `Bearer ${token}` },
        responseSchema: schemas.success,
      }),
    )
    if (raw.success === false) {
      // The docs' example shows {success: false} under "updated successfully"; keyshift does not guess.
      throw new UnexpectedResponseError('pulsecrm', 200, 'the update answered {"success": false}')
    }
    return new UpdatedApiKey<'pulsecrm', PulseCrmRaw>({
      provider: 'pulsecrm',
      id: input.keyId,
      description: body.description,
      permissions: body.flatPermissionsList,
      ...definedOnly({
        // Not sent: the value just read (PulseCRM keeps it).
        expiresAt: input.expiresAt === undefined ? current?.expiresAt : body.expiresAt,
        createdAt: current?.createdAt,
        responseIssues: issues,
      }),
      readBeforeWrite: current !== undefined,
      raw: raw as PulseCrmRaw,
    })
  },
})

/** Runs `request` with a bearer token; a rejected login session is renewed once. */
async function withSession<T>(call: PulseCrmCall, request: (token: string) => Promise<T>): Promise<T> {
  const { credential, session } = call
  if ('token' in credential) return request(credential.token)
  for (let renewed = false; ; renewed = true) {
    const current = session.token ?? logIn(call, credential)
    session.token = current
    current.catch(() => {
      if (session.token === current) session.token = undefined
    })
    const token = await current
    call.redactor.add(token)
    try {
      return await request(token)
    } catch (error) {
      if (!(error instanceof AuthenticationError) || renewed) throw error
      if (session.token === current) session.token = undefined
    }
  }
}

async function logIn(call: PulseCrmCall, login: { email: string; password: string }): Promise<string> {
  const { token } = await call.read({
    method: 'post',
    path: '/auth/login',
    body: login,
    responseSchema: call.schemas.login,
  })
  assertHeaderSafe('pulsecrm', ['token'], token)
  return token
}

/** The key's current values, from `GET /apikeys` (PulseCRM has no single-key read). */
async function readKey(call: PulseCrmCall, account: Record<string, string>): Promise<ApiKeyRecord> {
  const id = call.input.keyId
  const list = await withSession(call, (token) =>
    call.read({
      method: 'get',
      path: '/apikeys',
      headers: { ...account, Authorization: `Bearer ${token}` },
      responseSchema: call.schemas.list,
    }),
  )
  const record = list.apiKeys.find((key) => key.id === id)
  if (!record) {
    throw new NotFoundError({
      provider: 'pulsecrm',
      status: 404,
      headers: {},
      body: undefined,
      message: `API key ${id} is not in GET /apikeys for this account (read before write)`,
    })
  }
  return record as ApiKeyRecord
}

/** A PulseCRM client. `baseUrl` is required; credentials: `token`, or `email` and `password` (or their variables). */
export function createPulseCrm(options: PulseCrmOptions): PulseCrmProvider {
  return pulsecrm.create(options)
}
