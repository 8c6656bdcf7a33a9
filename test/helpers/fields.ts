import { type FieldName, fieldNames } from '../../src/kit/fields'

/**
 * Every normalized field a provider does not support, derived from the list of all fields: a field added to
 * keyshift later is checked against every provider without touching its tests.
 */
export function fieldsOtherThan(supported: readonly FieldName[]): FieldName[] {
  return fieldNames.filter((field) => !supported.includes(field))
}
