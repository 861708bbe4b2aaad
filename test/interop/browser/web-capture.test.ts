/**
 * The web inspector opens a capture in Chromium: pcap files built in the test (a POST
 * m-send-req and a GET m-retrieve-conf on one keep-alive connection, a WAP Push over UDP 2948,
 * a push for another application), the same as pcapng and gzip-compressed, and damaged (a TCP
 * segment lost, the file cut inside a record, a broken header). The list the page shows is what
 * Node's decodeCapture() finds (count, message types, frames, complete flags, the capture's
 * warnings); a message opened from it shows the tree of Node's decode() of its PDU, and its
 * parts download byte for byte. Keyboard use and contrast as in inspector.test.ts. Last, two
 * 20 MiB messages: the capture streams through the page in bounded memory, and the second
 * message is past what the page keeps from the scan, so opening it reads the capture again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { buildNotificationInd, type CapturedMms, type CaptureResult, decode, decodeCapture, encode, encodePush, MmseError, type MmseMessage } from '../../../lib/index.js'
import { formatValue } from '../../../web/src/format.js'
import { requireBrowser } from '../../support/browser.js'
import { contrastOf, COUNT_READS, downloadDigest, headerRows, loadFile, marked, openInspector, partRows, settled, sha256, treeRows } from '../../support/browser-page.js'
import { seededBytes } from '../../support/mmsc-streams.js'
import { conversation, ENDS, ethernet, httpRequest, httpResponse, ipv4, type Packet, packets, pcap, pcapng, udp } from '../../support/pcap.js'

const MiB = 1024 * 1024
/** Bounds the big capture is held to in the page. */
const HEAP_BOUND = 32 * MiB
/** The largest single read the page may make of a file. */
const READ_BOUND = 64 * 1024

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64')

