/**
 * The web inspector in Chromium: the page built by build/web-page.ts, served from
 * 127.0.0.1 and opened from file://. It loads examples/sample.mms, fixtures and PDUs built
 * with the encoder, a WAP push with and without a UDH, pasted hex dumps and a truncated file,
 * and the test reads back what a user sees: the tree (checked against Node's decode()), the
 * bytes marked for a selected field or an error, downloads (by SHA-256), previews, keyboard
 * use, a phone-sized screen and colour contrast.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { buildNotificationInd, buildSendConf, decode, type DecodedPart, encode, MmseError, type MmseMessage } from '../../../lib/index.js'
import { requireBrowser } from '../../support/browser.js'
import { hexdumpC, logcat } from '../../support/browser-dumps.js'
import { contrastOf, downloadDigest, headerRows, hexStatus, loadFile, marked, openInspector, partRows, pasteHex, settled, sha256, treeRows } from '../../support/browser-page.js'
import { seededBytes } from '../../support/mmsc-streams.js'

const SAMPLE = fileURLToPath(new URL('../../../examples/sample.mms', import.meta.url))
const FIXTURES = new URL('../../fixtures/pdus/', import.meta.url)

/** WSP Push (WAP-230 §8.2.4): TID 1, PDU type Push, HeadersLen 3, application/vnd.wap.mms-message (0x3E), X-Wap-Application-Id (0x2F) mms.ua (4). */
const PUSH_HEAD = [0x01, 0x06, 0x03, 0xbe, 0xaf, 0x84]
/** SMS User Data Header (3GPP TS 23.040 §9.2.3.24): UDHL 6, 16-bit ports (IEI 0x05), to 2948 from 9200. */
const UDH = [0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0]

function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

async function checkTree (t: Test, page: Page, bytes: Uint8Array, shift = 0): Promise<void> {
  const shifted = (message: MmseMessage): MmseMessage => ({
    ...message,
    headerList: message.headerList.map(h => ({ ...h, offset: h.offset + shift })),
    parts: message.parts.map(function move (p: DecodedPart): DecodedPart {
      return { ...p, offset: p.offset + shift, ...(p.parts === undefined ? {} : { parts: p.parts.map(move) }), ...(p.message === undefined ? {} : { message: shifted(p.message) }) }
    }),
  })
  const message = shifted(decode(bytes))
  const rows = await treeRows(page)
  const missing = [...headerRows(message), ...partRows(message.parts)].filter(row => !rows.includes(row))
  t.same(missing, [], 'every header (name, value, offset, length) and every part has its row')
}

