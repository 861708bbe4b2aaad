/** The part of the `smpp` package (node-smpp 0.5, no types shipped) that the MMSC, the SMPP proofs and their tests use. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events'
  import type { Server as NetServer, Socket } from 'node:net'

  /** One SMPP PDU; its fields by their SMPP 3.4 / 5.0 names (command_status, short_message, ...). */
  export interface PDU {
    command: string
    command_status: number
    sequence_number: number
    system_id?: string
    password?: string
    source_addr?: string
    destination_addr?: string
    esm_class?: number
    data_coding?: number
    /**
     * Decoded by the package: with TP-UDHI set (esm_class 0x40), the UDH split into its
     * information elements (each IEI, length, data) and the rest; else the octets.
     */
    short_message?: { udh?: Buffer[], message: Buffer | string } | Buffer
    [field: string]: unknown
    response (options?: Record<string, unknown>): PDU
    isResponse (): boolean
  }

  export type Callback = (pdu: PDU) => void
  /** Every operation takes its options, or only its callback (the package shifts the arguments). */
  type Operation = (options?: Record<string, unknown> | Callback, callback?: Callback) => boolean

  /** A bound or unbound SMPP connection; every SMPP operation is a method named after it. */
  export interface Session extends EventEmitter {
    readonly socket: Socket
    send (pdu: PDU, responseCallback?: Callback, sendCallback?: Callback): boolean
    bind_transmitter: Operation
    bind_receiver: Operation
    bind_transceiver: Operation
    submit_sm: Operation
    deliver_sm: Operation
    enquire_link: Operation
    unbind: Operation
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
