/**
 * The PPG's answer to a push submission (WAP-247-PAP-20010429-a: the push-response and
 * badmessage-response elements of the PAP 1.0 DTD): checked for well-formedness, then parsed,
 * with fast-xml-parser, never with patterns over the XML. Its XMLValidator is marked deprecated
 * in favour of the fast-xml-validator package, which brings a second XML parser (about 110 KiB
 * minified) into the browser bundle; this one is already there, and it is stable within major 5.
 *
 * Entities stay bounded: the parser expands none, and attribute values are decoded here with
 * XML's five predefined entities and character references only (XML 1.0 §4.6, §4.1). An entity
 * declared in a DTD, internal subset included, is never expanded: a reference to one is an
 * error, so no document can grow by expansion (no billion laughs). Input is bounded before any
 * of it is read (`maxBytes`): a PPG's answer is a few hundred octets, and reading XML costs
 * tens of octets of heap per octet of input. Every character must be an XML 1.0 Char (§2.2),
 * whether written as itself or as a character reference. Every failure is an `MmseError`
 * ERR_MMSE_BAD_PAP with the byte offset of the element or the XML error.
 */
import { Buffer } from 'node:buffer'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { type BytesLike, toBytes, toOptions } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import { checkOptions, integer } from '../options.js'
import { utf8Bytes } from '../bytes/octets.js'

export interface PapResponse {
  kind: 'push-response' | 'badmessage-response'
  /** The PAP status code: 1000 OK, 1001 accepted for processing, 2xxx the PI's errors, 3xxx the PPG's, 4xxx service failures, 5xxx the client's ... */
  code: number
  description?: string
  pushId?: string
  senderAddress?: string
  senderName?: string
  replyTime?: Date
  badMessageFragment?: string
}

/** A parsed node in document order (fast-xml-parser `preserveOrder`): `{ [name]: children, ':@': attributes }`. */
type XmlNode = Record<string, unknown>

export interface PapResponseOptions {
  /** Octets of input read at most (default {@link PAP_RESPONSE_MAX_BYTES}); a longer response is ERR_MMSE_BAD_PAP. */
  maxBytes?: number
}

/**
 * The default bound of a PAP response's size: 64 KiB. A push-response or badmessage-response
 * is one element with a few attributes (WAP-247-PAP §9.2, §9.9), a few hundred octets even
 * with a bad-message-fragment quoting the submission back.
 */
export const PAP_RESPONSE_MAX_BYTES = 64 * 1024

const ATTRIBUTES = ':@'
const TEXT = '#text'
const DECLARATION = '?xml'
const META = XMLParser.getMetaDataSymbol()
const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  captureMetaData: true,
})
/** What attribute-value normalisation changes (XML 1.0 §3.3.3) or refuses: a tab or LF (a CR is one by then), a reference, a '<'. */
const ATTRIBUTE_SPECIALS = /[\t\n&<]/g
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
/** PAP's Datetime (the %Datetime; entity of the PAP DTD): UTC, whole seconds. */
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
/** A PAP status code: four digits, the first the class. */
const STATUS_CODE = /^[1-9]\d{3}$/
const UTF8 = new TextDecoder('utf-8', { fatal: true })
const BOM = 0xfeff

/** Where the text came from: to turn character positions into byte offsets of the input. */
interface Source {
  text: string
  /** Octets before `text` in the input (a UTF-8 byte-order mark). */
  skipped: number
}

/** Parses a PAP push-response or badmessage-response; anything else is ERR_MMSE_BAD_PAP. */
export function parsePapResponse (xml: string | BytesLike, options?: PapResponseOptions): PapResponse {
  const given = toOptions<PapResponseOptions>(options)
  checkOptions(given, { maxBytes: integer(1) })
  const maxBytes = given.maxBytes ?? PAP_RESPONSE_MAX_BYTES
  const source = sourceOf(xml, maxBytes)
  const invalid = NOT_XML_CHAR.exec(source.text)
  if (invalid !== null) {
    const code = invalid[0].codePointAt(0) as number
    throw bad(source, `U+${code.toString(16).toUpperCase().padStart(4, '0')} is not an XML character (XML 1.0 §2.2 Char)`, invalid.index)
  }
  const valid = XMLValidator.validate(source.text)
  if (valid !== true) throw bad(source, `not well-formed XML: ${valid.err.msg}`, lineColumnIndex(source.text, valid.err.line, valid.err.col))
  let nodes: XmlNode[]
  try {
    nodes = PARSER.parse(source.text) as XmlNode[]
  } catch (err) {
    throw bad(source, `not well-formed XML: ${(err as Error).message}`, 0)
  }
  const root = onlyElement(source, nodes, 'the document', 0, node => {
    // Processing instructions (`<?target ...?>`) are no elements; the XML declaration is one.
    if (!name(node).startsWith('?')) return false
    if (name(node) !== DECLARATION) return true
    const encoding = attributes(source, node).encoding
    if (encoding !== undefined && !['utf-8', 'us-ascii'].includes(encoding.toLowerCase())) {
      // The declaration is where a document starts (XML 1.0 §2.8).
      throw bad(source, `the document declares encoding ${JSON.stringify(encoding)}; a PAP response is read as UTF-8`, 0)
    }
    return true
  })
  if (name(root) !== 'pap') throw bad(source, `the root element is <${name(root)}>, not <pap>`, start(root))
  const response = onlyElement(source, children(root), '<pap>', start(root))
  const kind = name(response)
  if (kind === 'push-response') return pushResponse(source, response)
  if (kind === 'badmessage-response') return badMessageResponse(source, response)
  throw bad(source, `<pap> holds a <${kind}>, not a push-response or badmessage-response`, start(response))
}

