/**
 * The real PDUs of the shared corpus (../shared/corpus: README.md, CATALOG.tsv, EXPECTED.md),
 * read at test time and never copied here: they are GPL/AGPL. Every raw PDU the catalog lists
 * decodes in lenient mode, except those it flags as not MMSE or truncated, which fail with
 * ERR_MMSE_NOT_MMSE / ERR_MMSE_TRUNCATED; every WSP push (WAP-230 §8.2.4) carries an MMSE body
 * that decodes; what EXPECTED.md states about a PDU holds; the mms-engine reference parts match
 * byte for byte; and MmseParser gives one transcript whatever the chunking.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import t from 'tap'
import { decode, type MmseMessage } from '../../../lib/index.js'
import { MmseError, type MmseErrorCode } from '../../../lib/errors.js'
import { readExpectations } from '../../fixtures/corpus-expected.js'
import { chunkings, plain, transcript } from '../../support/transcript.js'

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url)

interface CatalogRow {
  file: string
  typeGuess: string
  notes: string
}

function readCatalog (): CatalogRow[] {
  const [head, ...rows] = readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8').split('\n').filter(line => line !== '')
  const columns = (head as string).split('\t')
  const at = (name: string): number => columns.indexOf(name)
  return rows.map(row => row.split('\t')).map(cells => ({
    file: cells[at('file')] as string,
    typeGuess: cells[at('pdu_type_guess')] ?? '',
    notes: cells[at('notes')] ?? '',
  }))
}

/** What the catalog's notes say a file must fail with, if anything. */
function expectedRejection (row: CatalogRow): MmseErrorCode | undefined {
  if (/NOT-MMSE/.test(row.typeGuess) || /NOT MMSE/.test(row.notes)) return 'ERR_MMSE_NOT_MMSE'
  if (/TRUNCATED/.test(row.notes)) return 'ERR_MMSE_TRUNCATED'
  return undefined
}

/**
 * The MMSE body of a WSP connectionless Push (WAP-230 §8.2.4, WAP-230 §8.2.4): TID, PDU type
 * 0x06 (Push) or 0x07 (Confirmed Push), HeadersLen as a uintvar, then ContentType and Headers
 * in HeadersLen octets; the body is the rest.
 */
function pushBody (bytes: Uint8Array): Uint8Array {
  if (bytes[1] !== 0x06 && bytes[1] !== 0x07) throw new Error(`PDU type 0x${bytes[1]?.toString(16)} is not a push`)
  let pos = 2
  let headersLen = 0
  for (let octet = 0x80; (octet & 0x80) !== 0; pos++) {
    octet = bytes[pos] ?? 0
    headersLen = headersLen * 128 + (octet & 0x7f)
  }
  return bytes.subarray(pos + headersLen)
}

