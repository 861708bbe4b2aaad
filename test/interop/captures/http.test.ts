/**
 * MMS over HTTP captured for real: the MMSC example on loopback, driven by curl and by Node's
 * fetch (POST m-send-req, GET m-retrieve-conf, two GETs on one keep-alive connection), captured
 * by tcpdump on lo (Ethernet-framed, as Linux writes lo) and on any (Linux cooked v2) at once.
 * The captures are read as they are, after editcap (pcapng, nanosecond pcap), gzip, and
 * damaged (cut at every record boundary and inside records, segments dropped, reordered and
 * duplicated, a snap length of 100). tshark is the oracle: the PDUs it finds and the mmse.*
 * fields it prints equal ours.
 */
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { buildSendReq, decode, decodeCapture, encode, MmseError } from '../../../lib/index.js'
import { CaptureReader } from '../../../lib/capture/reader.js'
import { startMmsc } from '../../support/mmsc-harness.js'
import { seededBytes } from '../../support/mmsc-streams.js'
import { notInstalled } from '../../support/missing.js'
import { canCapture, findProgram, Tcpdump } from '../../support/tcpdump.js'
import { ourRows, tsharkRows } from '../../support/capture-oracle.js'
import { pcap } from '../../support/pcap.js'
import { dropEachSegment } from '../../support/capture-damage.js'
import { within } from '../../support/within.js'

const tshark = findProgram('tshark')
const curl = findProgram('curl')
const editcap = findProgram('editcap')
const skip = tshark === undefined ? notInstalled('tshark', 'tshark') : editcap === undefined ? notInstalled('editcap', 'wireshark-common') : curl === undefined ? notInstalled('curl', 'curl') : !canCapture() ? 'tcpdump is not installed or cannot capture here (needs root): bash .ci/install-debian.sh' : false

/** A program run without blocking the event loop (the MMSC it talks to runs in this process). */
const run = promisify(execFile)

const A = '+15550001'
const B = '+15550002'

/** A record of a capture file, copied out: its frame number, data and time. */
interface Copied {
  frame: number
  data: Uint8Array
  time: bigint
}

/** The records of a capture file, copied out. */
function records (file: Uint8Array): Copied[] {
  const out: Copied[] = []
  const reader = new CaptureReader(1 << 24, (record) => out.push({ frame: record.frame, data: record.data.slice(), time: record.time }))
  reader.write(file)
  return out
}

/** What a scan found, comparable: type, transaction id, last frame, the PDU's length and octets. */
function found (file: Uint8Array, options = {}): Array<{ type: unknown, tid: unknown, frame: number, pdu: string, complete: boolean }> {
  return decodeCapture(file, options).messages.map((m) => ({
    type: m.message?.headers.messageType,
    tid: m.message?.headers.transactionId,
    frame: m.end.frames[m.end.frames.length - 1] as number,
    pdu: Buffer.from(m.pdu).toString('base64'),
    complete: m.end.complete,
  }))
}

