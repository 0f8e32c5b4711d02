// The API of the entries that instantiate the wasm synchronously (Node, workerd, Vercel edge):
// everything works at once, and ready() resolves immediately.
export {
  LtsClient,
  validateRegisterDmsKafkaInstance,
  validateCreateTransfer,
  validateUpdateTransfer,
  knownRegions,
} from "./lts_kafka.js";
export * from "./errors.js";

/** Resolves when the wasm is ready: at once in this runtime. */
export function ready() {
  return Promise.resolve();
}
