import * as z from 'zod/mini'

// API-wide `Error` model: {error, message?, dev_err_msg?} — https://developers.chargeloop.com/api/model/Error
const pulseErrorBody = z.looseObject({
  error: z.string(),
  message: z.optional(z.string()),
})

/** A readable message from a PulseCRM error body, e.g. `API key not found`. `dev_err_msg` is left out. */
export function describePulseCrmError(body: unknown): string | undefined {
  const parsed = pulseErrorBody.safeParse(body)
  if (!parsed.success) return undefined
  const { error, message } = parsed.data
  return message && message !== error ? `${error}: ${message}` : error
}
