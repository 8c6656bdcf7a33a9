/**
 * Every provider keyshift ships, one line each. `ProviderId`, the CLI's provider list and help, `updateApiKeys`'
 * types and the per-provider test tables all come from here; what cannot import it (package.json `exports`, the
 * root entry's re-exports, generated from the folders by `npm run generate`) is checked against it by
 * test/registry.test.ts. Mocks are registered by generated/mocks.ts: they need msw, which a provider's code must never
 * load.
 */
export { algolia } from './algolia/algolia-provider'
export { cloudflare } from './cloudflare/cloudflare-provider'
export { datadog } from './datadog/datadog-provider'
export { googleApiKeys } from './google-apikeys/google-apikeys-provider'
export { partoo } from './partoo/partoo-provider'
export { plumaa } from './plumaa/plumaa-provider'
export { pulsecrm } from './pulsecrm/pulsecrm-provider'
export { sendgrid } from './sendgrid/sendgrid-provider'
export { theauthapi } from './theauthapi/theauthapi-provider'
export { twilio } from './twilio/twilio-provider'
export { unkey } from './unkey/unkey-provider'
