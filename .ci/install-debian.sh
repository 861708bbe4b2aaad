#!/usr/bin/env bash
# Installs the Debian packages the tests drive, those not already working: tshark and
# wireshark-common's editcap (the Wireshark differential, capture conversions), kannel (bearerbox
# and wapbox, the PPG proof in test/interop/kannel.test.ts; the tests start boxes of their own, so
# a service the package may start does not get in their way), kannel-extras (fakewap, Kannel's WAP
# client), tcpdump (captures on loopback), chromium (the browser tests, through playwright-core: no
# browser download is possible in CI), openjdk-17-jdk-headless (javac and java for Android's own
# PDU parser), exim4-daemon-light (the mail relay between two MMSCs) and python3 (its standard
# `email` package reads the converted mail). Idempotent, non-interactive, needs no stdin. Prints one line per package;
# exits non-zero when any of them does not run afterwards (the tests that need it then fail).
set -uo pipefail

# Debian installs the Kannel boxes in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin:/usr/local/sbin"

# The command that shows a package works, by package.
declare -A PROBES=(
  [tshark]="tshark --version"
  [kannel]="bearerbox --version"
  [chromium]="/usr/bin/chromium --version"
  [wireshark-common]="editcap -h"
  [kannel-extras]="ls /usr/lib/kannel/test/fakewap"
  [tcpdump]="tcpdump --version"
  [openjdk-17-jdk-headless]="javac -version"
  [exim4-daemon-light]="exim4 -bV"
  [python3]="python3 --version"
)
works () { ${PROBES[$1]} >/dev/null 2>&1; }

missing=()
for package in tshark wireshark-common kannel kannel-extras tcpdump chromium openjdk-17-jdk-headless exim4-daemon-light python3; do
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
