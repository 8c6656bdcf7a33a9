// A provider's OpenAPI document as keyshift uses it: `providers/<id>/openapi.yaml` — the vendor's published text,
// unedited, or one written from the vendor's prose docs — with `providers/<id>/overlay.yaml` applied when there is
// one. The overlay (OpenAPI Overlay 1.0.0, https://spec.openapis.org/overlay/v1.0.0) fixes the vendor's own defects,
// each action's `description` saying which and where it is documented; the vendor's text is never edited.
//
// Used by the type generator (generated/<id>.ts), the contract checks, and the Prism mock servers.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { JSONPath } from 'jsonpath-plus'
import { parse } from 'yaml'

/** The effective document of a provider folder: its openapi.yaml with its overlay.yaml applied. */
export function effectiveSpec(providerFolder) {
  const document = parse(readFileSync(join(providerFolder, 'openapi.yaml'), 'utf8'))
  const overlayPath = join(providerFolder, 'overlay.yaml')
  return existsSync(overlayPath) ? applyOverlay(document, parse(readFileSync(overlayPath, 'utf8'))) : document
}

/**
 * Applies an OpenAPI Overlay to a document (a copy): each action's `target` (a JSONPath) must select at least one
 * node — an action that selects nothing is a mistake (the vendor's text changed), not a no-op. `update` is merged
 * into each selected object (objects recursively, anything else replaced) or appended to a selected array;
 * `remove: true` deletes each selected node.
 */
export function applyOverlay(document, overlay) {
  if (overlay?.overlay !== '1.0.0' || !Array.isArray(overlay.actions))
    throw new Error('an overlay must say `overlay: 1.0.0` and list `actions`')
  const result = structuredClone(document)
  for (const [index, action] of overlay.actions.entries()) {
    if (typeof action.description !== 'string' || action.description.trim() === '')
      throw new Error(
        `overlay action ${index} (${action.target}) has no description: say which defect it fixes`,
      )
    const matches = JSONPath({ path: action.target, json: result, resultType: 'all' })
    if (matches.length === 0) throw new Error(`overlay action ${index}: ${action.target} selects nothing`)
    for (const { parent, parentProperty, value } of matches) {
      if (action.remove === true) {
        if (Array.isArray(parent)) parent.splice(parentProperty, 1)
        else delete parent[parentProperty]
      } else if (Array.isArray(value)) value.push(structuredClone(action.update))
      else if (isObject(value) && isObject(action.update)) merge(value, action.update)
      else throw new Error(`overlay action ${index}: ${action.target} is not an object or an array to update`)
    }
  }
  return result
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function merge(target, update) {
  for (const [key, value] of Object.entries(update)) {
    if (isObject(target[key]) && isObject(value)) merge(target[key], value)
    else target[key] = structuredClone(value)
  }
}
