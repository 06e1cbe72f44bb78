#!/usr/bin/env bash
# Runs every test: formatting, lints, unit, integration, property and
# fixture tests. Installs what it needs (rustfmt, clippy) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_component() {
  if ! cargo "$1" --version >/dev/null 2>&1; then
    rustup component add "$2"
  fi
}
need_component fmt rustfmt
need_component clippy clippy

if [ ! -d ../shared/fixtures ]; then
  echo "test.sh: ../shared/fixtures not found beside the repository (the shared example files)" >&2
  exit 1
fi

cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
