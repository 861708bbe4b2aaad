/**
 * The event stream with `for await`: headers as they arrive, then each part. Moving on to the
 * next event skips a part you did not start reading, so nothing can hang.
 *
 *   node --import tsx examples/iterate.ts message.mms
 */
import { createReadStream } from 'node:fs'
import { MmseParser } from 'mmse'

const input = process.argv[2]
if (input === undefined) {
  console.error('usage: iterate <message.mms>')
  process.exit(2)
}

for await (const event of createReadStream(input).pipe(new MmseParser())) {
  switch (event.type) {
    case 'header':
      console.log(`${'  '.repeat(event.path.length)}${event.header.name}: ${JSON.stringify(event.header.value)}`)
      break
    case 'part':
      if (event.part.contentType.mediaType.startsWith('text/')) {
        console.log(`part ${event.path.join('.')} text: ${await event.part.text()}`)
      } else {
        console.log(`part ${event.path.join('.')} ${event.part.contentType.mediaType}, ${event.part.size} bytes (skipped)`)
      }
      break
    case 'warning':
      console.warn(`warning ${event.warning.code} at ${event.warning.offset}: ${event.warning.message}`)
  }
}
