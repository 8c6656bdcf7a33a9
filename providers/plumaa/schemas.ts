/** Plumaa's zod schemas: the update input and the response fields keyshift reads (loaded on first call). */
import * as z from 'zod/mini'
import { nonEmptyString } from '../../src/internal/schemas'

export function buildPlumaaSchemas() {
  return {
    input: z.strictObject({
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => /^[0-9a-fA-F]{24}$/.test(value),
            'must be a MongoDB ObjectId (24 hexadecimal characters)',
          ),
        ),
      name: z.optional(nonEmptyString()),
      enabled: z.optional(z.boolean('must be a boolean')),
    }),
    apiKey: z.looseObject({
      id: z.string(),
      name: z.string(),
      enabled: z.boolean(),
      secret: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      organization: z.looseObject({ id: z.string() }),
    }),
  }
}
