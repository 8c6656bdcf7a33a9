/** `keyshift mock-server`: starts the mock providers' HTTP server and keeps it up until Ctrl-C or SIGTERM. */
import type { Io } from './io'
import { describeMockServer, startMockServer } from './mock-server'
import { exitCodes } from './report'

export interface MockServerFlags {
  port: number
  host: string
  seed?: string
  json?: boolean
}

export async function runMockServer(flags: MockServerFlags, io: Io): Promise<number> {
  const running = await startMockServer({ port: flags.port, host: flags.host, seedFile: flags.seed })
  io.stdout(
    flags.json
      ? JSON.stringify({ origin: running.origin, baseUrls: running.baseUrls })
      : describeMockServer(running),
  )
  await new Promise<void>((resolve) => {
    const unsubscribe = io.onInterrupt?.(() => {
      unsubscribe?.()
      resolve()
    })
    // Without a way to be interrupted (an embedding that passes none), it serves until the process ends.
    if (!unsubscribe) return
  })
  await running.close()
  return exitCodes.ok
}
