/** Reading the Prometheus text format in tests. */

/** The value of one sample, e.g. `mmsc_requests_total{pdu="m-send-req",status="200"}`: the first whose labels include `labels`; 0 when none. */
export function sample (text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    const inside = /\{(.*)\}/.exec(line)?.[1] ?? ''
    const got = Object.fromEntries([...inside.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]))
    if (Object.entries(labels).every(([key, value]) => got[key] === value)) return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return 0
}
