import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { providerIds } from '../providers/providers'

const run = promisify(execFile)
const projectRoot = new URL('..', import.meta.url).pathname

describe('provider specs', () => {
  it.each(providerIds)('%s: openapi.yaml is a valid OpenAPI document', async (id) => {
    const text = await readFile(join(projectRoot, 'providers', id, 'openapi.yaml'), 'utf8')
    const validator = new Validator()
    const result = await validator.validate(parse(text))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it.each(providerIds)('%s: lists its deviations from the vendor in a header comment', async (id) => {
    const text = await readFile(join(projectRoot, 'providers', id, 'openapi.yaml'), 'utf8')
    expect(text.startsWith('#')).toBe(true)
    expect(text).toMatch(/Deviations from/)
  })

  it('the validator rejects a broken spec (so the test above can fail)', async () => {
    const validator = new Validator()
    const result = await validator.validate({ openapi: '3.1.0', info: { title: 'x' }, paths: { bad: {} } })
    expect(result.valid).toBe(false)
  })
})

describe('generate:check', () => {
  async function copyProject() {
    const dir = await mkdtemp(join(tmpdir(), 'keyshift-drift-'))
    await cp(join(projectRoot, 'providers'), join(dir, 'providers'), {
      recursive: true,
      filter: (source) => !source.endsWith('.ts') || source.endsWith('openapi.yaml'),
    })
    await cp(join(projectRoot, 'generated'), join(dir, 'generated'), { recursive: true })
    return dir
  }
  const script = join(projectRoot, 'scripts', 'generate.mjs')

  it('passes on the committed tree and fails once a spec is edited without regenerating', async () => {
    const dir = await copyProject()
    try {
      await expect(run('node', [script, '--check', '--root', dir])).resolves.toBeTruthy()
      const specPath = join(dir, 'providers', 'plumaa', 'openapi.yaml')
      const spec = await readFile(specPath, 'utf8')
      await writeFile(
        specPath,
        spec.replace('name:\n          type: string', 'name:\n          type: integer'),
      )
      const failure = await run('node', [script, '--check', '--root', dir]).catch((error: unknown) => error)
      expect(failure).toMatchObject({ code: 1 })
      expect(String((failure as { stderr: string }).stderr)).toContain('stale: generated/plumaa.ts')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
