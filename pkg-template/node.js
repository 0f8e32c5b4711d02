// Node entry: the wasm is read from disk and instantiated synchronously at import, so the
// synchronous helpers (validation, request preview) work at once.
import { readFileSync } from "node:fs";
import { initSync } from "./lts_kafka.js";

initSync({ module: readFileSync(new URL("./lts_kafka_bg.wasm", import.meta.url)) });

export { LtsClient, validateRegisterDmsKafkaInstance } from "./lts_kafka.js";
export {
  LtsConfigError,
  LtsValidationError,
  LtsApiError,
  LtsNetworkError,
  LtsAbortError,
  isLtsError,
} from "./errors.js";

/** Resolves when the wasm is ready: at once in Node. */
export function ready() {
  return Promise.resolve();
}
