/**
 * The leaf parts as a table: path, type, size, name, offset, a download and a "show bytes"
 * button each, and below it a preview of each image (from its bytes as a Blob, never copied
 * into the page) and each text the stream read for a preview.
 */
import type { PartEntry } from './model.js'

/** Images up to this size get a preview. */
export const IMAGE_PREVIEW_BYTES = 8 * 1024 * 1024

/** Media types a browser can show in an <img>. */
const IMAGE = /^image\/(?:jpeg|jpg|png|gif|webp|bmp|svg\+xml|avif)$/

export interface PartActions {
  download (entry: PartEntry): void
  showBytes (entry: PartEntry): void
  blob (entry: PartEntry): Promise<Blob>
}

export class PartsView {
  readonly #table: HTMLTableSectionElement
  readonly #previews: HTMLElement
  readonly #actions: PartActions
  #urls: string[] = []

  constructor (table: HTMLTableSectionElement, previews: HTMLElement, actions: PartActions) {
    this.#table = table
    this.#previews = previews
    this.#actions = actions
  }

  show (parts: PartEntry[]): void {
    for (const url of this.#urls) URL.revokeObjectURL(url)
    this.#urls = []
    this.#table.replaceChildren(...parts.map(entry => this.#row(entry)))
    this.#previews.replaceChildren()
    for (const entry of parts) {
      const preview = this.#preview(entry)
      if (preview !== undefined) this.#previews.append(preview)
    }
  }

  #row (entry: PartEntry): HTMLTableRowElement {
    const { info } = entry
    const row = document.createElement('tr')
    const name = info.filename ?? ''
    const path = info.path.join('.')
    const cells: Array<[string, string]> = [['Part', path], ['Type', info.contentType.mediaType], ['Size', `${entry.range.length} B`], ['Name', name], ['Offset', String(entry.range.start)]]
    for (const [column, text] of cells) {
      const cell = document.createElement('td')
      // The column name, for the narrow layout that shows each row as a card (inspector.css).
      cell.dataset.column = column
      cell.textContent = text
      row.append(cell)
    }
    const actions = document.createElement('td')
    actions.className = 'actions'
    actions.append(
      button('Download', `Download part ${path}${name === '' ? '' : ` (${name})`}`, () => this.#actions.download(entry)),
      button('Bytes', `Show the bytes of part ${path} in the hex view`, () => this.#actions.showBytes(entry)),
    )
    row.append(actions)
    return row
  }

  #preview (entry: PartEntry): HTMLElement | undefined {
    const { info } = entry
    const label = `Part ${info.path.join('.')}${info.filename === undefined ? '' : ` (${info.filename})`}, ${info.contentType.mediaType}`
    if (entry.text !== undefined) {
      const figure = figureFor(label)
      const pre = document.createElement('pre')
      pre.className = 'text-preview'
      pre.textContent = entry.text
      pre.tabIndex = 0
      figure.prepend(pre)
      return figure
    }
    if (IMAGE.test(info.contentType.mediaType) && entry.range.length <= IMAGE_PREVIEW_BYTES) {
      const figure = figureFor(label)
      const img = document.createElement('img')
      img.alt = `Preview of ${label}`
      img.decoding = 'async'
      figure.prepend(img)
      this.#actions.blob(entry).then(blob => {
        const url = URL.createObjectURL(blob)
        this.#urls.push(url)
        img.src = url
      }, () => { img.alt = `No preview of ${label}: its bytes could not be read` })
      return figure
    }
    return undefined
  }
}

function figureFor (label: string): HTMLElement {
  const figure = document.createElement('figure')
  const caption = document.createElement('figcaption')
  caption.textContent = label
  figure.append(caption)
  return figure
}

function button (text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button')
  b.type = 'button'
  b.textContent = text
  b.setAttribute('aria-label', label)
  b.addEventListener('click', onClick)
  return b
}
