/**
 * The token (RFC 2616 §2.2; RFC 9110 §5.6.2 names the same characters tchar): one or more
 * US-ASCII characters that are neither controls, spaces nor separators. WSP's Token-text
 * (WAP-230 §8.4.2.1), HTTP methods and field names, and the MIME parameter values that need no
 * quotes are tokens.
 */

/** The separators, which a token may not hold. */
const SEPARATORS = '()<>@,;:\\"/[]?={} \t'

/** 1 at the code of each token character, by code (US-ASCII only: a code past it reads undefined). */
const TOKEN_CODES = new Uint8Array(0x80)
for (let code = 0x21; code < 0x7f; code++) if (!SEPARATORS.includes(String.fromCharCode(code))) TOKEN_CODES[code] = 1

/** Whether the character (or octet) of this code may stand in a token. */
export function isTokenCode (code: number): boolean {
  return TOKEN_CODES[code] === 1
}

/** Whether `text` is a token: not empty, every character a token character. */
export function isToken (text: string): boolean {
  if (text.length === 0) return false
  for (let i = 0; i < text.length; i++) if (!isTokenCode(text.charCodeAt(i))) return false
  return true
}
