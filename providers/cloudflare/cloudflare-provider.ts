/**
 * Cloudflare — `PUT /user/tokens/{token_id}`, and `PUT /accounts/{account_id}/tokens/{token_id}` for account-owned
 * tokens.
 * Docs: https://developers.cloudflare.com/api/resources/user/subresources/tokens/methods/update/
 *
 * Quirks handled here:
 * - The PUT replaces the whole token: its name, status and policies are required, and a condition, expiry or
 *   not-before left out is removed. Every update reads the token first (`GET …/tokens/{token_id}`) and re-sends what
 *   it does not change; with `readBeforeWrite: false` it sends only what the caller gave (and the rest is cleared).
 * - Answers come in an envelope, `{success, errors, messages, result}`; `result` is the token.
 * - The IP condition is `condition.request_ip.in` / `.not_in` (CIDR lists; the 2024 document's `request.ip` is read
 *   too). A bare address is sent as a one-address range (`/32`, `/128`).
 * - Rate limit: 1200 requests per 5 minutes per user or token (https://developers.cloudflare.com/fundamentals/api/reference/limits/).
 */
import type * as z from 'zod/mini'
import type { components, paths } from '../../generated/cloudflare'
import {
  type ApiKey,
  type Call,
  type ClientOptions,
  definedOnly,
  defineProvider,
  loadCredential,
  type Provider,
  type Resolved,
  requiredFieldsOf,
  sameInstant,
  sameJson,
  sameMembers,
  toIsoDateTime,
  UpdatedApiKey,
  type UpdateFields,
  ValidationError,
} from '../../src/kit'
import { buildCloudflareSchemas } from './cloudflare-schemas'

/** The API root (the `environment` option). */
export const cloudflareEnvironments = { production: 'https://api.cloudflare.com/client/v4' } as const

export interface CloudflareOptions extends ClientOptions {
  /** An API token with the "API Tokens Write" permission, sent as `Authorization: Bearer`. Default: `CLOUDFLARE_API_TOKEN`. */
  apiToken?: string | undefined
  environment?: keyof typeof cloudflareEnvironments
  /** Default `readBeforeWrite` for this client's calls (see `UpdateOptions`). */
  readBeforeWrite?: boolean
}

/** A policy of a token: allow or deny its permission groups on its resources (`id` is the server's). */
export type CloudflarePolicy = Omit<
  components['schemas']['iam_policy_with_permission_groups_and_resources'],
  'id' | 'resources' | 'permission_groups'
> & {
  id?: string
  permission_groups: readonly { id: string; meta?: Record<string, unknown>; name?: string }[]
  /** Resource names mapped to `"*"`, or (accounts) to a map of zone resources. */
  resources: Readonly<Record<string, string | Readonly<Record<string, string>>>>
}

/** Why Cloudflare cannot take a field: shown in the compile error and in the `UnsupportedFieldError`. */
const cloudflareHints = {
  description: 'Cloudflare tokens have a name only',
  permissions: 'a token holds policies: pass `policies` (permission groups on resources)',
  metadata: 'Cloudflare tokens hold no metadata',
  ownerAccountId: 'use accountId for an account-owned token',
} as const

/** The fields this provider takes (others are compile errors that say why), and its key id. */
export type CloudflareUpdate = {
  /** The token's id (not its secret value). */
  keyId: string
  /** The token's policies, replacing the current list. */
  policies?: readonly CloudflarePolicy[]
  /** When the token starts working: a `Date` or an ISO date-time; `null` = at once. */
  notBefore?: Date | string | null
  /** Addresses or CIDR ranges the token must not be used from (`condition.request_ip.not_in`); `[]` = none. */
  ipDenylist?: readonly string[]
} & UpdateFields<
  'Cloudflare',
  'name' | 'enabled' | 'expiresAt' | 'ipAllowlist' | 'accountId',
  {
    /** A date-time (`Date` or ISO with a time zone); `null` = never expires. */
    expiresAt: Date | string | null
    /** For an account-owned token: its account's id (`/accounts/{account_id}/tokens/…`). */
    accountId: string
  },
  typeof cloudflareHints
>

type WireToken = components['schemas']['iam_token']
/** The token as Cloudflare answers it (the envelope's `result`), typed from its spec. */
export type CloudflareRaw = Resolved<WireToken>
/** The result of an update: the normalized key, with `raw` typed from the provider's spec. */
export type CloudflareApiKey = ApiKey<'cloudflare', CloudflareRaw>
/** A client of this provider: what its factory returns. */
export type CloudflareProvider = Provider<'cloudflare', CloudflareUpdate, CloudflareApiKey>

