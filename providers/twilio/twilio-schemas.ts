/** Twilio's zod schemas: the update input and the key fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { nonEmptyString } from '../../src/kit/schemas'

const sid = (prefix: 'AC' | 'SK', what: string) =>
  z
    .string('must be a string')
    .check(
      z.refine(
        (value) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value),
        `must be ${what} (${prefix} and 32 hexadecimal characters)`,
      ),
    )

export function buildTwilioSchemas() {
  return {
    input: z.strictObject({
      keyId: sid('SK', 'an API key SID'),
      // The account (or subaccount) the key belongs to; default the client's account.
      accountId: z.optional(sid('AC', 'an account SID')),
      name: z.optional(
        nonEmptyString().check(
          z.refine((value) => value.length <= 64, 'must be at most 64 characters (FriendlyName)'),
        ),
      ),
    }),
    key: z.looseObject({
      sid: z.optional(z.nullable(z.string())),
      friendly_name: z.optional(z.nullable(z.string())),
      date_created: z.optional(z.nullable(z.string())),
      date_updated: z.optional(z.nullable(z.string())),
    }),
  }
}
