#!/usr/bin/env bash
# Runs tests/wasm_client.rs, the real wasm client, in Node and in headless Chromium, each
# against a fresh local LTS endpoint on 127.0.0.1 (with CORS on: the browser's test page has
# another origin).
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=0123456789abcdef0123456789abcdef
endpoint_pid=
port_file=$(mktemp)
cleanup() {
  [ -n "$endpoint_pid" ] && kill "$endpoint_pid" 2>/dev/null || true
  rm -f "$port_file"
}
trap cleanup EXIT

start_endpoint() {
  cleanup
  port_file=$(mktemp)
  node tests/local-lts/cli.mjs --cors --port-file "$port_file" \
    --token wasm-test-token-9876543210fedcba=$PROJECT \
    --kafka-user 3f4a92ff-7f65-489f-a36a-fadbaa0000a6=lts-user:kafka-pa55word \
    --ak AKWASMTEST0000000001=sk-wasm-secret-9876543210:$PROJECT \
    --ak AKTEMPWASM0000000002=sk-temp-secret-9876543210:$PROJECT:st-wasm-sts-value-9876543210 \
    --ak AKLOCKTEST0000000003=sk-lock-secret-9876543210:$PROJECT \
    --log-group 6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a01=wasm-round:6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1b01=round-stream \
    --log-group 6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a02=wasm-ensure:6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1b02=ensure-a,6f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1b03=ensure-b \
    "$@" >/dev/null &
  endpoint_pid=$!
  for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
  [ -s "$port_file" ] || { echo "the local LTS endpoint did not start" >&2; exit 1; }
  export LTS_TEST_ENDPOINT="http://127.0.0.1:$(cat "$port_file")"
}

start_endpoint
echo "== wasm client tests in Node against $LTS_TEST_ENDPOINT"
env -u WASM_BINDGEN_USE_BROWSER cargo test --target wasm32-unknown-unknown --test wasm_client

# The browser's test page is on another origin: the endpoint's control routes (which show the
# recorded secrets) answer that one origin only, on a port chosen here for the test server.
page_port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
start_endpoint --control-origin "http://127.0.0.1:$page_port"
echo "== wasm client tests in headless Chromium against $LTS_TEST_ENDPOINT"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$page_port" \
  cargo test --target wasm32-unknown-unknown --test wasm_client
