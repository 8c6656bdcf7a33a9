/** The names of the process warnings (e.g. `MaxListenersExceededWarning`) emitted while `run` runs. */
export async function warningsDuring(run: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = []
  const onWarning = (warning: Error) => warnings.push(warning.name)
  process.on('warning', onWarning)
  try {
    await run()
    // Node emits warnings on a later tick.
    await new Promise((resolve) => setTimeout(resolve, 10))
    return warnings
  } finally {
    process.off('warning', onWarning)
  }
}
