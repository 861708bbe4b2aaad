/** Ports for the servers and programs a test starts on loopback. */
import { once } from 'node:events'
import { type AddressInfo, createServer } from 'node:net'

/** A TCP port nobody listens on now: bound to 0 on loopback, read and released (its user takes it at once). */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}
