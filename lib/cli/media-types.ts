/**
 * File name extensions of the media types MMS carries: `extract` names a part that has no
 * extension by its type, and `send` gives a file the type its extension names.
 */
import { extname } from 'node:path'
import { MMS_MESSAGE_TYPE } from '../index.js'

const EXTENSIONS: ReadonlyArray<readonly [string, string]> = [
  ['text/plain', '.txt'],
  ['text/html', '.html'],
  ['text/x-vcard', '.vcf'],
  ['text/x-vcalendar', '.vcs'],
  ['application/smil', '.smil'],
  [MMS_MESSAGE_TYPE, '.mms'],
  ['image/jpeg', '.jpg'],
  ['image/gif', '.gif'],
  ['image/png', '.png'],
  ['image/bmp', '.bmp'],
  ['image/webp', '.webp'],
  ['image/vnd.wap.wbmp', '.wbmp'],
  ['audio/amr', '.amr'],
  ['audio/mpeg', '.mp3'],
  ['audio/mp4', '.m4a'],
  ['audio/aac', '.aac'],
  ['audio/midi', '.mid'],
  ['audio/x-wav', '.wav'],
  ['video/3gpp', '.3gp'],
  ['video/mp4', '.mp4'],
]

const BY_TYPE: ReadonlyMap<string, string> = new Map(EXTENSIONS)
/** The same, the other way, with the other spellings in use. */
const BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ...EXTENSIONS.map(([type, extension]) => [extension, type] as const),
  ['.jpeg', 'image/jpeg'],
  ['.text', 'text/plain'],
  ['.smi', 'application/smil'],
])

/** The extension for a part of this media type; `.bin` for an unknown one. */
export function extensionOf (mediaType: string): string {
  return BY_TYPE.get(mediaType) ?? '.bin'
}

/** The media type a file's extension names (case aside); application/octet-stream for an unknown one. */
export function mediaTypeOf (file: string): string {
  return BY_EXTENSION.get(extname(file).toLowerCase()) ?? 'application/octet-stream'
}
