/** Markdown tables for bench/results/latest.md and the console. */

export type Cell = string | number

export function table (head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => i === 0 ? '---' : '---:').join(' | ')} |`,
    ...rows.map(row => `| ${row.map(String).join(' | ')} |`),
  ]
  return lines.join('\n')
}

/** A number with a fixed count of significant figures, without exponent notation. */
export function fmt (value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value)
  if (value === 0) return '0'
  const magnitude = Math.floor(Math.log10(Math.abs(value)))
  const decimals = Math.max(0, digits - 1 - magnitude)
  return value.toFixed(decimals)
}

/** A ratio: two decimals, or two significant figures below 0.1 (where two decimals would read 0.00). */
export function ratioLabel (value: number): string {
  return value >= 0.1 ? value.toFixed(2) : fmt(value, 2)
}

export function sizeLabel (bytes: number): string {
  if (bytes >= 1024 * 1024) return `${bytes / 1024 / 1024} MiB`
  if (bytes >= 1024) return `${bytes / 1024} KiB`
  return `${bytes} B`
}
