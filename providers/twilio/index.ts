export {
  createTwilio,
  type TwilioApiKey,
  type TwilioOptions,
  type TwilioProvider,
  type TwilioRaw,
  type TwilioUpdate,
  twilioEnvironments,
} from './twilio-provider'
