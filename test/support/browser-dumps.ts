/**
 * Bytes printed the ways logs and tools print them, for the hex-paste tests: `hexdump -C`
 * (with `*` for repeated lines and the final offset), `xxd`, plain hex, `0x` lists, and
 * hexdump lines behind adb logcat prefixes.
 */

function hex2 (octet: number): string {
  return octet.toString(16).padStart(2, '0')
}

function printable (octet: number): string {
  return octet >= 0x20 && octet < 0x7f ? String.fromCharCode(octet) : '.'
}

function rows (bytes: Uint8Array, width: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += width) out.push(bytes.subarray(at, at + width))
  return out
}

/** As `hexdump -C` prints it. */
export function hexdumpC (bytes: Uint8Array): string {
  const lines: string[] = []
  let previous: string | undefined
  let starred = false
  for (const [i, row] of rows(bytes, 16).entries()) {
    const hex = [...row].map(hex2)
    const body = `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`
    if (body === previous && row.length === 16) {
      if (!starred) lines.push('*')
      starred = true
      continue
    }
    previous = body
    starred = false
    lines.push(`${(i * 16).toString(16).padStart(8, '0')}  ${body.padEnd(16 * 3, ' ')}  |${[...row].map(printable).join('')}|`)
  }
  lines.push(bytes.length.toString(16).padStart(8, '0'))
  return `${lines.join('\n')}\n`
}

/** As `xxd` prints it: two-octet groups, the ASCII column after two spaces. */
export function xxd (bytes: Uint8Array): string {
  return rows(bytes, 16).map((row, i) => {
    const groups = rows(row, 2).map(group => [...group].map(hex2).join(''))
    return `${(i * 16).toString(16).padStart(8, '0')}: ${groups.join(' ').padEnd(39, ' ')}  ${[...row].map(printable).join('')}`
  }).join('\n') + '\n'
}

/** `0x8c, 0x84, …`, sixteen to a line. */
export function cArray (bytes: Uint8Array): string {
  return rows(bytes, 16).map(row => [...row].map(o => `0x${hex2(o)}`).join(', ')).join(',\n')
}

/** `hexdump -C` lines as an app logs them through logcat (threadtime format). */
export function logcat (bytes: Uint8Array, tag = 'MmsPduDump'): string {
  return hexdumpC(bytes).trimEnd().split('\n').map((line, i) => {
    const ms = String(100 + i).padStart(3, '0')
    return `11-25 10:15:42.${ms}  4321  4398 D ${tag}: ${line}`
  }).join('\n')
}
