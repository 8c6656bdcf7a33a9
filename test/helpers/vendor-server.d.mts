/** Types of vendor-server.mjs (plain JavaScript, shared with the bench). */
export interface VendorServerOptions {
  shape: 'partoo' | 'pulsecrm' | 'plumaa'
  requestsPerSecond?: number
  burst?: number
  latencyMs?: [number, number]
  keys?: number
  /** Answers a write with that status instead of applying it (`index` counts writes from 0). */
  failWrite?: (write: { id: string; body: Record<string, unknown>; index: number }) => number | undefined
}

export interface VendorServer {
  readonly baseUrl: string
  readonly stats: {
    requests: number
    rateLimited: number
    reads: number
    writes: number
    logins: number
    bytesOut: number
    firstAt: number
    lastOkAt: number
  }
  readonly writes: { id: string; body: Record<string, unknown> }[]
  readonly store: Map<string, Record<string, unknown>>
  achievedRate(): number
  close(): Promise<void>
}

export function startVendorServer(options: VendorServerOptions): Promise<VendorServer>
