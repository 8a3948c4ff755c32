# Sourced by the project's scripts: puts the project's Node first on PATH when the machine's is too old,
# points native addon builds at that Node's headers, and makes `yarn` the committed yarn release.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$_root/.tools/node/bin/node" ]; then
  export PATH="$_root/.tools/node/bin:$PATH"
fi
_node_dir="$(dirname "$(dirname "$(command -v node)")")"
# The machine's npm config sets nodedir=/usr (Node 20's headers); native addons must use the running Node's.
export npm_config_nodedir="$_node_dir"
# `yarn` is the committed release, whatever else the machine has.
mkdir -p "$_root/.tools/bin"
if [ ! -x "$_root/.tools/bin/yarn" ]; then
  printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$_root" > "$_root/.tools/bin/yarn"
  chmod +x "$_root/.tools/bin/yarn"
fi
export PATH="$_root/.tools/bin:$PATH"
export YARN_ENABLE_TELEMETRY=0
unset _node_dir
