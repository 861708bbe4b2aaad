/**
 * SMPP PDUs (SMPP 3.4 §3.2, §4; SMPP 5.0 alike): the 16-octet header of every PDU, and the
 * bodies of the three that carry a short message to or from a phone: submit_sm and deliver_sm
 * (§4.4.1, §4.6.1: the same fields) and data_sm (§4.7.1: its data in TLVs). Every failure is an
 * `MmseError` ERR_MMSE_BAD_SMPP at its offset in the PDU.
 */
import { MmseError } from '../errors.js'
import { latin1 } from '../bytes/octets.js'
import { SMPP_COMMANDS, SMPP_RESPONSE } from '../tables/smpp-commands.js'

export const SMPP_HEADER_LENGTH = 16

export interface SmppHeader {
  length: number
  commandId: number
  status: number
  sequence: number
}

export interface SmppMessage {
  command: 'submit_sm' | 'deliver_sm' | 'data_sm'
  source: string
  destination: string
  esmClass: number
  dataCoding: number
  /** short_message (empty for data_sm, and when message_payload carries the data). */
  shortMessage: Uint8Array
  /** The optional parameters by tag (a tag sent twice: the first). */
  tlvs: Map<number, Uint8Array>
}

/** §4: the C-Octet String maxima, NUL included. */
const SERVICE_TYPE_MAX = 6
const ADDRESS_MAX = 21
const DATA_SM_ADDRESS_MAX = 65
const TIME_MAX = 17
/** The highest command_status assigned, vendor-specific ones included (§5.1.3: 0x400-0x4FF). */
const STATUS_MAX = 0x4ff

export function smppHeader (bytes: Uint8Array, pos: number): SmppHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos, SMPP_HEADER_LENGTH)
  return { length: view.getUint32(0), commandId: view.getUint32(4), status: view.getUint32(8), sequence: view.getUint32(12) }
}

/**
 * Whether a PDU may start at `pos` (16 octets there at least): a length in bounds, an assigned
 * command, a status SMPP defines, 0 on a request (§3.2).
 */
export function plausibleHeader (bytes: Uint8Array, pos: number, maxLength: number): boolean {
  const header = smppHeader(bytes, pos)
  if (header.length < SMPP_HEADER_LENGTH || header.length > maxLength) return false
  const response = header.commandId >= SMPP_RESPONSE
  const request = response ? header.commandId - SMPP_RESPONSE : header.commandId
  if (response && request === 0) return header.status <= STATUS_MAX
  return SMPP_COMMANDS.name(request) !== undefined && (response ? header.status <= STATUS_MAX : header.status === 0)
}

/** The short message of a whole PDU, or undefined for the other commands. */
export function parseSmpp (pdu: Uint8Array): SmppMessage | undefined {
  const header = smppHeader(pdu, 0)
  const command = SMPP_COMMANDS.name(header.commandId)
  if (command !== 'submit_sm' && command !== 'deliver_sm' && command !== 'data_sm') return undefined
  const reader = new Reader(pdu, SMPP_HEADER_LENGTH)
  reader.cString(SERVICE_TYPE_MAX, 'service_type')
  reader.skip(2)
  const addressMax = command === 'data_sm' ? DATA_SM_ADDRESS_MAX : ADDRESS_MAX
  const source = reader.cString(addressMax, 'source_addr')
  reader.skip(2)
  const destination = reader.cString(addressMax, 'destination_addr')
  const esmClass = reader.octet()
  let shortMessage = pdu.subarray(0, 0)
  let dataCoding: number
  if (command === 'data_sm') {
    reader.skip(1)
    dataCoding = reader.octet()
  } else {
    reader.skip(2)
    reader.cString(TIME_MAX, 'schedule_delivery_time')
    reader.cString(TIME_MAX, 'validity_period')
    reader.skip(2)
    dataCoding = reader.octet()
    reader.skip(1)
    shortMessage = reader.bytes(reader.octet(), 'short_message')
  }
  return { command, source, destination, esmClass, dataCoding, shortMessage, tlvs: reader.tlvs() }
}

class Reader {
  readonly #pdu: Uint8Array
  #pos: number

  constructor (pdu: Uint8Array, pos: number) {
    this.#pdu = pdu
    this.#pos = pos
  }

  octet (): number {
    return this.bytes(1, 'an octet')[0] as number
  }

  skip (count: number): void {
    this.bytes(count, 'a field')
  }

  bytes (count: number, what: string): Uint8Array {
    if (this.#pos + count > this.#pdu.length) throw bad(`${what} runs past the end of the PDU`, this.#pos)
    this.#pos += count
    return this.#pdu.subarray(this.#pos - count, this.#pos)
  }

  /** A C-Octet String of at most `max` octets, NUL included. */
  cString (max: number, what: string): string {
    const nul = this.#pdu.subarray(this.#pos, this.#pos + max).indexOf(0)
    if (nul === -1) throw bad(`${what} has no NUL within its ${max} octets`, this.#pos)
    const value = latin1(this.#pdu, this.#pos, this.#pos + nul)
    this.#pos += nul + 1
    return value
  }

  /** §3.2.4 and §5.3: tag, length, value to the end of the PDU. */
  tlvs (): Map<number, Uint8Array> {
    const tlvs = new Map<number, Uint8Array>()
    while (this.#pos < this.#pdu.length) {
      const head = this.bytes(4, 'a TLV header')
      const tag = ((head[0] as number) << 8) | (head[1] as number)
      const value = this.bytes(((head[2] as number) << 8) | (head[3] as number), `TLV 0x${tag.toString(16).padStart(4, '0')}`)
      if (!tlvs.has(tag)) tlvs.set(tag, value)
    }
    return tlvs
  }
}

function bad (message: string, offset: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_SMPP', message, offset)
}
