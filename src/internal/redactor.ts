/**
 * Replaces every known secret value with `[REDACTED]` in text that may leave the SDK (messages, URLs, logs,
 * error bodies). Secrets are declared per call by the provider: credentials, session tokens, and values that
 * travel in the URL or body (The Auth API's key in the path, a new custom key value, a login password).
 */
export const REDACTED = '[REDACTED]'

const sensitiveHeaderNames = new Set([
  'authorization',
  'x-apikey',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
])

export class Redactor {
  readonly #secrets: string[] = []

  /** Adds secrets (and their URL-encoded forms, as they appear in paths and queries). */
  add(...values: readonly (string | undefined)[]): this {
    for (const value of values) {
      // Very short values would redact unrelated text and protect nothing.
      if (!value || value.length < 4) continue
      for (const form of [value, encodeURIComponent(value), encodeURIComponent(encodeURIComponent(value))]) {
        if (!this.#secrets.includes(form)) this.#secrets.push(form)
      }
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.#secrets.sort((a, b) => b.length - a.length)
    return this
  }

  text(value: string): string {
    let result = value
    for (const secret of this.#secrets) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED)
    }
    return result
  }

  /** A deep copy of a JSON-like value with secrets replaced in every string and key. */
  value(input: unknown): unknown {
    if (typeof input === 'string') return this.text(input)
    if (Array.isArray(input)) return input.map((item) => this.value(item))
    if (input && typeof input === 'object') {
      const copy: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(input)) {
        // Assigning `__proto__` would set the copy's prototype instead of a property.
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
        copy[this.text(key)] = this.value(item)
      }
      return copy
    }
    return input
  }

  /** Headers as a plain object, with auth headers replaced whatever their value. */
  headers(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {}
    headers.forEach((value, name) => {
      result[name] = sensitiveHeaderNames.has(name) ? REDACTED : this.text(value)
    })
    return result
  }
}
