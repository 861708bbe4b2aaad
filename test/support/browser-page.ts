/**
 * Driving the web inspector from a test: build the page into a temp dir, open it, load a
 * file or paste hex and wait for the inspection to end, and read back what the page shows
 * (tree rows, marked bytes, status, downloads).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { buildWeb } from '../../build/web-page.js'

export { buildWeb }

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
