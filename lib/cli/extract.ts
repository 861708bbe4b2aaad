/**
 * `mmse extract <file|-> (-o <dir> | --to <store>/<key>)`: every leaf part of an MMSE PDU
 * (WAP-230 §8.5 entries, nested multiparts and nested PDUs included) streamed into its own
 * file, and `manifest.json`, in a directory or in one message of a store (lib/cli/destinations.ts).
 *
 * File names follow OMA-TS-MMS_CONF §10.2 (name parameter, Content-Disposition filename,
 * Content-Location) then Content-ID, then `part-<path>`. A name comes from the sender, so it is
 * cut to its last segment and cleaned (`sanitizeFilename`), kept off the Windows device names,
 * given an extension from the content type when it has none, de-duplicated, and held to 255
 * octets with its extension and any `-N` suffix.
 *
 * Nothing is written outside the destination, and nothing half: every file is staged, and only
 * once the whole input is read are they committed together; a failed run discards them.
 */
import { createHash } from 'node:crypto'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type Command, expectPositionals, UsageError } from './args.js'
import { isCapture, peekInput, runCapture } from './capture.js'
import { type Destination, DirectoryDestination, StoreDestination } from './destinations.js'
import { messageJson, toJson, warningJson } from './render.js'
import { extractEml } from './extract-eml.js'
import { type Input, openInput } from './input.js'
import type { CliIo } from './io.js'
import { MANIFEST, Names } from './part-names.js'
import { Progress } from './progress.js'
import { type PartNode, readTree, type Tree } from './tree.js'

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
  help: `Usage: mmse extract <file|-> (-o <dir> [--force] | --to <store>/<key>)
       mmse extract <capture|-> -o <dir> [--force] [--eml] [--filter EXPR] [--decode-as R]...

Streams every leaf part into a file, named from the part's filename, else Content-Location,
else Content-ID, else part-<path>: cleaned, an extension added from the content type,
de-duplicated, at most 255 bytes. Writes manifest.json (each part's path, file, content type,
size, sha256, Content-ID and Content-Location, and the headers). Files appear only once the
whole input has been read; a failed run leaves nothing. A progress bar is drawn on stderr when
it is a terminal and the input exceeds 1 MiB.

A capture (pcap or pcapng, gzip-compressed or not: told by its first octets) gives one folder
per MMS found, <n>-<message type>-<transaction id>: its parts, pdu.mms (the PDU as captured) and
manifest.json (how it travelled: time, flow, transport, carrier; its headers, parts, warnings).
With --eml, one mail message per MMS instead, <n>-<message type>-<transaction id>.eml; an MMS
the capture holds only in part (a gap, a cut) or that does not decode gets no file, and a
warning on stderr says which and why (the exit code stays 0, as for incomplete folders).

Options:
  -o, --output <dir>  write into <dir> (created if missing), never outside it; without --force,
                      nothing is written when any of the files exists
  --force             with -o: replace files that already exist (a link is replaced, never followed)
  --eml               write the message as one mail message, message.eml (RFC 5322/MIME, as
                      \`mmse convert\` writes it), instead of a file per part; a capture: one
                      <n>-<message type>-<transaction id>.eml per complete MMS
  --to <store>/<key>  write the files as the entries of message <key> in a message store:
                      s3://bucket[/prefix]/key (endpoint, region and credentials from the AWS
                      SDK's environment: AWS_ENDPOINT_URL_S3, AWS_REGION, ...; needs the packages
                      @aws-sdk/client-s3 and @aws-sdk/lib-storage) or <dir>/<key> for a local
                      store; a key already there fails the run
  --filter EXPR       capture: only the MMS whose fields match (see mmse inspect --help)
  --decode-as R       capture: tshark's -d, e.g. tcp.port==8080,http (repeatable)
  -h, --help          this help`,
  options: {
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    to: { type: 'string' },
    eml: { type: 'boolean' },
    filter: { type: 'string' },
    'decode-as': { type: 'string', multiple: true },
  },
  async run (values, positionals, io) {
    const [path] = expectPositionals(positionals, ['file']) as [string]
    const { start, input } = await peekInput(await openInput(path, io), 4)
    if (isCapture(start)) {
      if (typeof values.output !== 'string' || values.to !== undefined) {
        input.stream.destroy()
        throw new UsageError('a capture is extracted with -o <dir>: one folder or .eml per MMS (--to takes one message)')
      }
      return await runCapture(input, io, {
        mode: { extract: { dir: values.output, force: values.force === true, eml: values.eml === true } },
        filter: values.filter as string | undefined,
        decodeAs: values['decode-as'] as string[] | undefined,
      })
    }
    let destination: Destination
    try {
      if (values.filter !== undefined || values['decode-as'] !== undefined) throw new UsageError('--filter and --decode-as apply to a capture; this input is not one')
      destination = destinationOf(values, io)
    } catch (err) {
      input.stream.destroy()
      throw err
    }
    if (values.eml === true) {
      try {
        await extractEml(input.stream, destination)
      } finally {
        await destination.discard()
      }
      return 0
    }
    await extractInto(input, destination, io)
    return 0
  },
}

/**
 * Every leaf part of the PDU that `input` streams into `destination`, with manifest.json;
 * committed once the input is read whole, discarded otherwise. Resolves with what was read.
 */
export async function extractInto (input: Input, destination: Destination, io: CliIo): Promise<Tree> {
  const progress = Progress.create(input.size, io.stderr)
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
        // The pipeline carries a failure of the part (a truncated input) into the write.
        await Promise.all([pipeline(data, counted), destination.write(entry.file, counted)])
        entry.sha256 = hash.digest('hex')
      },
    })
    const manifest = {
      input: { bytes: tree.inputBytes },
      message: messageJson(tree.message),
      parts: files,
      warnings: tree.warnings.map(warningJson),
    }
    await destination.write(MANIFEST, Readable.from([`${JSON.stringify(manifest, null, 2)}\n`]))
    await destination.commit()
    return tree
  } finally {
    progress?.done()
    await destination.discard()
  }
}

export function destinationOf (values: Record<string, unknown>, io: CliIo): Destination {
  const { output, to, force } = values
  if (typeof output === 'string' && typeof to === 'string') throw new UsageError('-o and --to are two destinations: give one')
  if (typeof to === 'string') {
    if (force === true) throw new UsageError('--force applies to -o: a store never replaces a message')
    return new StoreDestination(to, io.cwd)
  }
  if (typeof output !== 'string') throw new UsageError('-o <dir> or --to <store>/<key> is required')
  return new DirectoryDestination(output, force === true, io)
}

