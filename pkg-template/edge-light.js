// Vercel Edge Functions: `?module` makes the bundler hand over a compiled WebAssembly.Module
// (the edge runtime refuses to compile wasm from bytes).
import wasmModule from "./lts_kafka_bg.wasm?module";
import { initSync } from "./lts_kafka.js";

// `vercel dev` (and other sandboxes) compile the module in the host's realm: the glue's own
// realm check then fails and it would try to compile it again from bytes, which the edge
// runtime forbids. A real module (its brand says so) whose prototype is another realm's is
// adopted into this one.
if (
  Object.getPrototypeOf(wasmModule) !== WebAssembly.Module.prototype &&
  Object.prototype.toString.call(wasmModule) === "[object WebAssembly.Module]"
) {
  Object.setPrototypeOf(wasmModule, WebAssembly.Module.prototype);
}
initSync({ module: wasmModule });

export * from "./sync-api.js";
