/**
 * The hand-built PDUs of test/fixtures/messages.ts (one per message type, OMA-TS-MMS_ENC §7.3.30, plus
 * body variants: §6.3, §7, docs/wire-format.md Q13 and Q26) through `decode()` and through `MmseParser` under
 * several chunkings (the same events whatever the split), and every strict
 * prefix of each: ERR_MMSE_TRUNCATED, or a complete result when the prefix is itself a whole
 * PDU; never another exception, never a stalled stream.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { decode, type DecodedPart, type MmseMessage } from '../../../lib/index.js'
import { MmseError } from '../../../lib/errors.js'
import { MmseParser } from '../../../lib/index.js'
import { cat, field, uintvar, wellKnownMedia } from '../../support/wire.js'
import { MESSAGE_TYPE_NAMES } from '../../fixtures/fields.js'
import { type ExpectedMessage, type ExpectedPart, MESSAGE_FIXTURES } from '../../fixtures/messages.js'
import { chunkings, plain, transcript, type TranscriptEntry } from '../../support/transcript.js'
import { within } from '../../support/within.js'

const STALL_MS = 5000

function checkMessage (t: Test, actual: MmseMessage | undefined, expected: ExpectedMessage, where: string): void {
  if (actual === undefined) {
    t.fail(`${where}: no nested message`)
    return
  }
  for (const [key, value] of Object.entries(expected.headers)) {
    t.strictSame(plain((actual.headers as Record<string, unknown>)[key]), plain(value), `${where}: ${key}`)
  }
  checkParts(t, actual.parts, expected.parts ?? [], where)
}

function checkParts (t: Test, actual: DecodedPart[], expected: ExpectedPart[], where: string): void {
  t.equal(actual.length, expected.length, `${where}: ${expected.length} parts`)
  expected.forEach((want, i) => {
    const part = actual[i]
    const at = `${where} part ${i}`
    if (part === undefined) return
    t.strictSame(plain({
      contentType: part.contentType.mediaType, size: part.size, contentId: part.contentId, contentLocation: part.contentLocation,
      filename: part.filename, transferEncoding: part.transferEncoding,
    }), plain({
      contentType: want.contentType, size: want.size, contentId: want.contentId, contentLocation: want.contentLocation,
      filename: want.filename, transferEncoding: want.transferEncoding,
    }), `${at}: info`)
    if (want.params !== undefined) t.strictSame(plain(part.contentType.params), plain(want.params), `${at}: params`)
    if (want.text !== undefined) t.equal(Buffer.from(part.data).toString('utf8'), want.text, `${at}: text`)
    if (want.data !== undefined) t.strictSame(plain(part.data), plain(want.data), `${at}: data`)
    if (want.parts !== undefined) checkParts(t, part.parts ?? [], want.parts, at)
    if (want.message !== undefined) checkMessage(t, part.message, want.message, at)
  })
}

/** Leaf parts in stream order (containers contribute their contents, not themselves). */
function leaves (parts: DecodedPart[]): DecodedPart[] {
  return parts.flatMap(part => part.parts !== undefined ? leaves(part.parts) : [part])
}

