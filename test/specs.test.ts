import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { providerIds } from '../providers/providers'
import { effectiveSpec } from '../scripts/openapi.mjs'

const run = promisify(execFile)
const projectRoot = new URL('..', import.meta.url).pathname

describe('provider specs', () => {
  it.each(providerIds)('%s: its document with its overlay is a valid OpenAPI document', async (id) => {
    const validator = new Validator()
    const result = await validator.validate(effectiveSpec(join(projectRoot, 'providers', id)))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it.each(providerIds)(
    '%s: the vendor text with an overlay of fixes, or a document written from the docs that lists its deviations',
    async (id) => {
      const folder = join(projectRoot, 'providers', id)
      const text = await readFile(join(folder, 'openapi.yaml'), 'utf8')
      if (existsSync(join(folder, 'overlay.yaml'))) {
        // The vendor's text (at most a comment naming where it was cut from); each fix is an overlay action.
        expect(text).not.toMatch(/Deviations from/)
        const overlay = parse(await readFile(join(folder, 'overlay.yaml'), 'utf8')) as {
          actions: { description?: string }[]
        }
        expect(overlay.actions.length).toBeGreaterThan(0)
        for (const action of overlay.actions) expect(action.description?.length).toBeGreaterThan(20)
      } else {
        expect(text.startsWith('#')).toBe(true)
        expect(text).toMatch(/Deviations from/)
      }
    },
  )

  it('the validator rejects a broken spec (so the test above can fail)', async () => {
    const validator = new Validator()
    const result = await validator.validate({ openapi: '3.1.0', info: { title: 'x' }, paths: { bad: {} } })
    expect(result.valid).toBe(false)
  })
})

describe('generate:check', () => {
  async function copyProject() {
    const dir = await mkdtemp(join(tmpdir(), 'keyshift-drift-'))
    await cp(join(projectRoot, 'providers'), join(dir, 'providers'), { recursive: true })
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

  it('fails when an overlay changes without regenerating, and names an overlay action that selects nothing', async () => {
    const dir = await copyProject()
    try {
      const overlayPath = join(dir, 'providers', 'partoo', 'overlay.yaml')
      const overlay = await readFile(overlayPath, 'utf8')
      await writeFile(
        overlayPath,
        overlay.replace('User id of the user that revoked the key', 'Who revoked it'),
      )
      const stale = await run('node', [script, '--check', '--root', dir]).catch((error: unknown) => error)
      expect(String((stale as { stderr: string }).stderr)).toContain('stale: generated/partoo.ts')

      // The vendor renamed a schema the overlay fixes: the generator refuses rather than skip the fix.
      await writeFile(
        overlayPath,
        overlay.replace('$.components.schemas.UserName', '$.components.schemas.UserFullName'),
      )
      const moved = await run('node', [script, '--check', '--root', dir]).catch((error: unknown) => error)
      expect(moved).toMatchObject({ code: 1 })
      expect(String((moved as { stderr: string }).stderr)).toContain(
        '$.components.schemas.UserFullName selects nothing',
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
