/**
 * PulseCRM — `PATCH /apikeys/{id}`, after a `POST /auth/login` session.
 * Docs: https://api.docs.pulsecrm.com (PATCH /apikeys/{id}), https://44.docs.dev.pulsecrm.com/pulse-api-guide/ ;
 * spec (written by keyshift from the prose): ./openapi.yaml.
 *
 * Quirks handled here:
 * - `description` and `flatPermissionsList` are required on every update, so a partial update reads the key
 *   first (`GET /apikeys`, there is no single-key read) and re-sends its current values.
 * - The update answers `{success}` only, so the result is built from what was sent and read.
 * - Only an administrator's *user* session may update keys ("API keys cannot update other API keys").
 */
import type { components, paths } from '../../generated/pulsecrm'
import { type ApiKey, UpdatedApiKey } from '../../src/core/api-key'
import {
  AuthenticationError,
  NotFoundError,
  UnexpectedResponseError,
  ValidationError,
} from '../../src/core/errors'
import type { UpdateFields } from '../../src/core/fields'
import type { ClientOptions, UpdateOptions } from '../../src/core/options'
import type { Provider } from '../../src/core/provider'
import { lazyApiClient } from '../../src/internal/api-client'
import { assertSomethingToUpdate, definedOnly, startCall } from '../../src/internal/call'
import { parseInput } from '../../src/internal/parse-input'
import { toIsoDateTime } from '../../src/internal/predicates'
import { readJson, readUpdateResponse } from '../../src/internal/response'
import {
  assertHeaderSafe,
  loadCredential,
  readEnvironment,
  resolveSettings,
} from '../../src/internal/settings'
import type { Transport } from '../../src/internal/transport'
import { describePulseCrmError } from './errors'

