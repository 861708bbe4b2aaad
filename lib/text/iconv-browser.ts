/**
 * The browser's stand-in for ./iconv.ts (build/browser-variants.ts swaps it in), for the charsets
 * Node leaves to iconv-lite, whose tables would be most of the bundle. Browsers have the WHATWG
 * TextDecoder (Encoding Standard §4), which decodes nearly all of them; Latin-1 and US-ASCII,
 * which it folds into windows-1252 (§4.2), are read byte by byte here. What remains (UTF-32,
 * UTF-7, and writing text in any charset but Latin-1, US-ASCII and UTF-16) goes to the iconv-lite
 * that dist/browser/mmse-charsets.js registers when it is loaded. Without it, such text decodes as
 * lenient UTF-8 marked inexact, so its raw bytes are kept with a warning, and cannot be written.
 */
import type { DecodedText } from './text-decoder.js'
import type * as Iconv from './iconv.js'
import { decodeWith, type Decoders, textDecoders, UTF_8 } from './text-decoder.js'
import { latin1 } from '../bytes/octets.js'

export type IconvCodec = Pick<typeof Iconv, 'canEncodeIconv' | 'decodeIconv' | 'encodeIconv'>

/**
 * Where mmse-charsets.js leaves its codec: a bundle loaded on its own shares no module with this
 * one, only the global object. A registered symbol, so no name can clash.
 */
const SLOT = Symbol.for('mmse.iconv')

type Slot = Record<typeof SLOT, IconvCodec | undefined>

export function registerIconv (codec: IconvCodec): void {
  (globalThis as unknown as Slot)[SLOT] = codec
}

function registered (): IconvCodec | undefined {
  return (globalThis as unknown as Slot)[SLOT]
}

export function decodeIconv (bytes: Uint8Array, label: string, unit: number): DecodedText {
  const byByte = BYTE_CHARSETS[label]
  if (byByte !== undefined) return byByte(bytes)
  const decoders = whatwgDecoders(label)
  if (decoders !== undefined) return c1Range(label, bytes, decodeWith(decoders, bytes))
  return registered()?.decodeIconv(bytes, label, unit) ?? { text: UTF_8.lenient.decode(bytes), exact: false }
}

export function canEncodeIconv (label: string): boolean {
  return label in UNIT_ENCODERS || registered()?.canEncodeIconv(label) === true
}

export function encodeIconv (text: string, label: string): Uint8Array | undefined {
  const encode = UNIT_ENCODERS[label]
  return encode === undefined ? registered()?.encodeIconv(text, label) : encode(text)
}

/** Charsets whose bytes are the code points: ISO-8859-1 all 256, US-ASCII the lower half. */
const BYTE_CHARSETS: Readonly<Record<string, (bytes: Uint8Array) => DecodedText>> = {
  'iso-8859-1': bytes => ({ text: latin1(bytes), exact: true }),
  'us-ascii': bytes => {
    const text = latin1(bytes).replace(/[\x80-\xff]/g, '\ufffd')
    return { text, exact: !text.includes('\ufffd') }
  },
}

/**
 * Charsets whose code units are UTF-16's own, written without a table. A character beyond a
 * single-byte charset becomes `?`, as iconv-lite writes it; the caller's read-back refuses it.
 */
const UNIT_ENCODERS: Readonly<Record<string, (text: string) => Uint8Array>> = {
  'us-ascii': text => Uint8Array.from(text, char => char.charCodeAt(0) > 0x7f ? 0x3f : char.charCodeAt(0)),
  'iso-8859-1': text => Uint8Array.from(text, char => char.charCodeAt(0) > 0xff ? 0x3f : char.charCodeAt(0)),
  'utf-16be': text => utf16(text, false),
  'utf-16le': text => utf16(text, true),
}

function utf16 (text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(text.length * 2)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian)
  return bytes
}

/**
 * Bytes 0x80–0x9F, where the single-byte indexes of the Encoding Standard (§9.1) part from the
 * charsets they are named for. The windows code pages leave some unassigned, which the indexes
 * map to C1 controls: they are not text (U+FFFD, inexact), as iconv-lite reads them. ISO-8859-9
 * has the C1 controls there (ISO/IEC 8859), which the Standard, reading the label as
 * windows-1254 (§4.2), takes for that code page's characters.
 */
function c1Range (label: string, bytes: Uint8Array, decoded: DecodedText): DecodedText {
  if (label === 'iso-8859-9') {
    const text = Array.from(decoded.text, (char, i) => ((bytes[i] as number) & 0xe0) === 0x80 ? String.fromCharCode(bytes[i] as number) : char)
    return { text: text.join(''), exact: decoded.exact }
  }
  if (label.startsWith('windows-') && C1.test(decoded.text)) return { text: decoded.text.replace(C1_ALL, '\ufffd'), exact: false }
  return decoded
}

const C1 = /[\x80-\x9f]/
const C1_ALL = /[\x80-\x9f]/g

/** The browser's decoders for a label it knows; undefined for one it lacks or maps to `replacement` (§4.2). */
function whatwgDecoders (label: string): Decoders | undefined {
  try {
    return textDecoders(label)
  } catch {
    return undefined
  }
}
