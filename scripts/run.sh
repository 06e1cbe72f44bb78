#!/usr/bin/env bash
# Builds the command line tool and prints the report for the given record
# files (default: the example log). Installs nothing beyond the Rust toolchain
# already on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  set -- examples/mentoring_log.csv
fi
cargo build --release --quiet
echo "mentoring-stats report $*" >&2
exec ./target/release/mentoring-stats report "$@"
