/** Partoo's zod schemas: the update input and the response fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { ipAllowlist, nonEmptyString, permissionList, todayUtc } from '../../src/kit/schemas'
import { dayProblem, toDay, toKeyId } from './partoo-conversions'

export function buildPartooSchemas() {
  return {
    input: z.strictObject({
      keyId: z.custom<number | string>(
        (value) => toKeyId(value) !== undefined,
        'must be a positive integer (Partoo key ids are integers)',
      ),
      name: z.optional(nonEmptyString()),
      description: z.optional(z.string('must be a string')),
      expiresAt: z.optional(
        z.nullable(
          z
            .custom<string | Date>((value) => dayProblem(value) === undefined, {
              error: (issue) => dayProblem(issue.input),
            })
            // "Must be at least the day after today" — checked against UTC; the server has the final word.
            .check(
              z.refine(
                (value) => (toDay(value) ?? '') > todayUtc(),
                'must be at least tomorrow (UTC); to end a key today, revoke it',
              ),
            ),
        ),
      ),
      permissions: z.optional(z.nullable(permissionList())),
      ipAllowlist: z.optional(ipAllowlist()),
    }),
    // The fields of the response keyshift reads, all optional: a body that drifts from the spec is read as far as
    // it can be (the update was applied). `raw` keeps the body as received.
    response: z.looseObject({
      id: z.optional(z.number()),
      label: z.optional(z.string()),
      description: z.optional(z.string()),
      expiration_date: z.optional(z.nullable(z.string())),
      ip_whitelist: z.optional(z.array(z.string())),
      has_restricted_permissions: z.optional(z.boolean()),
      permissions: z.optional(z.array(z.string())),
      disabled: z.optional(z.boolean()),
      created_at: z.optional(z.nullable(z.string())),
    }),
  }
}
