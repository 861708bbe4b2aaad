/**
 * The message store in S3-compatible object storage. Entries are objects
 * `<prefix><key>/<name>`, streamed in with `@aws-sdk/lib-storage` Upload (one PutObject, or a
 * multipart upload for entries above `partSize`). S3 has no rename, so a commit is the
 * object `<prefix><key>/.committed` (one PUT, atomic in S3), listing the entries and their
 * sizes: readers and listings see a key only once it exists. A transaction writes nothing
 * before it has seen that its key has no marker, and the marker is put with `If-None-Match: *`
 * (a conditional write, where the service has them), so a key committed before is never
 * overwritten or deleted. An abort, or a failed write, ends every upload of the transaction (a
 * multipart upload is aborted by Upload itself when its body fails) and deletes the objects of
 * its own entries. Two transactions of one key at once (processes racing for it: the marker
 * decides who wins) write to the same objects: the loser deletes only the entries the winner's
 * marker does not list, and an entry both wrote holds the bytes uploaded last, so racers should
 * write the same bytes under the same name.
 *
 * The AWS SDK is loaded with a dynamic import on first use, so the library does not require
 * it; install `@aws-sdk/client-s3` and `@aws-sdk/lib-storage` to use this store.
 */
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3'
import { lazyReadable } from './lazy.js'
import { checkName } from './names.js'
import { type EntryData, keyTaken, type MessageStore, type StoreWriter, type SweepOptions, sweepCutoff, type WriteOptions } from './store.js'
import { type EntryWrite, Transaction } from './transaction.js'

type ClientModule = typeof import('@aws-sdk/client-s3')
type StorageModule = typeof import('@aws-sdk/lib-storage')

/** The commit object of a key; a leading dot, so that no entry name (see checkName) can be it. */
const MARKER = '.committed'
/** S3's smallest part size, and what Upload buffers per part: the memory bound of one entry. */
const DEFAULT_PART_SIZE = 5 * 1024 * 1024
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000

export interface S3StoreOptions {
  bucket: string
  /** Prefix of every object, e.g. `mms/` (a `/` is added when missing; default: the bucket root). */
  prefix?: string
  /** A client to use; else one is made from `clientConfig`. */
  client?: S3Client
  /** Endpoint, region, credentials, forcePathStyle, ... for the client made here. */
  clientConfig?: S3ClientConfig
  /** Bytes per part of a multipart upload (default 5 MiB, the S3 minimum). */
  partSize?: number
}

interface Sdk {
  s3: ClientModule
  Upload: StorageModule['Upload']
  client: S3Client
}

interface Committed {
  entries: Record<string, number>
}

let modules: Promise<[ClientModule, StorageModule]> | undefined

function loadModules (): Promise<[ClientModule, StorageModule]> {
  modules ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).catch((err: unknown) => {
    modules = undefined
    throw new Error('the S3 store needs the packages @aws-sdk/client-s3 and @aws-sdk/lib-storage', { cause: err })
  })
  return modules
}

export class S3Store implements MessageStore {
  readonly bucket: string
  readonly prefix: string
  readonly partSize: number
  readonly #options: S3StoreOptions
  #sdk: Promise<Sdk> | undefined

  constructor (options: S3StoreOptions) {
    this.#options = options
    this.bucket = options.bucket
    const prefix = options.prefix ?? ''
    this.prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE
  }

