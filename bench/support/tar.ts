/**
 * A tar archive with one regular file per part, the container tar-stream's extract reads
 * (POSIX.1-2017, pax, "ustar Interchange Format"): per entry a 512-octet header block, the
 * data, zero padding to the next 512-octet boundary; two zero blocks end the archive.
 */

export const TAR_BLOCK = 512

/** A NUL-terminated octal field of `width` octets (the ustar numeric fields). */
function octal (value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

/** The ustar header block of a regular file of `size` octets named `name` (at most 100 octets). */
export function tarHeader (name: string, size: number): Buffer {
  const block = Buffer.alloc(TAR_BLOCK)
  block.write(name, 0, 100, 'latin1') // name
  block.write(octal(0o644, 8), 100, 'latin1') // mode
  block.write(octal(0, 8), 108, 'latin1') // uid
  block.write(octal(0, 8), 116, 'latin1') // gid
  block.write(octal(size, 12), 124, 'latin1') // size: 11 octal digits, up to 8 GiB
  block.write(octal(0, 12), 136, 'latin1') // mtime
  block.write('0', 156, 'latin1') // typeflag: regular file
  block.write('ustar\0' + '00', 257, 'latin1') // magic and version
  // chksum: the sum of all header octets with the chksum field itself taken as eight spaces
  block.fill(0x20, 148, 156)
  let sum = 0
  for (const octet of block) sum += octet
  block.write(octal(sum, 7) + ' ', 148, 'latin1')
  return block
}

/** The zero padding after `size` octets of entry data. */
export function tarPadding (size: number): Buffer {
  return Buffer.alloc((TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK)
}

/** The end-of-archive marker: two zero blocks. */
export function tarEnd (): Buffer {
  return Buffer.alloc(2 * TAR_BLOCK)
}
