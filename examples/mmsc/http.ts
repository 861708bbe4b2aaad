/**
 * HTTP answers of the MM1 endpoint: an MMSE PDU (OMA-MMS-CTR 1.3: the MM1 PDUs travel as
 * application/vnd.wap.mms-message bodies), or an empty status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MMS_MESSAGE_TYPE } from 'mmse'

/** Whether a request's Content-Type is the MMS one (parameters and case aside). */
export function isMmsBody (request: IncomingMessage): boolean {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === MMS_MESSAGE_TYPE
}

/**
 * Sends an answer whole: a PDU, or none (404, 405, 415, 204, ...; a 204 has no Content-Length,
 * RFC 9110 §8.6). `close`: the request body was not read to its end, so the connection must not
 * carry another request (node:http then ends it once the answer is out). A phone that is gone
 * by the time the answer is ready gets nothing: writing to its closed response could fail.
 */
export function send (response: ServerResponse, status: number, pdu?: Uint8Array, close = false): void {
  if (response.destroyed) return
  const length = status === 204 ? {} : { 'content-length': pdu?.length ?? 0 }
  response.writeHead(status, { ...(pdu === undefined ? {} : { 'content-type': MMS_MESSAGE_TYPE }), ...length, ...(close ? { connection: 'close' } : {}) })
  response.end(pdu)
}

/** The origin of a listening address, e.g. `http://127.0.0.1:8080` or `http://[::1]:8080`. */
export function originOf (address: AddressInfo): string {
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
}
