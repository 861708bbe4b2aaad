/**
 * Content-type-value (WAP-230 §8.4.2.24) with its parameters (§8.4.2.4): the MMS Content-Type
 * header, every multipart entry, the push PDU.
 *
 *   Content-type-value = Constrained-media | Content-general-form
 *   Content-general-form = Value-length Media-type
 *   Media-type = (Well-known-media | Extension-media) *(Parameter)
 *
 * Written in the shortest form: a well-known code as a Short-integer (the extension codes, above
 * 0x7F, need the general form, as a Long-integer), the general form only with parameters. In the
 * compatible forms (the default, docs/compatibility.md) a code only where every deployed decoder's
 * table has it, else the media type as text.
 */
import { badInput } from '../errors.js'
import { contentTypeName, writtenContentTypeCode } from '../tables/content-types.js'
import type { ContentType, Params } from '../types.js'
import type { Codec } from './codec.js'
import { LENGTH_QUOTE_OCTET, SHORT_INTEGER_FLAG, SHORT_INTEGER_MAX } from './constants.js'
import { compatible, type DecodeContext, type EncodeContext, NO_PDU } from './context.js'
import { integerValue, readLengthPrefixed, shortInteger, writeLengthPrefixed } from './integers.js'
import { hex, latin1 } from '../bytes/octets.js'
import { newParams, readParameters, writeParameters } from './parameters.js'
import { type Decoded, needByte } from './read.js'
import { extensionMedia } from './strings.js'
import type { ByteWriter } from './writer.js'

/** A content type as the decoder gives it, or a bare media type. */
export type ContentTypeInput = ContentType | string

export const contentType = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<ContentType> {
    const first = needByte(bytes, pos, end)
    if (first >= SHORT_INTEGER_FLAG) return { value: wellKnown(first & SHORT_INTEGER_MAX, newParams(), ctx, pos), next: pos + 1 }
    if (first > LENGTH_QUOTE_OCTET) {
      const media = extensionMedia.read(bytes, pos, end, ctx)
      return { value: { mediaType: latin1(media.value).toLowerCase(), params: newParams() }, next: media.next }
    }
    return readLengthPrefixed(bytes, pos, end, ctx, generalForm)
  },
  write (w: ByteWriter, input: ContentTypeInput, ctx: EncodeContext = NO_PDU): void {
    const type: ContentType = typeof input === 'string' ? { mediaType: input, params: newParams() } : input
    if (typeof type.mediaType !== 'string') throw badInput('a content type needs its media type')
    const code = type.unknownCode ?? writtenContentTypeCode(type.mediaType, compatible(ctx))
    const hasParams = Object.keys(type.params).length > 0
    if (!hasParams && code === undefined) extensionMedia.write(w, type.mediaType.toLowerCase())
    else if (!hasParams && code !== undefined && code <= SHORT_INTEGER_MAX) shortInteger.write(w, code)
    else {
      writeLengthPrefixed(w, (inner) => {
        if (code === undefined) extensionMedia.write(inner, type.mediaType.toLowerCase())
        else integerValue.write(inner, code)
        writeParameters(inner, type.params, ctx)
      })
    }
  },
} satisfies Codec<ContentType, ContentTypeInput>

/** Inside the Value-length: Well-known-media (Integer-value) or Extension-media, then parameters. */
function generalForm (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): ContentType {
  const first = needByte(bytes, pos, end)
  if (first > LENGTH_QUOTE_OCTET && first < SHORT_INTEGER_FLAG) {
    const media = extensionMedia.read(bytes, pos, end, ctx)
    return { mediaType: latin1(media.value).toLowerCase(), params: readParameters(bytes, media.next, end, ctx) }
  }
  const code = integerValue.read(bytes, pos, end, ctx)
  return wellKnown(Number(code.value), readParameters(bytes, code.next, end, ctx), ctx, pos)
}

/** A well-known media type by its registered name, or a placeholder that keeps the number (never a crash). */
function wellKnown (code: number, params: Params, ctx: DecodeContext, pos: number): ContentType {
  const name = contentTypeName(code)
  if (name !== undefined) return { mediaType: name, params }
  ctx.warn('WARN_MMSE_BAD_VALUE', `unassigned content type 0x${hex(code)}`, pos)
  return { mediaType: `application/x-wsp-0x${hex(code)}`, params, unknownCode: code }
}
