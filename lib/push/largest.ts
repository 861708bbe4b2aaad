/**
 * The item that comes first by an order that changes as items grow and shrink: an indexed binary
 * heap, so that finding it costs nothing and changing one item costs O(log n), whatever the
 * number of items. `PushAssembler` finds with it the originator holding the most.
 */
export class Largest<T> {
  readonly #items: T[] = []
  readonly #at = new Map<T, number>()
  /** Whether `a` comes before `b`. */
  readonly #before: (a: T, b: T) => boolean

  constructor (before: (a: T, b: T) => boolean) {
    this.#before = before
  }

  /** The first item, if there are any. */
  get first (): T | undefined {
    return this.#items[0]
  }

  /** Puts `item` in, or back in its place after what orders it changed. */
  update (item: T): void {
    let at = this.#at.get(item)
    if (at === undefined) {
      at = this.#items.length
      this.#items.push(item)
      this.#at.set(item, at)
    }
    this.#down(this.#up(at))
  }

  delete (item: T): void {
    const at = this.#at.get(item) as number
    const last = this.#items.pop() as T
    this.#at.delete(item)
    if (at === this.#items.length) return
    this.#items[at] = last
    this.#at.set(last, at)
    this.#down(this.#up(at))
  }

  #up (at: number): number {
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (!this.#before(this.#items[at] as T, this.#items[parent] as T)) break
      this.#swap(at, parent)
      at = parent
    }
    return at
  }

  #down (at: number): void {
    for (;;) {
      let first = at
      for (const child of [2 * at + 1, 2 * at + 2]) {
        if (child < this.#items.length && this.#before(this.#items[child] as T, this.#items[first] as T)) first = child
      }
      if (first === at) return
      this.#swap(at, first)
      at = first
    }
  }

  #swap (a: number, b: number): void {
    const item = this.#items[a] as T
    this.#items[a] = this.#items[b] as T
    this.#items[b] = item
    this.#at.set(this.#items[a] as T, a)
    this.#at.set(item, b)
  }
}
