/**
 * Streams every part of an MMS message into its own file, with backpressure: a 1 GiB
 * m-retrieve-conf goes to disk without ever being in memory.
 *
 *   node --import tsx examples/parts-to-disk.ts message.mms out/
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { MmseParser, type MmsePart } from 'mmse'

const [input, outDir = 'parts'] = process.argv.slice(2)
if (input === undefined) {
  console.error('usage: parts-to-disk <message.mms> [out-dir]')
  process.exit(2)
}
mkdirSync(outDir, { recursive: true })

const parser = new MmseParser()
const writes: Array<Promise<void>> = []
parser.on('headers', (headers, { path }) => {
  if (path.length === 0) console.log(`${headers.messageType} from ${JSON.stringify(headers.from)}: ${headers.subject?.text ?? '(no subject)'}`)
})
parser.on('part', (part: MmsePart) => {
  // part.filename is sanitised: never a path, no separators, no control characters.
  const name = `${part.path.join('.')}-${part.filename ?? 'part'}`
  writes.push(pipeline(part, createWriteStream(join(outDir, name))).then(() => {
    console.log(`${name}  ${part.contentType.mediaType}  ${part.size ?? '?'} bytes`)
  }))
})

// 'finish' on the parser means: input parsed and every part stream ended. The files are on
// disk once each pipeline above has resolved (the write stream's 'close').
await pipeline(createReadStream(input), parser)
await Promise.all(writes)
