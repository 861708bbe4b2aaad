/**
 * The public encoder API: `encode()` for whole PDUs and builders for the PDUs endpoints send
 * (OMA-MMS-ENC §6-7). `MmseEncoder`, for PDUs with streamed parts, is a stream shell over the
 * same writer (stream/encoder.ts).
 */
export { encode } from './encode.js'
export {
  buildAcknowledgeInd, buildDeliveryInd, buildNotificationInd, buildNotifyRespInd, buildReadRecInd,
  buildRetrieveConf, buildSendConf, buildSendReq,
  type AcknowledgeIndInput, type BuildPart, type DeliveryIndInput, type NotificationIndInput,
  type NotifyRespIndInput, type ReadRecIndInput, type RetrieveConfInput, type SendConfInput, type SendReqInput,
} from './builders.js'
export { smilDocument } from './smil.js'
export { MANDATORY } from '../mmse/mandatory.js'
export type {
  AddressInput, EncodeForms, EncodeHeaders, EncodeMessage, EncodeOptions, EncodePart, EncodePartHeaders, FromInput,
  StatusInput, TextInput,
} from './input.js'
