/**
 * `mmse extract <file|-> -o <dir>`: every leaf part of an MMSE PDU (WAP-230 §8.5 entries,
 * nested multiparts and nested PDUs included) streamed into its own file, and `manifest.json`.
 *
 * File names follow OMA-TS-MMS_CONF §10.2 (name parameter, Content-Disposition filename,
 * Content-Location) then Content-ID, then `part-<path>`. A name comes from the sender, so it
 * is cut to its last segment and cleaned (`sanitizeFilename`), given an extension from the
 * content type when it has none, de-duplicated, checked to resolve inside the directory, and
 * opened with O_EXCL unless `--force`: an existing file is never overwritten silently.
 */
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { access, mkdir, writeFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { type Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { sanitizeFilename } from '../index.js'
import { type Command, expectPositionals, openInput, UsageError } from './args.js'
import { messageJson, toJson, warningJson } from './render.js'
import { type PartNode, readTree } from './tree.js'
import { Progress } from './progress.js'

const MANIFEST = 'manifest.json'

/** Extensions for the media types MMS carries, for parts whose name has none. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'text/plain': '.txt',
  'text/html': '.html',
  'text/x-vcard': '.vcf',
  'text/x-vcalendar': '.vcs',
  'application/smil': '.smil',
  'application/vnd.wap.mms-message': '.mms',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/png': '.png',
  'image/bmp': '.bmp',
  'image/webp': '.webp',
  'image/vnd.wap.wbmp': '.wbmp',
  'audio/amr': '.amr',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/aac': '.aac',
  'audio/midi': '.mid',
  'audio/x-wav': '.wav',
  'video/3gpp': '.3gp',
  'video/mp4': '.mp4',
}

/** Windows device names, harmless on POSIX but a trap when the folder is copied there. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i

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
<dir>, an extension added from the content type, de-duplicated. Writes manifest.json (each
part's path, file, content type, size, sha256, Content-ID and Content-Location, and the
headers). A progress bar is drawn on stderr when it is a terminal and the input exceeds 1 MiB.

Options:
  -o, --output <dir>  where to write (required)
  --force             overwrite files that already exist
  -h, --help          this help`,
  options: {
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
  },
  async run (values, positionals) {
    const [path] = expectPositionals(positionals, ['file']) as [string]
    if (typeof values.output !== 'string') throw new UsageError('-o <dir> is required')
    const dir = resolve(values.output)
    const force = values.force === true
    await mkdir(dir, { recursive: true })
    if (!force) await refuseExisting(join(dir, MANIFEST))
    const input = await openInput(path)
    const progress = Progress.create(input.size)
    const names = new Names()
    const files: ManifestPart[] = []
    try {
      const tree = await readTree(input.stream, {
        progress: progress?.update,
        consume: async (data: Readable, node: PartNode) => {
          const file = names.take(node)
          const hash = createHash('sha256')
          const entry: ManifestPart = {
            path: node.path.join('.'),
            file,
            contentType: toJson(node.contentType),
            size: 0,
            sha256: '',
            contentId: node.contentId ?? null,
            contentLocation: node.contentLocation ?? null,
          }
          files.push(entry)
          const counted = new Transform({
            transform (chunk: Buffer, _encoding, callback) {
              hash.update(chunk)
              entry.size += chunk.length
              callback(null, chunk)
            },
          })
          try {
            await pipeline(data, counted, createWriteStream(join(dir, file), { flags: force ? 'w' : 'wx' }))
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${join(dir, file)} exists: use --force to overwrite`)
            throw err
          }
          entry.sha256 = hash.digest('hex')
        },
      })
      const manifest = {
        input: { bytes: tree.inputBytes },
        message: messageJson(tree.message),
        parts: files,
        warnings: tree.warnings.map(warningJson),
      }
      await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { flag: force ? 'w' : 'wx' })
    } finally {
      progress?.done()
    }
    return 0
  },
}

async function refuseExisting (file: string): Promise<void> {
  try {
    await access(file)
  } catch {
    return
  }
  throw new Error(`${file} exists: use --force to overwrite`)
}

/** Safe, unique file names inside one directory. */
class Names {
  readonly #taken = new Set<string>([MANIFEST])

  take (node: PartNode): string {
    const info = node
    const fallback = `part-${info.path.join('-')}`
    // sanitizeFilename keeps the last path segment only, without separators, control
    // characters or leading dots: the name cannot climb out of the directory.
    let name = info.filename ?? sanitizeFilename(info.contentId ?? '') ?? fallback
    if (RESERVED.test(name)) name = `_${name}`
    if (extname(name) === '') name += EXTENSIONS[info.contentType.mediaType] ?? '.bin'
    const ext = extname(name)
    const stem = name.slice(0, name.length - ext.length)
    // Case-insensitive, for the file systems that are.
    for (let n = 2; this.#taken.has(name.toLowerCase()); n++) name = `${stem}-${n}${ext}`
    this.#taken.add(name.toLowerCase())
    return name
  }
}
