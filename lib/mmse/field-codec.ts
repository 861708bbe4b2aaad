/**
 * The value codec of an MMSE header field: a {@link Codec} whose writer takes the encoder's looser
 * input (names or numbers for enumerations, plain strings for text and addresses). A header-table
 * row names exactly one; a codec without a writer does not type-check there.
 */
import type { Codec } from '../wsp/codec.js'
import type { DecodeContext } from '../wsp/context.js'
import { readLengthPrefixed, writeLengthPrefixed } from '../wsp/integers.js'
import type { Decoded } from '../wsp/read.js'
import type { ByteWriter } from '../wsp/writer.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of one table hold codecs of every value type
export type FieldCodec<Out = any, In = any> = Codec<Out, In>

/** A value inside a Value-length (OMA-TS-MMS_ENC §7.3: the `Value-length ...` forms), both ways. */
export function lengthValue<Out, In> (
  read: (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext) => Out,
  write: FieldCodec<Out, In>['write'],
): FieldCodec<Out, In> {
  return {
    read: (bytes, pos, end, ctx): Decoded<Out> => readLengthPrefixed(bytes, pos, end, ctx, read),
    write: (w, value, ctx) => { writeLengthPrefixed(w, (inner: ByteWriter) => write(inner, value, ctx)) },
  }
}

/** Throws unless `pos` is exactly `end`: a length-bounded value must use all its octets. */
export function expectEnd (pos: number, end: number, ctx: DecodeContext): void {
  if (pos !== end) throw ctx.error('ERR_MMSE_BAD_VALUE', `${end - pos} unexpected octets at the end of the value`, pos)
}
