#!/usr/bin/env bash
# Installs, idempotently, what the project's commands need on a fresh machine.
#   .ci/setup.sh rust          wasm32 target, rustfmt, clippy
#   .ci/setup.sh wasm-bindgen  wasm-bindgen-cli at exactly the version Cargo.lock pins
#   .ci/setup.sh chromium      Debian's chromium and chromium-driver
#   .ci/setup.sh npm           the repository's dev dependencies from package-lock.json
#   .ci/setup.sh fuzz          cargo-fuzz (its libFuzzer runs on the stable compiler with
#                              RUSTC_BOOTSTRAP=1, which unlocks the sanitizer flags it passes)
set -euo pipefail
cd "$(dirname "$0")/.."

for what in "$@"; do
  case "$what" in
    rust)
      rustup target list --installed | grep -qx wasm32-unknown-unknown \
        || rustup target add wasm32-unknown-unknown
      cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
      cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
      ;;
    wasm-bindgen)
      [ -f Cargo.lock ] || cargo generate-lockfile
      want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
      have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
      if [ "$have" != "$want" ]; then
        echo "installing wasm-bindgen-cli $want (have: ${have:-none}); this takes a few minutes"
        # Not --locked: the CLI's own lock file pins a crate version the registry lacks.
        cargo install wasm-bindgen-cli --version "$want"
      fi
      ;;
    chromium)
      if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
      fi
      ;;
    npm)
      # npm ci again only when the lock file changed since the last install.
      want=$(sha256sum package-lock.json | cut -d' ' -f1)
      if [ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$want" ]; then
        npm ci --no-audit --no-fund --loglevel=error
        echo "$want" > node_modules/.lock-sha256
      fi
      ;;
    fuzz)
      cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --version 0.13.2
      ;;
    *)
      echo "setup.sh: unknown tool $what" >&2
      exit 2
      ;;
  esac
done
