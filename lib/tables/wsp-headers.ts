/**
 * WSP header field names: WAP-230 Table 39 (numbers 0x00-0x4A), as used by multipart part
 * headers and Push PDU headers. The number is the assigned number without the 0x80 bit.
 *
 * Several names were assigned again in later encoding versions (Accept-Charset, Accept-Encoding,
 * Cache-Control, Content-Range, Profile-Warning, Content-Disposition, Expect). Every number
 * decodes; `wspHeaderCode` returns the newest. 0x48 is Expect (1.5), never
 * Content-Transfer-Encoding, whatever AOSP's in-memory key says (quirk #17).
 */

export const WSP_CONTENT_LENGTH = 0x0d
export const WSP_CONTENT_LOCATION = 0x0e
export const WSP_CONTENT_TYPE = 0x11
export const WSP_CONTENT_DISPOSITION_11 = 0x2e
export const WSP_X_WAP_APPLICATION_ID = 0x2f
export const WSP_CONTENT_ID = 0x40
export const WSP_CONTENT_DISPOSITION_14 = 0x45

export const WSP_HEADERS: ReadonlyMap<number, string> = new Map([
  [0x00, 'Accept'],
  [0x01, 'Accept-Charset'],
  [0x02, 'Accept-Encoding'],
  [0x03, 'Accept-Language'],
  [0x04, 'Accept-Ranges'],
  [0x05, 'Age'],
  [0x06, 'Allow'],
  [0x07, 'Authorization'],
  [0x08, 'Cache-Control'],
  [0x09, 'Connection'],
  [0x0a, 'Content-Base'],
  [0x0b, 'Content-Encoding'],
  [0x0c, 'Content-Language'],
  [0x0d, 'Content-Length'],
  [0x0e, 'Content-Location'],
  [0x0f, 'Content-MD5'],
  [0x10, 'Content-Range'],
  [0x11, 'Content-Type'],
  [0x12, 'Date'],
  [0x13, 'ETag'],
  [0x14, 'Expires'],
  [0x15, 'From'],
  [0x16, 'Host'],
  [0x17, 'If-Modified-Since'],
  [0x18, 'If-Match'],
  [0x19, 'If-None-Match'],
  [0x1a, 'If-Range'],
  [0x1b, 'If-Unmodified-Since'],
  [0x1c, 'Location'],
  [0x1d, 'Last-Modified'],
  [0x1e, 'Max-Forwards'],
  [0x1f, 'Pragma'],
  [0x20, 'Proxy-Authenticate'],
  [0x21, 'Proxy-Authorization'],
  [0x22, 'Public'],
  [0x23, 'Range'],
  [0x24, 'Referer'],
  [0x25, 'Retry-After'],
  [0x26, 'Server'],
  [0x27, 'Transfer-Encoding'],
  [0x28, 'Upgrade'],
  [0x29, 'User-Agent'],
  [0x2a, 'Vary'],
  [0x2b, 'Via'],
  [0x2c, 'Warning'],
  [0x2d, 'WWW-Authenticate'],
  [0x2e, 'Content-Disposition'],
  [0x2f, 'X-Wap-Application-Id'],
  [0x30, 'X-Wap-Content-URI'],
  [0x31, 'X-Wap-Initiator-URI'],
  [0x32, 'Accept-Application'],
  [0x33, 'Bearer-Indication'],
  [0x34, 'Push-Flag'],
  [0x35, 'Profile'],
  [0x36, 'Profile-Diff'],
  [0x37, 'Profile-Warning'],
  [0x38, 'Expect'],
  [0x39, 'TE'],
  [0x3a, 'Trailer'],
  [0x3b, 'Accept-Charset'],
  [0x3c, 'Accept-Encoding'],
  [0x3d, 'Cache-Control'],
  [0x3e, 'Content-Range'],
  [0x3f, 'X-Wap-Tod'],
  [0x40, 'Content-ID'],
  [0x41, 'Set-Cookie'],
  [0x42, 'Cookie'],
  [0x43, 'Encoding-Version'],
  [0x44, 'Profile-Warning'],
  [0x45, 'Content-Disposition'],
  [0x46, 'X-Wap-Security'],
  [0x47, 'Cache-Control'],
  [0x48, 'Expect'],
  [0x49, 'X-Wap-Loc-Invocation'],
  [0x4a, 'X-Wap-Loc-Delivery'],
])

/** Lower-case name to number. The table runs in ascending order, so the newest number wins. */
const CODES_BY_NAME: ReadonlyMap<string, number> = new Map(
  [...WSP_HEADERS].map(([no, name]) => [name.toLowerCase(), no]),
)

export function wspHeaderName (no: number): string | undefined {
  return WSP_HEADERS.get(no)
}

/** Case-insensitive. Where a name has several numbers, the newest (highest) one. */
export function wspHeaderCode (name: string): number | undefined {
  return CODES_BY_NAME.get(name.toLowerCase())
}