/** The text of the input, refused unread past `maxBytes` octets (a string counted as its UTF-8). */
function sourceOf (input: string | BytesLike, maxBytes: number): Source {
  // A UTF-16 code unit is at least one octet of UTF-8: a string longer than the bound is over it.
  const xml = typeof input === 'string' ? input : toBytes(input, 'xml')
  const size = typeof xml !== 'string' ? xml.length : xml.length > maxBytes ? xml.length : Buffer.byteLength(xml, 'utf8')
  if (size > maxBytes) throw new MmseError('ERR_MMSE_BAD_PAP', `a PAP response of more than ${maxBytes} octets (maxBytes)`, maxBytes, { limit: maxBytes })
  if (typeof xml === 'string') return xml.charCodeAt(0) === BOM ? { text: xml.slice(1), skipped: 3 } : { text: xml, skipped: 0 }
  let text: string
  try {
    // TextDecoder drops a leading byte-order mark.
    text = UTF8.decode(xml)
  } catch {
    throw new MmseError('ERR_MMSE_BAD_PAP', 'the PAP response is not valid UTF-8', firstInvalidUtf8(xml))
  }
  const skipped = xml[0] === 0xef && xml[1] === 0xbb && xml[2] === 0xbf ? 3 : 0
  return { text, skipped }
}

/** The offset of the octet where UTF-8 decoding fails (one that neither starts nor continues a valid sequence). */
function firstInvalidUtf8 (bytes: Uint8Array): number {
  let low = 0
  let high = bytes.length
  // The longest valid prefix, by bisection: a prefix is valid when it decodes in streaming mode.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (validPrefix(bytes.subarray(0, mid))) low = mid
    else high = mid - 1
  }
  return low
}

function validPrefix (bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}

function pushResponse (source: Source, node: XmlNode): PapResponse {
  const attrs = attributes(source, node)
  const pushId = required(source, node, attrs, 'push-id')
  const results = children(node).filter(child => {
    const tag = name(child)
    if (tag === 'response-result') return true
    if (tag === 'progress-note' || tag === TEXT) return false
    throw bad(source, `<push-response> holds a <${tag}>; PAP allows progress-note and response-result`, start(child))
  })
  checkText(source, children(node), start(node))
  const result = results[0]
  if (result === undefined || results.length > 1) throw bad(source, `<push-response> needs exactly one <response-result>, has ${results.length}`, start(results[1] ?? node))
  const resultAttrs = attributes(source, result)
  const response: PapResponse = { kind: 'push-response', code: statusCode(source, result, resultAttrs), pushId }
  optional(response, 'description', resultAttrs.desc)
  optional(response, 'senderAddress', attrs['sender-address'])
  optional(response, 'senderName', attrs['sender-name'])
  const replyTime = attrs['reply-time']
  if (replyTime !== undefined) response.replyTime = datetime(source, node, replyTime)
  return response
}

function badMessageResponse (source: Source, node: XmlNode): PapResponse {
  const attrs = attributes(source, node)
  const response: PapResponse = { kind: 'badmessage-response', code: statusCode(source, node, attrs) }
  optional(response, 'description', attrs.desc)
  optional(response, 'badMessageFragment', attrs['bad-message-fragment'])
  return response
}

function optional<K extends 'description' | 'senderAddress' | 'senderName' | 'badMessageFragment'> (response: PapResponse, key: K, value: string | undefined): void {
  if (value !== undefined) response[key] = value
}

function statusCode (source: Source, node: XmlNode, attrs: Record<string, string>): number {
  const code = required(source, node, attrs, 'code')
  if (!STATUS_CODE.test(code)) throw bad(source, `status code ${JSON.stringify(code)} is not four digits`, start(node))
  return Number(code)
}

function required (source: Source, node: XmlNode, attrs: Record<string, string>, key: string): string {
  const value = attrs[key]
  if (value === undefined) throw bad(source, `<${name(node)}> lacks its required ${key} attribute`, start(node))
  return value
}

function datetime (source: Source, node: XmlNode, value: string): Date {
  const date = new Date(value)
  // A Date that prints back as the text: no month 13, no February 30.
  if (DATETIME.test(value) && !Number.isNaN(date.getTime()) && `${date.toISOString().slice(0, 19)}Z` === value) return date
  throw bad(source, `reply-time ${JSON.stringify(value)} is not a PAP Datetime (YYYY-MM-DDThh:mm:ssZ)`, start(node))
}

