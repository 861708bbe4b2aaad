/**
 * The header tree as a WAI-ARIA tree view (APG "Tree View" pattern): one tab stop (roving
 * tabindex), Up / Down to move, Right to open or enter, Left to close or go to the parent,
 * Home / End, `*` to open the siblings, Enter or Space to select; selection follows focus.
 * Children are rendered when their parent first opens, so a large message costs DOM only
 * for what is looked at.
 */
import type { TreeNode } from './model.js'

export class TreeView {
  readonly #root: HTMLElement
  readonly #onSelect: (node: TreeNode) => void
  readonly #nodes = new WeakMap<Element, TreeNode>()
  #selected: HTMLElement | undefined
  #ids = 0

  constructor (root: HTMLElement, onSelect: (node: TreeNode) => void) {
    this.#root = root
    this.#onSelect = onSelect
    root.setAttribute('role', 'tree')
    root.addEventListener('keydown', event => this.#key(event))
    root.addEventListener('click', event => this.#click(event))
  }

  show (top: TreeNode): void {
    this.#root.replaceChildren()
    this.#selected = undefined
    this.#ids = 0
    const item = this.#item(top, 1)
    this.#root.append(item)
    item.tabIndex = 0
  }

  /** Opens every node (bounded by the tree's own node limit). */
  expandAll (): void {
    for (let items = this.#closed(); items.length > 0; items = this.#closed()) for (const item of items) this.#open(item, true)
  }

  collapseAll (): void {
    for (const item of this.#root.querySelectorAll<HTMLElement>('[role=treeitem][aria-expanded=true]')) this.#open(item, false)
    const top = this.#root.querySelector<HTMLElement>('[role=treeitem]')
    if (top !== null) this.#open(top, true)
  }

  /** Selects the item of `node` if it is rendered. */
  select (node: TreeNode): boolean {
    for (const item of this.#root.querySelectorAll<HTMLElement>('[role=treeitem]')) {
      if (this.#nodes.get(item) === node) {
        this.#choose(item, false)
        return true
      }
    }
    return false
  }

  #closed (): HTMLElement[] {
    return [...this.#root.querySelectorAll<HTMLElement>('[role=treeitem][aria-expanded=false]')]
  }

  #item (node: TreeNode, level: number): HTMLElement {
    const item = document.createElement('li')
    item.setAttribute('role', 'treeitem')
    item.setAttribute('aria-level', String(level))
    item.setAttribute('aria-selected', 'false')
    item.tabIndex = -1
    const row = document.createElement('span')
    row.className = 'row'
    row.id = `tree-row-${++this.#ids}`
    item.setAttribute('aria-labelledby', row.id)
    const twisty = document.createElement('span')
    twisty.className = 'twisty'
    twisty.setAttribute('aria-hidden', 'true')
    const label = document.createElement('span')
    label.className = 'label'
    label.textContent = node.label
    row.append(twisty, label)
    if (node.value !== undefined && node.value !== '') {
      const value = document.createElement('span')
      value.className = 'value'
      value.textContent = node.value
      row.append(': ', value)
    }
    if (node.range !== undefined) {
      const range = document.createElement('span')
      range.className = 'range'
      range.textContent = `@${node.range.start} · ${node.range.length} B`
      range.title = `offset 0x${node.range.start.toString(16)}, ${node.range.length} bytes`
      row.append(' ', range)
    }
    item.append(row)
    this.#nodes.set(item, node)
    if (node.children.length > 0) {
      item.setAttribute('aria-expanded', 'false')
      if (node.open === true) this.#open(item, true)
    }
    return item
  }

  #open (item: HTMLElement, open: boolean): void {
    if (!item.hasAttribute('aria-expanded')) return
    item.setAttribute('aria-expanded', String(open))
    let group = item.querySelector<HTMLElement>(':scope > [role=group]')
    if (open && group === null) {
      const node = this.#nodes.get(item) as TreeNode
      const level = Number(item.getAttribute('aria-level')) + 1
      group = document.createElement('ul')
      group.setAttribute('role', 'group')
      for (const child of node.children) group.append(this.#item(child, level))
      item.append(group)
    }
    if (group !== null) group.hidden = !open
  }

  /** Items a user can reach now: those not inside a closed parent. */
  #visible (): HTMLElement[] {
    return [...this.#root.querySelectorAll<HTMLElement>('[role=treeitem]')].filter(item => item.closest('[role=group][hidden]') === null)
  }

  #choose (item: HTMLElement, focus = true): void {
    if (this.#selected !== undefined && this.#selected !== item) {
      this.#selected.setAttribute('aria-selected', 'false')
      this.#selected.tabIndex = -1
    }
    for (const other of this.#root.querySelectorAll<HTMLElement>('[role=treeitem][tabindex="0"]')) if (other !== item) other.tabIndex = -1
    this.#selected = item
    item.setAttribute('aria-selected', 'true')
    item.tabIndex = 0
    if (focus) item.focus()
    const node = this.#nodes.get(item)
    if (node !== undefined) this.#onSelect(node)
  }

  #click (event: MouseEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[role=treeitem]')
    if (item === null || !this.#root.contains(item)) return
    if ((event.target as Element).closest('.twisty') !== null) this.#open(item, item.getAttribute('aria-expanded') !== 'true')
    this.#choose(item)
  }

  #key (event: KeyboardEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[role=treeitem]')
    if (item === null) return
    const visible = this.#visible()
    const at = visible.indexOf(item)
    const expanded = item.getAttribute('aria-expanded')
    const parent = item.parentElement?.closest<HTMLElement>('[role=treeitem]') ?? null
    let next: HTMLElement | undefined
    switch (event.key) {
      case 'ArrowDown': next = visible[at + 1]; break
      case 'ArrowUp': next = visible[at - 1]; break
      case 'Home': next = visible[0]; break
      case 'End': next = visible[visible.length - 1]; break
      case 'ArrowRight':
        if (expanded === 'false') this.#open(item, true)
        else if (expanded === 'true') next = visible[at + 1]
        break
      case 'ArrowLeft':
        if (expanded === 'true') this.#open(item, false)
        else if (parent !== null) next = parent
        break
      case '*':
        for (const sibling of item.parentElement?.children ?? []) this.#open(sibling as HTMLElement, true)
        break
      case 'Enter':
      case ' ':
        next = item
        break
      default:
        return
    }
    event.preventDefault()
    if (next !== undefined) this.#choose(next)
  }
}
