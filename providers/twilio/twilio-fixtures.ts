/** A spec-valid Twilio Key resource, for tests that stub `fetch`. */
export const twilioKey = {
  sid: 'SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  friendly_name: 'foo',
  date_created: 'Mon, 13 Jun 2016 22:50:08 +0000',
  date_updated: 'Mon, 13 Jun 2016 22:50:08 +0000',
}
