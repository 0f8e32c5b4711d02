// Browser and default entry: the wasm is fetched and instantiated lazily, on the first call
// (or on `await ready()`), never with top-level await, so bundlers need no configuration.
import init, {
  LtsClient as WasmClient,
  validateRegisterDmsKafkaInstance as wasmValidate,
  validateCreateTransfer as wasmValidateCreate,
  validateUpdateTransfer as wasmValidateUpdate,
  knownRegions as wasmKnownRegions,
} from "./lts_kafka.js";
import { LtsConfigError } from "./errors.js";

export * from "./errors.js";

let loading = null;
let loaded = false;

/**
 * Loads the wasm (once). `source` may be a URL, a Response, bytes or a WebAssembly.Module, for
 * pages that serve the .wasm elsewhere; by default it is fetched from next to this file.
 */
export function ready(source) {
  loading ??= init({ module_or_path: source ?? new URL("./lts_kafka_bg.wasm", import.meta.url) }).then(
    () => {
      loaded = true;
    },
    (cause) => {
      loading = null;
      throw new LtsConfigError(`the lts-kafka wasm module could not be loaded: ${cause?.message ?? cause}`, { cause });
    },
  );
  return loading;
}

function requireLoaded(what) {
  if (!loaded) {
    throw new LtsConfigError(`${what} needs the wasm module: call await ready() first`);
  }
}

/** Checks a request body against the API's rules; every problem, or [] when valid. */
export function validateRegisterDmsKafkaInstance(body) {
  requireLoaded("validateRegisterDmsKafkaInstance");
  return wasmValidate(body);
}

/** Checks a DMS transfer's creation body; every problem, or [] when valid. */
export function validateCreateTransfer(body) {
  requireLoaded("validateCreateTransfer");
  return wasmValidateCreate(body);
}

/** Checks a DMS transfer's update body; every problem, or [] when valid. */
export function validateUpdateTransfer(body) {
  requireLoaded("validateUpdateTransfer");
  return wasmValidateUpdate(body);
}

/** The regions this library knows, each with its LTS endpoint. */
export function knownRegions() {
  requireLoaded("knownRegions");
  return wasmKnownRegions();
}

/**
 * A client for one project and endpoint. When the wasm is already loaded, bad options throw
 * here; before that, they reject the first call.
 */
export class LtsClient {
  #options = null;
  #inner = null;

  constructor(options) {
    if (loaded) this.#inner = new WasmClient(options);
    else this.#options = options;
  }

  #client() {
    if (this.#inner === null) {
      this.#inner = new WasmClient(this.#options);
      // The credentials now live in the wasm client only.
      this.#options = null;
    }
    return this.#inner;
  }

  async registerDmsKafkaInstance(body, options) {
    await ready();
    return this.#client().registerDmsKafkaInstance(body, options);
  }

  async createTransfer(body, options) {
    await ready();
    return this.#client().createTransfer(body, options);
  }

  async listTransfers(query, options) {
    await ready();
    return this.#client().listTransfers(query, options);
  }

  async updateTransfer(body, options) {
    await ready();
    return this.#client().updateTransfer(body, options);
  }

  async deleteTransfer(target, options) {
    await ready();
    return this.#client().deleteTransfer(target, options);
  }

  async ensureKafkaTransfer(input, options) {
    await ready();
    return this.#client().ensureKafkaTransfer(input, options);
  }

  buildRegisterDmsKafkaInstanceRequest(body, options) {
    return this.#preview("buildRegisterDmsKafkaInstanceRequest", body, options);
  }

  buildCreateTransferRequest(body, options) {
    return this.#preview("buildCreateTransferRequest", body, options);
  }

  buildListTransfersRequest(query, options) {
    return this.#preview("buildListTransfersRequest", query, options);
  }

  buildUpdateTransferRequest(body, options) {
    return this.#preview("buildUpdateTransferRequest", body, options);
  }

  buildDeleteTransferRequest(target, options) {
    return this.#preview("buildDeleteTransferRequest", target, options);
  }

  #preview(method, argument, options) {
    requireLoaded(method);
    return this.#client()[method](argument, options);
  }

  /** Frees the wasm memory this client holds (optional: it is also freed when collected). */
  free() {
    this.#inner?.free();
    this.#inner = null;
  }

  toJSON() {
    return { client: "LtsClient" };
  }
}
