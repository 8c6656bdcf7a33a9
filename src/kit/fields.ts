/**
 * The normalized fields of `updateApiKey`. Each provider accepts a subset; the rest are compile-time errors for
 * that provider (typed `never`) and `UnsupportedFieldError`s at run time.
 *
 * `undefined` (or leaving a field out) keeps the current value; `null` clears it, only where the vendor documents
 * clearing.
 */
import { ValidationError } from './errors'
import { isIsoDate } from './predicates'

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/** A calendar date, `YYYY-MM-DD`. */
export type DateOnlyString = `${number}-${number}-${number}`

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number
  windowSeconds: number
}

export interface ApiKeyFields {
  /** The key's display name (Partoo `label`). */
  name: string
  description: string
  /** When the key stops working; `null` = never expires. */
  expiresAt: Date | string | null
  /** Permission names; `null` = unrestricted (the owner's own permissions). */
  permissions: readonly string[] | null
  /** IP addresses or CIDR ranges allowed to use the key; `[]` = no restriction. */
  ipAllowlist: readonly string[]
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

export type FieldName = keyof ApiKeyFields

export const fieldNames = [
  'name',
  'description',
  'expiresAt',
  'permissions',
  'ipAllowlist',
  'enabled',
  'rateLimit',
  'metadata',
  'ownerAccountId',
  'ownerUserId',
  'newKeyValue',
  'accountId',
] as const satisfies readonly FieldName[]

/**
 * One provider's update input: its supported fields (with per-provider narrowing in `Overrides`), and every
 * other normalized field typed `never`, so passing one is a compile error that names it.
 */
export type UpdateFields<
  Supported extends FieldName,
  Overrides extends Partial<Record<Supported, unknown>> = Record<never, never>,
> = {
  [K in Supported]?: K extends keyof Overrides ? Overrides[K] : ApiKeyFields[K]
} & { [K in Exclude<FieldName, Supported>]?: never }

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
