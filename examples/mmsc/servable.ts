/**
 * Whether the MMSC can hand back a message it is about to acknowledge: every check that
 * retrieval, notification and a delivery report make, made before the m-send-conf says ok
 * (OMA-TS-MMS_ENC 1.3 §6.1.2: an ok is a promise to deliver). A message that fails one is
 * refused and nothing of it is kept, rather than notified and then answered 500 for ever.
 *
 * - its record can be written and read back (every check below is made on the record as
 *   parseRecord reads it, as retrieval will), and fits limits.maxRecordBytes, the most
 *   loadRecord reads (JSON escapes a control character in six bytes, so a part header of them
 *   grows sixfold in the record);
 * - each recipient's m-notification-ind encodes, and the m-delivery-ind when one is asked for:
 *   encode() refuses values the decoder let through (a Message-Class that is an empty token or
 *   holds control characters);
 * - its m-retrieve-conf encodes, headers and every part's headers, and decodes again within the
 *   limits the MMSC took the m-send-req with (config.ts decodeOptions): what the MMSC serves
 *   is something it would itself accept.
 */
import { decode, encode } from 'mmse'
import { decodeOptions, type Settings } from './config.js'
import { transactionId } from './ids.js'
import { deliveryInd, notificationInd } from './notify.js'
import { type MessageRecord, parseRecord, recordJson } from './record.js'
import { retrieveConf } from './retrieve.js'
import { type Refused, refusalOf } from './statuses.js'

const NO_DATA = new Uint8Array(0)

/** The record to store when the message can be served from it; else why it cannot, as a refusal. */
export async function servable (settings: Settings, key: string, record: MessageRecord): Promise<{ json: string } | Refused> {
  let json: string
  let stored: MessageRecord
  try {
    json = recordJson(record)
    stored = parseRecord(json)
  } catch (err) {
    return { refusal: 'format-corrupt', text: 'its headers cannot be kept', detail: String(err) }
  }
  const { maxRecordBytes } = settings.limits
  const recordBytes = Buffer.byteLength(json)
  if (recordBytes > maxRecordBytes) {
    return { refusal: 'content-not-accepted', text: `its headers take ${recordBytes} bytes to keep; at most ${maxRecordBytes}` }
  }
  try {
    for (const recipient of stored.recipients) {
      encode(notificationInd(settings, key, stored, recipient))
      if (stored.deliveryReport) encode(deliveryInd(stored, recipient, 'retrieved'))
    }
    const recipient = stored.recipients[0]
    if (recipient !== undefined) {
      const parts = stored.parts.map(part => ({ contentType: part.contentType, headers: part.headers, size: 0, body: NO_DATA }))
      const skeleton = Buffer.concat(await retrieveConf(stored, transactionId(key, recipient.token), parts).toArray() as Buffer[])
      decode(skeleton, decodeOptions(settings.limits))
    }
  } catch (err) {
    const refused = refusalOf(err)
    return { ...refused, text: `it cannot be relayed as sent: ${refused.text}`, detail: String(err) }
  }
  return { json }
}