/** The one element among `nodes`, skipping whitespace and nodes `skip` accepts. */
function onlyElement (source: Source, nodes: XmlNode[], where: string, at: number, skip: (node: XmlNode) => boolean = () => false): XmlNode {
  checkText(source, nodes, at)
  const elements = nodes.filter(node => name(node) !== TEXT && !skip(node))
  const element = elements[0]
  if (element === undefined || elements.length > 1) throw bad(source, `${where} must hold exactly one element, not ${elements.length}`, elements[1] === undefined ? at : start(elements[1]))
  return element
}

/** PAP's elements hold elements or nothing (the DTD has no #PCDATA): only whitespace between them. */
function checkText (source: Source, nodes: XmlNode[], at: number): void {
  for (const node of nodes) {
    const text = name(node) === TEXT ? String(node[TEXT]) : ''
    if (text.trim() !== '') throw bad(source, `text ${JSON.stringify(text.trim().slice(0, 40))} where PAP allows only elements`, at)
  }
}

function name (node: XmlNode): string {
  return Object.keys(node).find(key => key !== ATTRIBUTES) as string
}

function children (node: XmlNode): XmlNode[] {
  return node[name(node)] as XmlNode[]
}

/** Where the element starts: the parser records it on every element (`captureMetaData`). */
function start (node: XmlNode): number {
  return ((node as Record<symbol, unknown>)[META as symbol] as { startIndex: number }).startIndex
}

/** The element's attributes, values decoded (null prototype: an attribute named __proto__ is just a name). */
function attributes (source: Source, node: XmlNode): Record<string, string> {
  const raw = (node[ATTRIBUTES] ?? {}) as Record<string, string>
  const out = Object.create(null) as Record<string, string>
  for (const [key, value] of Object.entries(raw)) out[key] = attributeValue(source, node, value)
  return out
}

/**
 * An attribute value as XML 1.0 reads it: line ends normalised (§2.11), then each literal
 * tab, LF or CR a space (§3.3.3), then references to the predefined entities and character
 * references replaced (§4.6, §4.1). Any other entity reference is an error, and so is a
 * literal '<' (§3.1 AttValue), which the well-formedness check lets through.
 */
function attributeValue (source: Source, node: XmlNode, raw: string): string {
  const value = raw.replaceAll('\r\n', '\n').replaceAll('\r', '\n')
  let out = ''
  let copied = 0
  // Runs between the characters that change are copied whole: a long value costs one pass.
  ATTRIBUTE_SPECIALS.lastIndex = 0
  for (let match = ATTRIBUTE_SPECIALS.exec(value); match !== null; match = ATTRIBUTE_SPECIALS.exec(value)) {
    const at = match.index
    out += value.slice(copied, at)
    if (match[0] === '<') throw bad(source, `a '<' in an attribute of <${name(node)}>: XML allows it only as &lt;`, start(node))
    if (match[0] !== '&') {
      out += ' '
      copied = at + 1
      continue
    }
    const end = value.indexOf(';', at)
    if (end < 0) throw bad(source, `an '&' in an attribute of <${name(node)}> starts no reference`, start(node))
    out += reference(source, node, value.slice(at + 1, end))
    copied = ATTRIBUTE_SPECIALS.lastIndex = end + 1
  }
  return out + value.slice(copied)
}

function reference (source: Source, node: XmlNode, ref: string): string {
  const predefined = PREDEFINED[ref]
  if (predefined !== undefined) return predefined
  const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? parseInt(ref.slice(1), 10) : undefined
  if (code === undefined) throw bad(source, `&${ref.slice(0, 40)}; is not a predefined entity or a character reference: entities a DTD declares are not expanded`, start(node))
  if (!isXmlChar(code)) throw bad(source, `&${ref}; refers to U+${code.toString(16).toUpperCase()}, which is not an XML character`, start(node))
  return String.fromCodePoint(code)
}

/** The code points of XML 1.0 §2.2 Char: the one list both spellings, literal and reference, are checked against. */
const XML_CHAR_RANGES: ReadonlyArray<readonly [number, number]> = [[0x9, 0xa], [0xd, 0xd], [0x20, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff]]

function isXmlChar (code: number): boolean {
  return XML_CHAR_RANGES.some(([low, high]) => code >= low && code <= high)
}

/** A code point outside Char (in `u` mode a lone surrogate is one code point, outside it too). */
const NOT_XML_CHAR = new RegExp(`[^${XML_CHAR_RANGES.map(([low, high]) => `\\u{${low.toString(16)}}-\\u{${high.toString(16)}}`).join('')}]`, 'u')

/** The character index of a 1-based line and column, as the validator counts them. */
function lineColumnIndex (text: string, line: number, column: number): number {
  let index = 0
  for (let n = 1; n < line; n++) index = text.indexOf('\n', index) + 1
  return Math.min(text.length, index + Math.max(0, column - 1))
}

function bad (source: Source, message: string, index: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_PAP', message, source.skipped + utf8Bytes(source.text.slice(0, index)).length)
}
