/**
 * `decodeCapture(bytes)`: every MMS in a capture held whole (pcap or pcapng, either
 * gzip-compressed), each decoded as `decode()` decodes a PDU. The scan is the stream's, run
 * over the one buffer; each MMS's octets are kept (with options.raw's events) up to the first
 * byte the capture lost, and decoded once it ends.
 */
import { type BytesLike, toBytes } from '../bytes/argument.js'
import { concatBytes } from '../bytes/octets.js'
import { decode } from '../decode/decode.js'
import { MmseError } from '../errors.js'
import type { CaptureWarning, CarriedMessage, Dissectors } from '../net/carried.js'
import { defaultDissectors } from './dissectors.js'
import { type CaptureOptions, resolveCaptureOptions } from '../options.js'
import type { MmseMessage } from '../types.js'
import type { MmsContext, MmsEnd } from './events.js'
import { gunzipWhole } from './gunzip.js'
import { isGzip } from './gzip.js'
import { CaptureScan } from './scan.js'

export interface CapturedMms {
  context: MmsContext
  end: MmsEnd
  /** The PDU's octets as captured, up to the first one missing. */
  pdu: Uint8Array
  /** The decoded message, when it decoded. */
  message?: MmseMessage
  /** Why it did not decode (ERR_MMSE_TRUNCATED for a message the capture cut): `partial` holds what was read. */
  error?: MmseError
  /** What the capture lost of it. */
  warnings: CaptureWarning[]
}

export interface CaptureResult {
  messages: CapturedMms[]
  /** Application messages that are not MMS (a WAP Push for another application). */
  carried: CarriedMessage[]
  /** What the capture could not give, outside any one message. */
  warnings: CaptureWarning[]
}

export function decodeCapture (input: BytesLike, options?: CaptureOptions, dissectors: Dissectors = defaultDissectors()): CaptureResult {
  const given = toBytes(input, 'bytes')
  const resolved = resolveCaptureOptions(options)
  const bytes = isGzip(given) ? gunzipWhole(given) : given
  const result: CaptureResult = { messages: [], carried: [], warnings: [] }
  const open = new Map<number, { context: MmsContext, chunks: Uint8Array[], cut: boolean, warnings: CaptureWarning[] }>()
  const scan = new CaptureScan({ ...resolved, raw: true }, (event) => {
    switch (event.type) {
      case 'mms':
        open.set(event.id, { context: event.context, chunks: [], cut: false, warnings: [] })
        break
      case 'raw': {
        const message = open.get(event.id) as { chunks: Uint8Array[], cut: boolean }
        if (!message.cut) message.chunks.push(event.data)
        break
      }
      case 'warning':
        if (!('offset' in event.warning)) {
          const message = event.id === null ? undefined : open.get(event.id)
          if (message === undefined) result.warnings.push(event.warning)
          else {
            message.warnings.push(event.warning)
            message.cut = true
          }
        }
        break
      case 'carried':
        result.carried.push(event.message)
        break
      case 'end': {
        const message = open.get(event.id) as { context: MmsContext, chunks: Uint8Array[], warnings: CaptureWarning[] }
        open.delete(event.id)
        const pdu = concatBytes(message.chunks)
        result.messages.push({ context: message.context, end: event.end, pdu, warnings: message.warnings, ...decoded(pdu, resolved.decode) })
        break
      }
    }
  }, dissectors)
  scan.write(bytes)
  scan.end()
  return result
}

function decoded (pdu: Uint8Array, options: Parameters<typeof decode>[1]): { message: MmseMessage } | { error: MmseError } {
  try {
    return { message: decode(pdu, options) }
  } catch (err) {
    /* c8 ignore next -- decode throws nothing but MmseError (its own contract) */
    if (!(err instanceof MmseError)) throw err
    return { error: err }
  }
}