function sha256 (data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

t.test('one fixture per message type, and the files under pdus/ are current', async t => {
  const types = new Set(MESSAGE_FIXTURES.map(fixture => fixture.expected.headers.messageType))
  t.strictSame([...MESSAGE_TYPE_NAMES].filter(name => !types.has(name)), [], 'message types without a fixture')
  for (const fixture of MESSAGE_FIXTURES) {
    const file = new URL(`../../fixtures/pdus/${fixture.name}.mms`, import.meta.url)
    t.strictSame(plain(readFileSync(file)), plain(fixture.bytes), `pdus/${fixture.name}.mms matches (run test/fixtures/write-pdus.ts)`)
  }
  t.comment(`${MESSAGE_FIXTURES.length} fixtures cover ${types.size} message types, ${MESSAGE_FIXTURES.reduce((sum, f) => sum + f.bytes.length, 0)} bytes in all`)
})

t.test('decode() gives the expected headers and parts', async t => {
  for (const fixture of MESSAGE_FIXTURES) {
    const message = decode(fixture.bytes)
    checkMessage(t, message, fixture.expected, fixture.name)
    t.strictSame(message.warnings, [], `${fixture.name}: no warnings`)
    const strict = decode(fixture.bytes, { strict: true })
    t.strictSame(plain(strict.headers), plain(message.headers), `${fixture.name}: same headers in strict mode`)
  }
})

t.test('MmseParser gives one transcript whatever the chunking', async t => {
  let runs = 0
  for (const [i, fixture] of MESSAGE_FIXTURES.entries()) {
    const named = chunkings(fixture.bytes, 0x5eed + i)
    const whole = await transcript(fixture.bytes, named.whole as number[])
    runs++
    t.strictSame(whole.at(-1), { type: 'end' }, `${fixture.name}: the stream ends cleanly`)
    const message = decode(fixture.bytes)
    const top = whole.find((entry): entry is Extract<TranscriptEntry, { type: 'headers' }> => entry.type === 'headers' && entry.path.length === 0)
    t.strictSame(top?.headers, plain(message.headers), `${fixture.name}: stream headers = decode() headers`)
    const streamed = whole.filter((entry): entry is Extract<TranscriptEntry, { type: 'part' }> => entry.type === 'part')
    t.strictSame(streamed.map(part => part.sha256), leaves(message.parts).map(part => sha256(part.data)), `${fixture.name}: part data = decode() data`)
    for (const [name, chunking] of Object.entries(named)) {
      if (name === 'whole') continue
      t.strictSame(await transcript(fixture.bytes, chunking), whole, `${fixture.name}: ${name} (${chunking.length} chunks)`)
      runs++
    }
  }
  t.comment(`${runs} transcripts over ${MESSAGE_FIXTURES.length} fixtures`)
})

t.test('every strict prefix is truncated, or a whole PDU of its own', async t => {
  let truncated = 0
  let complete = 0
  for (const fixture of MESSAGE_FIXTURES) {
    const full = decode(fixture.bytes)
    const ends = new Set(full.headerList.map(header => header.offset + header.length))
    const contentType = full.headerList.find(header => header.code === 0x84)
    const bodyStart = contentType === undefined ? Infinity : contentType.offset + contentType.length
    // A body that is not a multipart runs to the end of the input: any cut of it is a whole, shorter body.
    const openBody = full.headers.contentType !== undefined && !full.headers.contentType.mediaType.startsWith('application/vnd.wap.multipart.')
    for (let n = 0; n < fixture.bytes.length; n++) {
      const prefix = fixture.bytes.subarray(0, n)
      const whole = (n <= bodyStart && ends.has(n)) || (openBody && n >= bodyStart)
      const where = `${fixture.name}[0, ${n})`
      let outcome: string
      try {
        decode(prefix)
        outcome = 'complete'
      } catch (err) {
        if (!(err instanceof MmseError)) throw err
        outcome = err.code
      }
      if (outcome !== (whole ? 'complete' : 'ERR_MMSE_TRUNCATED')) t.fail(`${where}: ${outcome}`)
      if (whole) complete++
      else truncated++
      const streamed = await within(transcript(prefix, [n]), STALL_MS, where)
      const last = streamed.at(-1)
      const streamOutcome = last?.type === 'error' ? last.code : 'complete'
      if (streamOutcome !== outcome) t.fail(`${where}: the stream says ${streamOutcome}, decode() ${outcome}`)
    }
  }
  t.pass(`${truncated + complete} prefixes checked`)
  t.comment(`${truncated + complete} strict prefixes: ${truncated} ERR_MMSE_TRUNCATED, ${complete} complete PDUs`)
})

t.test('input ending inside an entry fails the parser once: no unhandled error from a part', async t => {
  // m-send-req; Content-Type multipart.mixed; 1 entry of HeadersLen 1, DataLen 5: text/plain and 1 of its 5 octets.
  const bytes = cat(field(0x8c, 0x80), field(0x84, wellKnownMedia(0x23)), uintvar(1), uintvar(1), uintvar(5), wellKnownMedia(0x03), 'a')
  const unhandled: unknown[] = []
  const parser = new MmseParser()
  // A part the consumer never received must not emit an 'error' nobody can listen to.
  parser.on('part', part => {
    const emit = part.emit.bind(part)
    part.emit = ((name: string, ...args: unknown[]) => {
      if (name === 'error' && part.listenerCount('error') === 0) {
        unhandled.push(args[0])
        return false
      }
      return emit(name, ...args)
    }) as typeof part.emit
  })
  parser.end(Buffer.from(bytes))
  let outcome = 'end'
  try {
    for await (const event of parser) {
      if (event.type === 'part') for await (const data of event.part) void data
    }
  } catch (err) {
    outcome = err instanceof MmseError ? err.code : String(err)
  }
  await new Promise(resolve => setImmediate(resolve))
  t.equal(outcome, 'ERR_MMSE_TRUNCATED', 'the parser fails with ERR_MMSE_TRUNCATED')
  t.equal(unhandled.length, 0, 'no part emitted an error without a listener')
})
