/**
 * The MMS of a capture as a table, one row each, as a packet list shows them: number, time,
 * ends, transport, direction, carrier, message type, transaction, frames, size and state. Each
 * row opens with its button (one tab stop for the list: roving tabindex); Up / Down, Home / End
 * move between rows and open the one they reach, as selection follows focus in a packet list.
 * The capture's own findings (what it could not give, what it carried that is not MMS) are
 * listed above the table.
 */
import { carrierText, captureTime, endpoint, framesText, stateText } from './capture-format.js'
import type { CapturedEntry, CaptureListing } from './capture-list.js'
import type { Finding } from './model.js'

export class CaptureView {
  readonly #table: HTMLTableSectionElement
  readonly #findings: HTMLElement
  readonly #onOpen: (entry: CapturedEntry) => void
  readonly #rows = new Map<HTMLButtonElement, CapturedEntry>()

  constructor (table: HTMLTableSectionElement, findings: HTMLElement, onOpen: (entry: CapturedEntry) => void) {
    this.#table = table
    this.#findings = findings
    this.#onOpen = onOpen
    table.addEventListener('keydown', event => this.#key(event))
  }

  show (listing: CaptureListing): void {
    this.#rows.clear()
    this.#table.replaceChildren(...listing.entries.map(entry => this.#row(entry)))
    const first = this.#buttons()[0]
    if (first !== undefined) first.tabIndex = 0
    const items = [
      ...(listing.error === undefined ? [] : [finding(listing.error, 'Error', 'error')]),
      ...listing.warnings.map(w => finding(w, 'Warning', 'warning')),
      ...listing.carried.map(c => finding(c, 'Not MMS', 'note')),
      ...(listing.omitted > 0 ? [note(`${listing.omitted} more MMS found past the ${listing.entries.length} listed`)] : []),
    ]
    this.#findings.replaceChildren(...items)
    this.#findings.hidden = items.length === 0
  }

  /** Empties the list, so that the messages of a capture no longer shown (and their octets) are let go. */
  clear (): void {
    this.show({ entries: [], omitted: 0, warnings: [], carried: [] })
  }

  /** Marks the row of `entry` as the one shown. */
  mark (entry: CapturedEntry): void {
    for (const [button, shown] of this.#rows) {
      const row = button.closest('tr') as HTMLTableRowElement
      if (shown === entry) row.setAttribute('aria-current', 'true')
      else row.removeAttribute('aria-current')
    }
  }

  #row (entry: CapturedEntry): HTMLTableRowElement {
    const { context } = entry
    const row = document.createElement('tr')
    const open = document.createElement('button')
    open.type = 'button'
    open.textContent = `MMS ${entry.id}`
    open.tabIndex = -1
    open.setAttribute('aria-label', `Open MMS ${entry.id}${entry.messageType === undefined ? '' : `, ${entry.messageType}`}`)
    open.addEventListener('click', () => this.#open(open))
    this.#rows.set(open, entry)
    const number = document.createElement('td')
    number.dataset.column = 'No.'
    number.append(open)
    row.append(number)
    const cells: Array<[string, string]> = [
      ['Time', captureTime(context.time)],
      ['Source', endpoint(context.src)],
      ['Destination', endpoint(context.dst)],
      ['Transport', context.path.join('/')],
      ['Direction', context.direction],
      ['Carrier', carrierText(context)],
      ['Message type', entry.messageType ?? ''],
      ['Transaction', entry.transactionId ?? ''],
      ['Frames', framesText(entry.frames)],
      ['Size', entry.size === undefined ? '' : `${entry.size} B`],
      ['State', stateText(entry)],
    ]
    for (const [column, text] of cells) {
      const cell = document.createElement('td')
      cell.dataset.column = column
      cell.textContent = text
      row.append(cell)
    }
    return row
  }

  #buttons (): HTMLButtonElement[] {
    return [...this.#rows.keys()]
  }

  #open (button: HTMLButtonElement): void {
    for (const other of this.#rows.keys()) other.tabIndex = other === button ? 0 : -1
    button.focus()
    this.#onOpen(this.#rows.get(button) as CapturedEntry)
  }

  #key (event: KeyboardEvent): void {
    const button = event.target as HTMLButtonElement
    if (!this.#rows.has(button)) return
    const buttons = this.#buttons()
    const at = buttons.indexOf(button)
    let next: HTMLButtonElement | undefined
    switch (event.key) {
      case 'ArrowDown': next = buttons[at + 1]; break
      case 'ArrowUp': next = buttons[at - 1]; break
      case 'Home': next = buttons[0]; break
      case 'End': next = buttons[buttons.length - 1]; break
      default: return
    }
    event.preventDefault()
    if (next !== undefined) this.#open(next)
  }
}

function finding (f: Finding, kind: string, className: string): HTMLElement {
  const li = note(`${kind}: ${f.code}${f.frame === undefined ? '' : ` (frame ${f.frame})`}: ${f.message}`)
  li.className = className
  return li
}

function note (text: string): HTMLElement {
  const li = document.createElement('li')
  li.textContent = text
  return li
}
