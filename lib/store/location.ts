/**
 * One string names a store, as on a command line: `s3://bucket/prefix` for object storage
 * (endpoint, region and credentials from the SDK's usual sources, AWS_ENDPOINT_URL_S3
 * included), anything else a local directory.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3'
import { MmseError } from '../errors.js'
import { LocalStore, type LocalStoreOptions } from './local.js'
import { S3Store } from './s3.js'
import type { MessageStore } from './store.js'

const S3_URL = /^s3:\/\/([^/]+)(?:\/(.*))?$/

export interface OpenStoreOptions extends LocalStoreOptions {
  /** Client configuration for an `s3://` location (forcePathStyle is on by default, for S3-compatible servers). */
  s3?: S3ClientConfig
}

export function openStore (location: string, options: OpenStoreOptions = {}): MessageStore {
  if (!location.startsWith('s3:')) return new LocalStore(location, options)
  const match = S3_URL.exec(location)
  if (match === null) throw new MmseError('ERR_MMSE_BAD_OPTION', `${location} is not s3://bucket[/prefix]`, 0)
  return new S3Store({ bucket: match[1] as string, prefix: match[2] ?? '', clientConfig: { forcePathStyle: true, ...options.s3 } })
}
