/**
 * Link layers, down to the IP packet they carry (link types from tcpdump.org's LINKTYPE_ list):
 * Ethernet with 802.1Q / 802.1ad (QinQ) tags, Linux cooked capture v1 and v2 (`tcpdump -i any`),
 * raw IP (a phone's rmnet interface), and BSD null / loopback.
 */

export const LINKTYPE_NULL = 0
export const LINKTYPE_ETHERNET = 1
export const LINKTYPE_RAW = 101
export const LINKTYPE_LOOP = 108
export const LINKTYPE_LINUX_SLL = 113
export const LINKTYPE_IPV4 = 228
export const LINKTYPE_IPV6 = 229
export const LINKTYPE_LINUX_SLL2 = 276
/** DLT_RAW as OpenBSD and some older systems wrote it into files. */
const DLT_RAW_12 = 12
const DLT_RAW_14 = 14

const ETHERTYPE_IPV4 = 0x0800
const ETHERTYPE_IPV6 = 0x86dd
/** 802.1Q, 802.1ad and the pre-standard QinQ tag. */
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100])

/** The IP packet inside a frame: where it starts, or why there is none. */
export type Network = { offset: number } | { skip: string }

/** Where the IP packet of `data` (a frame of link type `linkType`) starts. */
export function networkOffset (linkType: number, data: Uint8Array): Network {
  switch (linkType) {
    case LINKTYPE_ETHERNET: return ethernet(data)
    case LINKTYPE_LINUX_SLL: return byEthertype(data, 16, data.length >= 16 ? (data[14] as number) << 8 | (data[15] as number) : -1)
    case LINKTYPE_LINUX_SLL2: return byEthertype(data, 20, data.length >= 20 ? (data[0] as number) << 8 | (data[1] as number) : -1)
    case LINKTYPE_RAW: case DLT_RAW_12: case DLT_RAW_14: case LINKTYPE_IPV4: case LINKTYPE_IPV6: return { offset: 0 }
    case LINKTYPE_NULL: case LINKTYPE_LOOP: return loopback(data)
    default: return { skip: `link type ${linkType}` }
  }
}

function ethernet (data: Uint8Array): Network {
  let at = 12
  let type = data.length >= 14 ? (data[12] as number) << 8 | (data[13] as number) : -1
  while (VLAN_TAGS.has(type) && data.length >= at + 6) {
    at += 4
    type = (data[at] as number) << 8 | (data[at + 1] as number)
  }
  return byEthertype(data, at + 2, type)
}

function byEthertype (data: Uint8Array, offset: number, type: number): Network {
  if (type === -1 || offset > data.length) return { skip: 'a link header cut short' }
  if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) return { offset }
  return { skip: `ethertype 0x${type.toString(16).padStart(4, '0')}` }
}

/**
 * A 4-octet address family before the packet: in the capturing host's byte order for NULL, in
 * network order for LOOP. AF_INET is 2 everywhere; AF_INET6 is 10, 24, 28 or 30 depending on the
 * system. The IP version nibble after it decides, whatever the family's byte order.
 */
function loopback (data: Uint8Array): Network {
  if (data.length < 5) return { skip: 'a link header cut short' }
  return { offset: 4 }
}
