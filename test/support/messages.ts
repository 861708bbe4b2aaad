/**
 * Realistic PDUs of every kind the encoder writes, for the tests that run its output through a
 * linter or another decoder: each of the 24 message types with its mandatory fields, and each
 * builder's output.
 */
import {
  buildAcknowledgeInd, buildDeliveryInd, buildNotificationInd, buildNotifyRespInd, buildReadRecInd,
  buildRetrieveConf, buildSendConf, buildSendReq,
} from '../../lib/encode/builders.js'
import type { EncodeMessage } from '../../lib/encode/input.js'
import { MANDATORY } from '../../lib/mmse/mandatory.js'
import { MESSAGE_TYPES } from '../../lib/tables/mmse-enumerations.js'
import type { MessageType } from '../../lib/types.js'

export interface NamedMessage {
  name: string
  message: EncodeMessage
}

const DATE = new Date(1_600_000_000_000)

/** Values for every mandatory field, and a few more, so each type is a realistic PDU. */
const VALUES: Record<string, unknown> = {
  transactionId: 'T-1', mmsVersion: '1.3', from: '+15550001/TYPE=PLMN', to: ['+15550002/TYPE=PLMN'], date: DATE,
  messageId: 'msg-1', subject: 'Grüße', responseStatus: 'ok', responseText: 'fine', messageClass: 'personal',
  messageSize: 12345, expiry: { relative: 86400 }, contentLocation: 'http://mmsc.example/m1', status: 'retrieved',
  readStatus: 'read', storeStatus: 'success', cancelId: 'msg-0', cancelStatus: 'cancel-request-successfully-received',
  contentType: { mediaType: 'application/vnd.wap.multipart.related', params: { type: 'text/plain', start: '<t>' } },
}

/** Each of the 24 message types with its mandatory fields; a text part where there is a body. */
export function everyType (): NamedMessage[] {
  return MESSAGE_TYPES.rows.map((row) => row[1] as MessageType).map((type) => {
    const headers: Record<string, unknown> = { messageType: type }
    for (const key of MANDATORY[type]) headers[key] = VALUES[key]
    const message: EncodeMessage = { headers: headers as EncodeMessage['headers'] }
    if (headers['contentType'] !== undefined) message.parts = [{ contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, headers: { 'content-id': '<t>' }, data: 'hello' }]
    return { name: type, message }
  })
}

/** What each builder writes. */
export function builders (): NamedMessage[] {
  const parts = [
    { contentType: 'image/jpeg', data: Uint8Array.of(0xff, 0xd8, 0xff, 0xd9), name: 'a.jpg' },
    { contentType: 'text/plain', data: 'Hello' },
  ]
  return [
    { name: 'buildSendReq smil', message: buildSendReq({ to: '+15550002', subject: 'Hi', parts, smil: true }) },
    { name: 'buildSendReq mixed', message: buildSendReq({ to: 'a@b.example', cc: '+1', parts }) },
    { name: 'buildSendConf', message: buildSendConf({ transactionId: 't', messageId: 'm' }) },
    { name: 'buildNotificationInd', message: buildNotificationInd({ contentLocation: 'http://mmsc.example/1', messageSize: 1000, from: '+1', subject: 'S' }) },
    { name: 'buildNotifyRespInd', message: buildNotifyRespInd({ transactionId: 't' }) },
    { name: 'buildAcknowledgeInd', message: buildAcknowledgeInd({ transactionId: 't', reportAllowed: true }) },
    { name: 'buildRetrieveConf', message: buildRetrieveConf({ from: '+1', to: '+2', subject: 'S', parts, smil: true }) },
    { name: 'buildDeliveryInd', message: buildDeliveryInd({ messageId: 'm', to: '+1' }) },
    { name: 'buildReadRecInd', message: buildReadRecInd({ messageId: 'm', to: '+1' }) },
  ]
}

export function builtMessages (): NamedMessage[] {
  return [...everyType(), ...builders()]
}
