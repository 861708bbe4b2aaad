#!/usr/bin/env bash
# Install Kannel (Debian/Ubuntu package `kannel`: bearerbox, wapbox) for the Kannel push proof
# (test/kannel.test.ts). Idempotent: does nothing when bearerbox already runs. Non-interactive,
# needs no stdin (CI=true, no terminal). Exits 0 only when `bearerbox --version` works.
# The test starts boxes of its own (its config, ports free at run time), so a service the
# package may start does not get in its way.
set -euo pipefail

# Debian installs the boxes in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin:/usr/local/sbin"

if command -v bearerbox >/dev/null 2>&1 && bearerbox --version >/dev/null 2>&1; then
  echo "kannel already installed: $(bearerbox --version 2>/dev/null | head -n 1)"
  exit 0
fi

log="${TMPDIR:-/tmp}/install-kannel.$$.log"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n" # CI runners allow password-less sudo; never prompt
fi

export DEBIAN_FRONTEND=noninteractive
{
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends kannel
} </dev/null >"$log" 2>&1 || {
  echo "install-kannel: apt-get failed, last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

if ! bearerbox --version >/dev/null 2>&1; then
  echo "install-kannel: kannel installed but bearerbox does not run (log: $log)" >&2
  exit 1
fi
echo "installed $(bearerbox --version 2>/dev/null | head -n 1) (log: $log)"
