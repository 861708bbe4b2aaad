/**
 * Errors and warnings as the inspector lists them. An `MmseError` or a warning carries the
 * offset where the library found the problem, relative to what it was given; `base` moves it
 * into the user's input. Anything else (a read error, a bug) has no offset.
 */
import { MmseError, type MmseWarning } from '../../lib/index.js'
import type { Finding } from './model.js'

export function findingOf (problem: unknown, base: number): Finding {
  if (problem instanceof MmseError || isWarning(problem)) {
    const finding: Finding = { code: problem.code, message: problem.message, offset: base + problem.offset }
    if (problem.field !== undefined) finding.field = problem.field
    return finding
  }
  const error = problem instanceof Error ? problem : new Error(String(problem))
  return { code: error.name, message: error.message }
}

function isWarning (problem: unknown): problem is MmseWarning {
  return typeof problem === 'object' && problem !== null && typeof (problem as MmseWarning).code === 'string' && typeof (problem as MmseWarning).offset === 'number'
}
