/**
 * The WHATWG TextDecoder (Encoding Standard §7.2) in pairs: a fatal one, whose error tells a
 * faithful decoding from a repaired one, and a lenient one that repairs (invalid sequences become
 * U+FFFD). Node and browsers both have it, so both builds decode through it where they can.
 */
/** Text decoded from octets, and whether that decoding is faithful. */
export interface DecodedText {
  text: string
  /** False when the text is not a faithful decoding: a fallback was used or bytes were replaced. */
  exact: boolean
}

export interface Decoders {
  readonly fatal: InstanceType<typeof TextDecoder>
  readonly lenient: InstanceType<typeof TextDecoder>
}

export const UTF_8: Decoders = { fatal: new TextDecoder('utf-8', { fatal: true }), lenient: new TextDecoder('utf-8') }

/** TextDecoders by label, made on first use (they are costly to create); labels come from the table only. */
const textDecoderCache = new Map<string, Decoders>()

/**
 * The one decoder of the table with state between escape sequences (Encoding Standard §12.2.1,
 * the ISO-2022-JP output flag). Chromium carries it from one fatal decode() into the next, so
 * that every other decoding of the same text fails: it gets new decoders for each text.
 */
const STATEFUL = 'iso-2022-jp'

export function textDecoders (label: string): Decoders {
  let decoders = textDecoderCache.get(label)
  if (decoders === undefined) {
    decoders = { fatal: new TextDecoder(label, { fatal: true }), lenient: new TextDecoder(label) }
    if (label !== STATEFUL) textDecoderCache.set(label, decoders)
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
