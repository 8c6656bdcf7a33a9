export {
  createPlumaa,
  type PlumaaApiKey,
  type PlumaaOptions,
  type PlumaaProvider,
  type PlumaaRaw,
  type PlumaaUpdate,
  plumaaEnvironments,
} from './plumaa-provider'
