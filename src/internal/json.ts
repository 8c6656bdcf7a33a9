/**
 * JSON parsing for provider responses. `JSON.parse` itself cannot pollute prototypes, but objects with an own
 * `__proto__` key can once merged or spread elsewhere; those keys are dropped here, at the boundary.
 */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype'])

function dropForbiddenKeys(this: unknown, key: string, value: unknown): unknown {
  return forbiddenKeys.has(key) ? undefined : value
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false }

// Also `\u` escapes, which could spell a forbidden key the plain-text test would miss.
const mayHoldForbiddenKey = /__proto__|constructor|prototype|\\u/

export function parseJson(text: string): JsonParseResult {
  try {
    // The reviver doubles parsing time, so it only runs on bodies that may need it.
    return {
      ok: true,
      value: mayHoldForbiddenKey.test(text) ? JSON.parse(text, dropForbiddenKeys) : JSON.parse(text),
    }
  } catch {
    return { ok: false }
  }
}

export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return mediaType === 'application/json' || mediaType.endsWith('+json')
}
