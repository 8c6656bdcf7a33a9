// openapi-fetch-adapter.ts imports this module on a provider's first call. Importing it by name here, rather than
// `import('openapi-fetch')` there, lets bundlers keep createClient alone instead of the package's whole namespace.
export { default as createClient } from 'openapi-fetch'
