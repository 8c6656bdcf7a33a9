/**
 * PulseCRM — `PATCH /apikeys/{id}`, after a `POST /auth/login` session.
 * Docs: https://api.docs.pulsecrm.com (PATCH /apikeys/{id}), https://44.docs.dev.pulsecrm.com/pulse-api-guide/
 *
 * Quirks handled here:
 * - `description` and `flatPermissionsList` are required on every update, so a partial update reads the key
 *   first and re-sends its current values. There is no single-key read: `GET /apikeys` lists the whole account,
 *   so a client shares one read of the list between its calls for `keyListMaxAgeMs` (one read per run of many
 *   keys, not one per key), with a size cap of its own that grows with the account.
 * - The update answers `{success}` only, so the result is built from what was sent and read. The vendor's own
 *   example of a success is `200 {"success": false}`: the status decides (the update was applied), and a `false`
 *   is listed in `responseIssues` and logged as a warning.
 * - Only an administrator's *user* session may update keys ("API keys cannot update other API keys").
 */
import type { components, paths } from '../../generated/pulsecrm'
import {
  type ApiKey,
  AuthenticationError,
  assertCountsAndDurations,
  assertHeaderSafe,
  assertRedactable,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  NotFoundError,
  type Provider,
  type Resolved,
  readEnvironment,
  requiredFieldsOf,
  sameInstant,
  sameMembers,
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
  /**
   * How long one read of the key list (`GET /apikeys`, the whole account) serves this client's later calls, in ms.
   * Default 30 000; 0 reads it for every call. A longer age costs fewer requests in a run of many keys, and widens
   * the window in which a change someone else makes to a key's description or permissions is overwritten by a
   * partial update that re-sends the values read.
   */
  keyListMaxAgeMs?: number
}

/** The most a key list may weigh (about 130 000 keys of ~250 bytes): far above the 1 MiB cap of other answers. */
export const pulseCrmKeyListMaxBytes = 32 * 1024 * 1024

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

/** What a client keeps across its calls: one login shared by concurrent calls, and the key lists it read. */
interface PulseCrmSession {
  token: Promise<string> | undefined
  /** By account (`''` for the user's primary account). */
  readonly keyLists: Map<string, KeyList>
}

/** One read of an account's keys: in flight, or done at `readAt`. */
interface KeyList {
  readonly readAt: number
  readonly records: Promise<Map<string, ApiKeyRecord>>
}

