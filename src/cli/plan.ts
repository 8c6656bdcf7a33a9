/**
 * `keyshift apply <file>`: a JSON or YAML list of `{provider, keyId, changes}`, read within limits so that a plan
 * of any size or shape fails with a usage error instead of exhausting memory or the stack: a size cap
 * (`--max-plan-bytes`), well-formed UTF-8 (an invalid byte is reported with its offset), at most 100 levels of
 * nesting, and YAML's own cap on aliases (a "billion laughs" plan).
 */
import { open, stat } from 'node:fs/promises'
import { isSeq, parseDocument } from 'yaml'
import * as z from 'zod/mini'
import type { ProviderId } from '../../providers/providers'
import { nestingExceeds } from '../kit/json'
import { providerIds } from './clients'
import type { Io } from './io'
import { UsageError } from './report'

/** The default size cap of a plan: about 250 000 items. */
export const defaultMaxPlanBytes = 32 * 1024 * 1024
/** Deeper than any real plan (an item's `changes.metadata` may nest), far below what would overflow a stack. */
const maxPlanDepth = 100

const planItem = z.strictObject({
  provider: z.enum(
    providerIds as [ProviderId, ...ProviderId[]],
    `provider must be one of ${providerIds.join(', ')}`,
  ),
  keyId: z.union([z.string(), z.number()], 'keyId must be a string or a number'),
  changes: z.record(z.string(), z.unknown(), 'changes must be an object of normalized fields'),
})
const planSchema = z.array(planItem, 'a plan is a list of {provider, keyId, changes}')

export type PlanItem = z.output<typeof planItem>

// Keys that would be dropped (or would set a prototype) once the plan becomes JavaScript objects.
const forbiddenKeys = ['__proto__', 'constructor', 'prototype']

/** The plan's bytes, from a file or standard input, refused past `maxBytes` before they are all in memory. */
export async function readPlanBytes(source: string, maxBytes: number, io: Io): Promise<Uint8Array> {
  const tooLarge = (size: string) =>
    new UsageError(
      `${source === '-' ? 'the plan on standard input' : source} is ${size}, over the ${maxBytes}-byte limit: pass --max-plan-bytes <n> to raise it, or split the plan`,
    )
  if (source === '-') {
    if (!io.readStdinBytes) throw new UsageError('cannot read a plan from standard input here')
    const bytes = await io.readStdinBytes(maxBytes)
    if (bytes === undefined) throw tooLarge('larger')
    return bytes
  }
  let file: Awaited<ReturnType<typeof open>>
  try {
    if ((await stat(source)).size > maxBytes) throw tooLarge(`${(await stat(source)).size} bytes`)
    file = await open(source, 'r')
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`cannot read ${source}: ${describeFsError(error)}`)
  }
  try {
    return await file.readFile()
  } finally {
    await file.close()
  }
}

/** `ENOENT: no such file…` → `no such file or directory`. */
export function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
  }
  return (code && reasons[code]) ?? message
}

/**
 * Parses a plan. JSON goes through `JSON.parse` and a linear scan that refuses a key given twice in one object
 * (`JSON.parse` silently keeps the last: `"keyId": 3245, "keyId": 9999` → 9999); YAML (slower: prefer JSON for plans
 * of many thousand items) through the YAML parser, which refuses duplicates itself. Both name the item.
 */
export function parsePlan(bytes: Uint8Array, source: string): PlanItem[] {
  const text = decodeUtf8(bytes, source)
  const isJson = source.endsWith('.json') || /^\s*[[{]/.test(text)
  const format = isJson ? 'JSON' : 'YAML'
  const invalid = (where: string, reason: string) =>
    new UsageError(`${source} is not a valid ${format} plan: ${where}${reason}`)
  if (nestingExceeds(text, maxPlanDepth))
    throw invalid('', `it is nested more than ${maxPlanDepth} levels deep`)
  const value = isJson ? parseJsonPlan(text, invalid) : parseYamlPlan(text, invalid)
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const changes = (item as { changes?: unknown } | null)?.changes
      for (const [where, object] of [
        ['', item],
        ['changes.', changes],
      ] as const) {
        if (typeof object !== 'object' || object === null) continue
        const key = forbiddenKeys.find((name) => Object.hasOwn(object, name))
        if (key) throw new UsageError(`${source}: item ${index}: ${where}${key} is not a field`)
      }
    }
  }
  const checked = planSchema.safeParse(value)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new UsageError(
      `${source}: ${issue?.path.length ? `item ${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid plan'}`,
    )
  }
  return checked.data
}

