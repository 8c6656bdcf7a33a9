/**
 * Google Cloud API Keys — `PATCH /v2/projects/{project}/locations/global/keys/{key}?updateMask=…`.
 * Docs: https://cloud.google.com/api-keys/docs/reference/rest/v2/projects.locations.keys/patch
 *
 * Quirks handled here:
 * - `updateMask` names the fields sent, in snake_case (`display_name`, `restrictions`, `annotations`); the body is a
 *   `Key` in camelCase. Only the fields given are sent.
 * - The restrictions are one field: a change of one part reads the key first (`GET …/keys/{key}`) and re-sends the
 *   rest, with the key's `etag` so that a change made in between fails (409) instead of being overwritten. A key has
 *   one kind of client restriction at most (browser referrers, server IPs, Android apps or iOS bundles): setting one
 *   replaces any other.
 * - The PATCH answers a long-running `Operation`: keyshift polls `GET /v2/operations/{id}` until it is done (for
 *   `operationTimeoutMs`, within the call's deadline); a result still pending says `propagating: true`.
 * - Credentials: an OAuth 2.0 access token (`gcloud auth print-access-token`) with the `cloud-platform` scope.
 * - Quotas: 120 writes and 240 reads per minute (https://cloud.google.com/api-keys/docs/quotas).
 */
import type * as z from 'zod/mini'
import type { components, paths } from '../../generated/google-apikeys'
import {
  ApiError,
  type ApiKey,
  assertCountsAndDurations,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  type Resolved,
  readEnvironment,
  sameJson,
  sameMembers,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import { buildGoogleApiKeysSchemas } from './google-apikeys-schemas'

/** The API root (the `environment` option). */
export const googleApiKeysEnvironments = { production: 'https://apikeys.googleapis.com' } as const

export interface GoogleApiKeysOptions extends ClientOptions {
  /** An OAuth 2.0 access token (`cloud-platform` scope), sent as `Authorization: Bearer`. Default: `GOOGLE_OAUTH_ACCESS_TOKEN`. */
  accessToken?: string | undefined
  /** The project of keys given by id alone. Default: `GOOGLE_CLOUD_PROJECT`. */
  project?: string | undefined
  environment?: keyof typeof googleApiKeysEnvironments
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
  /** How long an update waits for its long-running operation, in ms (default 30 000; 0 = not at all). */
  operationTimeoutMs?: number
}

/** Why the API Keys API cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const googleHints = {
  description: 'Google API keys have a display name only (name)',
  permissions: 'restrict the APIs a key may call with apiTargets',
  expiresAt: 'Google API keys do not expire',
  enabled: 'Google can only delete a key (and undelete it within 30 days)',
  rateLimit: 'quotas apply to projects, not to keys',
} as const

/** An Android app allowed to use the key. */
export type GoogleAndroidApplication = { sha1Fingerprint: string; packageName: string }
/** A service (and optionally some of its methods) the key may call. */
export type GoogleApiTarget = { service: string; methods?: readonly string[] }

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type GoogleApiKeysUpdate = {
  /** The key's id, or its resource name `projects/<project>/locations/global/keys/<key id>`. */
  keyId: string
  /** Android apps allowed to use the key (a client restriction: replaces any other kind); `[]` = none. */
  androidApplications?: readonly GoogleAndroidApplication[]
  /** iOS bundle ids allowed to use the key (a client restriction: replaces any other kind); `[]` = none. */
  iosBundleIds?: readonly string[]
  /** The APIs the key may call; `[]` = any. */
  apiTargets?: readonly GoogleApiTarget[]
} & UpdateFields<
  'Google API Keys',
  'name' | 'metadata' | 'allowedReferrers' | 'ipAllowlist' | 'accountId',
  {
    /** The key's display name, up to 63 characters. */
    name: string
    /** Annotations: a map of strings, replacing the current one. */
    metadata: Readonly<Record<string, string>>
    /** Browser referrers allowed (a client restriction: replaces any other kind); `[]` = none. */
    allowedReferrers: readonly string[]
    /** Server IPs allowed (a client restriction: replaces any other kind); `[]` = none. */
    ipAllowlist: readonly string[]
    /** The project (id or number) of a key given by id; default the client's `project`. */
    accountId: string
  },
  typeof googleHints
>

type WireKey = components['schemas']['V2Key']
/** The key as the API answers it (an operation's `response`), typed from its spec. */
export type GoogleApiKeysRaw = Resolved<WireKey>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type GoogleApiKeysApiKey = ApiKey<'google-apikeys', GoogleApiKeysRaw>
/** A client of this provider: what its factory returns. */
export type GoogleApiKeysProvider = Provider<'google-apikeys', GoogleApiKeysUpdate, GoogleApiKeysApiKey>

type GoogleTypes = { paths: paths; options: GoogleApiKeysOptions; update: GoogleApiKeysUpdate }
type Schemas = ReturnType<typeof buildGoogleApiKeysSchemas>
type GoogleCall = Call<GoogleTypes, Schemas, string, undefined>
type ReadKey = z.output<Schemas['key']>
type Restrictions = NonNullable<WireKey['restrictions']>

const clientRestrictions = ['allowedReferrers', 'ipAllowlist', 'androidApplications', 'iosBundleIds'] as const
const clientRestrictionFields = [
  'browserKeyRestrictions',
  'serverKeyRestrictions',
  'androidKeyRestrictions',
  'iosKeyRestrictions',
] as const

// `{error: {code, message, status, details}}` — https://cloud.google.com/apis/design/errors

/** A readable message from a Google API error body. */
export function describeGoogleError(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null)?.error as
    | { message?: unknown; status?: unknown }
    | undefined
  if (typeof error?.message !== 'string') return undefined
  return typeof error.status === 'string' ? `${error.message} (${error.status})` : error.message
}

