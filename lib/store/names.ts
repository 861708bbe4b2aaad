/**
 * Names inside a message store: the key of a message and the name of each of its entries.
 * Both are one path segment chosen by the program, never text from the wire used as it is:
 * a name that could climb out of the store, hide from a listing or break a file system is
 * refused, not cleaned, so that two different names can never land on the same file or
 * object.
 */
import { NAME_MAX_BYTES } from '../fs/file-name.js'
import { badInput } from '../errors.js'
import { utf8Bytes } from '../bytes/octets.js'

/**
 * A name is refused when it is empty, longer than {@link NAME_MAX_BYTES} bytes of UTF-8, starts
 * with a dot (`.`, `..`, hidden files, and the store's own bookkeeping such as `.spool`), or
 * holds a separator (`/`, `\`), a control character or one of the characters Windows forbids.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /^\.|[/\\\u0000-\u001f\u007f:*?"<>|]/

/** Returns `name` when it is safe as one segment of the store, else throws ERR_MMSE_BAD_INPUT. */
export function checkName (name: string, what: 'key' | 'name'): string {
  if (name === '' || FORBIDDEN.test(name) || utf8Bytes(name).length > NAME_MAX_BYTES) {
    throw badInput(`store ${what} ${JSON.stringify(name.slice(0, 64))} is not one safe path segment`, what)
  }
  return name
}
