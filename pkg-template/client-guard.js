// What every entry adds to the wasm client class: a freed client answers with an lts-kafka
// error instead of the glue's "null pointer passed to rust", and util.inspect (Node, Bun) and
// Deno's console show what the client is (region, endpoint, project, kind of credentials),
// never a pointer and never a secret.
import { LtsConfigError } from "./errors.js";

const INSPECT = [Symbol.for("nodejs.util.inspect.custom"), Symbol.for("Deno.customInspect")];

function freedError() {
  return new LtsConfigError("invalid client options: this LtsClient was freed (client.free()): create a new one", {
    issues: [{ path: "", rule: "freed", message: "this LtsClient was freed (client.free()): create a new one" }],
  });
}

/** The text inspect shows for a client description (or a freed client). */
export function inspectText(description) {
  return description === null ? "LtsClient (freed)" : `LtsClient ${JSON.stringify(description)}`;
}

/** Patches the wasm-bindgen class in place (once). */
export function guardClient(WasmClient) {
  const proto = WasmClient.prototype;
  if (Object.hasOwn(proto, "__ltsGuarded")) return WasmClient;
  Object.defineProperty(proto, "__ltsGuarded", { value: true });
  for (const name of Object.getOwnPropertyNames(proto)) {
    const method = proto[name];
    if (name === "constructor" || name.startsWith("__") || typeof method !== "function") continue;
    if (name === "free") {
      proto.free = function free() {
        if (this.__wbg_ptr !== 0) method.call(this);
      };
      continue;
    }
    // Previews and toJSON answer at once (they throw); calls answer with a promise (it rejects).
    const sync = name.startsWith("build") || name === "toJSON";
    proto[name] = function (...args) {
      if (this.__wbg_ptr === 0) {
        if (name === "toJSON") return null;
        if (sync) throw freedError();
        return Promise.reject(freedError());
      }
      return method.apply(this, args);
    };
  }
  for (const symbol of INSPECT) {
    proto[symbol] = function () {
      return inspectText(this.__wbg_ptr === 0 ? null : this.toJSON());
    };
  }
  return WasmClient;
}

export { freedError };
