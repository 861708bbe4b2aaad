/**
 * What a test says when a program npm does not install is missing: which program, and the
 * command that installs it (the same script CI runs), so a skip tells a newcomer what to do.
 */
import t from 'tap'

/** The skip message for `program`, from Debian's `debianPackage`. */
export function notInstalled (program: string, debianPackage: string): string {
  return `${program} is not installed: bash .ci/install-debian.sh (or apt-get install ${debianPackage}) to run these tests`
}

/**
 * Whether every program a test file drives is there: `reasons` holds a notInstalled() text for
 * each missing one (undefined for each present). In CI a missing program fails the file (the
 * install script must have run); elsewhere the file skips, saying what to install.
 */
export function programsPresent (reasons: ReadonlyArray<string | undefined>): boolean {
  const missing = reasons.filter((reason) => reason !== undefined)
  if (missing.length === 0) return true
  if (process.env.CI === 'true') t.fail(`${missing.join('; ')}; in CI it must run`)
  else t.skip(missing.join('; '), () => {})
  return false
}