type Invalid = (where: string, reason: string) => UsageError

function parseJsonPlan(text: string, invalid: Invalid): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // V8's messages do not always give the position (Node 20: `Unexpected token '}', ..."x": }]" is not valid JSON`).
    const offset = jsonSyntaxErrorAt(text)
    const found =
      offset < text.length ? `unexpected ${JSON.stringify(text[offset])}` : 'unexpected end of the text'
    const item = topLevelItemAt(text, offset)
    throw invalid(item === undefined ? '' : `item ${item}: `, `${found} (line ${lineOf(text, offset)})`)
  }
  const duplicate = findDuplicateKey(text)
  if (duplicate) {
    const item = topLevelItemAt(text, duplicate.offset)
    throw invalid(
      item === undefined ? '' : `item ${item}: `,
      `the key "${duplicate.key}" appears twice (line ${lineOf(text, duplicate.offset)})`,
    )
  }
  return value
}

function parseYamlPlan(text: string, invalid: Invalid): unknown {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false })
  const [error] = document.errors
  if (error) {
    const item = itemAt(document, error.pos[0])
    const reason = error.code === 'DUPLICATE_KEY' ? 'a key appears twice' : error.message.split('\n')[0]
    throw invalid(
      item === undefined ? '' : `item ${item}: `,
      `${reason} (line ${lineOf(text, error.pos[0])})`,
    )
  }
  try {
    return document.toJS({ maxAliasCount: 100 })
  } catch (caught) {
    // yaml throws a ReferenceError for an alias bomb, and the stack may run out on a pathological shape.
    const reason =
      caught instanceof ReferenceError
        ? 'it expands YAML aliases more than 100 times (a plan may use aliases, not multiply them)'
        : 'it is nested too deeply'
    throw invalid('', reason)
  }
}

/** The 1-based line of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 1
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1))
    line++
  return line
}

/** The text as UTF-8 (a BOM dropped); an invalid byte is a usage error naming its offset. */
function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    const offset = firstInvalidUtf8(bytes)
    throw new UsageError(
      `${source} is not valid UTF-8: byte ${offset} (0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}) does not belong there; save the plan as UTF-8`,
    )
  }
}

/** Where UTF-8 first breaks: the offset of the first byte not starting a valid character (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index] as number
    if (lead < 0x80) {
      index++
      continue
    }
    // The continuation bytes a lead byte needs, and the range its first continuation byte must fall in.
    const [count, low, high] =
      lead >= 0xc2 && lead <= 0xdf
        ? [1, 0x80, 0xbf]
        : lead === 0xe0
          ? [2, 0xa0, 0xbf]
          : lead === 0xed
            ? [2, 0x80, 0x9f]
            : lead >= 0xe1 && lead <= 0xef
              ? [2, 0x80, 0xbf]
              : lead === 0xf0
                ? [3, 0x90, 0xbf]
                : lead === 0xf4
                  ? [3, 0x80, 0x8f]
                  : lead >= 0xf1 && lead <= 0xf3
                    ? [3, 0x80, 0xbf]
                    : [0, 0, 0]
    if (count === 0) return index
    for (let next = 1; next <= count; next++) {
      const byte = bytes[index + next]
      const [min, max] = next === 1 ? [low, high] : [0x80, 0xbf]
      // The lead byte is reported: it is where the broken character starts (a Latin-1 "é" is one lone 0xe9).
      if (byte === undefined || byte < min || byte > max) return index
    }
    index += count + 1
  }
  return bytes.length
}

const quote = 0x22
const backslash = 0x5c

/**
 * The offset of the first JSON syntax error in `text` (which `JSON.parse` refused), by a recursive descent that only
 * checks the grammar. Its depth is bounded: plans nested past `maxPlanDepth` are refused before they are parsed.
 */
