import type { Issue } from './errors'
import type { ResponseInfo } from './response'

/** The normalized view of a key after an update. Fields a provider does not report are absent. */
export interface ApiKey<Provider extends string = string, Raw = unknown> {
  readonly provider: Provider
  /** The key's identifier. For The Auth API, whose identifier is the key's secret value, a masked form. */
  readonly id: string
  readonly name?: string
  readonly description?: string
  /** ISO 8601 (a date-time, or a date for Partoo); `null` = never expires. */
  readonly expiresAt?: string | null
  /** `null` = unrestricted (the owner's permissions). */
  readonly permissions?: readonly string[] | null
  readonly ipAllowlist?: readonly string[]
  readonly allowedReferrers?: readonly string[]
  readonly enabled?: boolean
  /** ISO 8601 date-time. */
  readonly createdAt?: string
  /** ISO 8601 date-time. */
  readonly updatedAt?: string
  /** True when keyshift read the key before writing, to re-send fields the provider requires. */
  readonly readBeforeWrite: boolean
  /**
   * Present when the vendor accepted the change and applies it in the background: its reads may show the
   * old values for a while. `waitForUpdate(provider, input)` waits until they do not.
   */
  readonly propagating?: true
  /**
   * Present only when the provider's 2xx body drifted from its spec: the fields that did not match (also logged
   * as a warning). The update was applied; the normalized fields that could not be read are absent, and `raw`
   * holds the body as received.
   */
  readonly responseIssues?: readonly Issue[]
  /**
   * The provider's response body, typed from its OpenAPI spec, with secret fields removed and any secret the
   * server echoed redacted. It matches its type exactly when `responseIssues` is absent; when present, `raw` is the
   * body as received (redacted), and the fields the issues name are missing or of another type.
   */
  readonly raw: Raw
  /** The HTTP response the result was read from (the update's; a read's for `verifyUpdate`). */
  readonly lastResponse: ResponseInfo
}

/** A key whose provider returns its secret value; the secret is kept out of logs, JSON and `inspect`. */
export interface ApiKeyWithSecret<Provider extends string = string, Raw = unknown>
  extends ApiKey<Provider, Raw> {
  /** The key's secret value, as the provider returned it. Handle with care. */
  revealSecret(): string
}

/**
 * Holds a result's fields as plain enumerable properties and its secret in a private field, which
 * `JSON.stringify`, `util.inspect`, `console.log` and `toString()` never show.
 */
export class UpdatedApiKey<Provider extends string, Raw> implements ApiKeyWithSecret<Provider, Raw> {
  readonly #secret: string | undefined
  declare readonly provider: Provider
  declare readonly id: string
  declare readonly readBeforeWrite: boolean
  declare readonly raw: Raw
  declare readonly lastResponse: ResponseInfo

  /** `lastResponse` is added by the kit once the provider's `update` returns. */
  constructor(fields: Omit<ApiKey<Provider, Raw>, 'lastResponse'>, secret?: string) {
    Object.assign(this, fields)
    this.#secret = secret
  }

  revealSecret(): string {
    if (this.#secret === undefined) throw new TypeError(`${this.provider} does not return a key's secret`)
    return this.#secret
  }

  toString(): string {
    return `ApiKey(${this.provider} ${this.id})`
  }
}

/** `live_…a1b2`: enough to tell keys apart in a log, not enough to use one. */
export function maskSecret(secret: string): string {
  const prefix = /^(live|test)_/.exec(secret)?.[0] ?? ''
  return secret.length <= prefix.length + 8 ? `${prefix}…` : `${prefix}…${secret.slice(-4)}`
}
