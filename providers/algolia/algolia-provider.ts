/**
 * Algolia — `PUT /1/keys/{key}` (Search API).
 * Docs: https://www.algolia.com/doc/rest-api/search/#tag/Api-Keys/operation/updateApiKey
 *
 * Quirks handled here:
 * - The PUT replaces the whole key: "Any unspecified attribute resets that attribute to its default value". A
 *   partial update reads the key first (`GET /1/keys/{key}`) and re-sends every setting it does not change.
 * - Algolia applies the change in the background: the result says `propagating: true`, and `waitForUpdate` reads
 *   the key until the change shows (what Algolia's own clients do in `waitForApiKey`). Until then a read may show
 *   the old settings, so a later partial update from this client re-sends what it wrote last (for 60 s) rather than
 *   what a read returns: two quick changes of one key do not undo each other.
 * - Every application has its own hosts: `{appId}.algolia.net`, then `{appId}-1|2|3.algolianet.com` (another DNS
 *   provider) in random order, which a retry moves to when a host fails ("implement a retry strategy … using the
 *   URLs of your servers as fallbacks").
 * - Two credentials: the application id names the hosts (read when the client is created), the Admin API key
 *   (`admin` ACL) authenticates each call. The key managed is addressed by its value, a secret: masked in results.
 */
