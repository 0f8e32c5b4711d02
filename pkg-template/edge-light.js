// Vercel Edge Functions: `?module` makes the bundler hand over a compiled WebAssembly.Module
// (the edge runtime refuses to compile wasm from bytes).
import wasmModule from "./lts_kafka_bg.wasm?module";
import { initSync } from "./lts_kafka.js";

initSync({ module: wasmModule });

export * from "./sync-api.js";
