/**
 * The Content-Transfer-Encodings MMS parts use (RFC 2045 §6.7 quoted-printable, §6.8 base64),
 * by name: a streaming decoder for each, so a part is never buffered whole, and the encoder of
 * whole parts. Any other encoding (7bit, 8bit, binary) is the data itself.
 */
import type { PartInfo } from '../types.js'
import type { DecodeContext } from '../wsp/context.js'

/** RFC 2045 §6.7-6.8: encoded lines of at most 76 characters, ended by CRLF. */
export const LINE_MAX = 76
export const CRLF = '\r\n'

export interface TransferDecoder {
  /** Decodes what can be decoded so far. */
  write (bytes: Uint8Array): Uint8Array
  /** Flushes the tail. `clean` is false when the input ended inside an encoded unit. */
  end (): { tail: Uint8Array, clean: boolean }
}

/**
 * A part's encoded data ended inside an encoded unit (`end()` said not clean): an error in strict
 * mode, else a finding of `ctx`, whose origin is the start of the input.
 */
export function unfinishedTransferEncoding (part: PartInfo, ctx: DecodeContext): void {
  ctx.tolerate('WARN_MMSE_TRANSFER_ENCODING', `${part.transferEncoding} data of part ${JSON.stringify(part.path)} ends inside an encoded unit`, part.offset)
}
