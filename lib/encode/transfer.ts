/**
 * Content-Transfer-Encoding writers (RFC 2045 §6.7 quoted-printable, §6.8 base64) for parts
 * whose headers name one, so that the decoder's transfer decoding gives back the data given.
 */
import { Buffer } from 'node:buffer'

/** RFC 2045 §6.8: lines of at most 76 characters. */
const LINE = 76
const CRLF = '\r\n'

export function base64Lines (data: Uint8Array): Buffer {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')
  const lines: string[] = []
  for (let i = 0; i < text.length; i += LINE) lines.push(text.slice(i, i + LINE))
  return Buffer.from(lines.join(CRLF), 'latin1')
}

/**
 * Quoted-printable: printable ASCII but '=' as it is, CRLF as a line break, a space or tab
 * literal except before a line break or at the end (where a reader could strip it), every
 * other octet as =XX; soft line breaks keep lines within 76 characters.
 */
export function quotedPrintable (data: Uint8Array): Buffer {
  let out = ''
  let line = 0
  const emit = (token: string): void => {
    if (line + token.length > LINE - 1) {
      out += '=' + CRLF
      line = 0
    }
    out += token
    line += token.length
  }
  for (let i = 0; i < data.length; i++) {
    const octet = data[i] as number
    const next = data[i + 1]
    if (octet === 0x0d && next === 0x0a) {
      out += CRLF
      line = 0
      i++
    } else if ((octet >= 0x21 && octet <= 0x7e && octet !== 0x3d) || ((octet === 0x20 || octet === 0x09) && next !== undefined && next !== 0x0d)) {
      emit(String.fromCharCode(octet))
    } else {
      emit('=' + octet.toString(16).toUpperCase().padStart(2, '0'))
    }
  }
  return Buffer.from(out, 'latin1')
}

/** The data in the named transfer encoding; any other encoding (7bit, 8bit, binary) as it is. */
export function transferEncode (encoding: string | undefined, data: Uint8Array): Uint8Array {
  switch (encoding?.trim().toLowerCase()) {
    case 'base64': return base64Lines(data)
    case 'quoted-printable': return quotedPrintable(data)
    default: return data
  }
}
