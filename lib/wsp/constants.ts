/**
 * The octets and bounds of the WSP basic encodings (WAP-230 §8.1.2, §8.4.2.1-3), defined once for
 * the readers and the writers. A name says which space a number lives in: `*_OCTET` is a wire
 * octet, `*_MAX` a bound on a value.
 */

/** End of string, and the No-value octet (§8.4.2.3). */
export const NUL_OCTET = 0x00
/** Length-quote (§8.4.2.2): a uintvar length follows. Octets 0-30 are a Short-length. */
export const LENGTH_QUOTE_OCTET = 0x1f
export const SHORT_LENGTH_MAX = 30
/** The first octet of a Quoted-string (§8.4.2.1): '"'. Its closing quote is not sent. */
export const STRING_QUOTE_OCTET = 0x22
/**
 * Quote (§8.4.2.1): precedes a Text-string whose first octet is >= 0x80. The same octet is the
 * Shift-delimiter of a header code page where a field name is expected (§8.4.2.6).
 */
export const TEXT_QUOTE_OCTET = 0x7f
/** Bit 7 marks a Short-integer (§8.4.2.1); the value is the low 7 bits. */
export const SHORT_INTEGER_FLAG = 0x80
export const SHORT_INTEGER_MAX = 0x7f
/** Uintvar (§8.1.2): at most 5 octets of 7 bits, and at most 2^32 - 1. */
export const UINTVAR_MAX_OCTETS = 5
export const UINTVAR_MAX = 0xffffffff
/**
 * Long-integer: Multi-octet-integer is 1*30 octets (§8.4.2.1), but no reader in use takes more
 * than 8 (AOSP, OpenHarmony), so this library reads and writes at most 8: integers below 2^64.
 */
export const LONG_INTEGER_MAX_OCTETS = 8