const sendReq = encode({
  headers: { messageType: 'm-send-req', transactionId: 'T-1', mmsVersion: '1.2', from: { insertAddress: true }, to: [{ address: '+15550001', type: 'PLMN', raw: '+15550001/TYPE=PLMN' }], subject: { text: 'from the capture' }, contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
  parts: [
    { contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, headers: { 'Content-Location': 'hello.txt' }, data: Buffer.from('Hallo aus dem Mitschnitt') },
    { contentType: { mediaType: 'image/gif', params: {} }, headers: { 'Content-Location': 'pixel.gif' }, data: PIXEL },
  ],
} as never)
const sendConf = encode({ headers: { messageType: 'm-send-conf', transactionId: 'T-1', mmsVersion: '1.2', responseStatus: { name: 'ok', code: 0x80 } } } as never)
const BLOB = seededBytes(3, 5000)
const retrieveConf = encode({
  headers: { messageType: 'm-retrieve-conf', transactionId: 'T-2', mmsVersion: '1.2', from: { address: '+15550002', type: 'PLMN', raw: '+15550002/TYPE=PLMN' }, date: new Date('2026-01-01T00:00:00Z'), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
  parts: [{ contentType: { mediaType: 'application/octet-stream', params: {} }, headers: { 'Content-Location': 'blob.bin' }, data: BLOB }],
} as never)
const notification = encode(buildNotificationInd({ transactionId: 'T-3', contentLocation: 'http://mmsc.example/m/3', messageSize: 5000 }))

/** The HTTP conversation, then a WAP Push of an m-notification-ind to UDP 2948, then a push for device management. */
function mixedPackets (mss = 700): Packet[] {
  const http = packets(ENDS, conversation(ENDS, [
    { request: httpRequest('POST', '/mms', sendReq, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, sendConf) },
    { request: httpRequest('GET', '/mms?id=2', new Uint8Array(0)), response: httpResponse(200, retrieveConf) },
  ], mss))
  const push = encodePush({ body: notification })
  const other = encodePush({ body: Uint8Array.of(1, 2, 3, 4), contentType: 'application/vnd.syncml.notification', applicationId: 'x-wap-application:push.syncml.dm' })
  const datagram = (payload: Uint8Array): Packet => ({ data: ethernet(ipv4({ src: '10.0.0.9', dst: '10.0.0.1', protocol: 17, payload: udp(9200, 2948, payload) })) })
  return [...http, datagram(push), datagram(other)].map((packet, i) => ({ ...packet, time: BigInt(1_767_225_600 + i) * 1_000_000_000n + 123_456_000n }))
}

/** decodeCapture()'s messages in the order they began (it gives them as they end), as the page lists them. */
function inOrder (result: CaptureResult): CapturedMms[] {
  return [...result.messages].sort((a, b) => a.context.id - b.context.id)
}

/** The message type a captured MMS decoded to, or read before it broke off. */
function typeOf (m: CapturedMms): string {
  const headers = m.message?.headers ?? (m.error?.partial as MmseMessage | undefined)?.headers
  return headers === undefined ? '' : formatValue(headers.messageType)
}

interface Row {
  number: string
  type: string
  frames: string
  state: string
  transport: string
  carrier: string
  source: string
}

async function listRows (page: Page): Promise<Row[]> {
  return page.locator('#capture-list tr').evaluateAll(rows => rows.map(row => {
    const cell = (column: string): string => (row.querySelector(`[data-column="${column}"]`)?.textContent ?? '').trim()
    return { number: cell('No.'), type: cell('Message type'), frames: cell('Frames'), state: cell('State'), transport: cell('Transport'), carrier: cell('Carrier'), source: cell('Source') }
  }))
}

/** The list equals what decodeCapture() found: one row each, in order, with its type, frames and state. */
async function checkList (t: Test, page: Page, result: CaptureResult): Promise<void> {
  const rows = await listRows(page)
  t.equal(rows.length, result.messages.length, `${result.messages.length} MMS listed`)
  for (const [i, m] of inOrder(result).entries()) {
    const row = rows[i] as Row
    t.equal(row.number, `MMS ${m.context.id}`)
    t.equal(row.type, typeOf(m), `MMS ${m.context.id}: ${typeOf(m)}`)
    t.equal(row.frames, m.end.frames.join(', '), `MMS ${m.context.id}: frames ${m.end.frames.join(', ')}`)
    t.match(row.state, new RegExp(`^${m.end.complete ? 'complete' : 'incomplete'}`), `MMS ${m.context.id}: ${m.end.complete ? 'complete' : 'incomplete'}`)
    t.equal(row.transport, m.context.path.join('/'))
    t.equal(row.source, `${m.context.src.address}:${m.context.src.port}`)
  }
  const findings = await page.locator('#capture-findings li').allInnerTexts()
  for (const w of result.warnings) t.ok(findings.includes(`Warning: ${w.code} (frame ${w.frame}): ${w.message}`), `the capture warning ${w.code} is shown`)
  t.equal(findings.filter(f => f.startsWith('Not MMS')).length, result.carried.length, 'what is not MMS is listed as such')
}

/** Opens MMS `id` from the list and waits for the views. */
async function open (page: Page, name: string, id: number): Promise<string> {
  await page.getByRole('button', { name: new RegExp(`^Open MMS ${id}\\b`) }).click()
  return settled(page, `${name}, MMS ${id}:`)
}

/** The opened message's tree is that of Node's decode() of its PDU (or, for one that does not decode, the same error). */
async function checkOpened (t: Test, page: Page, status: string, m: CapturedMms): Promise<void> {
  if (m.message !== undefined) {
    t.match(status, /MMSE PDU from a capture/)
    const rows = await treeRows(page)
    const missing = [...headerRows(m.message), ...partRows(m.message.parts)].filter(row => !rows.includes(row))
    t.same(missing, [], `MMS ${m.context.id}: every header and part of decode(pdu) has its row`)
    t.same(decode(m.pdu).headerList.length, m.message.headerList.length)
  } else {
    const error = m.error as MmseError
    t.match(status, `${error.code} at offset ${error.offset}`, `MMS ${m.context.id}: ${error.code}, as decode() says`)
    t.same((await marked(page, 'err')).offsets, [error.offset], 'the offending offset is marked')
  }
  t.match(await page.locator('#hex-status').innerText(), `of ${m.pdu.length}.`, 'the hex view shows the MMS\'s own octets')
}

if (requireBrowser(t)) {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-web-capture-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name)
    writeFileSync(path, bytes)
    return path
  }
  const mixed = pcap(mixedPackets())

  let page: Page
  let url: string
  openInspector(t, join(dir, 'site'), (opened) => {
    page = opened.page
    url = opened.url
  })

  t.test('a capture: the list is what decodeCapture() finds; each MMS opens as decode() reads it', async t => {
    const result = decodeCapture(mixed)
    t.same(inOrder(result).map(typeOf), ['m-send-req', 'm-send-conf', 'm-retrieve-conf', 'm-notification-ind'], 'the capture holds what it was built with')
    t.equal(result.carried.length, 1)
    const status = await loadFile(page, file('mixed.pcap', mixed))
    t.match(status, /^mixed\.pcap: capture, 4 MMS, 0 capture warning\(s\), 1 not MMS, read in/)
    await checkList(t, page, result)
    const rows = await listRows(page)
    t.same(rows.map(r => r.carrier), ['POST /mms', 'POST /mms → 200', 'GET /mms?id=2 → 200', 'Push x-wap-application:mms.ua TID 0'])
    t.match(await page.locator('#capture-list tr').first().innerText(), /2026-01-01 00:00:0\d\.123456000/, 'the capture time, to the nanosecond')
    for (const m of inOrder(result)) await checkOpened(t, page, await open(page, 'mixed.pcap', m.context.id), m)
    t.match(await page.locator('#summary').innerText(), /Transport\s+ipv4\/udp\/wsp-push \(Push\)/)

    const sent = inOrder(result)[0] as CapturedMms
    await open(page, 'mixed.pcap', sent.context.id)
    for (const part of sent.message?.parts ?? []) {
      const got = await downloadDigest(page, `Download part ${part.index} (${part.filename})`)
      t.equal(got.sha256, sha256(part.data), `m-send-req part ${part.index} downloads byte for byte`)
    }
    const image = page.locator('#previews img[src]')
    await image.evaluate(img => img.decode())
    t.equal(await image.evaluate(img => img.naturalWidth), 1, 'the GIF preview has loaded')
    await open(page, 'mixed.pcap', 3)
    t.equal((await downloadDigest(page, 'Download part 0 (blob.bin)')).sha256, sha256(BLOB), 'the m-retrieve-conf part, reassembled from its segments')
    await page.locator('#tree .row', { hasText: 'X-Mms-Transaction-ID:' }).click()
    const id = decode(retrieveConf).headerList.find(h => h.key === 'transactionId')
    t.equal((await marked(page)).hex, Buffer.from(retrieveConf.subarray(id?.offset, (id?.offset ?? 0) + (id?.length ?? 0))).toString('hex'), 'a field\'s bytes are marked in the MMS\'s own octets')
  })

  t.test('pcapng (named .pcap, told by its magic), and gzip-compressed: the same list', async t => {
    const ng = pcapng([{ interfaces: [{ linkType: 1, tsresol: 9 }], blocks: mixedPackets().map(packet => ({ type: 'packet' as const, packet: { ...packet, interface: 0 } })) }])
    for (const [name, bytes] of [['ng.pcap', ng], ['mixed.pcap.gz', gzipSync(mixed)], ['ng.pcapng.gz', gzipSync(ng)]] as const) {
      t.match(await loadFile(page, file(name, bytes)), new RegExp(`^${name.replace(/\./g, '\\.')}: capture, 4 MMS`))
      const result = decodeCapture(bytes)
      await checkList(t, page, result)
      await checkOpened(t, page, await open(page, name, 3), inOrder(result)[2] as CapturedMms)
    }
  })

  t.test('damaged: a lost segment and a cut file end in warnings, the MMS before them still open', async t => {
    const frames = mixedPackets()
    const whole = decodeCapture(pcap(frames))
    const retrieve = inOrder(whole)[2] as CapturedMms
    // A segment in the middle of the m-retrieve-conf is lost; the file ends inside the push's record.
    const lost = retrieve.end.frames[2] as number
    const damaged = pcap(frames.filter((_, i) => i + 1 !== lost))
    const cut = damaged.subarray(0, damaged.length - 60)
    const result = decodeCapture(cut)
    t.same(inOrder(result).map(m => m.end.complete), [true, true, false, true], 'the m-retrieve-conf is incomplete')
    t.ok(result.warnings.some(w => w.code === 'WARN_CAPTURE_TRUNCATED'), 'the capture says it ends inside a record')
    const status = await loadFile(page, file('damaged.pcap', cut))
    t.match(status, new RegExp(`^damaged\\.pcap: capture, ${result.messages.length} MMS, ${result.warnings.length} capture warning`))
    await checkList(t, page, result)
    const broken = inOrder(result)[2] as CapturedMms
    await checkOpened(t, page, await open(page, 'damaged.pcap', 3), broken)
    const problems = await page.locator('#problems').innerText()
    for (const w of broken.warnings) t.match(problems, `Warning: ${w.code} (frame ${w.frame}): ${w.message}`, `the message's ${w.code} is listed`)

    const noise = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4, 1, 2, 3)
    t.match(await loadFile(page, file('noise.pcap', noise)), /^noise\.pcap: capture, 0 MMS, 1 capture warning\(s\)/, 'a magic and no header: the capture ends inside a record')
    await checkList(t, page, decodeCapture(noise))
    const version = pcap([], { major: 3 })
    t.throws(() => decodeCapture(version), { code: 'ERR_MMSE_BAD_CAPTURE' })
    t.match(await loadFile(page, file('version.pcap', version)), /^version\.pcap: capture, 0 MMS, 0 capture warning\(s\), 0 not MMS before ERR_MMSE_BAD_CAPTURE: pcap major version 3/)
    t.match(await page.locator('#capture-findings').innerText(), /Error: ERR_MMSE_BAD_CAPTURE/)
    const zipped = gzipSync(mixed)
    const shortGzip = zipped.subarray(0, Math.floor(zipped.length * 0.6))
    const read = decodeCapture(shortGzip)
    t.ok(read.messages.length > 0 && read.messages.length < 4, `Node reads ${read.messages.length} MMS before the gzip stream breaks off`)
    t.match(await loadFile(page, file('cut.pcap.gz', shortGzip)), new RegExp(`^cut\\.pcap\\.gz: capture, ${read.messages.length} MMS, ${read.warnings.length + 1} capture warning`), 'a gzip stream cut short: what came before it is read')
    await checkList(t, page, read)
    t.match(await page.locator('#capture-findings').innerText(), /Warning: WARN_CAPTURE_TRUNCATED: the gzip stream ends early \(.+\): what came before is read/)
  })

  t.test('keyboard: one tab stop in the list, Up / Down / Home / End open the messages', async t => {
    await loadFile(page, file('mixed.pcap', mixed))
    const buttons = page.locator('#capture-list button')
    t.same(await buttons.evaluateAll(all => all.map(b => b.getAttribute('tabindex'))), ['0', '-1', '-1', '-1'], 'one tab stop (roving tabindex)')
    await page.locator('#file').focus()
    const reached: string[] = []
    for (let i = 0; i < 6 && !reached.includes('MMS 1'); i++) {
      await page.keyboard.press('Tab')
      reached.push(await page.evaluate('document.activeElement.textContent') as string)
    }
    t.ok(reached.includes('MMS 1'), `Tab reaches the list: ${reached.join(', ')}`)
    await page.keyboard.press('Enter')
    await settled(page, 'mixed.pcap, MMS 1:')
    await page.keyboard.press('ArrowDown')
    t.match(await settled(page, 'mixed.pcap, MMS 2:'), /MMSE PDU from a capture/, 'Down opens the next message')
    t.equal(await page.locator('#capture-list tr[aria-current=true] button').innerText(), 'MMS 2')
    await page.keyboard.press('End')
    await settled(page, 'mixed.pcap, MMS 4:')
    await page.keyboard.press('ArrowUp')
    await settled(page, 'mixed.pcap, MMS 3:')
    await page.keyboard.press('Home')
    await settled(page, 'mixed.pcap, MMS 1:')
    t.same(await buttons.evaluateAll(all => all.map(b => b.getAttribute('tabindex'))), ['0', '-1', '-1', '-1'], 'the tab stop follows the open message')
    t.equal(await page.getByRole('table', { name: 'MMS in the capture' }).count(), 1, 'the table is named by its heading')
  })

  t.test('contrast of the list, its open row and its findings', async t => {
    const damaged = pcap(mixedPackets().slice(0, -1))
    await loadFile(page, file('short.pcap', damaged.subarray(0, damaged.length - 10)))
    await open(page, 'short.pcap', 1)
    const pairs: Array<[string, string]> = [['#capture-list td', 'list cells'], ['#capture-list tr[aria-current=true] td', 'the open row'], ['#capture-findings li.warning', 'capture warnings']]
    for (const [selector, what] of pairs) {
      const ratio = await contrastOf(page, selector)
      t.ok(ratio >= 4.5, `${what}: contrast ${ratio.toFixed(1)}:1`)
    }
  })

  t.test('two 20 MiB messages: streamed in bounded memory; the one past what the page keeps is read again from the capture', async t => {
    const big = (seed: number): { pdu: Uint8Array, data: Uint8Array } => {
      const data = seededBytes(seed, 20 * MiB)
      const pdu = encode({
        headers: { messageType: 'm-retrieve-conf', transactionId: `BIG-${seed}`, mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
        parts: [{ contentType: { mediaType: 'application/octet-stream', params: {} }, headers: { 'Content-Location': `big-${seed}.bin` }, data }],
      } as never)
      return { pdu, data }
    }
    const [first, second] = [big(1), big(2)]
    const capture = pcap(packets(ENDS, conversation(ENDS, [
      { request: httpRequest('GET', '/1', new Uint8Array(0)), response: httpResponse(200, first.pdu) },
      { request: httpRequest('GET', '/2', new Uint8Array(0)), response: httpResponse(200, second.pdu) },
    ], 60_000)))
    await page.addInitScript(COUNT_READS)
    await page.goto(url)
    const cdp = await page.context().newCDPSession(page)
    let peak = { used: 0, samples: 0 }
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        const usage = await cdp.send('Runtime.getHeapUsage')
        peak = { used: Math.max(peak.used, usage.usedSize), samples: peak.samples + 1 }
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    })()
    const status = await loadFile(page, file('big.pcap', capture))
    sampling = false
    await sampler
    t.match(status, /^big\.pcap: capture, 2 MMS/)
    t.same((await listRows(page)).map(r => r.state), ['complete', 'complete'])
    const reads = await page.evaluate('window.__reads') as { largest: number, streamed: number }
    t.equal(reads.streamed, capture.length, 'the capture was streamed once, whole')
    t.ok(reads.largest <= READ_BOUND, `no read of more than ${READ_BOUND} bytes at once (largest: ${reads.largest})`)
    t.ok(peak.used < HEAP_BOUND, `JS heap used stays below ${HEAP_BOUND / MiB} MiB while the page scans (peak ${(peak.used / MiB).toFixed(1)} MiB, ${peak.samples} samples)`)
    t.comment(`${(capture.length / MiB).toFixed(0)} MiB capture: ${/read in ([\d.]+) s/.exec(status)?.[1]} s in the page; JS heap used peak ${(peak.used / MiB).toFixed(1)} MiB`)

    await page.evaluate('window.__reads.streamed = 0')
    await open(page, 'big.pcap', 1)
    t.equal(await page.evaluate('window.__reads.streamed'), first.pdu.length, 'the first, kept from the scan, is read from what was kept, not from the capture')
    t.equal((await downloadDigest(page, 'Download part 0 (big-1.bin)')).sha256, sha256(first.data))
    await page.evaluate('window.__reads.streamed = 0')
    await open(page, 'big.pcap', 2)
    t.ok(await page.evaluate('window.__reads.streamed') as number > capture.length / 2, 'the second is read again from the capture')
    t.equal((await downloadDigest(page, 'Download part 0 (big-2.bin)')).sha256, sha256(second.data), 'and downloads byte for byte')
  })
}
