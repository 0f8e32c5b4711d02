// Browser and default entry: the wasm is fetched and instantiated lazily, on the first call
// (or on `await ready()`), never with top-level await, so bundlers need no configuration.
import init, {
  LtsClient as WasmClient,
  validateRegisterDmsKafkaInstance as wasmValidate,
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

  buildRegisterDmsKafkaInstanceRequest(body, options) {
    requireLoaded("buildRegisterDmsKafkaInstanceRequest");
    return this.#client().buildRegisterDmsKafkaInstanceRequest(body, options);
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