type PulseCrmTypes = { paths: paths; options: PulseCrmOptions; update: PulseCrmUpdate }
type PulseCrmCall = Call<
  PulseCrmTypes,
  ReturnType<typeof buildPulseCrmSchemas>,
  PulseCrmCredential,
  PulseCrmSession
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
  // A partial update: the description and permissions PulseCRM requires are read first.
  example: { keyId: 'key_7', expiresAt: '2099-06-30T00:00:00Z' },
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
  checkOptions: (options) =>
    assertCountsAndDurations('pulsecrm', [], {}, { keyListMaxAgeMs: options.keyListMaxAgeMs }),
  loadCredential(options): PulseCrmCredential {
    const token = options.token ?? (readEnvironment('PULSECRM_TOKEN') || undefined)
    if (token !== undefined) {
      assertHeaderSafe('pulsecrm', ['token'], token)
      assertRedactable('pulsecrm', ['token'], token)
      return { token }
    }
    if (options.email === undefined && !readEnvironment('PULSECRM_EMAIL')) {
      throw new ValidationError('pulsecrm', [
        {
          path: ['token'],
          message:
            'missing: pass token, or email and password (or set PULSECRM_TOKEN, or PULSECRM_EMAIL and PULSECRM_PASSWORD)',
          code: 'missing-credential',
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
  createSession: (): PulseCrmSession => ({ token: undefined, keyLists: new Map() }),

  async update(call): Promise<PulseCrmApiKey> {
    const { input, schemas } = call
    const account: Record<string, string> =
      input.accountId === undefined ? {} : { 'x-account-id': input.accountId }
    const mustRead = input.description === undefined || input.permissions === undefined
    const current = mustRead ? await readKey(call) : undefined
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
        requiredFields: requiredFieldsOf<PulseCrmRaw>()(['success']),
      }),
    )
    const expiresAt = input.expiresAt === undefined ? current?.expiresAt : (body.expiresAt ?? null)
    rememberWrite(call, { ...body, ...definedOnly({ expiresAt }) })
    return new UpdatedApiKey<'pulsecrm', PulseCrmRaw>({
      provider: 'pulsecrm',
      id: input.keyId,
      description: body.description,
      permissions: body.flatPermissionsList,
      ...definedOnly({
        // Not sent: the value just read (PulseCRM keeps it).
        expiresAt,
        createdAt: current?.createdAt,
        responseIssues: issues,
      }),
      readBeforeWrite: current !== undefined,
      raw: raw as PulseCrmRaw,
    })
  },

  async verify(call): Promise<PulseCrmApiKey | undefined> {
    const { input } = call
    const current = await readKey(call)
    const inEffect =
      (input.description === undefined || current.description === input.description) &&
      (input.permissions === undefined || sameMembers(current.flatPermissionsList, input.permissions)) &&
      (input.expiresAt === undefined ||
        sameInstant(current.expiresAt ?? null, input.expiresAt && (toPulseCrmExpiry(input.expiresAt) ?? '')))
    if (!inEffect) return undefined
    return new UpdatedApiKey<'pulsecrm', PulseCrmRaw>({
      provider: 'pulsecrm',
      id: input.keyId,
      description: current.description,
      permissions: current.flatPermissionsList,
      ...definedOnly({ expiresAt: current.expiresAt, createdAt: current.createdAt }),
      readBeforeWrite: true,
      raw: {} as PulseCrmRaw,
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
  // A session token too short to redact would leak into every message that quotes a request.
  if (token.length < 4)
    throw new UnexpectedResponseError('pulsecrm', 200, 'the login answered a token too short to keep secret')
  return token
}

/**
 * The key's current values, from the account's key list (PulseCRM has no single-key read). A list read by an
 * earlier call serves for `keyListMaxAgeMs`; a key missing from it is looked for once more in a fresh read (it may
 * have been created since), and a key missing from a fresh read is a `NotFoundError` (nothing is written).
 */
async function readKey(call: PulseCrmCall): Promise<ApiKeyRecord> {
  const id = call.input.keyId
  const cached = call.session.keyLists.get(call.input.accountId ?? '')
  const maxAgeMs = call.options.keyListMaxAgeMs ?? 30_000
  if (cached && Date.now() - cached.readAt < maxAgeMs) {
    // Another call's read may fail for its own reasons (its signal, its deadline): then this call reads itself.
    const record = (await cached.records.catch(() => undefined))?.get(id)
    if (record) return record
  }
  const list: KeyList = { readAt: Date.now(), records: readKeyList(call) }
  call.session.keyLists.set(call.input.accountId ?? '', list)
  list.records.catch(() => {
    if (call.session.keyLists.get(call.input.accountId ?? '') === list)
      call.session.keyLists.delete(call.input.accountId ?? '')
  })
  const record = (await list.records).get(id)
  if (!record) {
    throw new NotFoundError({
      provider: 'pulsecrm',
      status: 404,
      headers: {},
      body: undefined,
      message: `API key ${id} is not in GET /apikeys for this account (read before write)`,
    })
  }
  return record
}

async function readKeyList(call: PulseCrmCall): Promise<Map<string, ApiKeyRecord>> {
  const account: Record<string, string> =
    call.input.accountId === undefined ? {} : { 'x-account-id': call.input.accountId }
  const list = await withSession(call, (token) =>
    call.read({
      method: 'get',
      path: '/apikeys',
      headers: { ...account, Authorization: `Bearer ${token}` },
      responseSchema: call.schemas.list,
      maxResponseBytes: pulseCrmKeyListMaxBytes,
    }),
  )
  return new Map(list.apiKeys.map((record) => [record.id, record as ApiKeyRecord]))
}

/** What an update just wrote, into the cached key list, so that later calls of the run re-send current values. */
function rememberWrite(call: PulseCrmCall, written: Partial<ApiKeyRecord>) {
  const list = call.session.keyLists.get(call.input.accountId ?? '')
  void list?.records
    .then((records) => {
      const record = records.get(call.input.keyId)
      if (record) records.set(call.input.keyId, { ...record, ...written })
    })
    .catch(() => undefined)
}

/** A PulseCRM client. `baseUrl` is required; credentials: `token`, or `email` and `password` (or their variables). */
export function createPulseCrm(options: PulseCrmOptions): PulseCrmProvider {
  return pulsecrm.create(options)
}
