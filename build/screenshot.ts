/**
 * `npm run screenshot:web`: docs/inspector.png, the README's picture of the web inspector,
 * taken in Chromium: examples/sample.mms loaded, its Subject selected, the tree fully open.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { launchBrowser } from '../test/support/browser.js'
import { loadFile } from '../test/support/browser-page.js'
import { buildWeb } from './web-page.js'

const ROOT = new URL('..', import.meta.url)
const OUT = fileURLToPath(new URL('docs/inspector.png', ROOT))

const dir = mkdtempSync(join(tmpdir(), 'mmse-screenshot-'))
const browser = await launchBrowser({ viewport: { width: 1280, height: 1000 } })
try {
  const page = await browser.context.newPage()
  await page.goto(pathToFileURL(await buildWeb(dir)).href)
  await loadFile(page, fileURLToPath(new URL('examples/sample.mms', ROOT)))
  await page.getByRole('button', { name: 'Expand all' }).click()
  await page.locator('#tree .row', { hasText: 'Subject:' }).click()
  await page.locator('#summary-section').scrollIntoViewIfNeeded()
  mkdirSync(join(OUT, '..'), { recursive: true })
  await page.screenshot({ path: OUT, fullPage: true })
  console.log(OUT)
} finally {
  await browser.close()
  rmSync(dir, { recursive: true, force: true })
}
