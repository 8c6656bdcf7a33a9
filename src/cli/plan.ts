/** `keyshift apply <file>`: a JSON or YAML list of `{provider, keyId, changes}`. */
import { parse as parseYaml } from 'yaml'
import * as z from 'zod/mini'
import { providerIds } from './clients'
import { UsageError } from './report'

const planItem = z.strictObject({
  provider: z.enum(
    ['partoo', 'pulsecrm', 'theauthapi', 'plumaa'],
    `provider must be one of ${providerIds.join(', ')}`,
  ),
  keyId: z.union([z.string(), z.number()], 'keyId must be a string or a number'),
  changes: z.record(z.string(), z.unknown(), 'changes must be an object of normalized fields'),
})
const planSchema = z.array(planItem, 'a plan is a list of {provider, keyId, changes}')

export type PlanItem = z.output<typeof planItem>

export function parsePlan(text: string, fileName: string): PlanItem[] {
  let document: unknown
  try {
    document = fileName.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new UsageError(
      `${fileName} is not valid ${fileName.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
    )
  }
  const checked = planSchema.safeParse(document)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new UsageError(
      `${fileName}: ${issue?.path.length ? `item ${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid plan'}`,
    )
  }
  return checked.data
}