  /** The SDK modules and the client, loaded once. */
  sdk (): Promise<Sdk> {
    this.#sdk ??= loadModules().then(([s3, storage]) => ({
      s3,
      Upload: storage.Upload,
      client: this.#options.client ?? new s3.S3Client(this.#options.clientConfig ?? {}),
    }))
    return this.#sdk
  }

  /** The object key of an entry (`name` checked), or of the key's directory-like prefix. */
  objectKey (key: string, name?: string): string {
    const base = `${this.prefix}${checkName(key, 'key')}/`
    return name === undefined ? base : `${base}${name === MARKER ? MARKER : checkName(name, 'name')}`
  }

  begin (key: string): StoreWriter {
    return new S3Writer(this, checkName(key, 'key'))
  }

  async size (key: string, name: string): Promise<number | undefined> {
    checkName(name, 'name')
    return (await this.committed(key))?.entries[name]
  }

  read (key: string, name: string): Readable {
    checkName(name, 'name')
    const objectKey = this.objectKey(key, name)
    return lazyReadable(async () => {
      if ((await this.committed(key))?.entries[name] === undefined) throw missing(objectKey)
      const { s3, client } = await this.sdk()
      const object = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: objectKey }))
      return object.Body as Readable
    })
  }

  /** The marker of a committed key, or undefined. */
  async committed (key: string): Promise<Committed | undefined> {
    const { s3, client } = await this.sdk()
    try {
      const object = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key, MARKER) }))
      const text = await (object.Body as { transformToString (): Promise<string> }).transformToString()
      const parsed = JSON.parse(text) as Committed
      return { entries: Object.assign(Object.create(null) as Record<string, number>, parsed.entries) }
    } catch (err) {
      if (err instanceof s3.NoSuchKey) return undefined
      throw err
    }
  }

  async * keys (): AsyncIterable<string> {
    for await (const objectKey of this.listObjects(this.prefix)) {
      const rest = objectKey.slice(this.prefix.length)
      const slash = rest.indexOf('/')
      if (slash > 0 && rest.slice(slash + 1) === MARKER) yield rest.slice(0, slash)
    }
  }

  async remove (key: string): Promise<void> {
    // The marker first: from then on no reader sees the key, whatever is left to delete.
    await this.deleteObjects([this.objectKey(key, MARKER)])
    await this.deleteObjects(await collect(this.listObjects(this.objectKey(key))))
  }

  async sweep (options?: SweepOptions): Promise<number> {
    const cutoff = sweepCutoff(options)
    const byKey = new Map<string, string[]>()
    const committed = new Set<string>()
    /** Keys with an object written after the cut-off: a transaction may still be writing them. */
    const recent = new Set<string>()
    for await (const { key: objectKey, modified } of this.#listObjectsWithTimes(this.prefix)) {
      const rest = objectKey.slice(this.prefix.length)
      const slash = rest.indexOf('/')
      if (slash <= 0) continue
      const key = rest.slice(0, slash)
      if (rest.slice(slash + 1) === MARKER) committed.add(key)
      else byKey.set(key, [...byKey.get(key) ?? [], objectKey])
      if (cutoff !== undefined && modified >= cutoff) recent.add(key)
    }
    const doomed = [...byKey].filter(([key]) => !committed.has(key) && !recent.has(key))
    await this.deleteObjects(doomed.flatMap(([, objects]) => objects))
    return doomed.length + await this.#abortUploads(cutoff)
  }

  /**
   * Aborts the multipart uploads left under the prefix (those begun before the cut-off); a
   * service that cannot list them (NotImplemented) has none to show.
   */
  async #abortUploads (cutoff: number | undefined): Promise<number> {
    const { s3, client } = await this.sdk()
    let listed
    try {
      listed = await client.send(new s3.ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.prefix }))
    } catch (err) {
      if ((err as { name?: string }).name === 'NotImplemented') return 0
      throw err
    }
    const uploads = (listed.Uploads ?? []).filter(upload => cutoff === undefined || (upload.Initiated?.getTime() ?? 0) < cutoff)
    for (const upload of uploads) {
      await client.send(new s3.AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }))
    }
    return uploads.length
  }

  /** Every object key under a prefix, page by page. */
  async * listObjects (prefix: string): AsyncIterable<string> {
    for await (const { key } of this.#listObjectsWithTimes(prefix)) yield key
  }

  /** Every object under a prefix, with when it was last written (ms since the epoch), page by page. */
  async * #listObjectsWithTimes (prefix: string): AsyncIterable<{ key: string, modified: number }> {
    const { s3, client } = await this.sdk()
    let token: string | undefined
    do {
      const page = await client.send(new s3.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }))
      for (const object of page.Contents ?? []) if (object.Key !== undefined) yield { key: object.Key, modified: object.LastModified?.getTime() ?? 0 }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined
    } while (token !== undefined)
  }

  async deleteObjects (objectKeys: string[]): Promise<void> {
    const { s3, client } = await this.sdk()
    for (let i = 0; i < objectKeys.length; i += DELETE_BATCH) {
      const batch = objectKeys.slice(i, i + DELETE_BATCH).map(Key => ({ Key }))
      await client.send(new s3.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }))
    }
  }
}

