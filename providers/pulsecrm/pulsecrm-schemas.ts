/** PulseCRM's zod schemas: the update input, and the responses keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { dateField, headerValue, isDotSegment, nonEmptyString, permissionList } from '../../src/kit/schemas'
import { toPulseCrmExpiry } from './pulsecrm-conversions'

export function buildPulseCrmSchemas() {
  const record = z.looseObject({
    id: z.string(),
    description: z.string(),
    flatPermissionsList: z.array(z.string()),
    expiresAt: z.optional(z.nullable(z.string())),
    createdAt: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
  })
  return {
    input: z.strictObject({
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => value.length > 0 && !isDotSegment(value),
            'must be a non-empty key id other than . or ..',
          ),
        ),
      description: z.optional(z.string('must be a string')),
      // A day means its start, UTC: PulseCRM stores a date-time.
      expiresAt: z.optional(
        z.nullable(
          dateField(
            (value) => toPulseCrmExpiry(value) !== undefined,
            'must be a valid Date, an ISO 8601 date-time with a time zone, or YYYY-MM-DD (its start, UTC)',
          ),
        ),
      ),
      permissions: z.optional(permissionList()),
      accountId: z.optional(headerValue()),
    }),
    // Optional: a 2xx without it still applied the update (a drift, reported on the result). `false` under a 2xx
    // is the vendor's own example of a success: the status decides, and the contradiction is reported.
    success: z.looseObject({
      success: z.optional(
        z
          .boolean()
          .check(
            z.refine(
              (success) => success,
              'is false under a 2xx status: keyshift goes by the status (the update was applied), as the vendor documents {"success": false} as its success reply',
            ),
          ),
      ),
    }),
    list: z.looseObject({ apiKeys: z.array(record) }),
    login: z.looseObject({ token: nonEmptyString() }),
  }
}
