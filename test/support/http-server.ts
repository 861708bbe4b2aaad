/**
 * A small HTTP server on a free loopback port for the client's tests: every request is read
 * whole, recorded, and answered as the test says. Closed, with its connections, in teardown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

export interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

/** A server on a free loopback port whose every request is answered by `answer`, and recorded. */
export async function serve (t: Test, answer: (response: ServerResponse, seen: Seen) => void): Promise<{ origin: string, port: number, seen: Seen[] }> {
  const seen: Seen[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const one = { method: request.method as string, url: request.url as string, headers: request.headers, body: Buffer.concat(chunks) }
      seen.push(one)
      answer(response, one)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, port, seen }
}

