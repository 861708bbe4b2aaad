/**
 * `mmse/mail`: MMS as Internet mail (3GPP TS 23.140 §8.4 MM4, RFC 4356): toMime() and
 * fromMime(), both streamed. A subpath of its own, as `mmse/store` is: nodemailer and mailsplit
 * are Node modules (node:fs, node:net, node:dns), which the browser bundle of `mmse` must not carry.
 */
export { toMime, type MimeSource, type MimeSourceEvent, type MimeSourcePart, type ToMimeOptions } from './to-mime.js'
export { fromMime, type FromMimeOptions, type MailHeader, type MimeEvent } from './from-mime.js'
export { MailPart, type MailPartInfo } from './mail-part.js'
export { MAIL_HEADERS, MM4_HEADERS, MM4_MESSAGE_TYPES, mm4StatusIsFinal, UNMAPPED_KEYS, type MailHeaderDef } from '../tables/mail-headers.js'
