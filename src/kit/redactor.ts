/**
 * Replaces every known secret value with `[REDACTED]` in text that may leave the SDK (messages, URLs, logs,
 * error bodies). Secrets are declared per call by the provider: credentials, session tokens, and values that
 * travel in the URL or body (The Auth API's key in the path, a new custom key value, a login password).
 */
import { maxJsonDepth } from './json'

/** The shortest value redacted (keyshift refuses shorter credentials: see settings.ts `assertRedactable`). */
export const minSecretLength = 4

export const REDACTED = '[REDACTED]'
export const NESTED_TOO_DEEPLY = '[nested too deeply]'

export const sensitiveHeaderNames = new Set([
  'authorization',
  'x-apikey',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
])

export class Redactor {
  readonly #values: string[] = []
  // Every form of every value, longest first; computed at the first redaction (most calls never redact anything).
  #forms: string[] | undefined

  /**
   * Adds secrets, to be found in every form in which they travel: URL-encoded (in paths and queries) and
   * JSON-escaped (in bodies, where a `"` or `\\` in a password changes its text).
   */
  add(...values: readonly (string | undefined)[]): this {
    for (const value of values) {
      // Very short values would redact unrelated text; keyshift refuses such credentials (`assertRedactable`).
      if (value && value.length >= minSecretLength) this.#values.push(value)
    }
    this.#forms = undefined
    return this
  }

  text(value: string): string {
    let result = value
    for (const secret of this.#secretForms()) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED)
    }
    return result
  }

  /** Whether `value` holds any registered secret. */
  finds(value: string): boolean {
    return this.#secretForms().some((secret) => value.includes(secret))
  }

  #secretForms(): string[] {
    if (this.#forms) return this.#forms
    const forms = new Set<string>()
    for (const value of this.#values) {
      const escaped = JSON.stringify(value).slice(1, -1)
      const variants = escaped === value ? [value] : [value, escaped]
      for (const variant of variants)
        for (const form of [variant, ...urlEncodedForms(variant)]) forms.add(form)
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.#forms = [...forms].sort((a, b) => b.length - a.length)
    return this.#forms
  }

  /**
   * A deep copy of a JSON-like value with secrets replaced in every string and key. Values nested deeper than
   * `maxJsonDepth` (which `parseJson` never returns) are replaced rather than walked.
   */
  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input)
    if (typeof input !== 'object' || input === null) return input
    if (depth >= maxJsonDepth) return NESTED_TOO_DEEPLY
    if (Array.isArray(input)) return input.map((item) => this.value(item, depth + 1))
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(input)) {
      // Assigning `__proto__` would set the copy's prototype instead of a property (`parseJson` never keeps one).
      const redactedKey = this.text(key)
      if (redactedKey === '__proto__') continue
      copy[redactedKey] = this.value(item, depth + 1)
    }
    return copy
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

/** `value` once and twice URL-encoded; none when it cannot be (a lone surrogate): then it cannot be sent either. */
function urlEncodedForms(value: string): string[] {
  try {
    const once = encodeURIComponent(value)
    return [once, encodeURIComponent(once)]
  } catch {
    return []
  }
}
