/**
 * What happens to a message after it is stored, kept in the store beside it, so that no state
 * lives in one process's memory: a restart resumes it, and several MMSC processes can share one
 * store. Each fact is a key of its own, `<key>.<fact>`, created once and never changed: a store
 * commit refuses a key already taken (a rename onto a directory that is not empty; an S3 PUT
 * with If-None-Match: *), so creating one is a claim that exactly one process wins. Racers for
 * a fact write the same bytes (`{}`), or, for a report job, one status and a time: on S3 an entry
 * two transactions wrote holds the last upload (lib/store/s3.ts).
 *
 * | key | fact |
 * |---|---|
 * | `<key>.n-<token>.<n>` | attempt n of the recipient's notification was started |
 * | `<key>.n-<token>.ok` | the notification reached the recipient (pushed, or answered) |
 * | `<key>.d-<token>` | a delivery report is due for the recipient (its status inside) |
 * | `<key>.r-<token>` | a read report is due for the recipient (its read status inside) |
 * | `<key>.d-<token>.<n>`, `.ok`, `<key>.r-<token>.<n>`, `.ok` | the report's attempts, as for a notification |
 * | `<key>.m-<token>.<n>` | attempt n of the MM4_forward.REQ to a recipient at a peer was started |
 * | `<key>.m-<token>.<n>.sent` | the mail relay took attempt n of the forward |
 * | `<key>.m-<token>.<n>.refused` | the peer answered attempt n with an MM4_forward.RES that is not Ok |
 * | `<key>.f-<token>` | the recipient is done with the message: rejected, unrecognised, it expired, or its forward failed for good |
 *
 * A forward has attempts of its own outcome rather than one `.ok`: the relay takes an attempt,
 * and the peer may refuse it later, after which the next attempt is due.
 */
import type { MessageStore } from 'mmse/store'

/** The one entry of a state key (a key needs an entry: an empty directory can be renamed over). */
const ENTRY = 'state.json'
/** A state entry is a few dozen bytes of JSON; one larger is not ours. */
const MAX_STATE_BYTES = 4096

/** What the MMSC owes a recipient's message: the notification, a delivery report, a read report, the MM4 forward. */
export type JobKind = 'n' | 'd' | 'r' | 'm'

const STATE_KEY = /^([0-9a-f]{24})\.(?:([ndr])-([0-9a-f]{16})\.([1-9][0-9]{0,3}|ok)|m-([0-9a-f]{16})\.[1-9][0-9]{0,3}(?:\.sent|\.refused)?|([ndrf])-([0-9a-f]{16}))$/
const MESSAGE_KEY = /^[0-9a-f]{24}$/

export function jobName (kind: JobKind, token: string): string {
  return `${kind}-${token}`
}

export function stateKey (key: string, fact: string): string {
  return `${key}.${fact}`
}

/**
 * Creates a state key holding `value`; false when it exists already (another process, or an
 * earlier attempt, got there first). Any other failure of the store rejects.
 */
export async function claim (store: MessageStore, key: string, fact: string, value: object = {}): Promise<boolean> {
  const writer = store.begin(stateKey(key, fact))
  try {
    await writer.write(ENTRY, JSON.stringify(value), { contentType: 'application/json' })
    await writer.commit()
    return true
  } catch (err) {
    await writer.abort()
    // LocalStore: EEXIST once it saw the key, ENOTEMPTY when another commit won the rename.
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOTEMPTY') return false
    throw err
  }
}

export async function has (store: MessageStore, key: string, fact: string): Promise<boolean> {
  return await store.size(stateKey(key, fact), ENTRY) !== undefined
}

/** The value of a state key, or undefined when there is none. */
export async function readState<T> (store: MessageStore, key: string, fact: string): Promise<T | undefined> {
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of store.read(stateKey(key, fact), ENTRY)) {
      length += (chunk as Buffer).length
      if (length > MAX_STATE_BYTES) throw new Error(`state ${stateKey(key, fact)} exceeds ${MAX_STATE_BYTES} bytes`)
      chunks.push(chunk as Buffer)
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T
}

/** A message key and the facts stored about it. */
export interface MessageState {
  /** Whether the message itself is committed. */
  message: boolean
  /** Its facts: `n-<token>.1`, `d-<token>`, `f-<token>`, ... */
  facts: Set<string>
}

/** Every message key of the store and its facts, in one listing. Keys of other shapes are not the MMSC's and are left alone. */
export async function listState (store: MessageStore): Promise<Map<string, MessageState>> {
  const all = new Map<string, MessageState>()
  const entry = (key: string): MessageState => {
    let state = all.get(key)
    if (state === undefined) all.set(key, state = { message: false, facts: new Set() })
    return state
  }
  for await (const name of store.keys()) {
    if (MESSAGE_KEY.test(name)) {
      entry(name).message = true
      continue
    }
    const match = STATE_KEY.exec(name)
    if (match !== null) entry(match[1] as string).facts.add(name.slice(25))
  }
  return all
}

/** Whether a recipient's MM4 forward went through: its last attempt was taken by the relay and not refused by the peer. */
export function forwarded (facts: Set<string>, token: string): boolean {
  const job = jobName('m', token)
  const n = attempts(facts, job)
  return n > 0 && facts.has(`${job}.${n}.sent`) && !facts.has(`${job}.${n}.refused`)
}

/** The highest attempt started of a job, 0 for none (a forward's `.<n>.sent` and `.<n>.refused` are no attempts). */
export function attempts (facts: Set<string>, job: string): number {
  let highest = 0
  for (const fact of facts) {
    if (!fact.startsWith(`${job}.`)) continue
    const n = Number(fact.slice(job.length + 1))
    if (n > highest) highest = n
  }
  return highest
}

/**
 * Removes a message and its facts: the message first, so that from then on nothing serves or
 * schedules it, whatever is left to remove (a fact without its message is removed by the next
 * sweep).
 */
export async function removeMessage (store: MessageStore, key: string, facts: Iterable<string>): Promise<void> {
  await store.remove(key)
  for (const fact of facts) await store.remove(stateKey(key, fact))
}
