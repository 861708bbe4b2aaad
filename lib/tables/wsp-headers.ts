/**
 * WSP header fields: WAP-230 Table 39 (numbers 0x00-0x4A), as used in multipart part headers and
 * Push PDU headers, with the form of each value where this library reads more than its shape
 * (§8.4.2.1-3: Uri-value, Quoted-string, Date-value, Integer-value, Version-value; §8.4.2.53
 * Content-disposition; §8.4.2.54 X-Wap-Application-Id, an Uri-value or an App-assigned-code).
 * The number is the assigned number without the 0x80 bit.
 *
 * Several names were assigned again in later encoding versions (Accept-Charset, Accept-Encoding,
 * Cache-Control, Content-Range, Profile-Warning, Content-Disposition, Expect). Every number
 * decodes; the encoder writes the first number of a name, the one every reader of the table
 * knows. 0x48 is Expect (1.5), never Content-Transfer-Encoding, whatever AOSP's in-memory key
 * says (docs/wire-format.md).
 */
import { CodeTable } from './code-table.js'

/** How a header's value is read and written; `shaped` by the shape of its first octet (§8.4.1.2). */
export type WspHeaderKind = 'shaped' | 'uri' | 'quoted' | 'date' | 'integer' | 'application-id' | 'version' | 'disposition'

export type WspHeaderRow = readonly [number: number, name: string, kind: WspHeaderKind]

export const WSP_HEADERS = new CodeTable<WspHeaderRow>([
  [0x00, 'Accept', 'shaped'],
  [0x01, 'Accept-Charset', 'shaped'],
  [0x02, 'Accept-Encoding', 'shaped'],
  [0x03, 'Accept-Language', 'shaped'],
  [0x04, 'Accept-Ranges', 'shaped'],
  [0x05, 'Age', 'shaped'],
  [0x06, 'Allow', 'shaped'],
  [0x07, 'Authorization', 'shaped'],
  [0x08, 'Cache-Control', 'shaped'],
  [0x09, 'Connection', 'shaped'],
  [0x0a, 'Content-Base', 'shaped'],
  [0x0b, 'Content-Encoding', 'shaped'],
  [0x0c, 'Content-Language', 'shaped'],
  [0x0d, 'Content-Length', 'integer'],
  [0x0e, 'Content-Location', 'uri'],
  [0x0f, 'Content-MD5', 'shaped'],
  [0x10, 'Content-Range', 'shaped'],
  [0x11, 'Content-Type', 'shaped'],
  [0x12, 'Date', 'date'],
  [0x13, 'ETag', 'shaped'],
  [0x14, 'Expires', 'date'],
  [0x15, 'From', 'shaped'],
  [0x16, 'Host', 'shaped'],
  [0x17, 'If-Modified-Since', 'date'],
  [0x18, 'If-Match', 'shaped'],
  [0x19, 'If-None-Match', 'shaped'],
  [0x1a, 'If-Range', 'shaped'],
  [0x1b, 'If-Unmodified-Since', 'date'],
  [0x1c, 'Location', 'shaped'],
  [0x1d, 'Last-Modified', 'date'],
  [0x1e, 'Max-Forwards', 'shaped'],
  [0x1f, 'Pragma', 'shaped'],
  [0x20, 'Proxy-Authenticate', 'shaped'],
  [0x21, 'Proxy-Authorization', 'shaped'],
  [0x22, 'Public', 'shaped'],
  [0x23, 'Range', 'shaped'],
  [0x24, 'Referer', 'shaped'],
  [0x25, 'Retry-After', 'shaped'],
  [0x26, 'Server', 'shaped'],
  [0x27, 'Transfer-Encoding', 'shaped'],
  [0x28, 'Upgrade', 'shaped'],
  [0x29, 'User-Agent', 'shaped'],
  [0x2a, 'Vary', 'shaped'],
  [0x2b, 'Via', 'shaped'],
  [0x2c, 'Warning', 'shaped'],
  [0x2d, 'WWW-Authenticate', 'shaped'],
  [0x2e, 'Content-Disposition', 'disposition'],
  [0x2f, 'X-Wap-Application-Id', 'application-id'],
  [0x30, 'X-Wap-Content-URI', 'uri'],
  [0x31, 'X-Wap-Initiator-URI', 'uri'],
  [0x32, 'Accept-Application', 'shaped'],
  [0x33, 'Bearer-Indication', 'shaped'],
  [0x34, 'Push-Flag', 'shaped'],
  [0x35, 'Profile', 'shaped'],
  [0x36, 'Profile-Diff', 'shaped'],
  [0x37, 'Profile-Warning', 'shaped'],
  [0x38, 'Expect', 'shaped'],
  [0x39, 'TE', 'shaped'],
  [0x3a, 'Trailer', 'shaped'],
  [0x3b, 'Accept-Charset', 'shaped'],
  [0x3c, 'Accept-Encoding', 'shaped'],
  [0x3d, 'Cache-Control', 'shaped'],
  [0x3e, 'Content-Range', 'shaped'],
  [0x3f, 'X-Wap-Tod', 'shaped'],
  [0x40, 'Content-ID', 'quoted'],
  [0x41, 'Set-Cookie', 'shaped'],
  [0x42, 'Cookie', 'shaped'],
  [0x43, 'Encoding-Version', 'version'],
  [0x44, 'Profile-Warning', 'shaped'],
  [0x45, 'Content-Disposition', 'disposition'],
  [0x46, 'X-Wap-Security', 'shaped'],
  [0x47, 'Cache-Control', 'shaped'],
  [0x48, 'Expect', 'shaped'],
  [0x49, 'X-Wap-Loc-Invocation', 'shaped'],
  [0x4a, 'X-Wap-Loc-Delivery', 'shaped'],
])

export const WSP_CONTENT_LOCATION = 0x0e
export const WSP_CONTENT_ID = 0x40
export const WSP_X_WAP_APPLICATION_ID = 0x2f

/** Content-disposition values (§8.4.2.53); any other disposition is a Token-text. */
export const DISPOSITIONS = new CodeTable([[0x80, 'form-data'], [0x81, 'attachment'], [0x82, 'inline']] as const)
