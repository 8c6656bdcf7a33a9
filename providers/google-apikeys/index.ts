export {
  createGoogleApiKeys,
  type GoogleAndroidApplication,
  type GoogleApiKeysApiKey,
  type GoogleApiKeysOptions,
  type GoogleApiKeysProvider,
  type GoogleApiKeysRaw,
  type GoogleApiKeysUpdate,
  type GoogleApiTarget,
  googleApiKeysEnvironments,
} from './google-apikeys-provider'
