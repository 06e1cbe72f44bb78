# Installs what building and testing the web page needs, skipping whatever
# is already there at the right version. Sourced by run.sh and test.sh (from
# the repository root) so that PATH and the Trunk settings carry over:
#
#   . scripts/setup.sh page    # wasm target, Trunk, wasm-bindgen CLI, npm packages (wasm-opt)
#   . scripts/setup.sh test    # the above, rustfmt, clippy, Debian's Chromium and its driver, and firefox-esr
#
# Everything comes from package registries (crates.io, npm, Debian): Trunk
# is told to download nothing.

TRUNK_VERSION=0.21.14
WASM_TARGET=wasm32-unknown-unknown

setup_log() {
  echo "setup: $*" >&2
}

# Runs a command as root (CI and developers' machines are root already).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

setup_rust_components() {
  if ! cargo fmt --version >/dev/null 2>&1; then
    setup_log "adding rustfmt"
    rustup component add rustfmt
  fi
  if ! cargo clippy --version >/dev/null 2>&1; then
    setup_log "adding clippy"
    rustup component add clippy
  fi
}

setup_wasm_target() {
  local installed
  installed=$(rustup target list --installed)
  if ! grep -qx "$WASM_TARGET" <<<"$installed"; then
    setup_log "adding the $WASM_TARGET target"
    rustup target add "$WASM_TARGET"
  fi
}

setup_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    setup_log "installing trunk $TRUNK_VERSION (about 10 minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate
# in Cargo.lock. (`--locked` is left out on purpose: it fails for this crate.)
setup_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ -z "$want" ]; then
    echo "setup: no wasm-bindgen in Cargo.lock" >&2
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    setup_log "installing wasm-bindgen-cli $want (about 4 minutes)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

setup_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    setup_log "installing Node.js and npm from Debian's packages"
    setup_apt nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "setup: Node.js $(node --version) found; the browser tests need Node.js 20 or later" >&2
    return 1
  fi
}

# node_modules must hold exactly the versions package-lock.json pins
# (binaryen for wasm-opt, playwright-core, axe-core); `npm ci` otherwise.
setup_node_modules() {
  if ! node -e '
    const fs = require("fs");
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
    for (const [where, pkg] of Object.entries(lock.packages)) {
      if (!where) continue;
      let have;
      try { have = JSON.parse(fs.readFileSync(where + "/package.json", "utf8")).version; } catch { process.exit(1); }
      if (have !== pkg.version) process.exit(1);
    }' 2>/dev/null; then
    setup_log "installing the npm packages of package-lock.json"
    npm ci --no-audit --no-fund
  fi
  PATH="$PWD/node_modules/.bin:$PATH"
  export PATH
}

setup_apt_updated=
setup_apt() {
  if [ -z "$setup_apt_updated" ]; then
    as_root apt-get update
    setup_apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

setup_chromium() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    setup_log "installing Debian's chromium and chromium-driver"
    setup_apt chromium chromium-driver
  fi
}

# Firefox for the single file's tests (tests/browser/offline-firefox.test.js,
# driven through WebDriver BiDi by puppeteer-core, which downloads nothing).
setup_firefox() {
  if ! command -v firefox-esr >/dev/null 2>&1 && ! command -v firefox >/dev/null 2>&1; then
    setup_log "installing Debian's firefox-esr"
    setup_apt firefox-esr
  fi
}

setup_page() {
  case ":$PATH:" in
    *":$HOME/.cargo/bin:"*) ;;
    *) PATH="$HOME/.cargo/bin:$PATH" ;;
  esac
  export PATH
  setup_wasm_target
  setup_trunk
  setup_wasm_bindgen
  setup_node
  setup_node_modules
  # Trunk uses the wasm-bindgen and wasm-opt found on PATH and never fetches.
  export TRUNK_SKIP_VERSION_CHECK=true
}

# Builds the page into dist/, or into $MS_DIST when set (relative URLs,
# stable file names: Trunk.toml), then, from the same files, the log
# templates and the calculator as one file, mentoring-stats.html (README,
# "The calculator as one file").
build_page() {
  cargo fetch --locked
  trunk build --release --offline --dist "${MS_DIST:-dist}"
  node scripts/make_templates.mjs "${MS_DIST:-dist}"
  node scripts/make_offline.mjs "${MS_DIST:-dist}"
}

case "${1:-page}" in
  page)
    setup_page
    ;;
  test)
    setup_rust_components
    setup_page
    setup_chromium
    setup_firefox
    ;;
  *)
    echo "setup.sh: unknown argument '$1' (page or test)" >&2
    return 2 2>/dev/null || exit 2
    ;;
esac