/** google.rpc.Code → the HTTP status Google maps it to (https://cloud.google.com/apis/design/errors#handling_errors). */
const httpStatusOf: Record<number, number> = {
  3: 400,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  13: 500,
  14: 503,
  16: 401,
}

/** The key's path parameters: from its resource name, or its id and the project. */
function pathOf(call: GoogleCall) {
  const match = /^projects\/([^/]+)\/locations\/([^/]+)\/keys\/([^/]+)$/.exec(call.input.keyId)
  if (match)
    return { projectsId: match[1] as string, locationsId: match[2] as string, keysId: match[3] as string }
  const project =
    call.input.accountId ?? call.options.project ?? (readEnvironment('GOOGLE_CLOUD_PROJECT') || undefined)
  if (project === undefined) {
    throw new ValidationError('google-apikeys', [
      {
        path: ['accountId'],
        message:
          'no project: pass the key as projects/<project>/locations/global/keys/<id>, accountId, or the project option (GOOGLE_CLOUD_PROJECT)',
      },
    ])
  }
  return { projectsId: project, locationsId: 'global', keysId: call.input.keyId }
}

/** The restrictions to send: the current ones with the given parts replaced (one kind of client restriction). */
function restrictionsOf(input: GoogleCall['input'], current: Restrictions | undefined): Restrictions {
  const restrictions: Restrictions = { ...current }
  const given = clientRestrictions.find((field) => input[field] !== undefined)
  if (given !== undefined) {
    for (const field of clientRestrictionFields) delete restrictions[field]
    if (input.allowedReferrers?.length)
      restrictions.browserKeyRestrictions = { allowedReferrers: [...input.allowedReferrers] }
    if (input.ipAllowlist?.length) restrictions.serverKeyRestrictions = { allowedIps: [...input.ipAllowlist] }
    if (input.androidApplications?.length)
      restrictions.androidKeyRestrictions = {
        allowedApplications: input.androidApplications.map((app) => ({ ...app })),
      }
    if (input.iosBundleIds?.length)
      restrictions.iosKeyRestrictions = { allowedBundleIds: [...input.iosBundleIds] }
  }
  if (input.apiTargets !== undefined) {
    if (input.apiTargets.length === 0) delete restrictions.apiTargets
    else
      restrictions.apiTargets = input.apiTargets.map((target) => ({
        service: target.service,
        ...(target.methods && { methods: [...target.methods] }),
      }))
  }
  return restrictions
}

