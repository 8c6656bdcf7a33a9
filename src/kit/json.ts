/**
 * JSON parsing for provider responses (and the mocks' request bodies). Two hostile shapes are stopped here, at
 * the boundary:
 * - the two shapes that pollute prototypes once a value is merged into another with plain assignment (a deep merge,
 *   `Object.assign`): a `__proto__` key, and a `prototype` key inside a `constructor` object. They are dropped, and
 *   counted, so that an update's answer says so. Every other key is kept as data: `{"constructor": "team-a"}` is a
 *   user's metadata, not an attack;
 * - bodies nested deeper than `maxJsonDepth`: `JSON.parse` copes, but everything that walks the value afterwards
 *   (the reviver, redaction, `JSON.stringify` of a result) recurses and would throw a raw `RangeError`.
 */
export const maxJsonDepth = 100

export type JsonParseResult =
  | {
      ok: true
      value: unknown
      /** How many `__proto__` keys (and `constructor.prototype` keys) were dropped. */
      dropped: number
    }
  | { ok: false; reason: 'syntax' | 'depth'; message: string }

// Also `\u` escapes, which could spell a key the plain-text test would miss.
const mayHoldPollutingKey = /__proto__|prototype|\\u/

export function parseJson(text: string): JsonParseResult {
  if (nestingExceeds(text, maxJsonDepth)) {
    return { ok: false, reason: 'depth', message: `nested too deeply (more than ${maxJsonDepth} levels)` }
  }
  let dropped = 0
  // The reviver runs on children before their parent: a `constructor` object is seen with its `prototype` in it.
  const dropPollutingKeys = (key: string, value: unknown): unknown => {
    if (key === '__proto__') {
      dropped++
      return undefined
    }
    if (
      key === 'constructor' &&
      typeof value === 'object' &&
      value !== null &&
      Object.hasOwn(value, 'prototype')
    ) {
      dropped++
      delete (value as { prototype?: unknown }).prototype
    }
    return value
  }
  try {
    // The reviver doubles parsing time, so it only runs on bodies that may need it.
    const value = mayHoldPollutingKey.test(text) ? JSON.parse(text, dropPollutingKeys) : JSON.parse(text)
    return { ok: true, value, dropped }
  } catch {
    return { ok: false, reason: 'syntax', message: 'not valid JSON' }
  }
}

const openBrace = 0x7b
const openBracket = 0x5b
const closeBrace = 0x7d
const closeBracket = 0x5d
const quote = 0x22
const backslash = 0x5c

/** Whether `[`/`{` nest deeper than `limit` outside strings. One pass, no allocation. */
export function nestingExceeds(text: string, limit: number): boolean {
  // A body with at most `limit` opening brackets cannot nest deeper: counted with native `indexOf`, this settles
  // almost every real body without the character loop below.
  if (text.length <= limit * 2 || countAtMost(text, '{', limit) + countAtMost(text, '[', limit) <= limit)
    return false
  let depth = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === backslash) index++
      else if (code === quote) inString = false
    } else if (code === quote) inString = true
    else if (code === openBrace || code === openBracket) {
      if (++depth > limit) return true
    } else if (code === closeBrace || code === closeBracket) depth--
  }
  return false
}

/** How often `character` occurs in `text`, counting no further than `limit + 1`. */
function countAtMost(text: string, character: string, limit: number): number {
  let count = 0
  for (
    let index = text.indexOf(character);
    index !== -1 && count <= limit;
    index = text.indexOf(character, index + 1)
  )
    count++
  return count
}

export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return mediaType === 'application/json' || mediaType.endsWith('+json')
}
