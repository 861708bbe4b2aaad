/**
 * Summarises the .cpuprofile files `node --cpu-prof` wrote into a folder: self and inclusive
 * time per function (file:line), biggest first. The folder may hold a second profile from
 * tsx's loader thread (all idle): the profile with the most non-idle time is the one shown.
 *
 * Usage: node --import tsx bench/support/top-frames.ts <dir> [count]
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

function label (node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url.replace(/^file:\/\/.*?\/(lib|bench|test|node_modules)\//, '$1/')
  return `${functionName === '' ? '(anonymous)' : functionName} ${file}:${lineNumber + 1}`
}

function busyTime (profile: Profile): number {
  const idle = new Set(profile.nodes.filter(n => n.callFrame.functionName === '(idle)').map(n => n.id))
  return profile.samples.reduce((sum, id, i) => idle.has(id) ? sum : sum + (profile.timeDeltas[i] ?? 0), 0)
}

export function topFrames (profile: Profile, count: number): string {
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    total += dt
    const node = byId.get(id) as ProfileNode
    self.set(label(node), (self.get(label(node)) ?? 0) + dt)
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur) as ProfileNode)
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt)
    }
  })
  const top = (times: Map<string, number>): string => [...times].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([key, t]) => `${(100 * t / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${key}`).join('\n')
  return `total ${(total / 1000).toFixed(0)} ms\n-- self --\n${top(self)}\n-- inclusive --\n${top(inclusive)}\n`
}

const dir = process.argv[2]
if (dir !== undefined) {
  const profiles = readdirSync(dir).filter(f => f.endsWith('.cpuprofile')).map(f => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile)
  const busiest = profiles.sort((a, b) => busyTime(b) - busyTime(a))[0]
  if (busiest === undefined) throw new Error(`no .cpuprofile in ${dir}`)
  process.stdout.write(topFrames(busiest, Number(process.argv[3] ?? 25)))
}
