/**
 * `mmse extract --eml`: the message as one Internet mail message, `message.eml` (RFC 5322 /
 * MIME, docs/mail.md), in the destination `extract` writes to, instead of a file per part: the
 * form any mail client, archive or e-discovery tool opens. Streamed, staged and committed like
 * the part files.
 */
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { MmseParser } from '../index.js'
import { toMime } from '../mail/index.js'
import type { Destination } from './destinations.js'

const EML_FILE = 'message.eml'

export async function extractEml (input: Readable, destination: Destination): Promise<void> {
  const parser = new MmseParser()
  const parsed = pipeline(input, parser)
  await Promise.all([parsed, destination.write(EML_FILE, toMime(parser.events()))])
  await destination.commit()
}
