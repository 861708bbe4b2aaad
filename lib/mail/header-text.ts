/**
 * Text in a mail header (RFC 5322 §2.2, RFC 2047): written as it is when it survives folding and
 * unfolding unchanged (printable US-ASCII, single spaces, nothing that reads as an
 * encoded-word or that nodemailer would encode), otherwise as UTF-8 encoded-words, which libmime splits at character
 * boundaries and a reader joins back. Read: unfolded, encoded-words decoded. The empty text
 * has no form (an encoded-word holds a character at least, RFC 2047 §2): undefined, the
 * header is left out.
 */
import libmime from 'libmime'

/** Printable US-ASCII but '"', no leading, trailing or doubled space, no `=?` (nodemailer encodes those itself). */
const VERBATIM = /^(?!.*=\?)[\x21\x23-\x7e]+(?: [\x21\x23-\x7e]+)*$/

/** Encoded-words of at most this many characters: RFC 2047 §2 allows 75 a word. */
const WORD_LENGTH = 52

export function headerText (text: string): string | undefined {
  if (text === '') return undefined
  return VERBATIM.test(text) ? text : libmime.encodeWord(text, 'B', WORD_LENGTH)
}

/** A header value as mailsplit and libmime give it (unfolded, trimmed), decoded. */
export function readHeaderText (value: string): string {
  return libmime.decodeWords(value)
}

/** Text that must hold no comma either: one of a comma-separated list's items (the empty text is an empty item). */
export function headerItem (text: string): string {
  return text === '' || (VERBATIM.test(text) && !text.includes(',')) ? text : libmime.encodeWord(text, 'B', WORD_LENGTH)
}