export const googleApiKeys = defineProvider<GoogleTypes>()({
  id: 'google-apikeys',
  name: 'Google Cloud API Keys',
  environments: googleApiKeysEnvironments,
  defaultEnvironment: 'production',
  requestsPerMinute: 120,
  example: {
    keyId: 'projects/123456867718/locations/global/keys/b7ff1f9f-8275-410a-94dd-3855ee9b5dd2',
    name: 'maps frontend',
    allowedReferrers: ['https://www.example.com/*'],
  },
  credentialHelp: 'GOOGLE_OAUTH_ACCESS_TOKEN (gcloud auth print-access-token), and GOOGLE_CLOUD_PROJECT',
  credentialVariables: ['GOOGLE_OAUTH_ACCESS_TOKEN'],
  dryRunReply: ({ method, url }, keyId) =>
    method === 'GET' && url.includes('/keys/')
      ? {
          name: keyId,
          displayName: '<current name>',
          restrictions: { apiTargets: ['<current API targets>'] },
          etag: '<current etag>',
        }
      : undefined,
  fields: ['name', 'metadata', 'allowedReferrers', 'ipAllowlist', 'accountId'],
  vendorFields: ['androidApplications', 'iosBundleIds', 'apiTargets'],
  unsupportedHints: googleHints,
  selectors: ['keyId', 'accountId'],
  buildSchemas: buildGoogleApiKeysSchemas,
  checkOptions: (options) =>
    assertCountsAndDurations('google-apikeys', [], {}, { operationTimeoutMs: options.operationTimeoutMs }),
  loadCredential: (options) =>
    loadCredential('google-apikeys', 'accessToken', options.accessToken, 'GOOGLE_OAUTH_ACCESS_TOKEN'),
  secretsOf: (accessToken) => [accessToken],
  authHeaders: (accessToken) => ({ Authorization: `Bearer ${accessToken}` }),
  check(input) {
    const kinds = clientRestrictions.filter((field) => input[field] !== undefined && input[field].length > 0)
    if (kinds.length > 1) {
      throw new ValidationError(
        'google-apikeys',
        kinds.map((field) => ({
          path: [field],
          message: `a key has one kind of client restriction at most: pass one of ${kinds.join(', ')}`,
        })),
      )
    }
  },
  describeError: describeGoogleError,

  async update(call): Promise<GoogleApiKeysApiKey> {
    const { input, schemas } = call
    const path = pathOf(call)
    const changesRestrictions = [...clientRestrictions, 'apiTargets' as const].some(
      (field) => input[field] !== undefined,
    )
    // Every part of the restrictions is sent together: the parts not given are read first, unless all are given.
    const current =
      changesRestrictions &&
      call.readBeforeWrite &&
      (input.apiTargets === undefined || !clientRestrictions.some((f) => input[f] !== undefined))
        ? await readKey(call)
        : undefined
    const body: WireKey = definedOnly({
      displayName: input.name,
      annotations: input.metadata && { ...input.metadata },
      restrictions: changesRestrictions
        ? restrictionsOf(input, current?.restrictions as Restrictions | undefined)
        : undefined,
      // The key as read: a change made since then makes the update fail rather than be overwritten.
      etag: current?.etag,
    })
    const updateMask = [
      input.name !== undefined && 'display_name',
      changesRestrictions && 'restrictions',
      input.metadata !== undefined && 'annotations',
    ]
      .filter(Boolean)
      .join(',')
    const written = await call.write({
      method: 'patch',
      path: '/v2/projects/{projectsId}/locations/{locationsId}/keys/{keysId}',
      params: { path, query: { updateMask } },
      body,
      responseSchema: schemas.operation,
      secretField: 'response.keyString',
    })
    const operation = await settle(call, written.readable)
    const key = operation.done ? operation.response : undefined
    return googleKey(call, key ?? { ...body, ...(current && { createTime: current.createTime }) }, {
      raw: ((written.raw as { response?: unknown }).response ?? key ?? {}) as GoogleApiKeysRaw,
      issues: written.issues,
      readBeforeWrite: current !== undefined,
      propagating: !operation.done,
    })
  },

  async verify(call): Promise<GoogleApiKeysApiKey | undefined> {
    const { input } = call
    const current = await readKey(call)
    const restrictions = (current.restrictions ?? {}) as Restrictions
    const wanted = restrictionsOf(input, restrictions)
    const inEffect =
      (input.name === undefined || current.displayName === input.name) &&
      (input.metadata === undefined || sameJson(current.annotations ?? {}, input.metadata)) &&
      clientRestrictionFields.every((field) => sameJson(restrictions[field], wanted[field])) &&
      (input.apiTargets === undefined ||
        sameMembers(
          (restrictions.apiTargets ?? []).map((target) => JSON.stringify(target)),
          (wanted.apiTargets ?? []).map((target) => JSON.stringify(target)),
        ))
    if (!inEffect) return undefined
    const { keyString: _, ...shown } = current as ReadKey & { keyString?: string }
    return googleKey(call, shown, {
      raw: shown as GoogleApiKeysRaw,
      readBeforeWrite: true,
      propagating: false,
    })
  },
})

