/**
 * `mmse convert <file|-> [--to eml|mms] [-o <file|->]`: an MMSE PDU to an Internet mail message
 * (RFC 5322 / MIME, the header mapping of 3GPP TS 23.140 §8.4 and RFC 4356; docs/mail.md), or
 * a mail message back to a PDU. The direction comes from the input: a PDU begins with
 * X-Mms-Message-Type (0x8C, OMA-TS-MMS_ENC §7), a mail message with a header line.
 *
 * Both ways stream: a PDU's parts flow into the mail as they are read; a mail's parts are
 * spooled to a private directory first, because a PDU states each part's size before its data
 * (WAP-230 §8.5.3). Memory stays bounded whatever the size; the output is written beside its
 * target and renamed once whole (lib/cli/atomic-file.ts).
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type EncodeHeaders, MmseEncoder, MmseError, MmseParser, type StreamPart } from '../index.js'
import { fromMime, toMime } from '../mail/index.js'
import { type Command, expectPositionals, UsageError } from './args.js'
import { writeStreamAtomic } from './atomic-file.js'
import { openInput } from './input.js'
import type { CliIo } from './io.js'

/** The first octet of every MMSE PDU: the field code of X-Mms-Message-Type. */
const MESSAGE_TYPE_CODE = 0x8c

/** What a mail without X-Mms-Message-Type becomes: a message as delivered to a phone. */
const DEFAULT_HEADERS = { messageType: 'm-retrieve-conf', mmsVersion: '1.2' } as const

export const convert: Command = {
  name: 'convert',
  summary: 'an MMSE PDU to an Internet mail message (.eml), or back',
  help: `Usage: mmse convert <file|-> [--to eml|mms] [-o <file|->] [--domain <domain>]

Converts an MMSE PDU to an RFC 5322 mail message (multipart/related, each part in base64 with
its Content-Type, Content-ID, Content-Location and file name; the MMS fields as From/To/Cc/
Subject/Date and X-Mms-* headers, as MM4 writes them), or a mail message to a PDU. The
direction comes from the input; --to checks it. A mail without X-Mms-Message-Type becomes an
m-retrieve-conf of MMS 1.2.

Options:
  --to eml|mms     the output format (default: the other one)
  -o, --output     the output file, or - for stdout (default: stdout); written whole or not at all
  --domain         the domain of phone-number addresses in mail (default mms.invalid):
                   +15551234567/TYPE=PLMN becomes +15551234567/TYPE=PLMN@<domain>
  -h, --help       this help`,
  options: {
    to: { type: 'string' },
    output: { type: 'string', short: 'o' },
    domain: { type: 'string' },
  },
  async run (values, positionals, io) {
    const [path] = expectPositionals(positionals, ['file']) as [string]
    if (values.to !== undefined && values.to !== 'eml' && values.to !== 'mms') throw new UsageError('--to takes eml or mms')
    const input = await openInput(path, io)
    const { first, stream } = await peek(input.stream)
    const from = first === MESSAGE_TYPE_CODE ? 'mms' : 'eml'
    if (values.to === from) {
      stream.destroy()
      throw new UsageError(`the input is ${from === 'mms' ? 'an MMSE PDU' : 'not an MMSE PDU (read as mail)'}: it converts to ${from === 'mms' ? 'eml' : 'mms'}`)
    }
    const output = typeof values.output === 'string' ? values.output : '-'
    const domain = typeof values.domain === 'string' ? values.domain : undefined
    if (from === 'mms') await write(mailOf(stream, domain), output, io)
    else await mmsOf(stream, output, io)
    return 0
  },
}

/** The input's first octet, and the input again from its start. */
async function peek (stream: Readable): Promise<{ first: number | undefined, stream: Readable }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const head = await iterator.next()
  async function * all (): AsyncGenerator<Buffer> {
    if (head.done === true) return
    yield head.value
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value
  }
  return { first: head.done === true ? undefined : head.value[0], stream: Readable.from(all(), { objectMode: false }) }
}

function mailOf (stream: Readable, domain: string | undefined): Readable {
  const parser = new MmseParser()
  pipeline(stream, parser).catch(() => undefined) // the parser's error reaches toMime through its events
  return toMime(parser.events(), domain === undefined ? {} : { domain })
}

async function write (data: Readable, output: string, io: CliIo): Promise<void> {
  if (output === '-') await pipeline(data, io.stdout, { end: false })
  else await writeStreamAtomic(output, data, io)
}

/** A mail message to a PDU: parts spooled, then streamed into the encoder with their sizes. */
async function mmsOf (stream: Readable, output: string, io: CliIo): Promise<void> {
  const spool = await mkdtemp(join(tmpdir(), 'mmse-convert-'))
  io.leftovers.add(spool)
  try {
    let headers: EncodeHeaders = { ...DEFAULT_HEADERS }
    const parts: Array<StreamPart & { file: string }> = []
    for await (const event of fromMime(stream)) {
      if (event.type === 'headers') headers = { ...DEFAULT_HEADERS, ...event.headers } as EncodeHeaders
      else if (event.type === 'nested') {
        throw new MmseError('ERR_MMSE_BAD_INPUT', `part ${event.path.join('.')} is a nested multipart, which convert does not write yet`, 0)
      } else {
        const file = join(spool, `part-${parts.length}`)
        const sink = createWriteStream(file)
        await pipeline(event.part, sink)
        parts.push({ contentType: event.part.contentType, headers: event.part.headers, size: sink.bytesWritten, body: Readable.from([]), file })
      }
    }
    const encoder = new MmseEncoder(headers, { parts: parts.map(({ file, ...part }) => ({ ...part, body: createReadStream(file) })) })
    await write(encoder, output, io)
  } finally {
    await rm(spool, { recursive: true, force: true })
    io.leftovers.delete(spool)
  }
}
