export {
  createUnkey,
  type UnkeyApiKey,
  type UnkeyCredits,
  type UnkeyOptions,
  type UnkeyProvider,
  type UnkeyRatelimit,
  type UnkeyRaw,
  type UnkeyUpdate,
  unkeyEnvironments,
} from './unkey-provider'
