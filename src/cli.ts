import { run } from './cli/main'

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  isTty: Boolean(process.stderr.isTTY),
}).then((code) => {
  process.exitCode = code
})
