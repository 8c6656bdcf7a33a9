export {
  createSendGrid,
  type SendGridApiKey,
  type SendGridOptions,
  type SendGridProvider,
  type SendGridRaw,
  type SendGridUpdate,
  sendGridEnvironments,
} from './sendgrid-provider'