function sha256 (bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

if (!existsSync(CORPUS)) {
  t.plan(0, `corpus not found at ${CORPUS.pathname}: skipped`)
} else {
  const catalog = readCatalog()
  const read = (file: string): Uint8Array => readFileSync(new URL(file, CORPUS))
  /** Decoded messages by corpus path; for a push, its MMSE body. */
  const messages = new Map<string, MmseMessage>()
  /** The inputs that decode, by content (identical files are run once). */
  const inputs = new Map<string, { file: string, bytes: Uint8Array }>()
  const rejected = new Map<string, MmseErrorCode>()

  t.test('raw PDUs decode leniently, or fail as the catalog flags them', async t => {
    let decoded = 0
    let warnings = 0
    for (const row of catalog.filter(row => !row.file.endsWith('.wsppush'))) {
      const bytes = read(row.file)
      const rejection = expectedRejection(row)
      if (rejection !== undefined) {
        let outcome = 'decoded'
        try {
          decode(bytes)
        } catch (err) {
          outcome = err instanceof MmseError ? err.code : String(err)
        }
        t.equal(outcome, rejection, `${row.file}: ${rejection}`)
        rejected.set(row.file, rejection)
        continue
      }
      let message: MmseMessage
      try {
        message = decode(bytes)
      } catch (err) {
        t.fail(`${row.file}: ${err instanceof MmseError ? `${err.code} at ${err.offset}: ${err.message}` : String(err)}`)
        continue
      }
      messages.set(row.file, message)
      inputs.set(sha256(bytes), { file: row.file, bytes })
      decoded++
      warnings += message.warnings.length
      if (message.warnings.length > 0) t.comment(`${row.file}: ${message.warnings.map(w => `${w.code}@${w.offset}`).join(', ')}`)
    }
    t.ok(decoded > 0, 'some PDUs decode')
    t.comment(`${decoded} raw PDUs decoded (${warnings} warnings), ${rejected.size} rejected as the catalog says (${[...new Set(rejected.values())].join(', ')})`)
  })

  t.test('WSP push PDUs carry an MMSE body that decodes', async t => {
    let pushes = 0
    for (const row of catalog.filter(row => row.file.endsWith('.wsppush'))) {
      const body = pushBody(read(row.file))
      t.equal(body[0], 0x8c, `${row.file}: the body starts with X-Mms-Message-Type`)
      const message = decode(body)
      t.equal(message.headers.messageType, 'm-notification-ind', `${row.file}: an m-notification-ind`)
      messages.set(row.file, message)
      inputs.set(sha256(body), { file: `${row.file} (body)`, bytes: body })
      pushes++
    }
    t.comment(`${pushes} push PDUs unwrapped and decoded`)
  })

  t.test('what EXPECTED.md states holds', async t => {
    const markdown = readFileSync(new URL('EXPECTED.md', CORPUS), 'utf8')
    const expectations = readExpectations(markdown, path => existsSync(new URL(path, CORPUS)))
    let checked = 0
    for (const check of expectations.values) {
      const message = messages.get(check.file)
      if (message === undefined) {
        if (!rejected.has(check.file)) t.fail(`${check.file}: stated about, but not decoded`)
        continue
      }
      t.strictSame(plain(check.actual(message)), plain(check.expected), `${check.file}: ${check.what}`)
      checked++
    }
    for (const ref of expectations.partFiles) {
      const message = decode(read(ref.file), { decodeTransferEncoding: !ref.raw })
      const data = message.parts[ref.part]?.data
      const expected = read(ref.expectedFile)
      t.ok(data !== undefined && Buffer.compare(Buffer.from(data), Buffer.from(expected)) === 0,
        `${ref.file}: part[${ref.part}] ${ref.raw ? 'raw bytes' : 'decoded bytes'} = ${ref.expectedFile.split('/').pop()} (${expected.length} bytes)`)
      checked++
    }
    t.ok(checked > 0, 'some statements checked')
    for (const statement of expectations.unchecked) t.comment(`not checked: ${statement}`)
    t.comment(`${checked} expectations checked (${expectations.partFiles.length} against reference part files), ${expectations.unchecked.length} statements not mapped`)
  })

  t.test('MmseParser gives one transcript whatever the chunking', async t => {
    let runs = 0
    let seed = 0x5eed
    for (const { file, bytes } of inputs.values()) {
      const named = chunkings(bytes, seed++)
      const whole = await transcript(bytes, named.whole as number[])
      runs++
      t.strictSame(whole.at(-1), { type: 'end' }, `${file}: the stream ends cleanly`)
      for (const [name, chunking] of Object.entries(named)) {
        if (name === 'whole') continue
        const other = await transcript(bytes, chunking)
        runs++
        // Compare cheaply first: a full diff of a large transcript is only worth printing when they differ.
        if (JSON.stringify(other) === JSON.stringify(whole)) t.pass(`${file}: ${name} (${chunking.length} chunks)`)
        else t.strictSame(other, whole, `${file}: ${name} (${chunking.length} chunks)`)
      }
    }
    for (const [file, code] of rejected) {
      const streamed = await transcript(read(file), [read(file).length])
      t.match(streamed.at(-1), { type: 'error', code }, `${file}: the stream fails with ${code} too`)
      runs++
    }
    t.comment(`${runs} transcripts over ${inputs.size} distinct decodable inputs and ${rejected.size} rejected files`)
  })
}
