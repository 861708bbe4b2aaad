#!/usr/bin/env bash
# Installs the Debian packages the tests drive, those not already working: tshark (the
# Wireshark differential), kannel (bearerbox and wapbox, the PPG proof in test/interop/kannel.test.ts;
# the test starts boxes of its own, so a service the package may start does not get in its
# way) and chromium (the browser tests, through playwright-core: no browser download is
# possible in CI). Idempotent, non-interactive, needs no stdin. Prints one line per package;
# exits non-zero when any of them does not run afterwards (the tests that need it then fail).
set -uo pipefail

# Debian installs the Kannel boxes in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin:/usr/local/sbin"

# The command that shows a package works, by package.
declare -A PROBES=(
  [tshark]="tshark --version"
  [kannel]="bearerbox --version"
  [chromium]="/usr/bin/chromium --version"
)
works () { ${PROBES[$1]} >/dev/null 2>&1; }

missing=()
for package in tshark kannel chromium; do
  if works "$package"; then
    echo "$package already installed: $(${PROBES[$package]} 2>/dev/null | head -n 1)"
  else
    missing+=("$package")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

log="${TMPDIR:-/tmp}/install-debian.$$.log"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n" # CI runners allow password-less sudo; never prompt
fi
{
  # Do not ask whether non-root users may capture packets (we only read files).
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
} </dev/null >"$log" 2>&1 || {
  echo "install-debian: apt-get failed, last lines of $log:" >&2
  tail -n 20 "$log" >&2
}

status=0
for package in "${missing[@]}"; do
  if works "$package"; then
    echo "installed $package: $(${PROBES[$package]} 2>/dev/null | head -n 1)"
  else
    echo "install-debian: $package does not run after the install (log: $log)" >&2
    status=1
  fi
done
exit "$status"
