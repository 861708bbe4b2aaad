/**
 * Names inside a message store: the key of a message and the name of each of its entries.
 * Both are one path segment chosen by the program, never text from the wire used as it is:
 * a name that could climb out of the store, hide from a listing or break a file system is
 * refused, not cleaned, so that two different names can never land on the same file or
 * object.
 */
import { MmseError } from '../errors.js'

/** Bytes of one name: the limit of common file systems (ext4, XFS, APFS, NTFS in UTF-16 units). */
export const MAX_NAME_BYTES = 255

/**
 * A name is refused when it is empty, longer than {@link MAX_NAME_BYTES} bytes of UTF-8, starts
 * with a dot (`.`, `..`, hidden files, and the store's own bookkeeping such as `.spool`), or
 * holds a separator (`/`, `\`), a control character or one of the characters Windows forbids.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /^\.|[/\\\u0000-\u001f\u007f:*?"<>|]/

/** Returns `name` when it is safe as one segment of the store, else throws ERR_MMSE_BAD_INPUT. */
export function checkName (name: string, what: 'key' | 'name'): string {
  if (name === '' || FORBIDDEN.test(name) || Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    throw new MmseError('ERR_MMSE_BAD_INPUT', `store ${what} ${JSON.stringify(name.slice(0, 64))} is not one safe path segment`, 0, { field: what })
  }
  return name
}
