/**
 * A multipart/form-data body with one file per part, the container of busboy,
 * @fastify/busboy and dicer (RFC 7578 §4, framing of RFC 2046 §5.1.1): each part opens with
 * the dash-boundary line and its headers, the CRLF before the next delimiter belongs to the
 * delimiter, and the close-delimiter ends the body.
 */

/**
 * The boundary (RFC 2046 §5.1.1: 1 to 70 characters). The part data are pseudo-random octets,
 * so it cannot plausibly occur in them; the builder checks that it does not.
 */
export const FORM_BOUNDARY = '----mmse-bench-7f3a9c2e41d8b605'

/** The request's Content-Type, what the busboy family is configured from. */
export const FORM_CONTENT_TYPE = `multipart/form-data; boundary=${FORM_BOUNDARY}`

/** What comes before part `index`'s data: the delimiter (with the previous part's CRLF) and the headers. */
export function formPartHead (index: number, contentType: string): Buffer {
  return Buffer.from(`${index === 0 ? '' : '\r\n'}--${FORM_BOUNDARY}\r\n`
    + `Content-Disposition: form-data; name="p${index}"; filename="p${index}"\r\n`
    + `Content-Type: ${contentType}\r\n\r\n`, 'latin1')
}

/** The close-delimiter after the last part's data. */
export function formEnd (): Buffer {
  return Buffer.from(`\r\n--${FORM_BOUNDARY}--\r\n`, 'latin1')
}
