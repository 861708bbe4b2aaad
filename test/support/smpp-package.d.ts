/**
 * The part of the `smpp` package's API the SMPP and Kannel proofs use (the package ships no
 * types). Declared under the package's main file, `smpp/lib/smpp.js`, so that it stays apart
 * from the MMSC's own declaration of `smpp` (examples/mmsc/smpp.d.ts) instead of merging with it.
 */
declare module 'smpp/lib/smpp.js' {
  import type { EventEmitter } from 'node:events'
  import type { Server as NetServer } from 'node:net'

  /** A received or built PDU: the SMPP 5.0 parameter names as properties. */
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
    response (options?: Record<string, unknown>): PDU
  }

  export interface Session extends EventEmitter {
    send (pdu: PDU, responseCallback?: (response: PDU) => void): boolean
    close (callback?: () => void): void
    destroy (callback?: () => void): void
    bind_transceiver (options: Record<string, unknown>, callback: (response: PDU) => void): boolean
    submit_sm (options: Record<string, unknown>, callback: (response: PDU) => void): boolean
    unbind (callback: (response: PDU) => void): boolean
    on (event: 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver' | 'submit_sm' | 'enquire_link' | 'unbind', listener: (pdu: PDU) => void): this
    on (event: 'error', listener: (err: Error) => void): this
  }

  export interface Server extends NetServer {
    sessions: Session[]
  }

  export function createServer (listener: (session: Session) => void): Server
  export function connect (options: { url: string, auto_enquire_link_period?: number }, listener?: () => void): Session
}
