/** What a command may touch of its process: output streams, standard input, and Ctrl-C / SIGTERM. */
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  isTty: boolean
  /** The whole of standard input (a key id read from `-`). */
  readStdin?: () => Promise<string>
  /** Standard input as bytes (a plan read from `-`), or undefined once it exceeds `maxBytes` (reading stops). */
  readStdinBytes?: (maxBytes: number) => Promise<Uint8Array | undefined>
  /** Calls `handler` on each SIGINT or SIGTERM while subscribed; returns the unsubscribe function. */
  onInterrupt?: (handler: () => void) => () => void
}
