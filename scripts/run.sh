#!/usr/bin/env bash
# The README's run command.
#
#   ./scripts/run.sh            builds the web page into dist/ and serves it on
#                               http://127.0.0.1:${PORT:-8080}/ until Ctrl-C
#   ./scripts/run.sh FILE...    builds the command line tool and prints the
#                               JSON report of the given record files
#
# Installs what it needs on the way (scripts/setup.sh), skipping what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  cargo build --release --locked --quiet --bin mentoring-stats
  echo "mentoring-stats report $*" >&2
  exec "${CARGO_TARGET_DIR:-target}/release/mentoring-stats" report "$@"
fi

. scripts/setup.sh page
build_page
# serve.js prints "Open http://127.0.0.1:PORT/ in a browser" once listening,
# and sends the headers of README's "Headers to send": the page's policy with
# frame-ancestors 'self', nosniff, no referrer and a Permissions-Policy.
exec node tests/browser/serve.js "${MS_DIST:-dist}" "${PORT:-8080}"
