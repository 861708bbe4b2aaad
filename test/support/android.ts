/**
 * Android's MMS PDU parser and composer (AOSP com.google.android.mms.pdu, in
 * ../shared/interop/aosp, never copied here), built with javac and run through its dump harness
 * (XdecDump): many files per java invocation, since the JVM takes a second to start.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const AOSP = fileURLToPath(new URL('../../../shared/interop/aosp/', import.meta.url))

/** Whether javac (and so java) is installed. */
export function haveJavac (): boolean {
  return spawnSync('javac', ['-version'], { encoding: 'utf8' }).status === 0
}

/** Compiles the parser and the harness into `dir`; returns the class path. */
export function buildAosp (dir: string): string {
  const out = execFileSync('sh', [join(AOSP, 'build.sh'), dir], { encoding: 'utf8' })
  return out.trim().split('\n').at(-1) as string
}

/** One header value as XdecDump prints it. */
export type AndroidValue =
  | { octet: number } | { long: number } | { bytes: { text: string, hex: string } }
  | { esv: AndroidText } | { esvList: AndroidText[] } | { other: string }

export interface AndroidText {
  charset: number
  string: string
  hex: string
}

export interface AndroidPart {
  contentType: string
  charset: number
  name: { text: string, hex: string } | null
  filename: { text: string, hex: string } | null
  contentLocation: { text: string, hex: string } | null
  contentId: { text: string, hex: string } | null
  contentDisposition: { text: string, hex: string } | null
  transferEncoding: { text: string, hex: string } | null
  dataLength: number
  sha256: string | null
}

/** What PduParser made of one file: the PDU (`ok`), null (`ok: false` and why), or an exception (`crash`). */
export interface AndroidParse {
  file: string
  parsedAt: number
  ok?: boolean
  reason?: string
  crash?: string
  messageType?: number
  headers?: Record<string, AndroidValue>
  parts?: AndroidPart[]
}

/** Parses every PDU with PduParser, `batch` files per java run; results in the order given. */
export function parseWithAndroid (classPath: string, dir: string, pdus: readonly Uint8Array[], batch = 1500): AndroidParse[] {
  mkdirSync(dir, { recursive: true })
  const files = pdus.map((pdu, i) => {
    const file = join(dir, `${i}.mms`)
    writeFileSync(file, pdu)
    return file
  })
  const results: AndroidParse[] = []
  for (let from = 0; from < files.length; from += batch) {
    const out = execFileSync('java', ['-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', classPath, 'com.google.android.mms.pdu.XdecDump', 'parse', ...files.slice(from, from + batch)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    results.push(...out.trim().split('\n').map((line) => JSON.parse(line) as AndroidParse))
  }
  return results
}

/** PduComposer's PDUs (what an Android phone sends), written into `dir`: their files. */
export function composeWithAndroid (classPath: string, dir: string): string[] {
  const log = execFileSync('java', ['-cp', classPath, 'com.google.android.mms.pdu.XdecDump', 'compose', dir], { encoding: 'utf8' })
  return log.trim().split('\n').map((line) => JSON.parse(line) as { name: string, ok: boolean })
    .filter((entry) => entry.ok).map((entry) => join(dir, `${entry.name}.mms`)).filter((file) => existsSync(file))
}
