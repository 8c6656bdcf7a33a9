export {
  type CloudflareApiKey,
  type CloudflareOptions,
  type CloudflarePolicy,
  type CloudflareProvider,
  type CloudflareRaw,
  type CloudflareUpdate,
  cloudflareEnvironments,
  createCloudflare,
} from './cloudflare-provider'
