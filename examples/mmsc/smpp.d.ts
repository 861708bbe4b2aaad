/** The part of the `smpp` package (node-smpp 0.5, no types shipped) that the MMSC and its tests use. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events'
  import type { Server as NetServer, Socket } from 'node:net'

  /** One SMPP PDU; its fields by their SMPP 3.4 / 5.0 names (command_status, short_message, ...). */
  export interface PDU {
    command: string
    command_status: number
    sequence_number: number
    [field: string]: unknown
    response (options?: Record<string, unknown>): PDU
    isResponse (): boolean
  }

  export type Callback = (pdu: PDU) => void

  /** A bound or unbound SMPP connection; every SMPP operation is a method named after it. */
  export interface Session extends EventEmitter {
    readonly socket: Socket
    send (pdu: PDU, responseCallback?: Callback, sendCallback?: Callback): boolean
    bind_transmitter (options: Record<string, unknown>, callback?: Callback): boolean
    bind_receiver (options: Record<string, unknown>, callback?: Callback): boolean
    bind_transceiver (options: Record<string, unknown>, callback?: Callback): boolean
    submit_sm (options: Record<string, unknown>, callback?: Callback): boolean
    deliver_sm (options: Record<string, unknown>, callback?: Callback): boolean
    enquire_link (options?: Record<string, unknown>, callback?: Callback): boolean
    unbind (options?: Record<string, unknown>, callback?: Callback): boolean
    close (callback?: () => void): void
    destroy (callback?: () => void): void
    pause (): void
    resume (): void
  }

  export interface Server extends NetServer {
    readonly sessions: Session[]
  }

  export function connect (options: { url?: string, host?: string, port?: number, auto_enquire_link_period?: number }, listener?: () => void): Session
  export function createServer (options: Record<string, unknown>, listener?: (session: Session) => void): Server
  export function createServer (listener?: (session: Session) => void): Server
}
