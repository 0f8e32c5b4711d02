// Cloudflare Workers (workerd): the bundler turns the .wasm import into a compiled
// WebAssembly.Module (workerd refuses to compile wasm from bytes); instantiating it needs no
// timer or random value, so it is done at import.
import wasmModule from "./lts_kafka_bg.wasm";
import { initSync } from "./lts_kafka.js";

initSync({ module: wasmModule });

export * from "./sync-api.js";
