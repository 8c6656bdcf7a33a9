export {
  createDatadog,
  type DatadogApiKey,
  type DatadogApiKeyUpdate,
  type DatadogApplicationKeyUpdate,
  type DatadogOptions,
  type DatadogProvider,
  type DatadogRaw,
  type DatadogUpdate,
  datadogEnvironments,
} from './datadog-provider'