async function readKey(call: GoogleCall): Promise<ReadKey> {
  return call.read({
    method: 'get',
    path: '/v2/projects/{projectsId}/locations/{locationsId}/keys/{keysId}',
    params: { path: pathOf(call) },
    responseSchema: call.schemas.key,
  })
}

type Operation = z.output<Schemas['operation']>

/** Polls a running operation until it is done (or `operationTimeoutMs` passes); a failed one throws its error. */
async function settle(call: GoogleCall, first: Operation): Promise<Operation> {
  let operation = first
  const waitMs = call.options.operationTimeoutMs ?? 30_000
  const until = Date.now() + waitMs
  for (
    let pause = 250;
    !operation.done && operation.name?.startsWith('operations/') && Date.now() + pause <= until;
  ) {
    await call.pause(pause)
    pause = Math.min(pause * 2, 4000)
    operation = await call.read({
      method: 'get',
      path: '/v2/operations/{operationsId}',
      params: { path: { operationsId: operation.name.slice('operations/'.length) } },
      responseSchema: call.schemas.operation,
    })
  }
  if (operation.done && operation.error) {
    const status = httpStatusOf[operation.error.code ?? 0] ?? 500
    throw ApiError.fromResponse({
      provider: 'google-apikeys',
      status,
      headers: {},
      body: call.redactor.value(operation.error),
      message: call.redactor.text(operation.error.message ?? 'the operation failed'),
    })
  }
  return operation
}

function googleKey(
  call: GoogleCall,
  key: ReadKey | WireKey,
  read: {
    raw: GoogleApiKeysRaw
    readBeforeWrite: boolean
    propagating: boolean
    issues?: GoogleApiKeysApiKey['responseIssues']
  },
): GoogleApiKeysApiKey {
  const restrictions = (key.restrictions ?? {}) as Restrictions
  return new UpdatedApiKey<'google-apikeys', GoogleApiKeysRaw>({
    provider: 'google-apikeys',
    id: key.name ?? call.input.keyId,
    ...definedOnly({
      name: key.displayName,
      allowedReferrers: restrictions.browserKeyRestrictions?.allowedReferrers,
      ipAllowlist: restrictions.serverKeyRestrictions?.allowedIps,
      createdAt: key.createTime,
      updatedAt: key.updateTime,
      responseIssues: read.issues,
      propagating: read.propagating ? (true as const) : undefined,
    }),
    readBeforeWrite: read.readBeforeWrite,
    raw: read.raw,
  })
}

/**
 * A Google Cloud API Keys client. Credentials: `accessToken` (an OAuth 2.0 access token), or the
 * `GOOGLE_OAUTH_ACCESS_TOKEN` environment variable; `project` (or `GOOGLE_CLOUD_PROJECT`) for keys given by id.
 */
export function createGoogleApiKeys(options: GoogleApiKeysOptions = {}): GoogleApiKeysProvider {
  return googleApiKeys.create(options)
}
