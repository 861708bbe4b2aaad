/**
 * File names for extracted parts (OMA-TS-MMS_CONF §10.2: name parameter, Content-Disposition
 * filename, Content-Location; then Content-ID, then `part-<path>`): cut to their last segment and
 * cleaned (`sanitizeFilename`), kept off the Windows device names, given an extension from the
 * content type when they have none, de-duplicated, and held to 255 octets with their extension
 * and any `-N` suffix.
 */
import { extname } from 'node:path'
import { fitName, sanitizeFilename } from '../index.js'
import { extensionOf } from './media-types.js'
import type { PartNode } from './tree.js'

export const MANIFEST = 'manifest.json'


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
    if (extname(name) === '') name += extensionOf(node.contentType.mediaType)
    let file = fitName(name)
    // Case-insensitive, for the file systems that are.
    for (let n = 2; this.#taken.has(file.toLowerCase()); n++) file = fitName(name, `-${n}`)
    this.#taken.add(file.toLowerCase())
    return file
  }
}
