/**
 * A PAP 1.0 push submission (WAP-247-PAP-20010429-a): the multipart/related HTTP body a Push
 * Initiator POSTs to a Push Proxy Gateway (PAP §8): the control entity, an application/xml
 * `<pap><push-message>` (the push-message element of the PAP 1.0 DTD), then the content
 * entity, here the MMSE PDU with its Content-Type and X-Wap-Application-Id.
 *
 * Every value is escaped for XML; what XML 1.0 cannot carry at all (control characters, lone
 * surrogates) and a boundary that occurs in the entities are ERR_MMSE_BAD_INPUT.
 */
import { Buffer } from 'node:buffer'
import { bytesOf, toObject } from '../bytes/argument.js'
import { badInput } from '../errors.js'
import { MMS_MESSAGE_TYPE } from '../tables/content-types.js'
import { PUSH_APPLICATION_IDS } from '../tables/push-application-ids.js'
import { isToken } from '../tables/token.js'
import { CRLF } from '../transfer/codec.js'

export interface PapPushInput {
  /** push-id: unique per PI, e.g. a message id and the PI's domain. */
  pushId: string
  /** e.g. '+15551234567' (becomes WAPPUSH=+15551234567/TYPE=PLMN@<ppgHost>) or a full address-value. */
  addresses: string[]
  /** The ppg-specifier after '@' in a phone number's address (default 'localhost'; PPGs route by what comes before). */
  ppgHost?: string
  deliverBefore?: Date
  deliverAfter?: Date
  /** ppg-notify-requested-to: where the PPG is to send the result notification. */
  notifyRequestedTo?: string
  /** Confirmed delivery: <quality-of-service delivery-method="confirmed"/>. */
  deliveryMethod?: 'confirmed' | 'preferconfirmed' | 'unconfirmed' | 'notspecified'
  /**
   * The content entity: the MMSE PDU (any other ArrayBufferView or an ArrayBuffer is taken too)
   * and its headers (defaults: the MMS media type, and mms.ua for it).
   */
  content: { contentType?: string, applicationId?: string, body: Uint8Array }
  /** The multipart boundary (default: derived from the entities, so it occurs in neither). */
  boundary?: string
}

/** The HTTP request body and its Content-Type header value. */
export interface PapSubmission {
  contentType: string
  body: Uint8Array
}

/** PAP 1.0's document type (WAP-247 Appendix, the DTD's public identifier). */
const PAP_DOCTYPE = '<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 1.0//EN" "http://www.wapforum.org/DTD/pap_1.0.dtd">'
/** The control entity's media type, also the multipart's `type` parameter (PAP §8). */
const PAP_MEDIA_TYPE = 'application/xml'
const DELIVERY_METHODS = new Set(['confirmed', 'preferconfirmed', 'unconfirmed', 'notspecified'])
const DEFAULT_PPG_HOST = 'localhost'
/** A telephone number, as a PLMN client address carries it (WAP-249 PPG Service, client addressing). */
const PHONE_NUMBER = /^\+?[0-9]+$/
/** RFC 2046 §5.1.1: 1-70 bchars, the last not a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/

/** The multipart/related body to POST to the PPG, and the Content-Type to send with it. */
export function buildPapSubmission (input: PapPushInput): PapSubmission {
  const control = Buffer.from(controlDocument(toObject(input, 'input')), 'utf8')
  const content = input.content
  const contentBody = typeof content === 'object' && content !== null ? bytesOf(content.body) : undefined
  if (contentBody === undefined) throw badInput('the content needs a body, an ArrayBufferView or ArrayBuffer', 'content')
  const mediaType = content.contentType ?? MMS_MESSAGE_TYPE
  const applicationId = content.applicationId ?? (mediaType.toLowerCase() === MMS_MESSAGE_TYPE ? PUSH_APPLICATION_IDS.get(0x04) : undefined)
  const headers = [`Content-Type: ${headerValue(mediaType, 'Content-Type')}`]
  if (applicationId !== undefined) headers.push(`X-Wap-Application-Id: ${headerValue(applicationId, 'X-Wap-Application-Id')}`)
  const boundary = input.boundary ?? derivedBoundary(control, contentBody)
  if (!BOUNDARY.test(boundary)) throw badInput(`boundary ${JSON.stringify(boundary)} is not 1-70 of RFC 2046's boundary characters`, 'boundary')
  const delimiter = Buffer.from(`--${boundary}`, 'latin1')
  if (control.includes(delimiter) || Buffer.from(contentBody.buffer, contentBody.byteOffset, contentBody.byteLength).includes(delimiter)) {
    throw badInput(`the boundary ${JSON.stringify(boundary)} occurs in the submission`, 'boundary')
  }
  const body = Buffer.concat([
    Buffer.from(`--${boundary}${CRLF}Content-Type: ${PAP_MEDIA_TYPE}${CRLF}${CRLF}`, 'latin1'),
    control,
    Buffer.from(`${CRLF}--${boundary}${CRLF}${headers.join(CRLF)}${CRLF}${CRLF}`, 'latin1'),
    contentBody,
    Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'latin1'),
  ])
  // A boundary made only of token characters needs no quotes (RFC 2045 §5.1 allows '{' and '}'
  // too; the narrower RFC 2616 token quotes them, which is as valid).
  const parameter = isToken(boundary) ? boundary : `"${boundary}"`
  return { contentType: `multipart/related; boundary=${parameter}; type="${PAP_MEDIA_TYPE}"`, body }
}

