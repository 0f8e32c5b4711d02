// Node (ESM, and CJS through require(esm)), Deno and Bun: the wasm is read from disk and
// instantiated synchronously at import.
import { readFileSync } from "node:fs";
import { initSync } from "./lts_kafka.js";

initSync({ module: readFileSync(new URL("./lts_kafka_bg.wasm", import.meta.url)) });

export * from "./sync-api.js";
