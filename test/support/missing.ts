/**
 * What a test says when a program npm does not install is missing: which program, and the
 * command that installs it (the same script CI runs), so a skip tells a newcomer what to do.
 */
export function notInstalled (program: string, debianPackage: string): string {
  return `${program} is not installed: bash .ci/install-debian.sh (or apt-get install ${debianPackage}) to run these tests`
}
