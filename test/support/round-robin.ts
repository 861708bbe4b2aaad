/**
 * A round-robin TCP balancer on loopback, as an operator puts in front of several MMSC
 * processes: each connection goes to the next backend; one that refuses the connection (a
 * process that died) is skipped, and the next one tried.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

export interface Balancer {
  port: number
  /** Connections each backend took, by index. */
  readonly counts: number[]
  close (): Promise<void>
}

export async function roundRobin (backends: number[]): Promise<Balancer> {
  let next = 0
  const counts = backends.map(() => 0)
  const open = new Set<Socket>()
  const track = (socket: Socket): void => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  }
  const server: Server = createServer(client => {
    track(client)
    client.pause()
    const attempt = (tries: number): void => {
      if (tries === backends.length) {
        client.destroy()
        return
      }
      const index = next++ % backends.length
      const upstream = connect(backends[index] as number, '127.0.0.1')
      upstream.once('error', () => attempt(tries + 1))
      upstream.once('connect', () => {
        counts[index] = (counts[index] as number) + 1
        track(upstream)
        upstream.removeAllListeners('error')
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    attempt(0)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    counts,
    close: () => new Promise(resolve => {
      for (const socket of open) socket.destroy()
      server.close(() => resolve())
    }),
  }
}
