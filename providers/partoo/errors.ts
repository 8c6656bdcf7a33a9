import * as z from 'zod/mini'

// The spec documents `{errors: {...}}`, the errors guide `{error: {...}}`; both arrive in the wild.
// https://developers.partoo.co/guides/api/getting-started/api-fundamentals/errors
const detail = z.looseObject({
  json: z.optional(z.union([z.string(), z.record(z.string(), z.unknown())])),
  authentication: z.optional(z.string()),
  authorization: z.optional(z.string()),
})
const partooErrorBody = z.looseObject({ errors: z.optional(detail), error: z.optional(detail) })

/** A readable message from a Partoo error body, e.g. `expiration_date: Must be at least the day after today`. */
export function describePartooError(body: unknown): string | undefined {
  const parsed = partooErrorBody.safeParse(body)
  if (!parsed.success) return undefined
  const found = parsed.data.errors ?? parsed.data.error
  if (!found) return undefined
  if (found.authentication) return found.authentication
  if (found.authorization) return found.authorization
  if (typeof found.json === 'string') return found.json
  if (found.json) {
    // marshmallow style: {field: [messages]}
    return Object.entries(found.json)
      .map(
        ([field, messages]) =>
          `${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`,
      )
      .join('; ')
  }
  return undefined
}
