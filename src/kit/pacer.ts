/**
 * Request pacing shared by every call to one provider: each request (a login, a read, a write, a retry) waits for a
 * slot, and the pace adapts to what the server says (AIMD, as TCP does with a window):
 * - a 429 pauses every call for its `Retry-After` and lowers the pace: to half the rate that drew the first 429
 *   (nothing is known of the server's limit yet), to 90 % of it for later ones;
 * - then the pace grows back, fast up to 90 % of the rate of the last 429 and slowly beyond it (probing, in case the
 *   limit was raised), so that a long run sits just below the server's limit instead of crossing it again and again.
 * Only the first 429 of a burst counts: requests sent before the pace was lowered say nothing new.
 */
import { sleep } from './sleep'

/** Pacing shared by calls to one provider (`updateApiKeys` makes one per provider; pass one as `pacer`). */
export interface Pacer {
  /** Waits for the next request slot. Rejects when `signal` (or the pacer's `stop`) aborts. */
  acquire(signal?: AbortSignal): Promise<void>
  /** The server answered 429 to a request sent at `sentAt` (ms since the epoch), asking to wait `retryAfterMs`. */
  rateLimited(sentAt: number, retryAfterMs: number | undefined): void
}

/** Options of `createPacer`. */
export interface PacerOptions {
  /** The most requests per minute. 0, `Infinity` or leaving it out: unpaced until the server answers 429. */
  requestsPerMinute?: number | undefined
  /** Ends every wait at once (a graceful stop: nothing new is sent). */
  stop?: AbortSignal | undefined
}

/** Why a wait ended early because the pacer's `stop` aborted. */
export const stoppedWhileWaiting = Symbol('keyshift.pacer.stopped')

/** After the first 429 the pace is halved; after later ones it is this share of the rate that drew the 429. */
const firstDecrease = 0.5
const decrease = 0.9
/** Growth per second, as a share of the rate that drew the last 429: fast below 90 % of it, slow above. */
const fastGrowth = 0.05
const slowGrowth = 0.0025
/** The window over which an unpaced provider's sending rate is measured when its first 429 arrives. */
const windowMs = 1000
/** The slowest pace: one request a minute. */
const floorPerMs = 1 / 60_000

/** A pacer starting at `requestsPerMinute` (or unpaced) that adapts to 429s. */
export function createPacer(options: PacerOptions = {}): Pacer {
  return new AdaptivePacer(options)
}

class AdaptivePacer implements Pacer {
  readonly #ceiling: number
  readonly #stop: AbortSignal | undefined
  /** Requests per millisecond now (infinite: unpaced). */
  #rate: number
  /** The rate that drew the last 429 (undefined before any). */
  #limitSeen: number | undefined
  #next = 0
  #pausedUntil = 0
  #lastDecreaseAt = Number.NEGATIVE_INFINITY
  #grownAt = 0
  /** When the latest requests were sent, oldest first (to measure an unpaced provider's rate). */
  readonly #sentAt: number[] = []

  constructor(options: PacerOptions) {
    const perMinute = options.requestsPerMinute
    this.#ceiling = perMinute && Number.isFinite(perMinute) ? perMinute / 60_000 : Number.POSITIVE_INFINITY
    this.#rate = this.#ceiling
    this.#stop = options.stop
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.#throwIfStopped(signal)
      const now = Date.now()
      this.#grow(now)
      const paced = Number.isFinite(this.#rate)
      const slot = Math.max(now, this.#pausedUntil, paced ? this.#next : now)
      if (paced) this.#next = slot + 1 / this.#rate
      else this.#remember(slot)
      if (slot > now) await this.#wait(slot - now, signal)
      // A 429 may have paused everyone while this request waited: then it takes a new slot after the pause.
      if (Date.now() >= this.#pausedUntil) return
    }
  }

  rateLimited(sentAt: number, retryAfterMs: number | undefined): void {
    const now = Date.now()
    if (retryAfterMs !== undefined) this.#pausedUntil = Math.max(this.#pausedUntil, now + retryAfterMs)
    // One decrease per burst: the 429s of requests sent before the last decrease say nothing new.
    if (sentAt < this.#lastDecreaseAt) return
    const drew = Number.isFinite(this.#rate) ? this.#rate : this.#sendingRate(now)
    this.#rate = Math.max(floorPerMs, drew * (this.#limitSeen === undefined ? firstDecrease : decrease))
    this.#limitSeen = drew
    this.#lastDecreaseAt = now
    this.#grownAt = now
    this.#next = Math.max(this.#next, now + 1 / this.#rate)
  }

  #remember(sentAt: number) {
    this.#sentAt.push(sentAt)
    while ((this.#sentAt[0] as number) < sentAt - windowMs) this.#sentAt.shift()
  }

  /** Requests per ms sent over the last window (since the first, when the run is younger). */
  #sendingRate(now: number): number {
    const first = this.#sentAt[0]
    if (first === undefined) return floorPerMs
    return this.#sentAt.length / Math.max(now - first, 1)
  }

  #grow(now: number) {
    const seen = this.#limitSeen
    if (seen === undefined || this.#rate >= this.#ceiling) return
    const elapsedSeconds = (now - this.#grownAt) / 1000
    this.#grownAt = now
    const growth = this.#rate < seen * decrease ? fastGrowth : slowGrowth
    this.#rate = Math.min(this.#ceiling, this.#rate + seen * growth * elapsedSeconds)
  }

  async #wait(ms: number, signal: AbortSignal | undefined) {
    try {
      await sleep(ms, signal, this.#stop)
    } catch (error) {
      this.#throwIfStopped(signal)
      throw error
    }
  }

  #throwIfStopped(signal: AbortSignal | undefined) {
    if (signal?.aborted) throw signal.reason
    if (this.#stop?.aborted) throw stoppedWhileWaiting
  }
}
