export {
  createPulseCrm,
  type PulseCrmApiKey,
  type PulseCrmOptions,
  type PulseCrmProvider,
  type PulseCrmRaw,
  type PulseCrmUpdate,
} from './pulsecrm-provider'
