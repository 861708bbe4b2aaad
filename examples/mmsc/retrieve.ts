/**
 * GET of a Content-Location: the m-retrieve-conf (OMA-TS-MMS_ENC 1.3 §6.3) streamed from the
 * store with MmseEncoder. The part sizes are in the record, so every entry's DataLen is written
 * before its data, and each part's bytes flow from the store only as fast as the phone reads
 * (one stream per part, opened when the encoder reaches it); the message is never in memory.
 * The headers are the sender's (To, Cc, Subject, Date, ...; never Bcc), with the Message-ID
 * assigned at submission and the sender's number as From unless it asked to stay hidden.
 *
 * A recipient who rejected the message, or for whom it expired (state.ts `f-<token>`), gets the
 * not-found answer, as does anyone after the expiry; a fetch says the notification arrived, so
 * it is not pushed again.
 */
import type { ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { encode, type EncodeHeaders, MMS_MESSAGE_TYPE, MmseEncoder, type StreamPart } from 'mmse'
import type { Settings } from './config.js'
import { send } from './http.js'
import { note } from './logs.js'
import { parseTransactionId, transactionId } from './ids.js'
import { fromField, MMS_VERSION } from './notify.js'
import { findRecipient, loadRecord, type MessageRecord } from './record.js'
import { claim, has, jobName } from './state.js'

export async function retrieve (response: ServerResponse, settings: Settings, transaction: string): Promise<void> {
  const ids = parseTransactionId(transaction)
  const record = ids === undefined ? undefined : await loadRecord(settings.store, ids.key, settings.limits.maxRecordBytes)
  const recipient = ids === undefined || record === undefined ? undefined : findRecipient(record, ids.token)
  note(response, { pdu: 'm-retrieve-conf', transactionId: transaction.slice(0, 64) })
  if (ids === undefined || record === undefined || recipient === undefined || record.expiresAt.getTime() < Date.now() ||
    await has(settings.store, ids.key, `f-${ids.token}`)) {
    note(response, { mmsStatus: 'error-permanent-message-not-found' })
    send(response, 404, notFound())
    return
  }
  await claim(settings.store, ids.key, `${jobName('n', ids.token)}.ok`)
  const bodies = record.parts.map(part => settings.store.read(ids.key, part.entry))
  const parts: StreamPart[] = record.parts.map((part, index) => ({
    contentType: part.contentType,
    headers: part.headers,
    size: part.size,
    body: bodies[index] as Readable,
  }))
  let encoder: MmseEncoder
  try {
    encoder = retrieveConf(record, transactionId(ids.key, ids.token), parts)
  } catch (err) {
    for (const body of bodies) body.destroy()
    settings.log({ type: 'retrieve-failed', key: ids.key, error: String(err) })
    send(response, 500)
    return
  }
  note(response, { mmsStatus: 'ok' })
  response.writeHead(200, { 'content-type': MMS_MESSAGE_TYPE })
  // A phone that stops reading: after idleMs in which the socket took nothing, the connection is
  // closed. The encoder produces only what the socket takes, so the silence is the phone's (or
  // that of a store stalled as long).
  response.setTimeout(settings.timeouts.idleMs, () => response.destroy())
  try {
    await pipeline(encoder, response)
    settings.log({ type: 'retrieved', key: ids.key, to: recipient.msisdn, bytes: record.parts.reduce((sum, part) => sum + part.size, 0) })
  } catch (err) {
    // The phone went away, or the store failed mid-message: the response is cut short, which
    // the phone sees as a failed download and retries.
    settings.log({ type: 'retrieve-failed', key: ids.key, error: String(err) })
  }
}

/**
 * The m-retrieve-conf of a message for the recipient of `transaction`, its parts' data from
 * `parts`. Intake builds it too, with empty parts, before it acknowledges the message
 * (servable.ts): what this refuses to encode is refused then, never at retrieval.
 */
export function retrieveConf (record: MessageRecord, transaction: string, parts: StreamPart[]): MmseEncoder {
  return new MmseEncoder(retrieveHeaders(record, transaction), { parts })
}

function retrieveHeaders (record: MessageRecord, transaction: string): EncodeHeaders {
  const from = fromField(record)
  return {
    ...record.headers,
    messageType: 'm-retrieve-conf',
    // Immediate retrieval: the transaction the notification started (§6.3).
    transactionId: transaction,
    mmsVersion: record.mmsVersion,
    messageId: record.messageId,
    date: record.headers.date ?? record.receivedAt,
    ...(from === undefined ? {} : { from }),
    contentType: record.contentType,
  }
}

/** §6.3: a retrieval that fails says why in X-Mms-Retrieve-Status; Content-Type is mandatory, so an empty text/plain. */
function notFound (): Uint8Array {
  return encode({
    headers: {
      messageType: 'm-retrieve-conf',
      mmsVersion: MMS_VERSION,
      date: new Date(),
      retrieveStatus: 'error-permanent-message-not-found',
      retrieveText: 'no such message, or it expired',
      contentType: 'text/plain',
    },
  })
}
