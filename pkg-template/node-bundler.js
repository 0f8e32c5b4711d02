// Node.js code that a bundler compiles: the "node" + "module" conditions, which Next.js's
// server layers (Turbopack and webpack), Vite SSR with noExternal and esbuild --platform=node
// set, and which Node, Deno and Bun themselves never set. A bundler rewrites
// `new URL("./lts_kafka_bg.wasm", import.meta.url)` into a URL of its own (a browser asset URL,
// or the build machine's path), so this entry carries the wasm inside the JS, brotli-compressed
// (lts_kafka_bg.wasm.br.js, generated at build), and instantiates it synchronously at import,
// as node.js does.
import { Buffer } from "node:buffer";
import { brotliDecompressSync } from "node:zlib";
import { initSync } from "./lts_kafka.js";
import wasmBrotliBase64 from "./lts_kafka_bg.wasm.br.js";

initSync({ module: brotliDecompressSync(Buffer.from(wasmBrotliBase64, "base64")) });

export * from "./sync-api.js";
