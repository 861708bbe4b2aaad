/**
 * Driving the web inspector from a test: build the page into a temp dir, open it, load a
 * file or paste hex and wait for the inspection to end, and read back what the page shows
 * (tree rows, marked bytes, status, downloads).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import type { Test } from 'tap'
import { buildWeb } from '../../build/web-page.js'
import type { DecodedPart, MmseMessage } from '../../lib/index.js'
import { formatValue } from '../../web/src/format.js'
import { launchBrowser } from './browser.js'
import { serveStatic } from './browser-server.js'

export { buildWeb }

export interface OpenInspector {
  page: Page
  url: string
  /** The page's index.html. */
  index: string
}

/**
 * The inspector built into `site`, served from 127.0.0.1 and open in Chromium for the subtests
 * of `t` (`opened` is told once it is): each subtest starts on a fresh load of the page, and an
 * error the page throws fails the test file.
 */
export function openInspector (t: Test, site: string, opened: (inspector: OpenInspector) => void): void {
  let page: Page | undefined
  let url = ''
  t.before(async () => {
    const index = await buildWeb(site)
    const server = await serveStatic({ '/': site })
    t.teardown(() => server.close())
    const browser = await launchBrowser()
    t.teardown(() => browser.close())
    page = await browser.context.newPage()
    url = server.url
    opened({ page, url, index })
  })
  const errors: string[] = []
  t.beforeEach(async () => {
    const open = page as Page
    open.removeAllListeners('pageerror')
    open.on('pageerror', err => errors.push(err.message))
    await open.goto(url)
  })
  t.teardown(() => {
    if (errors.length > 0) throw new Error(`uncaught errors in the page: ${errors.join('; ')}`)
  })
}

/** A script for the page (addInitScript) that counts every read of a Blob: the largest whole read, and the octets streamed, in `window.__reads`. */
export const COUNT_READS = `
  window.__reads = { largest: 0, streamed: 0 }
  for (const name of ['arrayBuffer', 'text', 'bytes']) {
    const original = Blob.prototype[name]
    if (typeof original !== 'function') continue
    Blob.prototype[name] = function (...args) {
      window.__reads.largest = Math.max(window.__reads.largest, this.size)
      return original.apply(this, args)
    }
  }
  const stream = Blob.prototype.stream
  Blob.prototype.stream = function () {
    window.__reads.streamed += this.size
    return stream.call(this)
  }
`

/** Waits until the page has finished with `name` (the status names the input it reports on). */
export async function settled (page: Page, name: string): Promise<string> {
  const status = page.locator('#status[data-state=done]', { hasText: name })
  await status.waitFor()
  return await status.innerText()
}

export async function loadFile (page: Page, path: string, name = path.split('/').pop() as string): Promise<string> {
  await page.setInputFiles('#file', path)
  return settled(page, name)
}

export async function pasteHex (page: Page, text: string): Promise<string> {
  await page.fill('#hex', text)
  await page.getByRole('button', { name: 'Decode hex' }).click()
  return settled(page, 'pasted')
}

/** The hex view's status line, once the view has rendered. */
export async function hexStatus (page: Page): Promise<string> {
  await page.locator('#hex-grid[aria-busy=false]').waitFor()
  return page.locator('#hex-status').innerText()
}

/** Every tree row's text, with the whole tree expanded. */
export async function treeRows (page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Expand all' }).click()
  return page.locator('#tree .row').allInnerTexts()
}

/** The bytes the hex view marks (`sel` or `err`), once it has rendered: their offsets and hex. */
export async function marked (page: Page, kind: 'sel' | 'err' = 'sel'): Promise<{ offsets: number[], hex: string }> {
  await page.locator('#hex-grid[aria-busy=false]').waitFor()
  const cells = page.locator(`#hex-grid .hex-bytes span.${kind}`)
  const offsets = (await cells.evaluateAll(spans => spans.map(span => span.getAttribute('data-offset')))).map(Number)
  return { offsets, hex: (await cells.allTextContents()).join('') }
}

/** Clicks a button and returns the SHA-256 of what it downloads. */
export async function downloadDigest (page: Page, button: string): Promise<{ sha256: string, name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
  const path = await download.path()
  return { sha256: sha256(readFileSync(path)), name: download.suggestedFilename() }
}

export function sha256 (bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * The contrast ratio (WCAG 2.x) of the first element `selector` finds: its text colour against
 * the first background behind it that is not transparent (white when none is).
 */
export async function contrastOf (page: Page, selector: string): Promise<number> {
  const [fg, bg] = await page.locator(selector).first().evaluate(el => {
    let node = el as { parentElement: unknown } | null
    let background = 'rgba(0, 0, 0, 0)'
    while (node !== null && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
      background = getComputedStyle(node).backgroundColor
      node = node.parentElement as typeof node
    }
    return [getComputedStyle(el).color, /rgba\(0, 0, 0, 0\)/.test(background) ? 'rgb(255, 255, 255)' : background]
  }) as [string, string]
  const luminance = (css: string): number => {
    const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map(v => v / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** The tree rows the page must show for every header of `message` and its nested PDUs. */
export function headerRows (message: MmseMessage): string[] {
  const rows = message.headerList.map(h => `${h.name}: ${formatValue(h.value)} @${h.offset} · ${h.length} B`)
  const nested = (parts: DecodedPart[]): string[] => parts.flatMap(p => [...(p.message === undefined ? [] : headerRows(p.message)), ...nested(p.parts ?? [])])
  return [...rows, ...nested(message.parts)]
}

/** The tree rows of every leaf part. */
export function partRows (parts: DecodedPart[]): string[] {
  return parts.flatMap(p => p.parts !== undefined
    ? partRows(p.parts)
    : [`Part ${p.path.join('.')}: ${[p.contentType.mediaType, p.filename, `${p.size} B`].filter(v => v !== undefined).join(' · ')} @${p.offset} · ${p.size} B`])
}

/** The page's own, for the contrast check that runs in it. */
declare function getComputedStyle (element: unknown): { color: string, backgroundColor: string }
