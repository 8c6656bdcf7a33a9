/** Cloudflare's zod schemas: the update input and the token fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { arrayOf, dateTime, ipAllowlist, nonEmptyString, oneOf } from '../../src/kit/schemas'

const identifier = (what: string) =>
  z
    .string('must be a string')
    .check(
      z.refine(
        (value) => /^[0-9A-Za-z]{1,32}$/.test(value),
        `must be a ${what} (up to 32 letters and digits)`,
      ),
    )

const isStringMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((entry) => typeof entry === 'string')

/** A policy's resources: names mapped to `"*"`, or (for an account) to a map of zone resources. */
function isResourceMap(value: unknown): value is Record<string, string | Record<string, string>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string' || isStringMap(entry))
  )
}

export function buildCloudflareSchemas() {
  const policy = z.strictObject({
    id: z.optional(z.string()),
    effect: oneOf(['allow', 'deny'], 'must be allow or deny'),
    permission_groups: arrayOf(
      z.looseObject({
        id: nonEmptyString('must be a permission group id'),
        meta: z.optional(z.record(z.string(), z.unknown())),
        name: z.optional(z.string()),
      }),
      'must be an array of permission groups ({ id })',
      { min: 1 },
    ),
    resources: z.custom<Record<string, string | Record<string, string>>>(
      isResourceMap,
      'must map resource names to "*" or to a map of them',
    ),
  })
  const token = z.looseObject({
    id: z.optional(z.string()),
    name: z.optional(z.string()),
    status: z.optional(z.string()),
    issued_on: z.optional(z.string()),
    modified_on: z.optional(z.string()),
    expires_on: z.optional(z.nullable(z.string())),
    not_before: z.optional(z.nullable(z.string())),
    policies: z.optional(z.array(z.unknown())),
    condition: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  })
  return {
    input: z.strictObject({
      keyId: identifier('token id'),
      // Account-owned tokens live under /accounts/{account_id}.
      accountId: z.optional(identifier('account id')),
      name: z.optional(
        nonEmptyString().check(z.refine((value) => value.length <= 120, 'must be at most 120 characters')),
      ),
      enabled: z.optional(z.boolean('must be a boolean')),
      expiresAt: z.optional(z.nullable(dateTime())),
      ipAllowlist: z.optional(ipAllowlist()),
      ipDenylist: z.optional(ipAllowlist()),
      notBefore: z.optional(z.nullable(dateTime())),
      policies: z.optional(arrayOf(policy, 'must be an array of policies', { min: 1 })),
    }),
    envelope: z.looseObject({ success: z.optional(z.boolean()), result: z.optional(z.nullable(token)) }),
    // The read before a whole-token PUT: the token itself is required.
    current: z.looseObject({
      result: z.looseObject({
        name: z.string(),
        status: z.string(),
        policies: z.array(z.unknown()),
        expires_on: z.optional(z.nullable(z.string())),
        not_before: z.optional(z.nullable(z.string())),
        condition: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
        issued_on: z.optional(z.string()),
        modified_on: z.optional(z.string()),
      }),
    }),
  }
}