t.test('HTTP captures of the MMSC example', { skip, timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-captures-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const { url, notifier } = await startMmsc(t)
  const port = new URL(url).port
  const decodeAs = [`tcp.port==${port},http`]
  const lo = join(dir, 'lo.pcap')
  const any = join(dir, 'any.pcap')
  const sentPdus: Uint8Array[] = []
  const retrieved: Buffer[] = []
  const dumps = [await Tcpdump.start('lo', lo, `tcp port ${port}`), await Tcpdump.start('any', any, `tcp port ${port}`, ['-y', 'LINUX_SLL2'])]
  try {
    const big = encode(buildSendReq({ to: B, subject: 'by curl', parts: [{ contentType: 'image/jpeg', data: seededBytes(1, 200_000), name: 'photo.jpg' }, { contentType: 'text/plain', data: 'hello' }] }))
    const small = encode(buildSendReq({ to: B, subject: 'by fetch', parts: [{ contentType: 'text/plain', data: 'hi from fetch' }] }))
    sentPdus.push(big, small)
    const sendReq = join(dir, 'send-req.mms')
    writeFileSync(sendReq, big)
    await run(curl as string, ['-s', '-f', '--data-binary', `@${sendReq}`, '-H', 'Content-Type: application/vnd.wap.mms-message', '-H', `X-MSISDN: ${A}`, '-o', join(dir, 'conf1.mms'), url], { timeout: 30_000 })
    t.pass('curl POSTed an m-send-req')
    const sent = await fetch(url, { method: 'POST', body: small, headers: { 'content-type': 'application/vnd.wap.mms-message', 'x-msisdn': A } })
    t.equal(sent.status, 200, 'fetch POSTed an m-send-req')
    await sent.arrayBuffer()
    // The m-notification-inds the MMSC pushed name the messages to fetch.
    const pushes = await within(notifier.reached(2), 30_000, 'two notifications')
    const locations = pushes.map((push) => decode(push.pdu).headers.contentLocation as string)
    // Two GETs on one connection (fetch keeps it alive), one by curl.
    for (const location of locations) {
      const answer = await fetch(location)
      retrieved.push(Buffer.from(await answer.arrayBuffer()))
    }
    const out = join(dir, 'retrieved.mms')
    await run(curl as string, ['-s', '-f', '-o', out, locations[0] as string], { timeout: 30_000 })
    t.pass('curl GETs an m-retrieve-conf')
    retrieved.push(readFileSync(out))
    const marker = `/capture-end-${Date.now()}`
    await (await fetch(new URL(marker, url))).arrayBuffer()
    for (const file of [lo, any]) await Tcpdump.written(file, marker)
  } finally {
    for (const dump of dumps) await dump.stop()
  }

  const file = readFileSync(lo)
  const result = decodeCapture(file)
  t.same(result.warnings, [], 'no warnings on a clean capture')
  const types = result.messages.map((m) => m.message?.headers.messageType)
  t.same(types.filter((type) => type === 'm-send-req').length, 2, 'both m-send-req')
  t.same(types.filter((type) => type === 'm-send-conf').length, 2, 'both m-send-conf')
  t.same(types.filter((type) => type === 'm-retrieve-conf').length, 3, 'the three m-retrieve-conf')
  t.ok(result.messages.every((m) => m.end.complete && m.error === undefined), 'all complete, all decoded')
  t.ok(result.messages.some((m) => m.context.carrier.kind === 'GET' && m.context.carrier.status === 200), 'responses paired with their GET')
  const pdus = new Set(result.messages.map((m) => Buffer.from(m.pdu).toString('base64')))
  t.ok([...sentPdus, ...retrieved].every((pdu) => pdus.has(Buffer.from(pdu).toString('base64'))), 'every PDU sent and received is in the capture, byte for byte')

  t.test('tshark finds the same PDUs, in the same frames, with the same mmse.* fields', async (t) => {
    for (const capture of [lo, any]) {
      const ours = ourRows(decodeCapture(readFileSync(capture)).messages)
      const theirs = tsharkRows(tshark as string, capture, decodeAs)
      t.same([...ours.keys()], [...theirs.keys()], `${capture}: frames`)
      t.same(ours, theirs, `${capture}: fields`)
    }
  })

  t.test('tcpdump -i any (Linux cooked v2) gives the same messages', async (t) => {
    const fromAny = found(readFileSync(any)).map(({ frame, ...rest }) => rest)
    t.same(fromAny, found(file).map(({ frame, ...rest }) => rest))
  })

  t.test('editcap conversions and gzip give the same messages', async (t) => {
    const expected = found(file)
    for (const format of ['pcapng', 'nsecpcap']) {
      const converted = join(dir, `lo.${format}`)
      t.equal(spawnSync(editcap as string, ['-F', format, lo, converted]).status, 0, `editcap -F ${format}`)
      t.same(found(readFileSync(converted)), expected, format)
    }
    t.same(found(gzipSync(file)), expected, 'gzip')
  })

  t.test('damaged captures end in results with warnings, never a crash', async (t) => {
    const all = records(file)
    const head = file.subarray(0, 24)
    const expected = found(file)
    const whole = new Set(expected.map((m) => m.pdu))
    const check = (bytes: Uint8Array, what: string): void => {
      try {
        for (const m of found(bytes)) {
          if (m.complete && !whole.has(m.pdu)) t.fail(`${what}: a complete message that was never sent`)
        }
      } catch (err) {
        if (!(err instanceof MmseError)) throw err
      }
    }
    let at = 24
    for (const record of all) {
      check(file.subarray(0, at), `cut at offset ${at}`)
      check(file.subarray(0, at + 9), `cut at offset ${at + 9}`)
      at += 16 + record.data.length
    }
    t.pass(`cut at ${all.length} record boundaries and inside every record`)
    const rebuild = (list: Copied[]): Uint8Array => Buffer.concat([head, pcap(list.map((r) => ({ data: r.data, time: r.time }))).subarray(24)])
    t.same(found(rebuild(all)), expected, 'rebuilt as it was: the same')
    const doubled = all.flatMap((r) => [r, r])
    t.same(found(rebuild(doubled)).map(({ frame, ...rest }) => rest), expected.map(({ frame, ...rest }) => rest), 'every packet twice: the same messages')
    const big = all.reduce((best, r, i) => r.data.length > (all[best] as Copied).data.length ? i : best, 0)
    const swapped = [...all]
    ;[swapped[big], swapped[big + 1]] = [swapped[big + 1] as Copied, swapped[big] as Copied]
    t.same(found(rebuild(swapped)).map(({ frame, ...rest }) => rest), expected.map(({ frame, ...rest }) => rest), 'two segments swapped: the same messages')
    // Each segment with TCP payload dropped in turn, whatever its size or place.
    const { dropped, wrong } = dropEachSegment(file)
    t.same(wrong, [], `each of the ${dropped} segments with payload dropped: a gap, and the message it belonged to says which octets are missing`)
    const snapped = join(dir, 'snap100.pcap')
    t.equal(spawnSync(editcap as string, ['-s', '100', lo, snapped]).status, 0, 'editcap -s 100')
    const cut = decodeCapture(readFileSync(snapped))
    t.ok(cut.warnings.length > 0, `snap length 100: ${cut.warnings.length} warnings`)
    t.ok(cut.messages.every((m) => !m.end.complete || m.pdu.length < 60), 'no message longer than a packet claims to be complete')
  })
})
