/**
 * The tree of one PDU, built from the parser's events as they come: a node per PDU with its
 * Headers and Body, a node per header (its bytes: offset and length as the library reports
 * them), per nested multipart or PDU, and per leaf part. `base` moves every offset to where
 * the PDU sits in the input; the node count is bounded (MAX_TREE_NODES).
 */
import type { MmseHeader, NestedInfo, PartInfo } from '../../lib/index.js'
import { formatValue } from './format.js'
import { MAX_TREE_NODES, type PartEntry, type TreeNode } from './model.js'

/** A PDU's place in the tree: its node, its headers group and its body group. */
interface Pdu {
  node: TreeNode
  headers: TreeNode
  body: TreeNode
  /** The body's media type, once Content-Type has been read. */
  bodyType: string
  /** Where the PDU ends in the input. */
  end: number
}

export class TreeBuilder {
  readonly message: TreeNode
  readonly parts: PartEntry[] = []
  omitted = 0
  readonly #base: number
  #nodes = 0
  /** PDUs and multiparts by path (`''` is the message, `'2.0'` a nested one). */
  readonly #containers = new Map<string, { children: TreeNode[], pdu?: Pdu }>()

  constructor (base: number, size: number) {
    this.#base = base
    const pdu = this.#pdu('MMSE PDU', base, base + size)
    this.message = pdu.node
    this.#containers.set('', { children: pdu.body.children, pdu })
  }

  #pdu (label: string, start: number, end: number): Pdu {
    const headers: TreeNode = { label: 'Headers', children: [], open: true }
    const body: TreeNode = { label: 'Body', value: 'none', children: [], open: true }
    const node: TreeNode = { label, range: { start, length: end - start }, children: [headers, body], open: true }
    return { node, headers, body, bodyType: 'none', end }
  }

  /** Adds a node unless the tree is full. */
  #add (children: TreeNode[], node: TreeNode): boolean {
    if (this.#nodes >= MAX_TREE_NODES) {
      this.omitted++
      return false
    }
    this.#nodes++
    children.push(node)
    return true
  }

  header (header: MmseHeader, path: number[]): void {
    const pdu = this.#containers.get(path.join('.'))?.pdu
    if (pdu === undefined) return
    const value = formatValue(header.value)
    const start = this.#base + header.offset
    this.#add(pdu.headers.children, { label: header.name, value, range: { start, length: header.length }, children: [] })
    pdu.headers.value = plural(pdu.headers.children.length, 'field')
    const pduStart = pdu.node.range?.start ?? start
    pdu.headers.range = { start: pduStart, length: start + header.length - pduStart }
    if (header.key === 'messageType') pdu.node.value = value
    if (header.key === 'contentType') {
      const bodyStart = start + header.length
      pdu.bodyType = (header.value as { mediaType: string }).mediaType
      pdu.body.value = pdu.bodyType
      pdu.body.range = { start: bodyStart, length: pdu.end - bodyStart }
    }
  }

  nested (info: NestedInfo): void {
    const start = this.#base + info.offset
    const end = start + (info.size ?? 0)
    const label = `Part ${info.path.join('.')}`
    if (info.kind === 'message') {
      const pdu = this.#pdu(label, start, end)
      pdu.node.value = 'MMSE PDU'
      pdu.node.children.unshift(...partHeaders(info))
      this.#attach(info.path, pdu.node)
      this.#containers.set(info.path.join('.'), { children: pdu.body.children, pdu })
    } else {
      const node: TreeNode = { label, value: info.contentType.mediaType, range: { start, length: end - start }, children: partHeaders(info) }
      this.#attach(info.path, node)
      this.#containers.set(info.path.join('.'), { children: node.children })
    }
  }

  part (info: PartInfo): PartEntry {
    const start = this.#base + info.offset
    const container = this.#containers.get(info.path.slice(0, -1).join('.'))
    const end = info.size === null ? (container?.pdu?.end ?? start) : start + info.size
    const entry: PartEntry = { info, range: { start, length: end - start }, base: this.#base }
    this.parts.push(entry)
    const value = [info.contentType.mediaType, info.filename, `${end - start} B`].filter(v => v !== undefined).join(' · ')
    this.#attach(info.path, { label: `Part ${info.path.join('.')}`, value, range: entry.range, children: partHeaders(info), part: entry })
    return entry
  }

  #attach (path: number[], node: TreeNode): void {
    const container = this.#containers.get(path.slice(0, -1).join('.'))
    if (container === undefined) return
    if (!this.#add(container.children, node)) return
    this.#nodes += node.children.length
    const pdu = container.pdu
    if (pdu !== undefined) pdu.body.value = `${pdu.bodyType} (${plural(pdu.body.children.length, 'part')})`
  }
}

/** A part's Content-Type and headers, as leaves (the library does not report their offsets). */
function partHeaders (info: PartInfo): TreeNode[] {
  const nodes: TreeNode[] = [{ label: 'Content-Type', value: formatValue(info.contentType), children: [] }]
  for (const [name, value] of Object.entries(info.headers)) nodes.push({ label: name, value: formatValue(value), children: [] })
  return nodes
}

function plural (count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
