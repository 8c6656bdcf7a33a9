import * as z from 'zod/mini'

// NestJS envelope: {statusCode, message: string | string[], error?} — https://docs.theauthapi.com
const nestErrorBody = z.looseObject({
  statusCode: z.optional(z.number()),
  message: z.union([z.string(), z.array(z.string())]),
  error: z.optional(z.string()),
})

/** A readable message from The Auth API's error body; validation messages (an array) are joined. */
export function describeTheAuthApiError(body: unknown): string | undefined {
  const parsed = nestErrorBody.safeParse(body)
  if (!parsed.success) return undefined
  const { message } = parsed.data
  return Array.isArray(message) ? message.join('; ') : message
}