type CloudflareTypes = { paths: paths; options: CloudflareOptions; update: CloudflareUpdate }
type Schemas = ReturnType<typeof buildCloudflareSchemas>
type CloudflareCall = Call<CloudflareTypes, Schemas, string, undefined>
type CurrentToken = z.output<Schemas['current']>['result']
type TokenBody = components['schemas']['iam_schemas-token']
type IpCondition = { in?: string[]; not_in?: string[] }

// `{success: false, errors: [{code, message}], messages, result: null}` — https://developers.cloudflare.com/fundamentals/api/troubleshooting/

/** A readable message from Cloudflare's envelope: each error's code and message. */
export function describeCloudflareError(body: unknown): string | undefined {
  const { errors } = body as { errors?: unknown }
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  const messages = errors.map((error) => {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
    if (typeof message !== 'string') return undefined
    return typeof code === 'number' ? `${message} (${code})` : message
  })
  return messages.every((message) => message !== undefined) ? messages.join('; ') : undefined
}

/** RFC 3339 to the second, as Cloudflare writes its own times. */
function cloudflareTime(value: Date | string): string {
  return (toIsoDateTime(value) as string).replace(/\.000Z$/, 'Z')
}

/** A CIDR list: a bare address is its own one-address range. */
function cidrs(entries: readonly string[]): string[] {
  return entries.map((entry) => (entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`))
}

/** The token's IP condition, in the current name or the 2024 document's `request.ip`. */
function ipConditionOf(condition: Record<string, unknown> | null | undefined): IpCondition | undefined {
  const ip = condition?.request_ip ?? condition?.['request.ip']
  return typeof ip === 'object' && ip !== null ? (ip as IpCondition) : undefined
}

export const cloudflare = defineProvider<CloudflareTypes>()({
  id: 'cloudflare',
  name: 'Cloudflare',
  environments: cloudflareEnvironments,
  defaultEnvironment: 'production',
  requestsPerMinute: 240,
  example: { keyId: 'ed17574386854bf78a67040be0a770b0', name: 'ci deploy', enabled: false },
  credentialHelp: 'CLOUDFLARE_API_TOKEN',
  credentialVariables: ['CLOUDFLARE_API_TOKEN'],
  dryRunReply: ({ method }, keyId) =>
    method === 'GET'
      ? {
          success: true,
          errors: [],
          messages: [],
          result: { id: keyId, name: '<current name>', status: 'active', policies: ['<current policies>'] },
        }
      : undefined,
  fields: ['name', 'enabled', 'expiresAt', 'ipAllowlist', 'accountId'],
  vendorFields: ['policies', 'notBefore', 'ipDenylist'],
  unsupportedHints: cloudflareHints,
  selectors: ['keyId', 'accountId'],
  buildSchemas: buildCloudflareSchemas,
  loadCredential: (options) =>
    loadCredential('cloudflare', 'apiToken', options.apiToken, 'CLOUDFLARE_API_TOKEN'),
  secretsOf: (apiToken) => [apiToken],
  authHeaders: (apiToken) => ({ Authorization: `Bearer ${apiToken}` }),
  check(input, { readBeforeWrite }) {
    if (readBeforeWrite) return
    const missing = (['name', 'enabled', 'policies'] as const).filter((field) => input[field] === undefined)
    if (missing.length > 0) {
      throw new ValidationError(
        'cloudflare',
        missing.map((field) => ({
          path: [field],
          message: 'required by Cloudflare on every update (readBeforeWrite is off)',
        })),
      )
    }
  },
  describeError: describeCloudflareError,

  async update(call): Promise<CloudflareApiKey> {
    const { input, schemas } = call
    const current = call.readBeforeWrite ? await readToken(call) : undefined
    const ip = ipConditionOf(current?.condition)
    const allow = input.ipAllowlist ? cidrs(input.ipAllowlist) : ip?.in
    const deny = input.ipDenylist ? cidrs(input.ipDenylist) : ip?.not_in
    const requestIp = { ...(allow?.length && { in: allow }), ...(deny?.length && { not_in: deny }) }
    const time = (given: Date | string | null | undefined, kept: string | null | undefined) =>
      given === undefined ? (kept ?? undefined) : given === null ? undefined : cloudflareTime(given)
    const body: TokenBody = {
      name: input.name ?? (current?.name as string),
      status:
        input.enabled === undefined
          ? (current?.status as TokenBody['status'])
          : input.enabled
            ? 'active'
            : 'disabled',
      policies: (input.policies ?? current?.policies ?? []) as TokenBody['policies'],
      ...definedOnly({
        expires_on: time(input.expiresAt, current?.expires_on),
        not_before: time(input.notBefore, current?.not_before),
        condition: Object.keys(requestIp).length > 0 ? { request_ip: requestIp } : undefined,
      }),
    }
    const response = await (input.accountId === undefined
      ? call.write({
          method: 'put',
          path: '/user/tokens/{token_id}',
          params: { path: { token_id: input.keyId } },
          body,
          responseSchema: schemas.envelope,
          requiredFields: requiredFieldsOf<{ success: boolean; errors: unknown; messages: unknown }>()([
            'success',
            'errors',
            'messages',
          ]),
        })
      : call.write({
          method: 'put',
          path: '/accounts/{account_id}/tokens/{token_id}',
          params: { path: { account_id: input.accountId, token_id: input.keyId } },
          body,
          responseSchema: schemas.envelope,
          requiredFields: requiredFieldsOf<{ success: boolean; errors: unknown; messages: unknown }>()([
            'success',
            'errors',
            'messages',
          ]),
        }))
    const token = response.readable.result ?? undefined
    return cloudflareKey(
      call,
      { ...body, ...token },
      {
        raw: ((response.raw as { result?: unknown }).result ?? {}) as CloudflareRaw,
        issues: response.issues,
        readBeforeWrite: current !== undefined,
      },
    )
  },

  async verify(call): Promise<CloudflareApiKey | undefined> {
    const { input } = call
    const current = await readToken(call)
    const ip = ipConditionOf(current.condition)
    const inEffect =
      (input.name === undefined || current.name === input.name) &&
      (input.enabled === undefined || (current.status === 'active') === input.enabled) &&
      (input.expiresAt === undefined ||
        sameInstant(current.expires_on ?? null, input.expiresAt && cloudflareTime(input.expiresAt))) &&
      (input.notBefore === undefined ||
        sameInstant(current.not_before ?? null, input.notBefore && cloudflareTime(input.notBefore))) &&
      (input.ipAllowlist === undefined || sameMembers(ip?.in ?? [], cidrs(input.ipAllowlist))) &&
      (input.ipDenylist === undefined || sameMembers(ip?.not_in ?? [], cidrs(input.ipDenylist))) &&
      (input.policies === undefined || samePolicies(current.policies, input.policies))
    if (!inEffect) return undefined
    return cloudflareKey(call, current, { raw: current as CloudflareRaw, readBeforeWrite: true })
  },
})

/** Policies compared on what a caller sets: effect, permission group ids, resources (ids and names are the server's). */
function samePolicies(current: readonly unknown[], wanted: readonly unknown[]): boolean {
  const shape = (policy: unknown) => {
    const { effect, permission_groups, resources } = policy as CloudflarePolicy
    return { effect, groups: (permission_groups ?? []).map((group) => group.id).sort(), resources }
  }
  return (
    current.length === wanted.length &&
    current.every((policy, index) => sameJson(shape(policy), shape(wanted[index])))
  )
}

async function readToken(call: CloudflareCall): Promise<CurrentToken> {
  const { input, schemas } = call
  const answer = await (input.accountId === undefined
    ? call.read({
        method: 'get',
        path: '/user/tokens/{token_id}',
        params: { path: { token_id: input.keyId } },
        responseSchema: schemas.current,
      })
    : call.read({
        method: 'get',
        path: '/accounts/{account_id}/tokens/{token_id}',
        params: { path: { account_id: input.accountId, token_id: input.keyId } },
        responseSchema: schemas.current,
      }))
  return answer.result
}

function cloudflareKey(
  call: CloudflareCall,
  token: {
    id?: string | undefined
    name?: string | undefined
    status?: string | undefined
    expires_on?: string | null | undefined
    issued_on?: string | undefined
    modified_on?: string | undefined
    condition?: Record<string, unknown> | null | undefined
  },
  read: { raw: CloudflareRaw; readBeforeWrite: boolean; issues?: CloudflareApiKey['responseIssues'] },
): CloudflareApiKey {
  return new UpdatedApiKey<'cloudflare', CloudflareRaw>({
    provider: 'cloudflare',
    id: token.id ?? call.input.keyId,
    ...definedOnly({
      name: token.name,
      enabled: token.status === undefined ? undefined : token.status === 'active',
      expiresAt: token.expires_on ?? (token.status === undefined ? undefined : null),
      ipAllowlist: ipConditionOf(token.condition)?.in ?? (token.status === undefined ? undefined : []),
      createdAt: token.issued_on,
      updatedAt: token.modified_on,
      responseIssues: read.issues,
    }),
    readBeforeWrite: read.readBeforeWrite,
    raw: read.raw,
  })
}

/** A Cloudflare client. Credentials: `apiToken`, or the `CLOUDFLARE_API_TOKEN` environment variable. */
export function createCloudflare(options: CloudflareOptions = {}): CloudflareProvider {
  return cloudflare.create(options)
}
