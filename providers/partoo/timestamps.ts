/**
 * Partoo timestamps look like `2019-08-22 11:46:38.914467+00`: a space instead of `T`, microseconds and a
 * bare-hour offset. V8 happens to parse them, but ECMAScript only promises ISO 8601, so they are rebuilt
 * explicitly. Returns undefined when the text has another shape (the raw value stays in `raw`).
 */
const partooTimestamp = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/

export function parsePartooTimestamp(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  const match = partooTimestamp.exec(value)
  if (!match) return undefined
  const [, date, time, fraction = '', zone = 'Z'] = match
  const milliseconds = fraction.slice(0, 3).padEnd(3, '0')
  const offset =
    zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
  const parsed = new Date(`${date}T${time}.${milliseconds}${offset}`)
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString()
}
