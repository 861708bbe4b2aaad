/**
 * File names for extracted parts (OMA-TS-MMS_CONF §10.2: name parameter, Content-Disposition
 * filename, Content-Location; then Content-ID, then `part-<path>`): cut to their last segment and
 * cleaned (`sanitizeFilename`), kept off the Windows device names, given an extension from the
 * content type when they have none, de-duplicated, and held to 255 octets with their extension
 * and any `-N` suffix.
 */
import { extname } from 'node:path'
import { fitName, MMS_MESSAGE_TYPE, sanitizeFilename } from '../index.js'
import type { PartNode } from './tree.js'

export const MANIFEST = 'manifest.json'

/** Extensions for the media types MMS carries, for parts whose name has none. */
const EXTENSIONS: ReadonlyMap<string, string> = new Map([
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
])

/**
 * Windows device names, with or without an extension (harmless on POSIX, a trap when the folder
 * is copied there): CON, PRN, AUX, NUL, COM0-9 and LPT0-9 with the superscript digits Windows
 * also takes, CONIN$, CONOUT$.
 */
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i

/** Safe, unique file names inside one directory. */
export class Names {
  readonly #taken: Set<string>

  /** `reserved`: names already taken in the directory, besides manifest.json. */
  constructor (reserved: string[] = []) {
    this.#taken = new Set([MANIFEST, ...reserved].map((name) => name.toLowerCase()))
  }

  take (node: PartNode): string {
    let name = node.filename ?? sanitizeFilename(node.contentId ?? '') ?? `part-${node.path.join('-')}`
    if (RESERVED.test(name)) name = `_${name}`
    if (extname(name) === '') name += EXTENSIONS.get(node.contentType.mediaType) ?? '.bin'
    let file = fitName(name)
    // Case-insensitive, for the file systems that are.
    for (let n = 2; this.#taken.has(file.toLowerCase()); n++) file = fitName(name, `-${n}`)
    this.#taken.add(file.toLowerCase())
    return file
  }
}
