#!/usr/bin/env bash
# The README's test command (CI runs it through .ci/run): formatting, lints
# (native and wasm), unit, integration, property and fixture tests, then the
# web page is built and tested in headless Chromium. Installs what it needs
# on the way (scripts/setup.sh), skipping what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d ../shared/fixtures ]; then
  echo "test.sh: ../shared/fixtures not found beside the repository (the shared example files)" >&2
  exit 1
fi

. scripts/setup.sh test

cargo fmt --all --check
# The engine has no browser dependency, and the command line tool has none
# either: neither is built with one (ARCHITECTURE.md, "Invariants").
scripts/check_crates.sh
# The engine's and the page's modules import one way (ARCHITECTURE.md).
python3 scripts/check_imports.py engine/src src
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p mentoring-stats-page -p mentoring-stats-engine --lib --bins --locked -- -D warnings
cargo test --workspace --locked
# The engine's documentation is its public API alone: no link into a
# private module.
RUSTDOCFLAGS="-D warnings" cargo doc -p mentoring-stats-engine --no-deps --locked

# The browser tests compare the page's JSON download with the command line
# tool's report, and load the page from dist/.
cargo build --release --locked --bin mentoring-stats
build_page
export MS_CLI="${CARGO_TARGET_DIR:-target}/release/mentoring-stats"
node --test tests/browser/
