/**
 * Version-value (WAP-230 §8.4.2.3, MMSE §7.2.19): a Short-integer with the major version in bits
 * 6-4 and the minor in bits 3-0 (15: no minor), or a Text-string. Read as text, e.g. `'1.2'`.
 */
import type { Codec } from './codec.js'
import { SHORT_INTEGER_FLAG } from './constants.js'
import type { DecodeContext } from './context.js'
import { shortInteger } from './integers.js'
import { latin1, latin1Octets } from '../bytes/octets.js'
import { type Decoded, needByte } from './read.js'
import { textString } from './strings.js'
import type { ByteWriter } from './writer.js'

/** Minor 15 means none. */
const NO_MINOR = 0x0f
/** The versions the short form holds: major 1-7, minor 0-14 or none. */
const SHORT_FORM = /^([1-7])(?:\.(1[0-4]|\d))?$/

export const versionValue = {
  read (bytes: Uint8Array, pos: number, end: number, _ctx: DecodeContext): Decoded<string> {
    const octet = needByte(bytes, pos, end)
    if (octet < SHORT_INTEGER_FLAG) {
      const text = textString.read(bytes, pos, end)
      return { value: latin1(text.value), next: text.next }
    }
    const major = (octet >> 4) & 0x07
    const minor = octet & NO_MINOR
    return { value: minor === NO_MINOR ? `${major}` : `${major}.${minor}`, next: pos + 1 }
  },
  write (w: ByteWriter, version: string): void {
    const match = typeof version === 'string' ? SHORT_FORM.exec(version) : null
    if (match === null) textString.write(w, latin1Octets(version))
    else shortInteger.write(w, (Number(match[1]) << 4) | (match[2] === undefined ? NO_MINOR : Number(match[2])))
  },
} satisfies Codec<string>
