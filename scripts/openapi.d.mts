/** Types of openapi.mjs (plain JavaScript: the generator runs it without a build). */
export function effectiveSpec(providerFolder: string): Record<string, unknown>
export function applyOverlay(document: unknown, overlay: unknown): Record<string, unknown>
