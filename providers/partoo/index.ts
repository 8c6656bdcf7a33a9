export {
  createPartoo,
  type PartooApiKey,
  type PartooOptions,
  type PartooProvider,
  type PartooRaw,
  type PartooUpdate,
  partooEnvironments,
} from './partoo-provider'
