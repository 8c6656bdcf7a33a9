/**
 * Run in a child process with `node --expose-gc` (test/hostile.test.ts): a server sends 200 headers and never a
 * body, a garbage collection runs while the body is pending, and the call must still end at its `timeoutMs`.
 * Prints one JSON line: the error's name and the elapsed time.
 */
import { createPartoo } from '../../src'
import { startFaultServer } from '../helpers/fault-server'

// `--content-length` declares a body size, which takes the whole-body read instead of the chunk loop.
const contentLength = process.argv.includes('--content-length') ? 1000 : undefined
const server = await startFaultServer([
  { kind: 'headers-then-hang', ...(contentLength && { contentLength }) },
])
const partoo = createPartoo({ apiKey: 'gc-test-key', baseUrl: `${server.url}/v2`, maxRetries: 0 })
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const collect = setInterval(gc, 100)
const startedAt = Date.now()
const outcome = await partoo.updateApiKey({ keyId: 3245, name: 'x' }, { timeoutMs: 1000 }).then(
  () => 'resolved',
  (error: Error) => error.name,
)
clearInterval(collect)
process.stdout.write(`${JSON.stringify({ outcome, elapsedMs: Date.now() - startedAt })}\n`)
await server.close()
process.exit(0)
