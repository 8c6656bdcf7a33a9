// API-wide `Error` model: {error, message?, dev_err_msg?} — https://developers.chargeloop.com/api/model/Error

/** A readable message from a PulseCRM error body, e.g. `API key not found`. `dev_err_msg` is left out. */
export function describePulseCrmError(body: unknown): string | undefined {
  const { error, message } = body as { error?: unknown; message?: unknown }
  if (typeof error !== 'string') return undefined
  return typeof message === 'string' && message !== error ? `${error}: ${message}` : error
}