/** The control entity: `<pap><push-message ...><address .../>...[<quality-of-service/>]</push-message></pap>`. */
function controlDocument (input: PapPushInput): string {
  if (typeof input.pushId !== 'string' || input.pushId === '') throw badInput('push-id must be a non-empty string', 'push-id')
  if (!Array.isArray(input.addresses) || input.addresses.length === 0) throw badInput('a push needs at least one address', 'address-value')
  const attributes: Array<[string, string | undefined]> = [
    ['push-id', input.pushId],
    ['deliver-before-timestamp', input.deliverBefore === undefined ? undefined : datetime(input.deliverBefore, 'deliver-before-timestamp')],
    ['deliver-after-timestamp', input.deliverAfter === undefined ? undefined : datetime(input.deliverAfter, 'deliver-after-timestamp')],
    ['ppg-notify-requested-to', input.notifyRequestedTo],
  ]
  const lines = [
    '<?xml version="1.0"?>',
    PAP_DOCTYPE,
    '<pap>',
    `<push-message${attributeList(attributes)}>`,
    ...input.addresses.map(address => `<address${attributeList([['address-value', addressValue(address, input.ppgHost ?? DEFAULT_PPG_HOST)]])}/>`),
  ]
  if (input.deliveryMethod !== undefined) {
    if (!DELIVERY_METHODS.has(input.deliveryMethod)) throw badInput(`delivery-method ${JSON.stringify(input.deliveryMethod)} is not one of PAP's ${[...DELIVERY_METHODS].join(', ')}`, 'delivery-method')
    lines.push(`<quality-of-service${attributeList([['delivery-method', input.deliveryMethod]])}/>`)
  }
  lines.push('</push-message>', '</pap>')
  return lines.join('\n')
}

/** A PLMN client address (WAP-249 PPG Service, `WAPPUSH=<number>/TYPE=PLMN@<ppg>`) or an address-value as given. */
function addressValue (address: string, ppgHost: string): string {
  if (typeof address === 'string' && address.toUpperCase().startsWith('WAPPUSH=')) return address
  if (typeof address === 'string' && PHONE_NUMBER.test(address)) return `WAPPUSH=${address}/TYPE=PLMN@${ppgHost}`
  throw badInput(`address ${JSON.stringify(address)} is neither a telephone number nor a WAPPUSH= address-value`, 'address-value')
}

/** PAP's Datetime: `YYYY-MM-DDThh:mm:ssZ`, UTC, whole seconds (the %Datetime; entity of the PAP DTD). */
function datetime (date: Date, what: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw badInput(`${what} is not a valid Date`, what)
  const iso = date.toISOString()
  if (iso.length !== 24) throw badInput(`${what} ${iso} is outside the years 0000-9999`, what)
  return `${iso.slice(0, 19)}Z`
}

function attributeList (attributes: Array<[string, string | undefined]>): string {
  return attributes.filter((a): a is [string, string] => a[1] !== undefined).map(([name, value]) => ` ${name}="${escapeAttribute(value, name)}"`).join('')
}

/**
 * An attribute value in double quotes (XML 1.0 §2.4, §3.3.3): markup characters as entity
 * references, and tab, LF and CR as character references, which attribute-value normalisation
 * would otherwise turn into spaces. XML 1.0 (§2.2 Char) cannot carry the other control
 * characters, lone surrogates, U+FFFE or U+FFFF in any form.
 */
function escapeAttribute (value: string, name: string): string {
  if (typeof value !== 'string') throw badInput(`${name} must be a string`, name)
  let out = ''
  for (const char of value) {
    const code = char.codePointAt(0) as number
    const escaped = ESCAPES[char]
    if (escaped !== undefined) out += escaped
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
      throw badInput(`${name} contains U+${code.toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 cannot carry`, name)
    } else out += char
  }
  return out
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
}

/** A MIME header value (RFC 2045 §5.1): printable US-ASCII, so no line break can start a header of its own. */
function headerValue (value: string, name: string): string {
  if (typeof value !== 'string' || !/^[\x20-\x7e]+$/.test(value)) throw badInput(`${name} ${JSON.stringify(value)} is not printable US-ASCII`, name)
  return value
}

/** Boundaries derived for a submission: this prefix, then a ten-digit counter. */
const DERIVED_BOUNDARY = 'mmse-pap-'
const COUNTER_DIGITS = 10

/**
 * The first counter whose boundary occurs nowhere in the control entity or the body:
 * reproducible and the same on every platform. One pass collects the counters already taken
 * after each `--mmse-pap-`, so a body full of near-misses costs linear time, not quadratic.
 */
function derivedBoundary (control: Buffer, body: Uint8Array): string {
  const taken = new Set<number>()
  const delimiter = `--${DERIVED_BOUNDARY}`
  for (const octets of [control, Buffer.from(body.buffer, body.byteOffset, body.byteLength)]) {
    for (let at = octets.indexOf(delimiter, 0, 'latin1'); at >= 0; at = octets.indexOf(delimiter, at + 1, 'latin1')) {
      const digits = octets.toString('latin1', at + delimiter.length, at + delimiter.length + COUNTER_DIGITS)
      if (/^\d{10}$/.test(digits)) taken.add(Number(digits))
    }
  }
  let n = 0
  while (taken.has(n)) n++
  return `${DERIVED_BOUNDARY}${String(n).padStart(COUNTER_DIGITS, '0')}`
}
