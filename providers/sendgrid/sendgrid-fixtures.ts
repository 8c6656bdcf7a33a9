/** A spec-valid SendGrid key, for tests that stub `fetch`. */
export const sendGridKey = {
  api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA',
  name: 'Mail Send',
  scopes: ['mail.send', 'alerts.read'],
}
