/** The fixture provider's zod schemas: the update input and the response fields it reads. */
import * as z from 'zod/mini'
import { nonEmptyString } from '../../src/kit/schemas'

export function buildFixtureSchemas() {
  return {
    input: z.strictObject({
      keyId: nonEmptyString(),
      name: z.optional(nonEmptyString()),
      description: z.optional(z.string('must be a string')),
    }),
    key: z.looseObject({
      id: z.optional(z.string()),
      label: z.optional(z.string()),
      note: z.optional(z.string()),
      token: z.optional(z.string()),
    }),
  }
}
