export {
  createTheAuthApi,
  type TheAuthApiApiKey,
  type TheAuthApiOptions,
  type TheAuthApiProvider,
  type TheAuthApiRaw,
  type TheAuthApiUpdate,
  theAuthApiEnvironments,
} from './theauthapi-provider'
