/**
 * Writes the headers of a multipart entry (WAP-230 §8.5.3, §8.4.2.6; mmse-tables §7.1) after
 * its content type: Content-ID (0x40, Quoted-string), Content-Location (0x0E, Uri-value),
 * Content-Disposition (0x2E, Value-length Disposition *Parameter), other WSP headers by their
 * Table 39 code, and textual Application-headers (Content-Transfer-Encoding among them).
 *
 * Content-Disposition uses the encoding-version 1.1 code 0x2E, which every reader of the
 * table knows (the 1.4 code 0x45 is newer than many MMS clients), as it does the 1.1
 * parameter codes.
 */
import { wspHeaderCode, WSP_CONTENT_DISPOSITION_11, WSP_CONTENT_ID, WSP_CONTENT_LOCATION } from '../tables/wsp-headers.js'
import type { ContentDisposition, PartHeaderValue } from '../types.js'
import { writeParams } from './content-type.js'
import type { EncodePartHeaders } from './types.js'
import { badInput, type ByteWriter } from './writer.js'

const DISPOSITIONS: Readonly<Record<string, number>> = { 'form-data': 0x80, attachment: 0x81, inline: 0x82 }

/** Header names the decoder gives to codes no table names: `x-wsp-0xNN`. */
const UNNAMED = /^x-wsp-0x([89a-f][0-9a-f])$/

export function writePartHeaders (w: ByteWriter, headers: EncodePartHeaders): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) writeHeader(w, name, one)
  }
}

function writeHeader (w: ByteWriter, name: string, value: PartHeaderValue): void {
  const lower = name.toLowerCase()
  const unnamed = UNNAMED.exec(lower)
  const code = lower === 'content-disposition' ? WSP_CONTENT_DISPOSITION_11
    : unnamed === null ? wspHeaderCode(lower) : parseInt(unnamed[1] as string, 16) & 0x7f
  if (code === undefined) {
    if (typeof value !== 'string') throw badInput(`header ${name}: a textual header needs a text value`, name)
    w.tokenText(name === lower ? capitalised(name) : name).textString(value)
    return
  }
  w.shortInteger(code)
  if (value instanceof Uint8Array) {
    // A value the decoder kept raw (a code no table describes, a mis-encoded disposition): as it came.
    w.bytes(value)
    return
  }
  switch (code) {
    case WSP_CONTENT_ID:
      w.quotedString(String(value))
      return
    case WSP_CONTENT_LOCATION:
      w.textString(String(value))
      return
    case WSP_CONTENT_DISPOSITION_11:
      disposition(w, typeof value === 'string' ? { disposition: value, params: {} } : value as ContentDisposition)
      return
  }
  shaped(w, name, value)
}

/** `content-transfer-encoding` as `Content-Transfer-Encoding`: the decoder lower-cases names, senders capitalise them. */
function capitalised (name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
}

function disposition (w: ByteWriter, value: ContentDisposition): void {
  w.lengthPrefixed((inner) => {
    const code = DISPOSITIONS[value.disposition.toLowerCase()]
    if (code === undefined) inner.tokenText(value.disposition)
    else inner.byte(code)
    writeParams(inner, value.params)
  })
}

/** Any other well-known header, by the shape of its value: text, a Short- or Long-integer, a Date-value. */
function shaped (w: ByteWriter, name: string, value: PartHeaderValue): void {
  if (typeof value === 'string') w.textString(value)
  else if (typeof value === 'number' || typeof value === 'bigint') w.integerValue(value)
  else if (value instanceof Date) w.dateValue(value)
  else throw badInput(`header ${name}: a disposition value for a header that is not Content-Disposition`, name)
}
