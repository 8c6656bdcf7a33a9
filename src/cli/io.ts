/** What a command may touch of its process: output streams, standard input, and Ctrl-C / SIGTERM. */
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  isTty: boolean
  /** The whole of standard input (for `apply -` and a key id read from `-`). */
  readStdin?: () => Promise<string>
  /** Calls `handler` on each SIGINT or SIGTERM while subscribed; returns the unsubscribe function. */
  onInterrupt?: (handler: () => void) => () => void
}
