/**
 * The normalized fields of `updateApiKey`. Each provider accepts a subset; the rest are compile-time errors for
 * that provider (typed `Unsupported<why>`) and `UnsupportedFieldError`s at run time.
 *
 * `undefined` (or leaving a field out) keeps the current value; `null` clears it, only where the vendor documents
 * clearing.
 */
import { ValidationError } from './errors'
import { isIsoDate } from './predicates'

/** A JSON value: what `metadata` may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
/** A JSON object (`metadata`). */
export type JsonObject = { [key: string]: JsonValue }

/** A calendar date, `YYYY-MM-DD`. */
export type DateOnlyString = `${number}-${number}-${number}`

/** A per-key rate limit (The Auth API `rateLimitConfigs`). */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number
  /** The window's length, in seconds. */
  windowSeconds: number
}

/** Every normalized field `updateApiKey` knows; each provider takes a subset (see each provider's `…Update` type). */
export interface ApiKeyFields {
  /** The key's display name (Partoo `label`). */
  name: string
  /** A longer free-text description of the key. */
  description: string
  /** When the key stops working; `null` = never expires. */
  expiresAt: Date | string | null
  /** Permission names; `null` = unrestricted (the owner's own permissions). */
  permissions: readonly string[] | null
  /** IP addresses or CIDR ranges allowed to use the key; `[]` = no restriction. */
  ipAllowlist: readonly string[]
  /**
   * HTTP referrers allowed to use the key, as the vendor's patterns (`https://example.com/*`, `*.example.com`);
   * `[]` = any referrer. Referrers can be forged: a browser key's restriction, not a secret's protection.
   */
  allowedReferrers: readonly string[]
  /** `false` disables the key (it stops working until enabled again); `true` enables it. */
  enabled: boolean
  /** A per-key rate limit; `null` removes it. */
  rateLimit: RateLimit | null
  /** Free-form JSON stored with the key. */
  metadata: JsonObject
  /** Your own account id stored with the key. */
  ownerAccountId: string
  /** Your own user id stored with the key. */
  ownerUserId: string
  /** A custom value for the key itself (The Auth API). A secret: never logged. */
  newKeyValue: string
  /** The account the key lives on (PulseCRM `x-account-id`). */
  accountId: string
}

/** The name of a normalized field. */
export type FieldName = keyof ApiKeyFields

export const fieldNames = [
  'name',
  'description',
  'expiresAt',
  'permissions',
  'ipAllowlist',
  'allowedReferrers',
  'enabled',
  'rateLimit',
  'metadata',
  'ownerAccountId',
  'ownerUserId',
  'newKeyValue',
  'accountId',
] as const satisfies readonly FieldName[]

declare const unsupported: unique symbol

/**
 * The type of a field a provider cannot take. No value has it, so passing the field is a compile error, and the
 * error shows why: `Type 'null' is not assignable to type 'Unsupported<"Plumaa keys do not expire">'`.
 */
export interface Unsupported<Why extends string> {
  readonly [unsupported]: Why
}

/**
 * The documentation of a field a provider does not take. Editors list `@deprecated` properties last and struck
 * through, so completion does not offer them as options, while passing one still fails to compile with the
 * reason (a property left out of the type could only say "does not exist in type").
 */
interface NotTakenFields {
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  name: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  description: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  expiresAt: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  permissions: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  ipAllowlist: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  allowedReferrers: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  enabled: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  rateLimit: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  metadata: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  ownerAccountId: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  ownerUserId: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  newKeyValue: never
  /** @deprecated Not taken by this provider: passing it is a compile error, and its type says why. */
  accountId: never
}

/**
 * The fields a provider does not take, each typed `Unsupported<why>`. The mapped type keeps the declarations (and
 * their `@deprecated`) of `Docs` only when its keys are a type parameter constrained to `keyof` another type
 * parameter, as in `Pick`; hence `Docs`, always `NotTakenFields`.
 */
type NotTakenBy<
  ProviderName extends string,
  Docs,
  Keys extends keyof Docs,
  Hints extends Partial<Record<FieldName, string>>,
> = {
  [K in Keys]?: Unsupported<
    K extends keyof Hints
      ? `${ProviderName} does not take ${K & string}: ${Hints[K] & string}`
      : `${ProviderName} does not take ${K & string}`
  >
}

/**
 * One provider's update input: its supported fields, with their documentation (`Overrides` narrows a field's
 * type for this provider, e.g. Partoo's calendar-day expiry), and every other normalized field typed
 * `Unsupported<why>`, from `Hints` or else `<Provider> does not take <field>`.
 */
export type UpdateFields<
  ProviderName extends string,
  Supported extends FieldName,
  Overrides extends Partial<Record<Supported, unknown>> = Record<never, never>,
  Hints extends Partial<Record<Exclude<FieldName, Supported>, string>> = Record<never, never>,
> = Partial<Pick<ApiKeyFields, Exclude<Supported, keyof Overrides>>> &
  Partial<Overrides> &
  NotTakenBy<ProviderName, NotTakenFields, Exclude<FieldName, Supported>, Hints>

/**
 * A type from a provider's spec with its `components["schemas"][…]` references resolved, so that hovering a
 * result's `raw` in an editor shows each field's real type. The `as` clause is what makes editors print the
 * resolved types: without it, the mapped type keeps the spec's property declarations, and TypeScript reprints their
 * `components["schemas"][…]` annotations (the price: the spec's per-property comments do not carry over).
 */
export type Resolved<T> = T extends readonly (infer Item)[]
  ? Resolved<Item>[]
  : T extends object
    ? { [K in keyof T as `${K & string}`]: Resolved<T[K]> }
    : T

/**
 * A `YYYY-MM-DD` string from anywhere (an environment variable, an argument) typed as a `DateOnlyString`, for the
 * fields that take a calendar day (Partoo `expiresAt`): `expiresAt: parseDay(process.env.KEY_EXPIRY ?? '')`.
 * Throws a `ValidationError` when the text is not a real calendar day.
 */
export function parseDay(value: string): DateOnlyString {
  if (!isIsoDate(value)) {
    throw new ValidationError(undefined, [
      { path: [], message: `${JSON.stringify(value)} is not a day as YYYY-MM-DD` },
    ])
  }
  return value as DateOnlyString
}

/** The keys of `T` that are not optional. */
export type RequiredKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K
}[keyof T]

/**
 * The fields a spec requires in an update's answer, spelled once from its generated type:
 * `requiredFieldsOf<components['schemas']['ApiKey']>()(['id', 'name'])`. Naming a field the type does not require,
 * or leaving one out, is a compile error; a missing one in an answer is listed in the result's `responseIssues`.
 */
export function requiredFieldsOf<T>() {
  return <const Fields extends readonly RequiredKeys<T>[]>(
    fields: Fields &
      ([Exclude<RequiredKeys<T>, Fields[number]>] extends [never]
        ? unknown
        : { 'required fields left out': Exclude<RequiredKeys<T>, Fields[number]> }),
  ): readonly string[] => fields as readonly string[]
}
