/**
 * The one row shape of every table of assigned numbers in this library: `[code, name, ...columns]`,
 * looked up by code and by name. A name may be assigned more than once (WSP reassigned header
 * and parameter numbers in later encoding versions); `rowsNamed` gives every row in table order,
 * so callers choose by their own rule, which then needs no list of its own.
 */
export type Row = readonly [code: number, name: string, ...columns: readonly unknown[]]

export class CodeTable<R extends Row> {
  readonly rows: readonly R[]
  readonly #byCode = new Map<number, R>()
  readonly #byName = new Map<string, R[]>()
  readonly #key: (name: string) => string

  /** `key` folds a name for lookup (default: lower case). */
  constructor (rows: readonly R[], key: (name: string) => string = lowerCase) {
    this.rows = rows
    this.#key = key
    for (const row of rows) {
      if (!this.#byCode.has(row[0])) this.#byCode.set(row[0], row)
      const named = this.#byName.get(key(row[1]))
      if (named === undefined) this.#byName.set(key(row[1]), [row])
      else named.push(row)
    }
  }

  row (code: number): R | undefined {
    return this.#byCode.get(code)
  }

  name (code: number): R[1] | undefined {
    return this.#byCode.get(code)?.[1]
  }

  /** Every row with this name, in table order. */
  rowsNamed (name: string): readonly R[] {
    return this.#byName.get(this.#key(name)) ?? NONE
  }

  /** The first code with this name. */
  code (name: string): number | undefined {
    return this.#byName.get(this.#key(name))?.[0]?.[0]
  }
}

const NONE: readonly never[] = Object.freeze([])

function lowerCase (name: string): string {
  return name.toLowerCase()
}

/** The names of a table's rows, as a type: `Names<typeof PRIORITIES>` is `'low' | 'normal' | 'high'`. */
export type Names<T> = T extends CodeTable<infer R> ? R[1] : never
