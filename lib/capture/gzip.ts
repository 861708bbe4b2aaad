/**
 * gzip-compressed captures (RFC 1952), which Wireshark opens as they are: told by the magic
 * 1F 8B, undone by node:zlib (streamed in the shell, at once for a whole buffer).
 */
export function isGzip (start: Uint8Array): boolean {
  return start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b
}
