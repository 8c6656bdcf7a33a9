/** PulseCRM's value formats. */
import { isIsoDate, toIsoDateTime } from '../../src/kit'

/** A Date, an ISO date-time, or `YYYY-MM-DD` (the start of that day, UTC) as PulseCRM's UTC ISO string. */
export function toPulseCrmExpiry(value: unknown): string | undefined {
  return typeof value === 'string' && isIsoDate(value) ? `${value}T00:00:00.000Z` : toIsoDateTime(value)
}
