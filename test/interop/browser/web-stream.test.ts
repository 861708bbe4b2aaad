/**
 * A 200 MiB message in the web inspector: written with the library's MmseEncoder
 * to a temp file, picked in the page, streamed through MmseParser from File.stream(). The
 * page never reads the file whole (every Blob read is counted in the page), its JS heap stays
 * small while it streams (sampled over CDP), and the chunks it has read are garbage once
 * parsed (a collection brings the ArrayBuffer memory back down).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { MmseEncoder } from '../../../lib/index.js'
import { launchBrowser, requireBrowser } from '../../support/browser.js'
import { buildWeb, COUNT_READS, downloadDigest, loadFile, sha256, treeRows } from '../../support/browser-page.js'
import { serveStatic } from '../../support/browser-server.js'

const MiB = 1024 * 1024
const BIG = 200 * MiB
/** Bounds the test holds the page to; the figures measured are printed as comments. */
const HEAP_BOUND = 32 * MiB
const AFTER_GC_BOUND = 16 * MiB
/** The largest single read the page may make of the file: the hex view's window is far below it. */
const READ_BOUND = 64 * 1024

interface HeapUsage {
  usedSize: number
  backingStorageSize?: number
}

async function writeBig (path: string): Promise<void> {
  const block = Buffer.alloc(MiB, 0x5a)
  const blocks = function * (): Generator<Buffer> {
    for (let done = 0; done < BIG; done += block.length) yield block
  }
  const encoder = new MmseEncoder({
    messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0),
    contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} },
  }, {
    parts: [
      { contentType: 'text/plain', headers: { 'Content-Location': 'before.txt' }, body: 'before the big part' },
      { contentType: 'application/octet-stream', headers: { 'Content-Location': 'big.bin' }, size: BIG, body: Readable.from(blocks()) },
      { contentType: 'text/plain', headers: { 'Content-Location': 'after.txt' }, body: 'after the big part' },
    ],
  })
  await pipeline(encoder, createWriteStream(path))
}

if (requireBrowser(t)) {
  t.test('a 200 MiB message streams through the page in bounded memory', async t => {
    const dir = mkdtempSync(join(tmpdir(), 'mmse-web-stream-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'big.mms')
    await writeBig(path)
    const size = statSync(path).size
    await buildWeb(join(dir, 'site'))
    const server = await serveStatic({ '/': join(dir, 'site') })
    t.teardown(() => server.close())
    const browser = await launchBrowser()
    t.teardown(() => browser.close())
    const page = await browser.context.newPage()
    await page.addInitScript(COUNT_READS)
    await page.goto(server.url)
    const cdp = await browser.context.newCDPSession(page)
    await cdp.send('Performance.enable')

    let peak = { used: 0, backing: 0, metric: 0, samples: 0 }
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        const usage = await cdp.send('Runtime.getHeapUsage') as HeapUsage
        const { metrics } = await cdp.send('Performance.getMetrics')
        const metric = metrics.find(m => m.name === 'JSHeapUsedSize')?.value ?? 0
        peak = { used: Math.max(peak.used, usage.usedSize), backing: Math.max(peak.backing, usage.backingStorageSize ?? 0), metric: Math.max(peak.metric, metric), samples: peak.samples + 1 }
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    })()
    const status = await loadFile(page, path)
    sampling = false
    await sampler

    t.match(status, /big\.mms: MMSE PDU, 3 part\(s\), 0 warning\(s\), read in [\d.]+ s\./)
    const seconds = Number(/read in ([\d.]+) s/.exec(status)?.[1])
    const rows = await treeRows(page)
    t.ok(rows.some(row => row.startsWith(`Part 1: application/octet-stream · big.bin · ${BIG} B @`)), 'the big part is in the tree with its size')
    t.match(await page.locator('#previews').innerText(), /before the big part[\s\S]*after the big part/, 'the small text parts around it have previews')
    t.equal((await downloadDigest(page, 'Download part 2 (after.txt)')).sha256, sha256(Buffer.from('after the big part')), 'a part after the big one downloads')

    const reads = await page.evaluate('window.__reads') as { largest: number, streamed: number }
    t.equal(reads.streamed, size, 'the file was streamed once, whole')
    t.ok(reads.largest <= READ_BOUND, `no read of more than ${READ_BOUND} bytes at once (largest: ${reads.largest})`)
    t.ok(peak.samples >= 2, `${peak.samples} heap samples while streaming`)
    t.ok(peak.used < HEAP_BOUND, `JS heap used stays below ${HEAP_BOUND / MiB} MiB (peak ${(peak.used / MiB).toFixed(1)} MiB)`)
    await cdp.send('HeapProfiler.collectGarbage')
    const after = await cdp.send('Runtime.getHeapUsage') as HeapUsage
    const backingAfter = after.backingStorageSize ?? 0
    t.ok(backingAfter < AFTER_GC_BOUND, `the chunks read are garbage: ${(backingAfter / MiB).toFixed(1)} MiB of ArrayBuffers after a collection`)
    t.comment(`200 MiB: ${seconds} s in the page (${(BIG / MiB / seconds).toFixed(0)} MiB/s); JS heap used peak ${(peak.used / MiB).toFixed(1)} MiB ` +
      `(Performance.getMetrics JSHeapUsedSize peak ${(peak.metric / MiB).toFixed(1)} MiB); ArrayBuffer backing stores peak ${(peak.backing / MiB).toFixed(1)} MiB ` +
      `before collection, ${(backingAfter / MiB).toFixed(1)} MiB after; ${peak.samples} samples`)
  })
}
