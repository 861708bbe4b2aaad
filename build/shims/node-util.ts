/** TEMPORARY (issue 15): lib/charsets.ts imports TextDecoder from node:util; browsers have it as a global. */
export const TextDecoder = globalThis.TextDecoder