class S3Writer extends Transaction {
  readonly #store: S3Store
  /** Settles once the key is known to be free: before the first upload, and before the commit. */
  #free: Promise<void> | undefined
  /** The marker write found the key committed by another transaction since the check. */
  #lost = false

  constructor (store: S3Store, key: string) {
    super(key)
    this.#store = store
  }

  protected start (name: string, data: EntryData, options: WriteOptions): EntryWrite {
    let size = 0
    let body: Readable | Buffer
    let stop: () => void
    let piped: Promise<void> = Promise.resolve()
    if (data instanceof Readable) {
      const counter = new Transform({
        transform (chunk: Buffer, _encoding, callback) {
          size += chunk.length
          callback(null, chunk)
        },
      })
      // Errors reach Upload through the counter (it reads the counter); the pipeline's own
      // rejection says nothing more. Once the pipeline has finished and Upload has given up
      // (a taken key, a failed request), nobody else listens: stop() failing the counter then
      // must not be an unhandled 'error' event.
      piped = pipeline(data, counter).catch(() => {})
      counter.on('error', () => {})
      body = counter
      stop = () => { counter.destroy(this.abortedError()) }
    } else {
      body = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      size = body.length
      stop = () => {}
    }
    const done = this.#upload(this.#store.objectKey(this.key, name), body, options).then(async () => {
      await piped
      return size
    }, async (err: unknown) => {
      stop()
      await piped
      throw err
    })
    return { done, stop }
  }

  #checkFree (): Promise<void> {
    this.#free ??= this.#store.committed(this.key).then(marker => {
      if (marker !== undefined) throw keyTaken(this.key)
    })
    return this.#free
  }

  async #upload (objectKey: string, body: Readable | Buffer, options: WriteOptions): Promise<void> {
    await this.#checkFree()
    const { Upload, client } = await this.#store.sdk()
    if (this.aborted) throw this.abortedError()
    const params = { Bucket: this.#store.bucket, Key: objectKey, Body: body, ...(options.contentType === undefined ? {} : { ContentType: options.contentType }) }
    // queueSize 1: one part buffered at a time. leavePartsOnError false: a multipart upload
    // whose body fails is aborted by Upload before done() rejects.
    await new Upload({ client, params, partSize: this.#store.partSize, queueSize: 1, leavePartsOnError: false }).done()
  }

  protected async publish (sizes: ReadonlyMap<string, number>): Promise<void> {
    await this.#checkFree()
    const { s3, client } = await this.#store.sdk()
    await client.send(new s3.PutObjectCommand({
      Bucket: this.#store.bucket,
      Key: this.#store.objectKey(this.key, MARKER),
      Body: JSON.stringify({ entries: Object.fromEntries(sizes) } satisfies Committed),
      ContentType: 'application/json',
      IfNoneMatch: '*',
    })).catch((err: unknown) => {
      // 412: another transaction committed the key since it was checked.
      if ((err as { name?: string }).name !== 'PreconditionFailed') throw err
      this.#lost = true
      throw keyTaken(this.key)
    })
  }

  /**
   * Deletes the objects of this transaction's entries (Upload has aborted a multipart upload
   * whose body failed): none when the key turned out taken before anything was uploaded, and,
   * when another transaction won the marker meanwhile, only those its marker does not list.
   */
  protected async remove (names: string[]): Promise<void> {
    if (names.length === 0 || !await this.#free?.then(() => true, () => false)) return
    const winner = this.#lost ? await this.#store.committed(this.key) : undefined
    const ours = names.filter(name => winner?.entries[name] === undefined)
    await this.#store.deleteObjects(ours.map(name => this.#store.objectKey(this.key, name)))
  }
}

async function collect (items: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = []
  for await (const item of items) all.push(item)
  return all
}

/** The same shape as a missing file's error, so callers treat both stores alike. */
function missing (objectKey: string): Error {
  return Object.assign(new Error(`no committed store entry ${objectKey}`), { code: 'ENOENT' })
}
