import { build } from 'esbuild'

/** The scenario (or any entry) as one IIFE script for a runtime without a module loader or Node. */
export async function bundleForRuntime(
  entry: string,
  platform: 'browser' | 'neutral' = 'browser',
): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform,
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['browser', 'import'],
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}
