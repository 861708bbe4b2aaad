#!/usr/bin/env bash
# Install Wireshark's tshark (Debian/Ubuntu) for the tshark comparison tests.
# Idempotent: does nothing when tshark is already on PATH. Non-interactive, needs
# no stdin (CI=true, no terminal). Exits 0 only when `tshark --version` works.
set -euo pipefail

if command -v tshark >/dev/null 2>&1 && tshark --version >/dev/null 2>&1; then
  echo "tshark already installed: $(tshark --version 2>/dev/null | head -n 1)"
  exit 0
fi

log="${TMPDIR:-/tmp}/install-tshark.$$.log"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo -n" # CI runners allow password-less sudo; never prompt
fi

export DEBIAN_FRONTEND=noninteractive
{
  # Do not ask whether non-root users may capture packets (we only read files).
  echo "wireshark-common wireshark-common/install-setuid boolean false" \
    | $sudo debconf-set-selections
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends tshark
} </dev/null >"$log" 2>&1 || {
  echo "install-tshark: apt-get failed, last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

if ! tshark --version >/dev/null 2>&1; then
  echo "install-tshark: tshark installed but does not run (log: $log)" >&2
  exit 1
fi
echo "installed $(tshark --version 2>/dev/null | head -n 1) (log: $log)"
