/**
 * s3rver with conditional writes: an HTTP front on loopback that forwards every request to
 * s3rver as it is (the signature covers the Host header, which is kept), except a PUT with
 * `If-None-Match: *` (S3 conditional writes, as AWS S3, MinIO, Ceph and R2 have them), which it
 * answers 412 PreconditionFailed when the object exists, one PUT per object at a time. s3rver
 * ignores the header, and several processes sharing a bucket rely on it (lib/store/s3.ts).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ConditionalFront {
  port: number
  close (): Promise<void>
}

const PRECONDITION_FAILED = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>'

export async function conditionalFront (s3rverPort: number): Promise<ConditionalFront> {
  /** The conditional PUT under way for each object path: the next waits for it. */
  const busy = new Map<string, Promise<void>>()
  const forward = (request: IncomingMessage, response: ServerResponse, body?: Buffer): Promise<void> => new Promise(resolve => {
    const upstream = httpRequest({ host: '127.0.0.1', port: s3rverPort, method: request.method, path: request.url, headers: request.headers }, answer => {
      response.writeHead(answer.statusCode as number, answer.headers)
      answer.pipe(response)
      answer.on('end', resolve)
      answer.on('error', () => resolve())
    })
    upstream.on('error', () => {
      response.destroy()
      resolve()
    })
    if (body === undefined) request.pipe(upstream)
    else upstream.end(body)
  })
  const exists = (request: IncomingMessage): Promise<boolean> => new Promise(resolve => {
    const head = httpRequest({ host: '127.0.0.1', port: s3rverPort, method: 'HEAD', path: (request.url as string).split('?')[0], headers: { host: request.headers.host } }, answer => {
      answer.resume()
      resolve(answer.statusCode === 200)
    })
    head.on('error', () => resolve(false))
    head.end()
  })
  const server: Server = createServer((request, response) => {
    if (request.method !== 'PUT' || request.headers['if-none-match'] !== '*') {
      void forward(request, response)
      return
    }
    const path = (request.url as string).split('?')[0] as string
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const before = busy.get(path) ?? Promise.resolve()
      const mine = before.then(async () => {
        if (await exists(request)) {
          response.writeHead(412, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(PRECONDITION_FAILED) })
          response.end(PRECONDITION_FAILED)
          return
        }
        await forward(request, response, Buffer.concat(chunks))
      })
      busy.set(path, mine)
      void mine.finally(() => { if (busy.get(path) === mine) busy.delete(path) })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise(resolve => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
