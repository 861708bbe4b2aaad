/** One thing the linter found: the rule's facts (lint/rules.ts), where, and what exactly. */
import { LINT_RULES, type LintEffect, type LintRuleId } from './rules.js'

export interface LintFinding {
  /** The rule's stable name, e.g. `delta-seconds-short`. */
  rule: LintRuleId
  /** What was found. */
  construct: string
  /** The decoders known to misread it. */
  decoders: string[]
  effect: LintEffect
  /** The section of the specification that defines the construct. */
  spec: string
  /** Byte offset in the input. */
  offset: number
  /** The header field or part (`part 0.2`) it is in. */
  field?: string
  /** The value, or what the decoder said. */
  detail?: string
}

export function finding (rule: LintRuleId, offset: number, detail?: string, field?: string): LintFinding {
  const facts = LINT_RULES[rule]
  const found: LintFinding = { rule, construct: facts.construct, decoders: [...facts.decoders], effect: facts.effect, spec: facts.spec, offset }
  if (field !== undefined) found.field = field
  if (detail !== undefined) found.detail = detail
  return found
}
