/**
 * HTTP for MMSC tests: a phone's POST of a PDU (whole, or streamed) and GET of a
 * Content-Location, answered with status, headers and the body collected.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

export const MMS_TYPE = 'application/vnd.wap.mms-message'

/** POSTs a body (bytes, or a stream sent chunked); `headers` add to or override Content-Type. */
export function post (url: string, body: Uint8Array | Readable, headers: Record<string, string> = {}): Promise<Answer> {
  return exchange(url, 'POST', body, { 'content-type': MMS_TYPE, ...(body instanceof Uint8Array ? { 'content-length': String(body.length) } : {}), ...headers })
}

export function get (url: string): Promise<Answer> {
  return exchange(url, 'GET', undefined, {})
}

function exchange (url: string, method: string, body: Uint8Array | Readable | undefined, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false
    const request = httpRequest(url, { method, headers, agent: false }, response => {
      answered = true
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    // A server that answers before the body is all sent then closes the connection: the
    // write that follows fails, after the answer, which is what counts.
    request.on('error', err => { if (!answered) reject(err) })
    if (body === undefined) request.end()
    else if (body instanceof Uint8Array) request.end(body)
    else body.pipe(request)
  })
}
