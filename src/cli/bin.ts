import { run } from './main'

async function readStdinBytes(maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).byteLength
    if (size > maxBytes) {
      process.stdin.destroy()
      return undefined
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function readStdin(): Promise<string> {
  return Buffer.from((await readStdinBytes()) ?? []).toString('utf8')
}

// `keyshift … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  isTty: Boolean(process.stderr.isTTY),
  readStdin,
  readStdinBytes,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler)
    process.on('SIGTERM', handler)
    return () => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    }
  },
}).then((code) => {
  process.exitCode = code
})
