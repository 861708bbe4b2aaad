/**
 * Hex text as logs and tools print it, to bytes: plain (`8c84…`), spaced, `0x8c, 0x84`,
 * `\x8c`, C and Java arrays (`xxd -i`), offsets in front (`0000: 8c 84`, `hexdump -C`, `xxd`,
 * `od -Ax -tx1`, Wireshark's "Copy as Hex Dump"), an ASCII column behind, `hexdump`'s `*`
 * for repeated lines, and adb logcat prefixes (threadtime, time, brief). Offsets are checked
 * against the bytes read, so a dump with a line missing is reported, not silently joined.
 */

export class HexInputError extends Error {
  override readonly name = 'HexInputError'
  /** 1-based line of the input. */
  readonly line: number

  constructor (message: string, line: number) {
    super(`line ${line}: ${message}`)
    this.line = line
  }
}

/** adb logcat line prefixes: `[year-]date time pid tid level tag: ` and `[date time ]level/tag(pid): `. */
const LOGCAT_PREFIXES = [
  /^(?:\d{4}-)?\d\d-\d\d\s+\d\d:\d\d:\d\d\.\d+\s+(?:\d+\s+){1,2}[VDIWEFAS]\s+[^:]*:\s?/,
  /^(?:(?:\d{4}-)?\d\d-\d\d\s+\d\d:\d\d:\d\d\.\d+\s+)?[VDIWEFAS]\/[^(]*\(\s*\d+\)\s*:\s?/,
]
/** A label before the bytes (`pdu: `, `data=`): a word that is not itself hex. */
const LABEL = /^[A-Za-z_][\w.-]*\s*[:=]\s*/
/** A C or Java array declaration before the bytes (`unsigned char pdu[] = {`), or a length after (`pdu_len = 727;`). */
const DECLARATION = /^(?:(?:static|const|unsigned|final|private|public)\s+)*(?:char|uint8_t|u_char|byte|int)\b[^=]*=(?:[^{]*\{|\s*\d+\s*;?$)/
/** `hexdump -C`'s ASCII column. */
const PIPED_ASCII = /\s*\|.*\|\s*$/
/** A leading offset: optional 0x, hex digits, optional colon, then space. */
const OFFSET = /^(0[xX])?([0-9a-fA-F]+)(:?)(?=\s|$)/
/** Array and escape syntax around the digits: C `{ 0x8c, }`, Java `(byte)`, `\x8c`. */
const SYNTAX = /\(byte\)|\\x|[,;{}[\]]/g
const TOKEN = /\S+/g
const HEX_TOKEN = /^(?:0[xX])?([0-9a-fA-F]+)$/
const HEX_DIGITS = /^[0-9a-fA-F]+$/

interface Token {
  text: string
  start: number
  end: number
}

interface Row {
  /** 1-based input line. */
  line: number
  /** The dump offset the line starts with, if it has one. */
  offset?: number
  /** The line after its prefix and offset. */
  rest: string
  /** `hexdump`'s `*`: the previous line repeats up to the next offset. */
  repeat: boolean
  /** A number alone on its line: the end offset of a dump, or else plain hex. */
  lone: boolean
}

/** The most bytes a paste may expand to (`*` lines can stand for any number). */
export const MAX_HEX_BYTES = 16 * 1024 * 1024
/** The longest text taken (two digits a byte, with room for offsets and ASCII columns). */
export const MAX_HEX_CHARS = 4 * MAX_HEX_BYTES

export function parseHexDump (text: string): Uint8Array<ArrayBuffer> {
  if (text.length > MAX_HEX_CHARS) throw new HexInputError(`more than ${MAX_HEX_CHARS} characters`, 1)
  const rows = text.split(/\r\n|\r|\n/).map((line, i) => row(line, i + 1)).filter((r): r is Row => r !== undefined)
  const out: number[] = []
  /** The offset of the first byte, once a dump line has said it. */
  let first: number | undefined
  let previous: number[] = []
  let repeating = false
  /** Where the ASCII column starts in a dump line, once a line with a known length has shown it. */
  let ascii: number | undefined
  for (const [i, r] of rows.entries()) {
    if (r.lone && first === undefined) {
      out.push(...rowBytes({ line: r.line, rest: r.rest, repeat: false, lone: false }, undefined, undefined).bytes)
      continue
    }
    if (r.offset !== undefined) {
      first ??= r.offset - out.length
      const expected = r.offset - first
      if (repeating) {
        if (previous.length === 0) throw new HexInputError('"*" repeats nothing', r.line)
        if (expected > MAX_HEX_BYTES) throw new HexInputError(`"*" stands for more than ${MAX_HEX_BYTES} bytes`, r.line)
        while (out.length < expected) out.push(...previous.slice(0, expected - out.length))
        repeating = false
      }
      if (out.length !== expected) throw new HexInputError(`offset 0x${r.offset.toString(16)}, but ${out.length} bytes came before it`, r.line)
    }
    if (r.repeat) {
      repeating = true
      continue
    }
    if (r.lone) continue
    const line = rowBytes(r, lineLength(rows, i), ascii)
    ascii ??= line.ascii
    out.push(...line.bytes)
    if (line.bytes.length > 0) previous = line.bytes
  }
  if (repeating) throw new HexInputError('"*" is not followed by an offset', (rows[rows.length - 1] as Row).line)
  if (out.length === 0) throw new HexInputError('no hex digits found', 1)
  return Uint8Array.from(out)
}

/** One input line, cleaned of what is not data; undefined for a blank line. */
function row (raw: string, line: number): Row | undefined {
  let text = raw.trim()
  for (const prefix of LOGCAT_PREFIXES) text = text.replace(prefix, '')
  text = text.replace(DECLARATION, '')
  const label = LABEL.exec(text)
  if (label !== null && !HEX_DIGITS.test(label[0].replace(/[\s:=]/g, ''))) text = text.slice(label[0].length)
  text = text.replace(PIPED_ASCII, '').trim()
  if (text === '') return undefined
  const offset = OFFSET.exec(text)
  if (offset !== null) {
    const digits = offset[2] as string
    const rest = text.slice(offset[0].length)
    const next = rest.match(TOKEN)?.[0]?.replace(SYNTAX, '').replace(/^0[xX]/, '') ?? ''
    const value = Number.parseInt(digits, 16)
    // A lone number of 4+ digits ends a dump (hexdump, od) unless nothing before was a dump.
    if (rest.trim() === '' && digits.length >= 4) return { line, offset: value, rest: text, repeat: false, lone: true }
    // `0000: 8c`, `00000000  8c 84`: a colon, or a longer number than the groups after it.
    const isOffset = offset[3] === ':' || (digits.length >= 4 && next.length < digits.length)
    if (isOffset) return { line, offset: value, rest: rest.replace(SYNTAX, ' '), repeat: false, lone: false }
  }
  if (text === '*') return { line, rest: '', repeat: true, lone: false }
  return { line, rest: text.replace(SYNTAX, ' '), repeat: false, lone: false }
}

/** The byte count of a dump line, when the next line's offset says it. */
function lineLength (rows: Row[], i: number): number | undefined {
  const r = rows[i] as Row
  const next = rows[i + 1]
  if (r.offset === undefined || next?.offset === undefined || next.repeat) return undefined
  return next.offset - r.offset
}

/**
 * The bytes of one line: all of it for plain hex. For a dump line, the hex before its ASCII
 * column: as many bytes as the next offset says; else those before the column where earlier
 * lines had theirs (`ascii`); else, for a dump of one line, before text exactly as long as
 * the bytes in front of it. Returns where this line's ASCII column starts, when it can tell.
 */
function rowBytes (r: Row, length: number | undefined, ascii: number | undefined): { bytes: number[], ascii?: number } {
  const tokens: Token[] = [...r.rest.matchAll(TOKEN)].map(m => ({ text: m[0], start: m.index, end: m.index + m[0].length }))
  const bytes: number[] = []
  if (r.offset === undefined) {
    for (const token of tokens) bytes.push(...tokenBytes(token, r.line))
    return { bytes }
  }
  const column = length === undefined ? ascii ?? asciiColumnStart(r.rest, tokens) : undefined
  let after: number | undefined
  for (const token of tokens) {
    if (length !== undefined && bytes.length >= length) {
      after = token.start
      break
    }
    if (column !== undefined && token.start >= column) break
    if (!HEX_TOKEN.test(token.text)) {
      if (length !== undefined) throw new HexInputError(`"${token.text}" is not hex (the next offset says ${length} bytes on this line)`, r.line)
      break
    }
    bytes.push(...tokenBytes(token, r.line))
  }
  if (length !== undefined && bytes.length !== length) throw new HexInputError(`${bytes.length} bytes, but the next offset says ${length}`, r.line)
  return after === undefined ? { bytes } : { bytes, ascii: after }
}

/** Where a lone dump line's ASCII column starts: after a gap of two or more spaces, text as long as the bytes before it. */
function asciiColumnStart (rest: string, tokens: Token[]): number | undefined {
  let count = 0
  for (const [i, token] of tokens.slice(0, -1).entries()) {
    if (!HEX_TOKEN.test(token.text)) break
    count += (token.text.replace(/^0[xX]/, '').length) / 2
    const next = tokens[i + 1] as Token
    if (rest.slice(token.end, next.start).length >= 2 && rest.slice(next.start).trimEnd().length === count) return next.start
  }
  return undefined
}

function tokenBytes (token: Token, line: number): number[] {
  const match = HEX_TOKEN.exec(token.text)
  if (match === null) throw new HexInputError(`"${token.text}" is not hex`, line)
  let digits = match[1] as string
  // `0x0` in an array is one octet; a bare odd run of digits is a cut-off byte.
  if (digits.length === 1 && token.text.length === 3) digits = `0${digits}`
  if (digits.length % 2 !== 0) throw new HexInputError(`"${token.text}" has an odd number of hex digits`, line)
  const bytes: number[] = []
  for (let i = 0; i < digits.length; i += 2) bytes.push(Number.parseInt(digits.slice(i, i + 2), 16))
  return bytes
}
