/**
 * File names from the wire (a part's name parameter, its Content-Disposition filename, its
 * Content-Location): made safe to use on disk. Never a path, never a control character, no
 * character that hides or reorders what a user sees (bidi controls, zero-width characters, a
 * BOM), never longer than a file system allows: 255 octets of UTF-8.
 */
import { Buffer } from 'node:buffer'
import { invalidArgument } from '../bytes/argument.js'

/** The longest file name ext4, XFS, APFS and NTFS take (in octets for the first three). */
export const NAME_MAX_BYTES = 255

/** A name that needs no cleaning: word characters, dots, dashes, plus signs and inner spaces; no leading dot, no outer space. */
const PLAIN_NAME = /^[\w+-](?:[\w .+-]{0,253}[\w.+-])?$/

/**
 * C0 and C1 controls, the characters Windows forbids in names, bidi embeddings, overrides and
 * isolates (U+202A-202E, U+2066-2069) and marks (U+200E, U+200F, U+061C), zero-width characters
 * (U+200B-200D, U+2060) and the BOM (U+FEFF).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f:*?"<>|\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g

/** The last path segment of a name, cleaned and cut to 255 octets (its extension kept), or undefined when nothing is left. */
export function sanitizeFilename (name: string): string | undefined {
  if (typeof name !== 'string') throw invalidArgument('name', 'a string', name)
  if (PLAIN_NAME.test(name)) return name
  const base = name.split(/[/\\]/).pop() as string
  const clean = base.replace(UNSAFE, '').replace(/^[.\s]+/, '').trim()
  return clean === '' ? undefined : fitName(clean)
}

/** An extension worth keeping when a name is cut: a dot and a few characters that are no dot. */
const EXTENSION = /\.[^.]{1,16}$/

/** `name` within `max` octets, cut in its stem so that its extension stays, and `suffix` (e.g. `-2`) before the extension. */
export function fitName (name: string, suffix = '', max = NAME_MAX_BYTES): string {
  if (typeof name !== 'string') throw invalidArgument('name', 'a string', name)
  if (typeof suffix !== 'string') throw invalidArgument('suffix', 'a string', suffix)
  if (!Number.isSafeInteger(max) || max < 1) throw invalidArgument('max', 'an integer >= 1', max)
  const ext = EXTENSION.exec(name)?.[0] ?? ''
  const stem = name.slice(0, name.length - ext.length)
  const room = max - Buffer.byteLength(suffix + ext, 'utf8')
  return room > 0 ? fitBytes(stem, room).trimEnd() + suffix + ext : fitBytes(name + suffix, max)
}

/** The longest prefix of `text` of at most `max` octets of UTF-8, cut between code points. */
export function fitBytes (text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text
  let bytes = 0
  let end = 0
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8')
    if (bytes > max) break
    end += char.length
  }
  return text.slice(0, end)
}
