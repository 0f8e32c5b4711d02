// The API of the entries that instantiate the wasm synchronously (Node, workerd, Vercel edge):
// everything works at once, and ready() resolves immediately.
import { LtsClient as WasmClient } from "./lts_kafka.js";
import { guardClient } from "./client-guard.js";

export const LtsClient = guardClient(WasmClient);
export {
  validateRegisterDmsKafkaInstance,
  validateCreateTransfer,
  validateUpdateTransfer,
  validateListTransfersQuery,
  validateDeleteTransfer,
  validateEnsureKafkaTransfer,
  knownRegions,
} from "./lts_kafka.js";
export * from "./errors.js";
export { fromEnv, fromProfile } from "./providers.js";

/** Resolves when the wasm is ready: at once in this runtime. */
export function ready() {
  return Promise.resolve();
}
