/**
 * One log line per HTTP exchange, for operators: its method and path, the PDU it carried (or
 * answered with), the Transaction-Id, the HTTP status and the MMS status, the bytes each way
 * and how long it took. The handlers say what they learnt about the exchange (`note`); the
 * line is written when the exchange ends, answered or cut. Bytes are counted on the
 * connection (request and response headers included): node:http serves one request at a time
 * per connection, so what the connection carried since the end of the exchange before is this
 * exchange's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { MmscEvent } from './config.js'

export interface ExchangeFacts {
  /** The PDU: the one posted (m-send-req, m-notifyresp-ind, ...), or m-retrieve-conf for a GET. */
  pdu?: string
  transactionId?: string
  /** X-Mms-Response-Status or X-Mms-Retrieve-Status given, or the answer's status (report). */
  mmsStatus?: string
}

export type ExchangeEvent = Extract<MmscEvent, { type: 'exchange' }>

const notes = new WeakMap<ServerResponse, ExchangeFacts>()
/** The byte counts of a connection when its last exchange ended. */
const counted = new WeakMap<Socket, { read: number, written: number }>()

/** Adds what a handler knows about the exchange of `response`. */
export function note (response: ServerResponse, facts: ExchangeFacts): void {
  notes.set(response, { ...notes.get(response), ...facts })
}

/** Calls `done` with the exchange's line once it has ended. */
export function watchExchange (request: IncomingMessage, response: ServerResponse, done: (event: ExchangeEvent) => void): void {
  const started = process.hrtime.bigint()
  const socket = request.socket
  response.once('close', () => {
    const facts = notes.get(response) ?? {}
    const before = counted.get(socket) ?? { read: 0, written: 0 }
    counted.set(socket, { read: socket.bytesRead, written: socket.bytesWritten })
    done({
      type: 'exchange',
      method: request.method as string,
      path: (request.url as string).split('?')[0] as string,
      ...facts,
      status: response.writableFinished ? response.statusCode : 0,
      bytesIn: socket.bytesRead - before.read,
      bytesOut: socket.bytesWritten - before.written,
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    })
  })
}
