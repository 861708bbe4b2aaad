/**
 * Push Application IDs: the OMNA registry's WAP Forum assignments (0x00-0x0A), the values of
 * X-Wap-Application-Id (WAP-230 §8.4.2.54 App-assigned-code). A code missing here (the vendor
 * range from 0x8000) is kept as the number sent.
 */
export const PUSH_APPLICATION_IDS: ReadonlyMap<number, string> = new Map([
  [0x00, 'x-wap-application:*'],
  [0x01, 'x-wap-application:push.sia'],
  [0x02, 'x-wap-application:wml.ua'],
  [0x03, 'x-wap-application:wta.ua'],
  [0x04, 'x-wap-application:mms.ua'],
  [0x05, 'x-wap-application:push.syncml'],
  [0x06, 'x-wap-application:loc.ua'],
  [0x07, 'x-wap-application:syncml.dm'],
  [0x08, 'x-wap-application:drm.ua'],
  [0x09, 'x-wap-application:emn.ua'],
  [0x0a, 'x-wap-application:wv.ua'],
])

