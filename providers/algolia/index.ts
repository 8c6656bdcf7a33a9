export { type AlgoliaAcl, algoliaAcls } from './algolia-acls'
export {
  type AlgoliaApiKey,
  type AlgoliaOptions,
  type AlgoliaProvider,
  type AlgoliaRaw,
  type AlgoliaUpdate,
  createAlgolia,
} from './algolia-provider'