function jsonSyntaxErrorAt(text: string): number {
  let index = 0
  const space = () => {
    while (/[ \t\n\r]/.test(text[index] ?? '')) index++
  }
  /** Consumes a token matching `pattern` (sticky) at the current offset, or fails there. */
  const token = (pattern: RegExp) => {
    pattern.lastIndex = index
    if (!pattern.test(text)) throw index
    index = pattern.lastIndex
  }
  // A JSON string: no raw control character (U+0000 to U+001F) may appear in one unescaped.
  const stringSource = '"(?:[^"\\\\\\u0000-\\u001f]|\\\\.)*"'
  const string = new RegExp(stringSource, 'y')
  const scalar = new RegExp(
    `${stringSource}|true|false|null|-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?`,
    'y',
  )
  const colon = /:/y
  const value = (): void => {
    space()
    const open = text[index]
    if (open !== '{' && open !== '[') {
      token(scalar)
      return
    }
    const close = open === '{' ? '}' : ']'
    index++
    space()
    if (text[index] === close) {
      index++
      return
    }
    for (;;) {
      if (close === '}') {
        space()
        token(string)
        space()
        token(colon)
      }
      value()
      space()
      const next = text[index]
      index++
      if (next === close) return
      if (next !== ',') throw index - 1
    }
  }
  try {
    value()
    space()
    return index
  } catch (offset) {
    return offset as number
  }
}

/**
 * The first key that appears twice in one object of a valid JSON text, with its offset: one pass, a set of keys
 * per open object.
 */
export function findDuplicateKey(text: string): { key: string; offset: number } | undefined {
  const open: (Set<string> | undefined)[] = []
  let expectKey = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === quote) {
      let end = index + 1
      while (end < text.length && text.charCodeAt(end) !== quote)
        end += text.charCodeAt(end) === backslash ? 2 : 1
      const keys = open.at(-1)
      if (expectKey && keys) {
        const raw = text.slice(index, end + 1)
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1)
        if (keys.has(key)) return { key, offset: index }
        keys.add(key)
        expectKey = false
      }
      index = end
    } else if (code === 0x7b /* { */) {
      open.push(new Set())
      expectKey = true
    } else if (code === 0x5b /* [ */) {
      open.push(undefined)
      expectKey = false
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      open.pop()
      expectKey = false
    } else if (code === 0x2c /* , */) {
      expectKey = open.at(-1) !== undefined
    }
  }
  return undefined
}

/** The index of the top-level list item that holds a character offset of a JSON plan, if any. */
function topLevelItemAt(text: string, offset: number): number | undefined {
  let depth = 0
  let item = -1
  for (let index = 0; index < Math.min(offset, text.length); index++) {
    const code = text.charCodeAt(index)
    if (code === quote) {
      index++
      while (index < text.length && text.charCodeAt(index) !== quote)
        index += text.charCodeAt(index) === backslash ? 2 : 1
    } else if (code === 0x5b || code === 0x7b) {
      if (depth === 1) item++
      depth++
    } else if (code === 0x5d || code === 0x7d) depth--
  }
  return item >= 0 ? item : undefined
}

/** The index of the top-level list item of a YAML document that holds `offset`, if any. */
function itemAt(document: ReturnType<typeof parseDocument>, offset: number): number | undefined {
  if (!isSeq(document.contents)) return undefined
  const index = document.contents.items.findIndex((node) => {
    const range = (node as { range?: [number, number, number] } | null)?.range
    return range !== undefined && offset >= range[0] && offset <= range[2]
  })
  return index === -1 ? undefined : index
}
