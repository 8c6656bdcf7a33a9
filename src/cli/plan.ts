/** `keyshift apply <file>`: a JSON or YAML list of `{provider, keyId, changes}`. */
import { isSeq, parseDocument } from 'yaml'
import * as z from 'zod/mini'
import type { ProviderId } from '../../providers/providers'
import { providerIds } from './clients'
import { UsageError } from './report'

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

/**
 * Parses a plan. JSON is read by the YAML parser too (YAML 1.2 is a superset of JSON), because `JSON.parse`
 * silently keeps the last of two duplicate keys (`"keyId": 3245, "keyId": 9999` → 9999): both formats refuse
 * duplicates, naming the item.
 */
export function parsePlan(text: string, source: string): PlanItem[] {
  const format = source.endsWith('.json') || /^\s*[[{]/.test(text) ? 'JSON' : 'YAML'
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false })
  const [error] = document.errors
  if (error) {
    const item = itemAt(document, error.pos[0])
    const where = item === undefined ? '' : `item ${item}: `
    const reason = error.code === 'DUPLICATE_KEY' ? 'a key appears twice' : error.message.split('\n')[0]
    throw new UsageError(
      `${source} is not a valid ${format} plan: ${where}${reason} (line ${error.linePos?.[0].line ?? '?'})`,
    )
  }
  const value: unknown = document.toJS()
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

/** The index of the top-level list item that holds `offset`, if any. */
function itemAt(document: ReturnType<typeof parseDocument>, offset: number): number | undefined {
  if (!isSeq(document.contents)) return undefined
  const index = document.contents.items.findIndex((node) => {
    const range = (node as { range?: [number, number, number] } | null)?.range
    return range !== undefined && offset >= range[0] && offset <= range[2]
  })
  return index === -1 ? undefined : index
}