if (requireBrowser(t)) {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-web-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const sample = new Uint8Array(readFileSync(SAMPLE))
  const file = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name)
    writeFileSync(path, bytes)
    return path
  }

  let page: Page
  let url: string
  openInspector(t, join(dir, 'site'), (opened) => {
    page = opened.page
    url = opened.url
    t.ok(opened.index.endsWith('index.html'))
  })

  t.test('sample.mms: the tree shows every header with its offset, and the summary', async t => {
    const status = await loadFile(page, SAMPLE)
    t.match(status, /sample\.mms: MMSE PDU, 3 part\(s\), 0 warning\(s\)/)
    await checkTree(t, page, sample)
    const rows = await treeRows(page)
    t.ok(rows.includes('X-Mms-Message-Type: m-retrieve-conf @0 · 2 B'))
    t.ok(rows.includes('Subject: Grüße aus Berlin (utf-8) @117 · 22 B'))
    t.ok(rows.includes('Body: application/vnd.wap.multipart.related (3 parts) @172 · 555 B'))
    t.match(await page.locator('#summary').innerText(), /Message type\s+m-retrieve-conf/)
  })

  t.test('selecting a field marks its bytes; the keyboard moves the selection', async t => {
    await loadFile(page, SAMPLE)
    const subject = decode(sample).headerList.find(h => h.key === 'subject')
    if (subject === undefined) throw new Error('the sample has a Subject')
    await page.locator('#tree .row', { hasText: 'Subject:' }).click()
    const bytes = await marked(page)
    t.equal(bytes.hex, hex(sample.subarray(subject.offset, subject.offset + subject.length)), 'the marked bytes are the Subject field')
    t.same(bytes.offsets, Array.from({ length: subject.length }, (_, i) => subject.offset + i))
    t.match(await hexStatus(page), `Selected: Subject, offset ${subject.offset} (0x${subject.offset.toString(16)}), ${subject.length} bytes.`)
    t.equal(await page.locator('[role=treeitem][aria-selected=true] > .row .label').innerText(), 'Subject')

    await page.keyboard.press('ArrowDown')
    const next = decode(sample).headerList.find(h => h.offset === subject.offset + subject.length)
    if (next === undefined) throw new Error('a header follows Subject')
    t.equal((await marked(page)).hex, hex(sample.subarray(next.offset, next.offset + next.length)), 'Down selects the next field and marks its bytes')
    await page.keyboard.press('ArrowLeft')
    t.equal(await page.locator('[role=treeitem][aria-selected=true] > .row .label').innerText(), 'Headers', 'Left on a leaf goes to its parent')
    await page.keyboard.press('ArrowLeft')
    t.equal(await page.locator('[role=treeitem][aria-selected=true]').getAttribute('aria-expanded'), 'false', 'Left on an open node closes it')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    t.equal(await page.locator('[role=treeitem][aria-selected=true] > .row .label').innerText(), 'X-Mms-Message-Type', 'Right opens, then enters the first child')
    await page.keyboard.press('End')
    t.match(await page.locator('[role=treeitem][aria-selected=true] > .row').innerText(), /^Part 2: text\/plain/, 'End goes to the last visible node')
    await page.keyboard.press('Home')
    t.equal(await page.locator('[role=treeitem][aria-selected=true] > .row .label').innerText(), 'MMSE PDU')
    t.equal(await page.locator('#tree [role=treeitem][tabindex="0"]').count(), 1, 'one tab stop in the tree (roving tabindex)')
    await page.locator('#hex-grid').focus()
    await page.keyboard.press('PageDown')
    t.match(await hexStatus(page), /Showing bytes 224–726 of 727\./, 'Page Down moves the window (to the last full one)')
    await page.keyboard.press('PageUp')
    t.match(await hexStatus(page), /Showing bytes 0–511 of 727\./)
  })

  t.test('tab order reaches the inputs, the tree and the hex view', async t => {
    await loadFile(page, SAMPLE)
    const reached: string[] = []
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab')
      reached.push(await page.evaluate('document.activeElement.id || document.activeElement.getAttribute("role") || document.activeElement.tagName') as string)
    }
    const order = ['file', 'hex', 'strict', 'expand', 'treeitem', 'prev', 'hex-grid'].map(id => reached.indexOf(id))
    t.ok(order.every(i => i >= 0), `reached ${reached.join(', ')}`)
    t.same([...order].sort((a, b) => a - b), order, 'in reading order')
  })

  t.test('parts: downloads are the parts\' bytes, images and texts have previews', async t => {
    await loadFile(page, SAMPLE)
    for (const part of decode(sample).parts) {
      const got = await downloadDigest(page, `Download part ${part.index} (${part.filename})`)
      t.equal(got.sha256, sha256(part.data), `part ${part.index} downloads byte for byte`)
      t.equal(got.name, part.filename)
    }
    const image = page.locator('#previews img[src]')
    await image.evaluate(img => img.decode())
    t.equal(await image.evaluate(img => img.naturalWidth), 1, 'the GIF preview has loaded')
    t.match(await image.getAttribute('alt'), /^Preview of Part 1 \(pixel\.gif\), image\/gif$/)
    t.match(await page.locator('#previews pre').last().innerText(), /^Hallo! Schöne Grüße/)
    await page.getByRole('button', { name: 'Show the bytes of part 1 in the hex view' }).click()
    const gif = decode(sample).parts[1] as DecodedPart
    t.equal((await marked(page)).hex, hex(gif.data), 'Bytes marks the part\'s data')
  })

  t.test('fixtures: nested PDUs and nested multiparts', async t => {
    for (const name of ['m-mbox-view-conf.mms', 'm-retrieve-conf-nested-alternative.mms', 'm-send-req.mms']) {
      const path = fileURLToPath(new URL(name, FIXTURES))
      await loadFile(page, path)
      await checkTree(t, page, new Uint8Array(readFileSync(path)))
    }
    t.ok((await treeRows(page)).length > 0)
  })

  t.test('built with the encoder: a notification, and a base64 part decoded for download', async t => {
    const notification = encode(buildNotificationInd({ transactionId: 'T-42', contentLocation: 'http://mmsc.example/m/42', messageSize: 12345, expiry: { relative: 86400 } }))
    await loadFile(page, file('notification.mms', notification))
    await checkTree(t, page, notification)
    const expiry = decode(notification).headerList.find(h => h.key === 'expiry')
    t.ok((await treeRows(page)).includes(`X-Mms-Expiry: in 86400 s @${expiry?.offset} · ${expiry?.length} B`), 'a relative expiry reads as seconds')

    const data = seededBytes(7, 3000)
    const encoded = encode({
      headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
      parts: [{ contentType: 'application/octet-stream', headers: { 'Content-Location': 'blob.bin', 'Content-Transfer-Encoding': 'base64' }, data }],
    })
    await loadFile(page, file('base64.mms', encoded))
    await checkTree(t, page, encoded)
    const got = await downloadDigest(page, 'Download part 0 (blob.bin)')
    t.equal(got.sha256, sha256(data), 'the download is the decoded part, not its base64')
  })

  t.test('a WAP push, bare and in SMS user data', async t => {
    const notification = encode(buildNotificationInd({ transactionId: 'T-43', contentLocation: 'http://mmsc.example/m/43', messageSize: 999 }))
    const push = Uint8Array.from([...PUSH_HEAD, ...notification])
    t.match(await loadFile(page, file('notification.wsppush', push)), /WAP Push, 0 part/)
    let rows = await treeRows(page)
    for (const row of ['WAP Push: push @0 · ' + push.length + ' B', 'TID: 1 @0 · 1 B', 'PDU type: push @1 · 1 B', 'x-wap-application-id: 4', 'Application: x-wap-application:mms.ua']) t.ok(rows.includes(row), row)
    await checkTree(t, page, notification, PUSH_HEAD.length)

    const userData = Uint8Array.from([...UDH, ...push])
    t.match(await loadFile(page, file('push-user-data.bin', userData)), /WAP Push in SMS user data/)
    rows = await treeRows(page)
    t.ok(rows.includes(`TID: 1 @${UDH.length} · 1 B`), 'the push starts after the UDH')
    t.ok(rows.some(row => row.startsWith('User data header: ports: destination: 2948; source: 9200')))
    await checkTree(t, page, notification, UDH.length + PUSH_HEAD.length)

    await loadFile(page, file('broken.wsppush', Uint8Array.from([0x01, 0x09, 0x00])))
    t.match(await page.locator('#problems').innerText(), /Error: ERR_MMSE_BAD_PUSH: PDU type 0x09/)
    t.same((await marked(page, 'err')).offsets, [1], 'the bad PDU type octet is marked')
  })

  t.test('pasted hex: hexdump -C, logcat lines, and text that is not hex', async t => {
    const notification = encode(buildNotificationInd({ transactionId: 'T-44', contentLocation: 'http://mmsc.example/m/44', messageSize: 1 }))
    t.match(await pasteHex(page, hexdumpC(notification)), /pasted hex: MMSE PDU/)
    await checkTree(t, page, notification)
    t.match(await pasteHex(page, logcat(sample)), /pasted hex: MMSE PDU, 3 part/)
    await checkTree(t, page, sample)
    t.match(await pasteHex(page, '8c 84 zz'), /The pasted text is not hex: line 1: "zz" is not hex/)
  })

  t.test('a truncated file: the error, its offset marked, the headers before it', async t => {
    const cut = sample.subarray(0, 400)
    let error: MmseError | undefined
    try {
      decode(cut)
    } catch (err) {
      error = err as MmseError
    }
    if (!(error instanceof MmseError)) throw new Error('the cut sample must fail')
    const status = await loadFile(page, file('truncated.mms', cut))
    t.match(status, `truncated.mms: ${error.code} at offset ${error.offset}`)
    t.match(await page.locator('#problems').innerText(), `Error: ${error.code}`)
    const err = await marked(page, 'err')
    t.same(err.offsets, [error.offset], 'the offending offset is marked in the hex view')
    t.equal(err.hex, error.offset < cut.length ? hex(cut.subarray(error.offset, error.offset + 1)) : 'end')
    t.ok((await treeRows(page)).includes('Subject: Grüße aus Berlin (utf-8) @117 · 22 B'), 'headers read before the error are shown')

    t.match(await loadFile(page, file('not-mmse.txt', new TextEncoder().encode('hello'))), /ERR_MMSE_NOT_MMSE at offset 0/)
    t.same((await marked(page, 'err')).offsets, [0])
  })

  t.test('hostile inputs: every mutation ends in a result or an error at an offset', async t => {
    const noise = seededBytes(11, 4000)
    for (let i = 0; i < 24; i++) {
      const mutated = Uint8Array.from(i % 6 === 5 ? noise.subarray(0, 64 + i * 50) : sample)
      // Most changes land in the header section (the first 220 octets), where they matter most.
      for (let k = 0; k < 1 + (i % 4); k++) mutated[((noise[i * 4 + k] as number) * 7 + i * 31) % (k % 2 === 0 ? Math.min(mutated.length, 220) : mutated.length)] = noise[i * 8 + k] as number
      let expected: string
      try {
        const message = decode(mutated)
        expected = `MMSE PDU, ${partRows(message.parts).length} part(s), ${message.warnings.length} warning(s)`
      } catch (err) {
        expected = `${(err as MmseError).code} at offset ${(err as MmseError).offset}`
      }
      const status = await loadFile(page, file(`mutant-${i}.mms`, mutated))
      t.match(status, `mutant-${i}.mms: ${expected}`, `mutant ${i}: ${expected}`)
    }
  })

  t.test('a dropped file is inspected like a picked one', async t => {
    const octets = [...sample].join(',')
    await page.evaluate(`(() => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([new Uint8Array([${octets}])], 'dropped.mms'))
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    })()`)
    t.match(await settled(page, 'dropped.mms'), /dropped\.mms: MMSE PDU, 3 part/)
    await checkTree(t, page, sample)
  })

  t.test('warnings list their offsets; strict mode makes them errors', async t => {
    const conf = Uint8Array.from([...encode(buildSendConf({ transactionId: 'T-45', messageId: 'M-45' })), 0x00])
    t.throws(() => decode(conf, { strict: true }), { code: 'ERR_MMSE_TRAILING_DATA' })
    const warning = decode(conf).warnings[0]
    if (warning === undefined) throw new Error('trailing data is a warning in lenient mode')
    t.match(await loadFile(page, file('trailing.mms', conf)), /trailing\.mms: MMSE PDU, 0 part\(s\), 1 warning\(s\)/)
    t.match(await page.locator('#problems').innerText(), `Warning: ${warning.code}`)
    await page.getByRole('button', { name: `Show offset ${warning.offset}` }).click()
    t.same((await marked(page)).offsets, [warning.offset], 'the warning\'s offset is marked')
    await page.getByLabel(/Strict mode/).check()
    t.match(await settled(page, 'trailing.mms'), `trailing.mms: ERR_MMSE_TRAILING_DATA at offset ${warning.offset}`, 'the same input again, strictly')
    t.match(await loadFile(page, file('trailing.mms', conf)), /ERR_MMSE_TRAILING_DATA/, 'the same file picked again is read again')
  })

  t.test('the page works opened from disk (file://)', async t => {
    await page.goto(pathToFileURL(join(dir, 'site', 'index.html')).href)
    t.match(await loadFile(page, SAMPLE), /sample\.mms: MMSE PDU, 3 part/)
    t.ok((await treeRows(page)).includes('X-Mms-Message-Type: m-retrieve-conf @0 · 2 B'))
  })

  t.test('a phone-sized screen: no sideways scrolling, 8 bytes a hex row', async t => {
    await page.setViewportSize({ width: 360, height: 740 })
    await page.goto(url)
    await loadFile(page, SAMPLE)
    await page.locator('#tree .row', { hasText: 'Subject:' }).click()
    await hexStatus(page)
    t.ok(await page.evaluate('document.documentElement.scrollWidth') as number <= 360, 'the page fits 360 CSS pixels')
    t.equal(await page.locator('#hex-grid .hex-row').first().locator('.hex-bytes span').count(), 8)
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  t.test('labels, roles and colour contrast', async t => {
    await loadFile(page, SAMPLE)
    for (const label of [/Open a file/, /Or paste hex/, /Strict mode/, /^Offset$/]) t.equal(await page.getByLabel(label).count(), 1, `a control labelled ${label}`)
    t.equal(await page.getByRole('tree', { name: 'Structure' }).count(), 1)
    t.equal(await page.getByRole('status').count(), 1)
    t.ok(await page.getByRole('treeitem').count() > 10)
    await page.locator('#tree .row', { hasText: 'Subject:' }).click()
    await marked(page)
    const pairs: Array<[string, string]> = [['body', 'body text'], ['#hex-grid .hex-bytes span.sel', 'marked bytes'], ['.tree [aria-selected=true] > .row', 'the selected tree row'], ['.tree .range', 'offsets in the tree'], ['#drop-hint', 'hints']]
    for (const [selector, what] of pairs) {
      const ratio = await contrastOf(page, selector)
      t.ok(ratio >= 4.5, `${what}: contrast ${ratio.toFixed(1)}:1`)
    }
  })
}
