// Browser and default entry: the wasm is fetched and instantiated lazily, on the first call
// (or on `await ready()`), never with top-level await, so bundlers need no configuration.
import init, {
  LtsClient as WasmClient,
  validateRegisterDmsKafkaInstance as wasmValidate,
  validateCreateTransfer as wasmValidateCreate,
  validateUpdateTransfer as wasmValidateUpdate,
  validateListTransfersQuery as wasmValidateList,
  validateDeleteTransfer as wasmValidateDelete,
  validateEnsureKafkaTransfer as wasmValidateEnsure,
  knownRegions as wasmKnownRegions,
} from "./lts_kafka.js";
import { LtsConfigError } from "./errors.js";
import { freedError, guardClient, inspectText } from "./client-guard.js";

guardClient(WasmClient);

export * from "./errors.js";
// A page has no environment or credentials file to read: the browser's providers only refuse.
export { fromEnv, fromProfile } from "./providers-browser.js";

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

/** Checks a listTransfers query; every problem, or [] when valid. */
export function validateListTransfersQuery(query) {
  requireLoaded("validateListTransfersQuery");
  return wasmValidateList(query);
}

/** Checks deleteTransfer's argument; every problem, or [] when valid. */
export function validateDeleteTransfer(target) {
  requireLoaded("validateDeleteTransfer");
  return wasmValidateDelete(target);
}

/** Checks ensureKafkaTransfer's input; every problem, or [] when valid. */
export function validateEnsureKafkaTransfer(input) {
  requireLoaded("validateEnsureKafkaTransfer");
  return wasmValidateEnsure(input);
}

/** The regions this library knows, each with its LTS endpoint. */
export function knownRegions() {
  requireLoaded("knownRegions");
  return wasmKnownRegions();
}

/** What options describe before the wasm is loaded: never a secret (the kind of credentials only). */
function describeOptions(options) {
  const read = (key) => {
    try {
      const v = options?.[key];
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  };
  let credentials;
  try {
    const c = options?.credentials;
    credentials =
      typeof c === "function" ? "function" : typeof c?.token === "string" ? "token" : typeof c?.securityToken === "string" ? "temporary ak/sk" : "ak/sk";
  } catch {
    credentials = "unreadable";
  }
  const out = {};
  if (read("region") !== undefined) out.region = read("region");
  if (read("endpoint") !== undefined) out.endpoint = read("endpoint");
  out.projectId = read("projectId") ?? null;
  out.credentials = credentials;
  return out;
}

/**
 * A client for one project and endpoint. When the wasm is already loaded, bad options throw
 * here; before that (a browser before `await ready()`), they reject the first call.
 */
export class LtsClient {
  #options = null;
  #inner = null;
  #freed = false;

  constructor(options) {
    if (loaded) this.#inner = new WasmClient(options);
    else this.#options = options;
  }

  #client() {
    if (this.#freed) throw freedError();
    if (this.#inner === null) {
      this.#inner = new WasmClient(this.#options);
      // The credentials now live in the wasm client only.
      this.#options = null;
    }
    return this.#inner;
  }

  async #call(method, argument, options) {
    await ready();
    return this.#client()[method](argument, options);
  }

  registerDmsKafkaInstance(body, options) {
    return this.#call("registerDmsKafkaInstance", body, options);
  }

  createTransfer(body, options) {
    return this.#call("createTransfer", body, options);
  }

  listTransfers(query, options) {
    return this.#call("listTransfers", query, options);
  }

  updateTransfer(body, options) {
    return this.#call("updateTransfer", body, options);
  }

  enableTransfer(logTransferId, options) {
    return this.#call("enableTransfer", logTransferId, options);
  }

  disableTransfer(logTransferId, options) {
    return this.#call("disableTransfer", logTransferId, options);
  }

  deleteTransfer(target, options) {
    return this.#call("deleteTransfer", target, options);
  }

  ensureKafkaTransfer(input, options) {
    return this.#call("ensureKafkaTransfer", input, options);
  }

  listLogGroups(query, options) {
    return this.#call("listLogGroups", query, options);
  }

  listLogStreams(query, options) {
    return this.#call("listLogStreams", query, options);
  }

  async resolveProjectId(options) {
    await ready();
    return this.#client().resolveProjectId(options);
  }

  buildListLogGroupsRequest(query, options) {
    return this.#preview("buildListLogGroupsRequest", query, options);
  }

  buildListLogStreamsRequest(query, options) {
    return this.#preview("buildListLogStreamsRequest", query, options);
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
    this.#options = null;
    this.#freed = true;
  }

  /** What the client is: region, endpoint, project, the kind of credentials; never a secret. */
  toJSON() {
    if (this.#freed) return null;
    return this.#inner !== null ? this.#inner.toJSON() : describeOptions(this.#options);
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return inspectText(this.toJSON());
  }

  [Symbol.for("Deno.customInspect")]() {
    return inspectText(this.toJSON());
  }
}