export interface PulseCrmOptions extends ClientOptions {
  /** Required: PulseCRM publishes no public base URL. */
  baseUrl: string
  /** A session token for `Authorization: Bearer`. Default: the `PULSECRM_TOKEN` environment variable. */
  token?: string
  /**
   * An administrator's credentials, exchanged for a session at `POST /auth/login` when no token is given.
   * Defaults: `PULSECRM_EMAIL` and `PULSECRM_PASSWORD`. The session is cached and renewed once on a 401.
   */
  email?: string
  password?: string
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

export type PulseCrmUpdate = {
  /** The key's id (path `/apikeys/{id}`). */
  keyId: string
} & UpdateFields<
  'description' | 'expiresAt' | 'permissions' | 'accountId',
  // PulseCRM keys always carry an explicit permission list: there is no "unrestricted".
  { permissions: readonly string[] }
>

export type PulseCrmRaw = paths['/apikeys/{id}']['patch']['responses'][200]['content']['application/json']
export type PulseCrmApiKey = ApiKey<'pulsecrm', PulseCrmRaw>
export type PulseCrmProvider = Provider<'pulsecrm', PulseCrmUpdate, PulseCrmApiKey>

const unsupportedHints = {
  name: 'PulseCRM keys have a description but no name',
  enabled: 'PulseCRM can only delete a key (DELETE /apikeys/{id})',
  ownerAccountId: 'use accountId to pick the account (x-account-id)',
}

// zod is loaded on the first call, not at import: importing it is most of keyshift's startup cost (npm run bench).
let schemas: Promise<ReturnType<typeof import('./schemas').buildPulseCrmSchemas>> | undefined
function loadSchemas() {
  schemas ??= import('./schemas').then((module) => module.buildPulseCrmSchemas())
  return schemas
}

type ApiKeyRecord = components['schemas']['ApiKeyRecord']

export function createPulseCrm(options: PulseCrmOptions): PulseCrmProvider {
  const settings = resolveSettings('pulsecrm', options, undefined, undefined)
  const apiClient = lazyApiClient<paths>(settings)
  // One login shared by concurrent calls; dropped when the server rejects it.
  let session: Promise<string> | undefined

  function staticToken(): string | undefined {
    const token = options.token ?? (readEnvironment('PULSECRM_TOKEN') || undefined)
    if (token !== undefined) assertHeaderSafe('pulsecrm', ['token'], token)
    return token
  }

  async function logIn(transport: Transport): Promise<string> {
    const email = loadCredential('pulsecrm', 'email', options.email, 'PULSECRM_EMAIL')
    const password = loadCredential('pulsecrm', 'password', options.password, 'PULSECRM_PASSWORD')
    transport.redactor.add(password)
    const client = await apiClient()
    const outcome = await client.POST('/auth/login', {
      body: { email, password },
      fetch: transport.fetch,
      parseAs: 'text',
    })
    const { token } = readJson(transport, outcome, (await loadSchemas()).login, describePulseCrmError)
    assertHeaderSafe('pulsecrm', ['token'], token)
    return token
  }

  /** Runs `request` with a bearer token; a rejected login session is renewed once. */
  async function withSession<T>(transport: Transport, request: (token: string) => Promise<T>): Promise<T> {
    const token = staticToken()
    if (token !== undefined) {
      transport.redactor.add(token)
      return request(token)
    }
    for (let renewed = false; ; renewed = true) {
      const current = session ?? logIn(transport)
      session = current
      current.catch(() => {
        if (session === current) session = undefined
      })
      const sessionToken = await current
      transport.redactor.add(sessionToken)
      try {
        return await request(sessionToken)
      } catch (error) {
        if (!(error instanceof AuthenticationError) || renewed) throw error
        if (session === current) session = undefined
      }
    }
  }

  async function readKey(
    transport: Transport,
    headers: Record<string, string>,
    id: string,
  ): Promise<ApiKeyRecord> {
    return withSession(transport, async (token) => {
      const client = await apiClient()
      const outcome = await client.GET('/apikeys', {
        headers: { ...headers, Authorization: `Bearer ${token}` },
        fetch: transport.fetch,
        parseAs: 'text',
      })
      const list = readJson(transport, outcome, (await loadSchemas()).list, describePulseCrmError)
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
    })
  }

  /** Everything checked before a request: input, credentials, per-call options. Sends nothing. */
  async function prepare(update: PulseCrmUpdate, callOptions: UpdateOptions | undefined) {
    const input = parseInput('pulsecrm', (await loadSchemas()).input, update, unsupportedHints)
    assertSomethingToUpdate('pulsecrm', input, ['keyId', 'accountId'])
    const readBeforeWrite = callOptions?.readBeforeWrite ?? options.readBeforeWrite ?? true
    const mustRead = input.description === undefined || input.permissions === undefined
    if (mustRead && !readBeforeWrite) {
      const missing = [
        input.description === undefined && 'description',
        input.permissions === undefined && 'permissions',
      ]
      throw new ValidationError(
        'pulsecrm',
        missing
          .filter((field) => field !== false)
          .map((field) => ({
            path: [field],
            message: 'required by PulseCRM on every update (readBeforeWrite is off)',
          })),
      )
    }
    // A token, or else the login credentials: missing ones are a ValidationError before anything is sent.
    if (staticToken() === undefined) {
      loadCredential('pulsecrm', 'email', options.email, 'PULSECRM_EMAIL')
      loadCredential('pulsecrm', 'password', options.password, 'PULSECRM_PASSWORD')
    }
    const { transport, headers } = startCall(settings, callOptions, [options.token, options.password])
    if (input.accountId !== undefined) headers['x-account-id'] = input.accountId
    return { input, mustRead, transport, headers }
  }

  async function updatePulseCrmKey(
    update: PulseCrmUpdate,
    callOptions?: UpdateOptions,
  ): Promise<PulseCrmApiKey> {
    const { input, mustRead, transport, headers } = await prepare(update, callOptions)

    const current = mustRead ? await readKey(transport, headers, input.keyId) : undefined
    const body: components['schemas']['ApiKeyInput'] = {
      description: input.description ?? current?.description ?? '',
      flatPermissionsList: [...(input.permissions ?? current?.flatPermissionsList ?? [])],
      // Only the fields PulseCRM requires are re-sent from the read: re-sending the expiry too would undo a change
      // made to it between the read and the write.
      ...definedOnly({
        expiresAt:
          input.expiresAt === undefined ? undefined : input.expiresAt && toIsoDateTime(input.expiresAt),
      }),
    }

    const { raw, issues } = await withSession(transport, async (token) => {
      const client = await apiClient()
      const outcome = await client.PATCH('/apikeys/{id}', {
        params: { path: { id: input.keyId } },
        body,
        headers: { ...headers, Authorization: `Bearer ${token}` },
        fetch: transport.fetch,
        parseAs: 'text',
      })
      return readUpdateResponse(transport, outcome, (await loadSchemas()).success, describePulseCrmError)
    })
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
  }

  return {
    id: 'pulsecrm',
    validateUpdate: async (update, callOptions) => {
      await prepare(update, callOptions)
    },
    updateApiKey: updatePulseCrmKey,
  }
}
