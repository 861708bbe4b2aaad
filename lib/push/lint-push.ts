/**
 * `lintPush(bytes)`: the linter over a connectionless WSP Push (WAP-230 §8.2.4): what decoding
 * the push found (a deviation from the specification, such as a HeadersLen a few octets off), and
 * every finding of `lint()` in the MMSE PDU it carries, at its offset in the push.
 */
import { toBytes } from '../bytes/argument.js'
import type { MmseError } from '../errors.js'
import { finding } from '../lint/finding.js'
import { lint, type LintReport } from '../lint/lint.js'
import { decodePush } from './wsp-push.js'

export function lintPush (bytes: Uint8Array | ArrayBufferView | ArrayBuffer): LintReport {
  const input = toBytes(bytes, 'bytes')
  try {
    const push = decodePush(input)
    const carried = push.message === undefined ? { findings: [] } : lint(push.body, push.bodyOffset)
    const findings = [...push.warnings.map((warning) => finding('deviation', warning.offset, warning.message)), ...carried.findings]
    return { ...carried, findings: findings.sort((a, b) => a.offset - b.offset) }
  } catch (err) {
    const error = err as MmseError
    return { findings: [finding('unreadable', error.offset, `${error.code}: ${error.message}`)] }
  }
}
