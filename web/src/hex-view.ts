/**
 * A window of the input in hex and ASCII: a bounded number of rows read with `Blob.slice()`,
 * never the whole input. The selected field's bytes are marked `sel`, an error's byte `err`
 * (past the last byte, for input that ended too soon, an "end" cell). A status line says in
 * words what is marked, for screen readers and for anyone reading the page.
 */
import type { ByteRange } from './model.js'

/** Rows in the window. */
export const WINDOW_ROWS = 32
/** Rows shown before the start of a marked range. */
const LEAD_ROWS = 2
/** Narrow screens get 8 bytes a row. */
const NARROW = '(max-width: 40rem)'

export type Mark = 'sel' | 'err'

export class HexView {
  readonly #grid: HTMLElement
  readonly #status: HTMLElement
  readonly #narrow = matchMedia(NARROW)
  #source: Blob = new Blob([])
  #start = 0
  #mark: { range: ByteRange, kind: Mark, label: string } | undefined
  /** Renders race: only the latest one writes. */
  #generation = 0

  constructor (grid: HTMLElement, status: HTMLElement) {
    this.#grid = grid
    this.#status = status
    this.#narrow.addEventListener('change', () => { void this.#render() })
  }

  get perRow (): number {
    return this.#narrow.matches ? 8 : 16
  }

  get windowBytes (): number {
    return this.perRow * WINDOW_ROWS
  }

  load (source: Blob): Promise<void> {
    this.#source = source
    this.#mark = undefined
    this.#start = 0
    return this.#render()
  }

  /** Marks `range` and moves the window to it. */
  mark (range: ByteRange, kind: Mark, label: string): Promise<void> {
    this.#mark = { range, kind, label }
    const row = Math.floor(range.start / this.perRow) - LEAD_ROWS
    this.#start = this.#clamp(row * this.perRow)
    return this.#render()
  }

  page (direction: 1 | -1): Promise<void> {
    this.#start = this.#clamp(this.#start + direction * this.windowBytes)
    return this.#render()
  }

  goTo (offset: number): Promise<void> {
    this.#start = this.#clamp(Math.floor(offset / this.perRow) * this.perRow)
    return this.#render()
  }

  #clamp (start: number): number {
    const last = Math.max(0, Math.ceil((this.#source.size + 1) / this.perRow) * this.perRow - this.windowBytes)
    return Math.min(Math.max(0, start), last)
  }

  /** Renders the window; `aria-busy` is set until the latest render is on screen. */
  async #render (): Promise<void> {
    const generation = ++this.#generation
    this.#grid.setAttribute('aria-busy', 'true')
    const start = this.#start
    const end = Math.min(this.#source.size, start + this.windowBytes)
    const bytes = new Uint8Array(await this.#source.slice(start, end).arrayBuffer())
    if (generation !== this.#generation) return
    const rows: HTMLElement[] = []
    const perRow = this.perRow
    // One cell past the end when an error points there (input that ended too soon).
    const eofMarked = this.#mark?.kind === 'err' && this.#mark.range.start >= this.#source.size && end === this.#source.size
    const cells = bytes.length + (eofMarked ? 1 : 0)
    for (let row = 0; row * perRow < Math.max(cells, 1); row++) {
      const line = document.createElement('div')
      line.className = 'hex-row'
      const offset = document.createElement('span')
      offset.className = 'hex-offset'
      offset.textContent = (start + row * perRow).toString(16).padStart(8, '0')
      const hex = document.createElement('span')
      hex.className = 'hex-bytes'
      const ascii = document.createElement('span')
      ascii.className = 'hex-ascii'
      for (let i = row * perRow; i < Math.min(cells, (row + 1) * perRow); i++) {
        const at = start + i
        const mark = this.#markAt(at)
        const octet = bytes[i]
        const cell = document.createElement('span')
        cell.textContent = octet === undefined ? 'end' : octet.toString(16).padStart(2, '0')
        cell.dataset.offset = String(at)
        const char = document.createElement('span')
        char.textContent = octet === undefined ? ' ' : octet >= 0x20 && octet < 0x7f ? String.fromCharCode(octet) : '.'
        if (mark !== undefined) {
          cell.className = mark
          char.className = mark
        }
        hex.append(cell)
        ascii.append(char)
      }
      line.append(offset, hex, ascii)
      rows.push(line)
    }
    this.#grid.replaceChildren(...rows)
    this.#grid.setAttribute('aria-label', `Bytes ${start} to ${Math.max(start, end - 1)} of ${this.#source.size}`)
    this.#status.textContent = this.#describe(start, end)
    this.#grid.setAttribute('aria-busy', 'false')
  }

  #markAt (at: number): Mark | undefined {
    const mark = this.#mark
    if (mark === undefined) return undefined
    const { start, length } = mark.range
    return at >= start && at < start + Math.max(length, 1) ? mark.kind : undefined
  }

  #describe (start: number, end: number): string {
    const window = `Showing bytes ${start}–${Math.max(start, end - 1)} of ${this.#source.size}.`
    const mark = this.#mark
    if (mark === undefined) return window
    const { start: from, length } = mark.range
    const what = mark.kind === 'err' ? 'Error' : 'Selected'
    const span = length <= 1 ? `at offset ${from} (0x${from.toString(16)})` : `offset ${from} (0x${from.toString(16)}), ${length} bytes`
    const cut = from + length > end && length > 1 ? ', continuing past this window' : ''
    return `${what}: ${mark.label}, ${span}${cut}. ${window}`
  }
}
