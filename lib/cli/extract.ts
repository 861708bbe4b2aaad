/**
 * `mmse extract <file|-> -o <dir>`: every leaf part of an MMSE PDU (WAP-230 §8.5 entries,
 * nested multiparts and nested PDUs included) streamed into its own file, and `manifest.json`.
 *
 * File names follow OMA-TS-MMS_CONF §10.2 (name parameter, Content-Disposition filename,
 * Content-Location) then Content-ID, then `part-<path>`. A name comes from the sender, so it is
 * cut to its last segment and cleaned (`sanitizeFilename`), kept off the Windows device names,
 * given an extension from the content type when it has none, de-duplicated, and held to 255
 * octets with its extension and any `-N` suffix.
 *
 * Nothing is written outside the directory, and nothing half: each part streams into a staging
 * file of our own in the directory (created exclusively, never through a link); once the whole
 * input is read, every target is checked in message order (without `--force`, the first one that
 * exists fails the run and nothing is left behind), then each staging file is renamed onto its
 * name. A rename replaces a symbolic link already there instead of following it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { type Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fitName, sanitizeFilename } from '../index.js'
import { type Command, expectPositionals, openInput, UsageError } from './args.js'
import { messageJson, toJson, warningJson } from './render.js'
import { type PartNode, readTree } from './tree.js'
import { Progress } from './progress.js'

const MANIFEST = 'manifest.json'

/** Extensions for the media types MMS carries, for parts whose name has none. */
const EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['text/plain', '.txt'],
  ['text/html', '.html'],
  ['text/x-vcard', '.vcf'],
  ['text/x-vcalendar', '.vcs'],
  ['application/smil', '.smil'],
  ['application/vnd.wap.mms-message', '.mms'],
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

/** Staging files: a prefix no sanitized name can have (a leading dot is always stripped). */
const STAGING = `.mmse-${randomBytes(6).toString('hex')}-`

/** Created exclusively: O_CREAT | O_EXCL also fails on a symbolic link of that name (POSIX open()), never follows it. */
const STAGING_FLAGS = 'wx'

interface ManifestPart {
  path: string
  file: string
  contentType: unknown
  size: number
  sha256: string
  contentId: string | null
  contentLocation: string | null
}

export const extract: Command = {
  name: 'extract',
  summary: 'write every part of an MMSE PDU to a file, with manifest.json',
  help: `Usage: mmse extract <file|-> -o <dir> [--force]

Streams every leaf part into a file in <dir> (created if missing), named from the part's
filename, else Content-Location, else Content-ID, else part-<path>: cleaned, never outside
<dir>, an extension added from the content type, de-duplicated, at most 255 bytes. Writes
manifest.json (each part's path, file, content type, size, sha256, Content-ID and
Content-Location, and the headers). Without --force, nothing is written when any of those
files exists. A progress bar is drawn on stderr when it is a terminal and the input exceeds 1 MiB.

Options:
  -o, --output <dir>  where to write (required)
  --force             replace files that already exist (a link is replaced, never followed)
  -h, --help          this help`,
  options: {
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
  },
  async run (values, positionals) {
    const [path] = expectPositionals(positionals, ['file']) as [string]
    if (typeof values.output !== 'string') throw new UsageError('-o <dir> is required')
    const dir = resolve(values.output)
    const created = await mkdir(dir, { recursive: true })
    const staged = new Staging(dir)
    let done = false
    const input = await openInput(path)
    const progress = Progress.create(input.size)
    const names = new Names()
    const files: ManifestPart[] = []
    try {
      const tree = await readTree(input.stream, {
        progress: progress?.update,
        consume: async (data: Readable, node: PartNode) => {
          const entry: ManifestPart = {
            path: node.path.join('.'),
            file: names.take(node),
            contentType: toJson(node.contentType),
            size: 0,
            sha256: '',
            contentId: node.contentId ?? null,
            contentLocation: node.contentLocation ?? null,
          }
          files.push(entry)
          const hash = createHash('sha256')
          const counted = new Transform({
            transform (chunk: Buffer, _encoding, callback) {
              hash.update(chunk)
              entry.size += chunk.length
              callback(null, chunk)
            },
          })
          await pipeline(data, counted, createWriteStream(staged.add(entry.file), { flags: STAGING_FLAGS, mode: 0o644 }))
          entry.sha256 = hash.digest('hex')
        },
      })
      const manifest = {
        input: { bytes: tree.inputBytes },
        message: messageJson(tree.message),
        parts: files,
        warnings: tree.warnings.map(warningJson),
      }
      await writeFile(staged.add(MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { flag: STAGING_FLAGS, mode: 0o644 })
      await staged.commit(values.force === true)
      done = true
    } finally {
      progress?.done()
      await staged.discard()
      // A directory this run made is not left behind when the run fails.
      if (!done && created !== undefined) await rm(created, { recursive: true, force: true })
    }
    return 0
  },
}

/** The staging files of one run: each part's, in message order, then the manifest's. */
class Staging {
  readonly #dir: string
  readonly #files: string[] = []

  constructor (dir: string) {
    this.#dir = dir
  }

  /** The staging file for `name`: create it with STAGING_FLAGS. */
  add (name: string): string {
    const staging = join(this.#dir, `${STAGING}${this.#files.length}`)
    this.#files.push(name)
    return staging
  }

  /** Checks every target in message order, then renames each staging file onto its name. */
  async commit (force: boolean): Promise<void> {
    if (!force) {
      for (const name of this.#files) {
        if (await exists(join(this.#dir, name))) throw new Error(`${join(this.#dir, name)} exists: use --force to overwrite`)
      }
    }
    for (const [index, name] of this.#files.entries()) {
      await rename(join(this.#dir, `${STAGING}${index}`), join(this.#dir, name))
    }
    this.#files.length = 0
  }

  /** Removes what was not committed. */
  async discard (): Promise<void> {
    await Promise.all(this.#files.map((_, index) => rm(join(this.#dir, `${STAGING}${index}`), { force: true })))
  }
}

async function exists (file: string): Promise<boolean> {
  try {
    await lstat(file)
    return true
  } catch {
    return false
  }
}

/** Safe, unique file names inside one directory. */
class Names {
  readonly #taken = new Set<string>([MANIFEST])

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
