/**
 * Debian's Chromium driven by playwright-core (no browser download is possible here): a
 * fresh profile per launch, removed on close. Without /usr/bin/chromium the browser tests
 * skip, saying so, except in CI (CI=true), where a missing browser is a failure.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'
import type { Test } from 'tap'
import { notInstalled } from './missing.js'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailable (): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : notInstalled(CHROMIUM_PATH, 'chromium')
}

/** True when the tests may go on; otherwise plans the test as skipped, or fails it in CI. */
export function requireBrowser (t: Test): boolean {
  const missing = browserUnavailable()
  if (missing === undefined) return true
  if (process.env.CI === 'true') t.fail(`${missing}: the browser tests must run in CI`)
  else t.plan(0, `${missing}: skipped`)
  return false
}

export interface Browser {
  context: BrowserContext
  close (): Promise<void>
}

export async function launchBrowser (options: { viewport?: { width: number, height: number } } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'mmse-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  })
  return {
    context,
    async close () {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
