/**
 * What the charset comparisons between Node and a browser build share: lib/text/transcode.ts
 * bundled as browsers get it (lib/text/iconv-browser.ts in place of iconv-lite), the corpus
 * inputs, and what the browser build gives for a charset before mmse-charsets.js is loaded.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { browserOptions } from '../../build/bundle.js'
import { CHARSETS } from '../../lib/tables/charsets.js'
import type { DecodedText } from '../../lib/text/transcode.js'

export const CORPUS = new URL('../../../shared/corpus/', import.meta.url)

/** The corpus inputs the catalog lists: raw PDUs, and WSP pushes. */
export function corpusFiles (): Array<{ file: string, push: boolean }> {
  const [head, ...rows] = readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8').split('\n').filter(line => line !== '')
  const column = (head as string).split('\t').indexOf('file')
  return rows.map(row => row.split('\t')[column] as string).map(file => ({ file, push: file.endsWith('.wsppush') }))
}

const CHARSETS_MODULE = fileURLToPath(new URL('../../lib/text/transcode.ts', import.meta.url))

/** lib/text/transcode.ts as one browser ES module at `outfile`, built as the library bundle is. */
export async function buildCharsetsModule (outfile: string): Promise<void> {
  await build({ ...browserOptions(), entryPoints: [CHARSETS_MODULE], outfile, format: 'esm', logLevel: 'error' })
}

/**
 * Whether a browser build decodes the charset `mib` without mmse-charsets.js, in a runtime whose
 * TextDecoder knows the labels `knows` accepts: Latin-1, US-ASCII and UTF-8 it reads itself, and
 * a charset no decoder knows comes out the same with or without it.
 */
export function decodedWithoutIconv (mib: number, knows: (label: string) => boolean): boolean {
  const row = CHARSETS.row(mib)
  const label = row === undefined ? null : row[2] === undefined ? row[1] : row[2]
  if (label === null || label === 'text-decoder' || label === 'iso-8859-1' || label === 'us-ascii' || label === 'utf-8') return true
  return knows(label === 'utf-16' ? 'utf-16be' : label)
}

/** What a browser build gives for text in a charset it leaves to mmse-charsets.js, before that is loaded. */
export function undecoded (bytes: Uint8Array): DecodedText {
  return { text: new TextDecoder().decode(bytes), exact: false }
}

/** Whether this runtime's TextDecoder knows `label`: it throws for one it lacks or maps to `replacement`. */
export function textDecoderKnows (label: string): boolean {
  try {
    return new TextDecoder(label).encoding !== ''
  } catch {
    return false
  }
}
