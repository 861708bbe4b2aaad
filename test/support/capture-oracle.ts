/**
 * tshark as the oracle of a capture scan: the MMSE PDUs it finds with `-Y mmse` (the frame of
 * their last byte, their mmse.* fields as `-T fields` prints them) beside ours, by frame.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { CapturedMms } from '../../lib/capture/decode-capture.js'
import { TSHARK_FIELDS, tsharkField } from '../../lib/capture/fields.js'

export const FIELDS = [...TSHARK_FIELDS.keys()]

let kept = 0

/**
 * Per frame, the fields' values (tab-separated, in FIELDS order), as tshark prints them. With
 * MMSE_KEEP_CAPTURES naming a folder, every capture compared so is copied there first (numbered,
 * its own name after), to be read again: `mmse inspect` over the proofs' real traffic.
 */
export function tsharkRows (tshark: string, file: string, decodeAs: string[] = []): Map<number, string[]> {
  const keep = process.env.MMSE_KEEP_CAPTURES
  if (keep !== undefined) copyFileSync(file, join(keep, `${process.pid}-${++kept}-${basename(file)}`))
  const args = ['-r', file, '-Y', 'mmse', '-T', 'fields', '-e', 'frame.number', ...FIELDS.flatMap((f) => ['-e', f]), ...decodeAs.flatMap((d) => ['-d', d])]
  const run = spawnSync(tshark, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (run.status !== 0) throw new Error(`tshark failed: ${run.stderr}`)
  const rows = new Map<number, string[]>()
  for (const line of run.stdout.split('\n')) {
    if (line === '') continue
    const [frame, ...values] = line.split('\t')
    rows.set(Number(frame), values)
  }
  return rows
}

/** The same rows from our scan: each PDU under the frame of its last byte; PDUs ending in one frame joined as tshark joins them. */
export function ourRows (messages: readonly CapturedMms[]): Map<number, string[]> {
  const rows = new Map<number, string[]>()
  for (const message of messages) {
    if (message.message === undefined) continue
    const frame = message.end.frames[message.end.frames.length - 1] as number
    const values = FIELDS.map((field) => tsharkField(field, message.message?.headerList ?? [], message.pdu) as string)
    const before = rows.get(frame)
    rows.set(frame, before === undefined ? values : before.map((value, i) => [value, values[i]].filter((v) => v !== '').join(',')))
  }
  return rows
}
