#!/usr/bin/env bash
# Fails if the engine or the command line tool would be built with a
# browser crate: the engine is plain Rust with no browser and no file
# system types, and the tool is clap and the engine (ARCHITECTURE.md).
set -euo pipefail
cd "$(dirname "$0")/.."

# The crates each is built with, dev-dependencies aside, for target $2.
deps_of() {
  cargo tree --locked -p "$1" -e normal,build --target "$2" --prefix none --format '{p}' |
    awk '{print $1}' | sort -u
}

status=0
check() {
  local crate=$1 target=$2 browser=$3
  local deps found
  deps=$(deps_of "$crate" "$target")
  found=$(grep -E "$browser" <<<"$deps" || true)
  if [ -n "$found" ]; then
    echo "check_crates: $crate ($target) is built with browser crates: $(tr '\n' ' ' <<<"$found")" >&2
    echo "  cargo tree -p $crate --target $target -i CRATE shows through what" >&2
    status=1
  else
    echo "check_crates: $crate ($target): $(wc -l <<<"$deps") crates, no browser crate"
  fi
}

host=$(rustc -vV | sed -n 's/^host: //p')
every='^(yew|yew-macro|web-sys|js-sys|gloo|gloo-[a-z-]+|wasm-bindgen|wasm-bindgen-[a-z-]+|serde-wasm-bindgen)$'
# In WebAssembly, zip's getrandom is built with wasm-bindgen and js-sys (its
# randomness comes from the browser there); nothing else of the browser's.
page='^(yew|yew-macro|web-sys|gloo|gloo-[a-z-]+|serde-wasm-bindgen)$'
check mentoring-stats-engine "$host" "$every"
check mentoring-stats "$host" "$every"
check mentoring-stats-engine wasm32-unknown-unknown "$page"
exit $status