import type * as z from 'zod/mini'
import type { components, paths } from '../../generated/algolia'
import {
  type ApiKeyWithSecret,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  maskSecret,
  type Provider,
  type Resolved,
  readEnvironment,
  requiredFieldsOf,
  sameMembers,
  toIsoDateOrDateTime,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import type { AlgoliaAcl } from './algolia-acls'
import { buildAlgoliaSchemas } from './algolia-schemas'

export interface AlgoliaOptions extends ClientOptions {
  /**
   * The application id, which names the API's hosts. Default: the `ALGOLIA_APPLICATION_ID` environment variable,
   * read when the client is created.
   */
  appId?: string | undefined
  /** An API key with the `admin` ACL (the Admin API key), sent as `x-algolia-api-key`. Default: `ALGOLIA_API_KEY`. */
  apiKey?: string | undefined
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

/** Why Algolia cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const algoliaHints = {
  name: 'Algolia keys have a description, no name',
  enabled: 'Algolia can only delete a key (DELETE /1/keys/{key}) and restore it',
  ipAllowlist: "restrict sources with queryParameters: 'restrictSources=192.168.1.0/24'",
  metadata: 'use description',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type AlgoliaUpdate = {
  /** The key's value (Algolia addresses a key by its secret). */
  keyId: string
  /** Index names or patterns (`dev_*`) the key may access; `[]` = every index. */
  indexes?: readonly string[]
  /** The most results one query with the key may retrieve; 0 = no limit. */
  maxHitsPerQuery?: number
  /** Query parameters added to every request made with the key (`typoTolerance=strict&restrictSources=…`). */
  queryParameters?: string
} & UpdateFields<
  'Algolia',
  'description' | 'permissions' | 'expiresAt' | 'rateLimit' | 'allowedReferrers',
  {
    /** The key's ACLs (`search`, `addObject`, …), replacing the current list. */
    permissions: readonly AlgoliaAcl[]
    /** When the key stops working: a `Date`, an ISO date-time or `YYYY-MM-DD`; `null` = never (`validity: 0`). */
    expiresAt: Date | string | null
    /** Requests per IP address (or user token) per hour: `windowSeconds` must be 3600; `null` = no limit. */
    rateLimit: { limit: number; windowSeconds: 3600 } | null
  },
  typeof algoliaHints
>

/** The update's answer without `key` (the secret): when Algolia accepted the change. */
export type AlgoliaRaw = Resolved<
  Omit<paths['/1/keys/{key}']['put']['responses'][200]['content']['application/json'], 'key'>
>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type AlgoliaApiKey = ApiKeyWithSecret<'algolia', AlgoliaRaw>
/** A client of this provider: what its factory returns. */
export type AlgoliaProvider = Provider<'algolia', AlgoliaUpdate, AlgoliaApiKey>

type AlgoliaTypes = { paths: paths; options: AlgoliaOptions; update: AlgoliaUpdate }
type Schemas = ReturnType<typeof buildAlgoliaSchemas>
type AlgoliaCall = Call<AlgoliaTypes, Schemas, string, AlgoliaSession>
type KeySettings = components['schemas']['apiKey']

/** What a client remembers of the keys it wrote: Algolia's reads lag behind its writes. */
interface AlgoliaSession {
  readonly written: Map<string, { readonly settings: KeySettings; readonly at: number }>
}

/** How long this client's own write is a key's state for its next partial update (reads may lag until then). */
const ownWriteMs = 60_000

const hostPattern = /^[A-Za-z0-9-]{1,63}$/

/** The application's hosts: the main one, then the three fallbacks in random order (as Algolia asks). */
function hostsOf(appId: string): string[] {
  const fallbacks = [1, 2, 3].map((n) => `https://${appId}-${n}.algolianet.com`)
  for (let i = fallbacks.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[fallbacks[i], fallbacks[j]] = [fallbacks[j] as string, fallbacks[i] as string]
  }
  return [`https://${appId}.algolia.net`, ...fallbacks]
}

// `{message}` (ErrorBase) — https://www.algolia.com/doc/rest-api/search/#section/Response-status-and-errors

/** A readable message from Algolia's error body. */
export function describeAlgoliaError(body: unknown): string | undefined {
  const { message } = body as { message?: unknown }
  return typeof message === 'string' ? message : undefined
}

/** Seconds from now until `expiresAt` (Algolia's `validity`); 0 for never. */
function validityOf(expiresAt: Date | string | null): number {
  if (expiresAt === null) return 0
  return Math.ceil((Date.parse(toIsoDateOrDateTime(expiresAt) as string) - Date.now()) / 1000)
}

export const algolia = defineProvider<AlgoliaTypes>()({
  id: 'algolia',
  name: 'Algolia',
  baseUrlsFrom(options) {
    const appId = options.appId ?? (readEnvironment('ALGOLIA_APPLICATION_ID') || undefined)
    if (appId === undefined) {
      throw new ValidationError('algolia', [
        {
          path: ['appId'],
          message: 'missing: pass appId (or set ALGOLIA_APPLICATION_ID), or baseUrl',
          code: 'missing-credential',
        },
      ])
    }
    if (!hostPattern.test(appId))
      throw new ValidationError('algolia', [
        { path: ['appId'], message: 'must be letters, digits and dashes' },
      ])
    return hostsOf(appId)
  },
  example: {
    keyId: 'f7b3a1c9d2e4f6a8b0c2d4e6f8a0b2c4',
    permissions: ['search', 'browse'],
    description: 'storefront',
  },
  credentialHelp: 'ALGOLIA_API_KEY and ALGOLIA_APPLICATION_ID',
  credentialVariables: ['ALGOLIA_API_KEY', 'ALGOLIA_APPLICATION_ID'],
  // The application id becomes a host name: letters, digits and dashes.
  dryRunPlaceholders: {
    ALGOLIA_API_KEY: 'dry-run-placeholder-api-key',
    ALGOLIA_APPLICATION_ID: 'YOUR-APP-ID',
  },
  dryRunReply: ({ method }) =>
    method === 'GET' ? { acl: ['<current acl>'], description: '<current description>' } : undefined,
  keyIdIsSecret: true,
  fields: ['description', 'permissions', 'expiresAt', 'rateLimit', 'allowedReferrers'],
  vendorFields: ['indexes', 'maxHitsPerQuery', 'queryParameters'],
  unsupportedHints: algoliaHints,
  buildSchemas: buildAlgoliaSchemas,
  loadCredential: (options) => loadCredential('algolia', 'apiKey', options.apiKey, 'ALGOLIA_API_KEY'),
  // The managed key's value travels in the path: a secret too.
  secretsOf: (apiKey, input) => [apiKey, input.keyId],
  authHeaders: (apiKey) => ({ 'x-algolia-api-key': apiKey }),
  check(input, { readBeforeWrite }) {
    if (input.expiresAt !== undefined && input.expiresAt !== null && validityOf(input.expiresAt) <= 0) {
      throw new ValidationError('algolia', [{ path: ['expiresAt'], message: 'must be in the future' }])
    }
    if (!readBeforeWrite && input.permissions === undefined) {
      throw new ValidationError('algolia', [
        {
          path: ['permissions'],
          message:
            'required by Algolia on every update (readBeforeWrite is off: every setting left out resets to its default)',
        },
      ])
    }
  },
  describeError: describeAlgoliaError,
  createSession: (): AlgoliaSession => ({ written: new Map() }),

  async update(call): Promise<AlgoliaApiKey> {
    const { input, schemas } = call
    const current =
      changesEverything(input) || !call.readBeforeWrite ? undefined : await currentSettings(call)
    const settings: KeySettings = {
      // A read's ACLs are Algolia's own: the ones it answers are the ones it takes.
      acl: [...(input.permissions ?? current?.acl ?? [])] as KeySettings['acl'],
      ...definedOnly({
        description: input.description ?? current?.description,
        indexes: input.indexes ? [...input.indexes] : current?.indexes,
        maxHitsPerQuery: input.maxHitsPerQuery ?? current?.maxHitsPerQuery,
        maxQueriesPerIPPerHour:
          input.rateLimit === undefined ? current?.maxQueriesPerIPPerHour : (input.rateLimit?.limit ?? 0),
        queryParameters: input.queryParameters ?? current?.queryParameters,
        referers: input.allowedReferrers ? [...input.allowedReferrers] : current?.referers,
        validity: input.expiresAt === undefined ? current?.validity : validityOf(input.expiresAt),
      }),
    }
    const response = await call.write({
      method: 'put',
      path: '/1/keys/{key}',
      params: { path: { key: input.keyId } },
      body: settings,
      headers: appIdHeader(call),
      responseSchema: schemas.updated,
      secretField: 'key',
      requiredFields: requiredFieldsOf<
        paths['/1/keys/{key}']['put']['responses'][200]['content']['application/json']
      >()(['key', 'updatedAt']),
    })
    call.session.written.set(input.keyId, { settings, at: Date.now() })
    return algoliaKey(call, settings, {
      raw: response.raw as AlgoliaRaw,
      updatedAt: response.readable.updatedAt,
      issues: response.issues,
      readBeforeWrite: current !== undefined,
      propagating: true,
    })
  },

  async verify(call): Promise<AlgoliaApiKey | undefined> {
    const { input } = call
    const current = await readKey(call)
    const same = <T>(wanted: T | undefined, actual: T) => wanted === undefined || wanted === actual
    const inEffect =
      (input.permissions === undefined || sameMembers(current.acl, input.permissions)) &&
      same(input.description, current.description ?? '') &&
      (input.allowedReferrers === undefined || sameMembers(current.referers ?? [], input.allowedReferrers)) &&
      (input.indexes === undefined || sameMembers(current.indexes ?? [], input.indexes)) &&
      same(input.maxHitsPerQuery, current.maxHitsPerQuery ?? 0) &&
      same(input.queryParameters, current.queryParameters ?? '') &&
      (input.rateLimit === undefined ||
        (input.rateLimit?.limit ?? 0) === (current.maxQueriesPerIPPerHour ?? 0)) &&
      // `validity` counts seconds: whether the key expires is what a read can confirm.
      (input.expiresAt === undefined || (input.expiresAt === null) === ((current.validity ?? 0) === 0))
    if (!inEffect) return undefined
    return algoliaKey(call, current as KeySettings, { raw: {} as AlgoliaRaw, readBeforeWrite: true })
  },
})

/** Whether the input sets every setting, so that nothing needs reading before the full replace. */
function changesEverything(input: AlgoliaCall['input']): boolean {
  return (
    [
      input.permissions,
      input.description,
      input.indexes,
      input.maxHitsPerQuery,
      input.rateLimit,
      input.queryParameters,
      input.allowedReferrers,
      input.expiresAt,
    ] as unknown[]
  ).every((value) => value !== undefined)
}

/** `x-algolia-application-id` names the application, as the host does (a base URL of one's own does not). */
function appIdHeader(call: AlgoliaCall): Record<string, string> {
  const appId = call.options.appId ?? (readEnvironment('ALGOLIA_APPLICATION_ID') || undefined)
  return appId === undefined ? {} : { 'x-algolia-application-id': appId }
}

/** The key's settings before a partial update: this client's own recent write, else a read. */
async function currentSettings(call: AlgoliaCall): Promise<KeySettings> {
  const own = call.session.written.get(call.input.keyId)
  if (own && Date.now() - own.at < ownWriteMs) return own.settings
  return (await readKey(call)) as KeySettings
}

async function readKey(call: AlgoliaCall): Promise<z.output<Schemas['current']>> {
  return call.read({
    method: 'get',
    path: '/1/keys/{key}',
    params: { path: { key: call.input.keyId } },
    headers: appIdHeader(call),
    responseSchema: call.schemas.current,
  })
}

function algoliaKey(
  call: AlgoliaCall,
  settings: KeySettings,
  read: {
    raw: AlgoliaRaw
    readBeforeWrite: boolean
    updatedAt?: string | undefined
    issues?: AlgoliaApiKey['responseIssues']
    propagating?: true
  },
): AlgoliaApiKey {
  const { input } = call
  const expiresAt =
    input.expiresAt !== undefined
      ? input.expiresAt && toIsoDateOrDateTime(input.expiresAt)
      : (settings.validity ?? 0) === 0
        ? null
        : undefined
  return new UpdatedApiKey<'algolia', AlgoliaRaw>(
    {
      provider: 'algolia',
      id: maskSecret(input.keyId),
      permissions: settings.acl,
      ...definedOnly({
        description: settings.description,
        allowedReferrers: settings.referers,
        expiresAt,
        updatedAt: read.updatedAt,
        responseIssues: read.issues,
        propagating: read.propagating,
      }),
      readBeforeWrite: read.readBeforeWrite,
      raw: read.raw,
    },
    input.keyId,
  )
}

/**
 * An Algolia client. Credentials: `appId` and `apiKey` (the Admin API key), or the `ALGOLIA_APPLICATION_ID` and
 * `ALGOLIA_API_KEY` environment variables.
 */
export function createAlgolia(options: AlgoliaOptions = {}): AlgoliaProvider {
  return algolia.create(options)
}
