/**
 * Captures on loopback for the transport proofs: Debian's tcpdump started on `lo` (awaited
 * until it says it is listening), stopped with SIGINT (awaited until it exits, its file then
 * whole), and tshark reading the file back: the UDP datagrams or TCP payloads, frame by frame,
 * as the network layers would hand them to a dissector, with the protocol fields asked for.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Datagram } from '../../lib/net/carried.js'
import { within } from './within.js'

/** A program's path, found on PATH or in the sbin folders Debian uses, or undefined. */
export function program (name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin'].filter(d => d !== '')
  return dirs.map(d => join(d, name)).find(p => existsSync(p))
}

export interface Tcpdump {
  stop (): Promise<void>
}

/** tcpdump -i lo -w `file` `filter`, once it is listening; in immediate mode (each packet handed over as it comes, not a buffer block at a time), so that none is still in the kernel's ring when SIGINT stops it. */
export async function startTcpdump (file: string, filter: string[]): Promise<Tcpdump> {
  const child: ChildProcess = spawn(program('tcpdump') as string, ['-i', 'lo', '--immediate-mode', '-U', '-w', file, ...filter], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  const listening = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (stderr.includes('listening on')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`tcpdump exited (${String(code)}): ${stderr}`)))
  })
  await within(listening, 20_000, 'tcpdump listening')
  return {
    async stop () {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGINT')
      await within(exited, 20_000, 'tcpdump exiting')
    },
  }
}

/** tshark -r `file` -T fields for `fields` (after frame.number), one row per frame matching `filter`. */
export function tsharkFields (file: string, filter: string, fields: string[]): string[][] {
  const args = ['-r', file, '-Y', filter, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,', '-e', 'frame.number', ...fields.flatMap(field => ['-e', field])]
  const run = spawnSync(program('tshark') as string, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (run.status !== 0) throw new Error(`tshark ${args.join(' ')}: ${run.stderr}`)
  return run.stdout.split('\n').filter(line => line !== '').map(line => line.split('\t'))
}

/** The UDP datagrams of the capture, as `Datagram`s (whole, frame times from the capture). */
export function udpDatagrams (file: string): Datagram[] {
  return tsharkFields(file, 'udp', ['frame.time_epoch', 'ip.src', 'ipv6.src', 'udp.srcport', 'ip.dst', 'ipv6.dst', 'udp.dstport', 'udp.payload']).map(([frame, time, src, src6, srcPort, dst, dst6, dstPort, payload]) => ({
    ip: src === '' ? 'ipv6' : 'ipv4',
    src: { address: src === '' ? src6 as string : src as string, port: Number(srcPort) },
    dst: { address: dst === '' ? dst6 as string : dst as string, port: Number(dstPort) },
    payload: Buffer.from((payload as string).replaceAll(':', ''), 'hex'),
    packet: { frame: Number(frame), time: BigInt(Math.round(Number(time) * 1e6)) * 1000n, interface: 0 },
    frames: [Number(frame)],
    missing: 0,
  }))
}

/** The TCP payloads of the capture in frame order, with their flow (IPv4; in order, none lost: a loopback capture). */
export function tcpPayloads (file: string): Array<{ frame: number, src: { address: string, port: number }, dst: { address: string, port: number }, payload: Buffer }> {
  return tsharkFields(file, 'tcp.len > 0', ['ip.src', 'tcp.srcport', 'ip.dst', 'tcp.dstport', 'tcp.payload']).map(([frame, src, srcPort, dst, dstPort, payload]) => ({
    frame: Number(frame),
    src: { address: src as string, port: Number(srcPort) },
    dst: { address: dst as string, port: Number(dstPort) },
    payload: Buffer.from((payload as string).replaceAll(':', ''), 'hex'),
  }))
}

/**
 * Waits until tcpdump has written `bytes` (a packet's payload, whole) to `file`: a packet the
 * test has seen arrive may still be on its way to the capture, and what comes before it in the
 * capture is written before it.
 */
export async function written (file: string, bytes: Uint8Array, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  const wanted = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  while (!(existsSync(file) && readFileSync(file).includes(wanted))) {
    if (Date.now() > deadline) throw new Error(`${file} did not get the ${bytes.length} octets awaited within ${ms} ms`)
    await sleep(50)
  }
}
