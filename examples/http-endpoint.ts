/**
 * A minimal MMSC-style HTTP endpoint (MM1, OMA-MMS-CTR): a client POSTs an m-send-req as
 * `application/vnd.wap.mms-message`; its parts stream to disk as they arrive, and the answer
 * is an m-send-conf with a Message-ID, or an error status when the PDU is not acceptable.
 *
 *   node --import tsx examples/http-endpoint.ts [port] [spool-dir]
 *   curl --data-binary @examples/sample.mms -H 'Content-Type: application/vnd.wap.mms-message' \
 *     http://127.0.0.1:8080/mms | npx mmse inspect -
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream, mkdirSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { buildSendConf, encode, MmseError, MmseParser, type MmseHeaders, type MmsePart } from 'mmse'

const port = Number(process.argv[2] ?? 8080)
const spool = process.argv[3] ?? 'spool'

/** Receives one m-send-req: headers first, then each part into `<spool>/<message-id>/`. */
async function receive (request: IncomingMessage): Promise<{ headers: MmseHeaders, messageId: string, files: string[] }> {
  const messageId = randomUUID()
  const directory = join(spool, messageId)
  mkdirSync(directory, { recursive: true })
  const parser = new MmseParser({ strict: false, limits: { maxTotalBytes: 50 * 1024 * 1024 } })
  let headers: MmseHeaders = {}
  const files: string[] = []
  const writes: Array<Promise<void>> = []
  parser.on('headers', (received, { path }) => { if (path.length === 0) headers = received })
  parser.on('part', (part: MmsePart) => {
    const file = join(directory, `${part.path.join('.')}-${part.filename ?? 'part'}`)
    files.push(file)
    writes.push(pipeline(part, createWriteStream(file)))
  })
  await pipeline(request, parser)
  await Promise.all(writes)
  return { headers, messageId, files }
}

function answer (response: ServerResponse, status: number, pdu: Uint8Array): void {
  response.writeHead(status, { 'Content-Type': 'application/vnd.wap.mms-message', 'Content-Length': pdu.length })
  response.end(pdu)
}

export const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.headers['content-type'] !== 'application/vnd.wap.mms-message') {
    response.writeHead(415).end()
    return
  }
  receive(request).then(({ headers, messageId, files }) => {
    if (headers.messageType !== 'm-send-req') {
      answer(response, 200, encode(buildSendConf({ transactionId: headers.transactionId ?? '0', responseStatus: 'error-unsupported-message' })))
      return
    }
    console.log(`${messageId}: ${files.length} parts from ${JSON.stringify(headers.from)}`)
    answer(response, 200, encode(buildSendConf({ transactionId: headers.transactionId ?? '0', messageId })))
  }, (err: unknown) => {
    // A PDU that does not decode: MMSE says to answer with message-format-corrupt.
    console.error(err instanceof MmseError ? `${err.code} at ${err.offset}: ${err.message}` : err)
    answer(response, 200, encode(buildSendConf({ transactionId: '0', responseStatus: 'error-permanent-message-format-corrupt' })))
  })
})

server.listen(port, '127.0.0.1', () => console.log(`MMS endpoint on http://127.0.0.1:${port}/, spooling to ${spool}/`))
