/**
 * The WHATWG TextDecoder (Encoding Standard §7.2) in pairs: a fatal one, whose error tells a
 * faithful decoding from a repaired one, and a lenient one that repairs (invalid sequences become
 * U+FFFD). Node and browsers both have it, so both builds decode through it where they can.
 */
import type { DecodedText } from './charsets.js'

export interface Decoders {
  readonly fatal: InstanceType<typeof TextDecoder>
  readonly lenient: InstanceType<typeof TextDecoder>
}

export const UTF_8: Decoders = { fatal: new TextDecoder('utf-8', { fatal: true }), lenient: new TextDecoder('utf-8') }

/** TextDecoders by label, made on first use (they are costly to create); labels come from the table only. */
const textDecoderCache = new Map<string, Decoders>()

export function textDecoders (label: string): Decoders {
  let decoders = textDecoderCache.get(label)
  if (decoders === undefined) {
    decoders = { fatal: new TextDecoder(label, { fatal: true }), lenient: new TextDecoder(label) }
    textDecoderCache.set(label, decoders)
  }
  return decoders
}

/** Decode strictly, else leniently (invalid sequences become U+FFFD) and inexact. A leading BOM is dropped: it is not text. */
export function decodeWith (decoders: Decoders, bytes: Uint8Array): DecodedText {
  try {
    return { text: decoders.fatal.decode(bytes), exact: true }
  } catch {
    return { text: decoders.lenient.decode(bytes), exact: false }
  }
}
