/** Plans of any size or shape fail with a usage error that names the problem, never a crash or a raw error. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findDuplicateKey, firstInvalidUtf8 } from '../src/cli/plan'
import { runCli } from './helpers/cli'

const env = { PATH: process.env.PATH ?? '', PARTOO_API_KEY: 'limits-test-key' }
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyshift-limits-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function applyPlan(name: string, content: string | Uint8Array, ...extra: string[]) {
  const file = join(dir, name)
  await writeFile(file, content)
  return runCli(['apply', file, '--dry-run', ...extra], { env })
}

const item = '{"provider":"partoo","keyId":1,"changes":{"name":"x"}}'

describe('plans that cannot be read are usage errors (exit 2)', () => {
  it.each([
    [
      'over --max-plan-bytes',
      'big.json',
      `[${item}]`,
      ['--max-plan-bytes', '20'],
      /is \d+ bytes, over the 20-byte limit: pass --max-plan-bytes/,
    ],
    [
      'an invalid UTF-8 byte',
      'latin1.json',
      Buffer.concat([
        Buffer.from('[{"provider":"partoo","keyId":1,"changes":{"name":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}}]'),
      ]),
      [],
      /is not valid UTF-8: byte 54 \(0xe9\)/,
    ],
    [
      'JSON nested 100 000 deep',
      'deep.json',
      `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`,
      [],
      /nested more than 100 levels deep/,
    ],
    [
      'YAML flow nested 100 000 deep',
      'deep.yaml',
      `- ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      [],
      /nested more than 100 levels deep/,
    ],
    [
      'a YAML alias bomb',
      'bomb.yaml',
      `- provider: partoo\n  keyId: 1\n  changes:\n    a: &a [x, x, x, x, x, x, x, x, x]\n    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n    e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`,
      [],
      /expands YAML aliases more than 100 times/,
    ],
    [
      'JSON that does not parse',
      'broken.json',
      `[${item},\n{"provider": }]`,
      [],
      /not a valid JSON plan: item 1: unexpected "}" \(line 2\)/,
    ],
    [
      'a missing file',
      'missing-on-purpose.json',
      undefined,
      [],
      /cannot read .*missing-on-purpose\.json: no such file or directory/,
    ],
  ])('%s', async (_name, file, content, extra, message) => {
    const outcome =
      content === undefined
        ? await runCli(['apply', join(dir, file), '--dry-run'], { env })
        : await applyPlan(file, content, ...extra)
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(message)
    expect(outcome.stderr).not.toMatch(/RangeError|ReferenceError|Maximum call stack|at .*\.js:\d+/)
  })

  it('a plan on standard input is cut off at the limit, not read whole', async () => {
    const outcome = await runCli(['apply', '-', '--dry-run', '--max-plan-bytes', '1000'], {
      env,
      input: `[${Array.from({ length: 5000 }, () => item).join(',')}]`,
    })
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toContain('the plan on standard input is larger, over the 1000-byte limit')
  })
})

describe('the checks themselves', () => {
  it('firstInvalidUtf8 finds overlong forms, surrogates, stray continuations and truncated sequences', () => {
    const bytes = (...values: number[]) => new Uint8Array(values)
    expect(firstInvalidUtf8(bytes(0x61, 0xc3, 0xa9, 0x62))).toBe(4) // valid: "aéb"
    expect(firstInvalidUtf8(bytes(0x61, 0xc0, 0xaf))).toBe(1) // overlong "/"
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0) // a UTF-16 surrogate
    expect(firstInvalidUtf8(bytes(0x61, 0x80))).toBe(1) // a stray continuation byte
    expect(firstInvalidUtf8(bytes(0x61, 0xe2, 0x82))).toBe(1) // cut short
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0) // past U+10FFFF
    expect(firstInvalidUtf8(bytes(0xf0, 0x9f, 0x98, 0x80))).toBe(4) // valid: an emoji
  })

  it('findDuplicateKey: per object, escapes decoded, strings never mistaken for structure', () => {
    expect(findDuplicateKey('{"a":1,"b":{"a":2}}')).toBeUndefined()
    expect(findDuplicateKey('[{"a":1},{"a":2}]')).toBeUndefined()
    expect(findDuplicateKey('{"a":"{\\"a\\":1,","b":2}')).toBeUndefined()
    expect(findDuplicateKey('{"a":[1,{"b":1}],"a":2}')).toEqual({ key: 'a', offset: 17 })
    expect(findDuplicateKey('{"k\\u0065y":1,"key":2}')).toEqual({ key: 'key', offset: 14 })
  })
})
