/**
 * An MMSE PDU streamed from a Blob through `MmseParser`, into the inspector's tree: every
 * header as it arrives (so a truncated file still shows what came before the error), nested
 * multiparts and PDUs, and the leaf parts. Part data is never kept: a small text part is read
 * for its preview (through `part.text()`, so its charset is the library's), every other part
 * is skipped; downloads re-read the bytes later (part-blob.ts).
 */
import { type DecodeOptions, type MmseHeader, MmseParser, type MmsePart, type MmseWarning, type NestedInfo } from '../../lib/index.js'
import { feed } from './feed.js'
import { findingOf } from './finding.js'
import type { Finding, PartEntry, TreeNode } from './model.js'
import { TreeBuilder } from './tree-builder.js'

/** Text parts up to this size are read for a preview. */
export const TEXT_PREVIEW_BYTES = 64 * 1024

const TEXTUAL = /^text\/|^application\/(?:smil|xml|xhtml\+xml|json|vnd\.wap\.xhtml\+xml)$|\+xml$/

export interface StreamInspection {
  message: TreeNode
  parts: PartEntry[]
  warnings: Finding[]
  error?: Finding
  omitted: number
}

/**
 * Streams `source` (a PDU, or the PDU inside a push: `base` is where it starts in the input,
 * so every offset shown is an offset into what the user gave).
 */
export async function inspectStream (source: Blob, base: number, options: DecodeOptions, progress?: (bytes: number) => void): Promise<StreamInspection> {
  const builder = new TreeBuilder(base, source.size)
  const parser = new MmseParser(options)
  const previews: Array<Promise<void>> = []
  const warnings: Finding[] = []
  parser.on('header', (header: MmseHeader, path: number[]) => builder.header(header, path))
  parser.on('nested', (info: NestedInfo) => builder.nested(info))
  parser.on('warning', (warning: MmseWarning) => warnings.push(findingOf(warning, base)))
  parser.on('part', (part: MmsePart) => {
    const entry = builder.part(part.info)
    if (part.size !== null && part.size <= TEXT_PREVIEW_BYTES && TEXTUAL.test(part.contentType.mediaType)) {
      // A text cut short (the input ended inside it) has no preview; the parser reports the error.
      previews.push(part.text(TEXT_PREVIEW_BYTES).then(text => { entry.text = text }, () => {}))
    } else {
      part.destroy()
    }
  })
  const result: StreamInspection = { message: builder.message, parts: builder.parts, warnings, omitted: 0 }
  try {
    await feed(source, parser, progress)
  } catch (err) {
    result.error = findingOf(err, base)
  }
  await Promise.all(previews)
  result.omitted = builder.omitted
  return result
}
