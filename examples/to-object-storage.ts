/**
 * Archives every part of an MMS message to S3-compatible object storage as it streams in,
 * with `@aws-sdk/lib-storage` (parts are core node:stream Readables, which Upload accepts).
 *
 *   S3_ENDPOINT=http://127.0.0.1:9000 S3_BUCKET=mms AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
 *     node --import tsx examples/to-object-storage.ts message.mms
 *
 * Needs `npm install @aws-sdk/client-s3 @aws-sdk/lib-storage` (dev dependencies of this repo).
 */
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { MmseParser, type MmsePart } from 'mmse'

const input = process.argv[2]
const bucket = process.env.S3_BUCKET
if (input === undefined || bucket === undefined) {
  console.error('usage: S3_BUCKET=... [S3_ENDPOINT=...] to-object-storage <message.mms>')
  process.exit(2)
}
const client = new S3Client({
  region: process.env.AWS_REGION ?? 'us-east-1',
  forcePathStyle: true,
  ...(process.env.S3_ENDPOINT === undefined ? {} : { endpoint: process.env.S3_ENDPOINT }),
})

let messageId = 'unknown'
const uploads: Array<Promise<unknown>> = []
const parser = new MmseParser({ limits: { maxPartSize: 512 * 1024 * 1024 } })
parser.on('headers', (headers, { path }) => {
  if (path.length === 0) messageId = headers.messageId ?? headers.transactionId ?? messageId
})
parser.on('part', (part: MmsePart) => {
  const key = `${messageId}/${part.path.join('.')}-${part.filename ?? 'part'}`
  uploads.push(new Upload({ client, params: { Bucket: bucket, Key: key, Body: part, ContentType: part.contentType.mediaType } }).done()
    .then(() => console.log(`s3://${bucket}/${key}`)))
})
await pipeline(createReadStream(input), parser)
await Promise.all(uploads)
