// After `stryker run`: re-checks by hand the survivors whose verdict Stryker cannot trust. Its vitest runner switches
// a mutant on after the module has loaded, so a mutant of a module-level value (a class's name, a list of error
// codes, a provider's definition: "static") never takes effect, nor does one in code whose result is built once and
// cached (a provider's zod schemas, built on its first call: `BUILT_ONCE` below). Here each such survivor is written
// into the source file, the in-process tests run, and the file is restored. Prints each verdict and the corrected
// scores. `npm run test:mutation` runs it after Stryker.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const report = JSON.parse(readFileSync('reports/mutation/incremental.json', 'utf8'))

// Stryker marks a mutant static only in the run that tested it: a result an incremental run reuses loses the mark.
// The marks are kept beside the report, so that a later run still knows which survivors to check by hand.
const staticFile = 'reports/mutation/static-mutants.json'
const keyOf = (path, mutant) =>
  `${path}@${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} ${mutant.replacement}`
const staticKeys = new Set(existsSync(staticFile) ? JSON.parse(readFileSync(staticFile, 'utf8')) : [])
for (const [path, file] of Object.entries(report.files))
  for (const mutant of file.mutants) if (mutant.static) staticKeys.add(keyOf(path, mutant))
writeFileSync(staticFile, JSON.stringify([...staticKeys], null, 1))
// The tests that reach the mutated modules' definitions and constants (a subset of vitest.mutation.config.ts).
const tests = [
  'test/kit',
  'test/cli',
  'providers/partoo',
  'test/errors.test.ts',
  'test/registry.test.ts',
  'test/update-api-keys.test.ts',
]

function offset(source, { line, column }) {
  const lines = source.split('\n')
  return lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1
}

/** Modules whose values are built once per process and then reused by every test. */
const BUILT_ONCE = new Set(['providers/partoo/partoo-schemas.ts'])

const scores = []
for (const [path, file] of Object.entries(report.files)) {
  let killedByHand = 0
  for (const mutant of file.mutants) {
    if (!(staticKeys.has(keyOf(path, mutant)) || BUILT_ONCE.has(path)) || mutant.status !== 'Survived')
      continue
    const original = readFileSync(path, 'utf8')
    const start = offset(original, mutant.location.start)
    const end = offset(original, mutant.location.end)
    writeFileSync(path, original.slice(0, start) + mutant.replacement + original.slice(end))
    let killed = false
    try {
      execFileSync(
        'npx',
        ['vitest', 'run', '--config', 'vitest.mutation.config.ts', '--bail', '1', ...tests],
        {
          stdio: 'ignore',
        },
      )
    } catch {
      killed = true
    } finally {
      writeFileSync(path, original)
    }
    if (killed) killedByHand++
    const where = `${path}:${mutant.location.start.line}`
    console.log(
      `${killed ? 'killed  ' : 'survived'} ${where} ${mutant.mutatorName}: ${mutant.replacement.slice(0, 60)}`,
    )
  }
  const counted = file.mutants.filter((mutant) =>
    ['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(mutant.status),
  )
  const killed = counted.filter((mutant) => mutant.status === 'Killed' || mutant.status === 'Timeout').length
  scores.push([path, (100 * killed) / counted.length, (100 * (killed + killedByHand)) / counted.length])
}
console.log('\nmutation score: as Stryker reports it → with the static survivors checked by hand')
for (const [path, before, after] of scores)
  console.log(`  ${path.padEnd(40)} ${before.toFixed(2)} % → ${after.toFixed(2)} %`)
