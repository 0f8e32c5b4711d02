// Small JavaScript helpers for the wasm-bindgen tests: the local endpoint's control API,
// AbortControllers and odd fetch implementations.
export async function control(origin, path, body) {
  // Control writes must say they are JSON: the endpoint refuses any other (cross-site) POST.
  const init =
    body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const res = await fetch(`${origin}/__control/${path}`, init);
  return res.json();
}

/** Queues faults that apply only to requests carrying `match` (tests run concurrently). */
export async function faultFor(origin, match, spec) {
  const list = (Array.isArray(spec) ? spec : [spec]).map((f) => ({ ...f, match }));
  return control(origin, "faults", list);
}

/** The requests the endpoint received that carry `match`. */
export async function receivedFor(origin, match) {
  const res = await fetch(`${origin}/__control/received?match=${encodeURIComponent(match)}`);
  return res.json();
}

export function abortedSignal(reason) {
  const c = new AbortController();
  if (reason === undefined) c.abort();
  else c.abort(reason);
  return c.signal;
}

export function signalAbortingAfter(ms, reason) {
  const c = new AbortController();
  setTimeout(() => c.abort(reason), ms);
  return c.signal;
}

export function fetchThatThrows() {
  return () => {
    throw new TypeError("synchronous failure");
  };
}

export function fetchThatRejectsWith(value) {
  return () => Promise.reject(value);
}

export function fetchThatResolvesWith(value) {
  return () => Promise.resolve(value);
}

export function countingFetch() {
  const f = (url, init) => {
    f.calls.push({ url, method: init.method, headers: { ...init.headers } });
    return fetch(url, init);
  };
  f.calls = [];
  return f;
}

export function stringify(value) {
  return JSON.stringify(value) + " " + String(value) + " " + (value && value.stack ? value.stack : "");
}

export function objectWithThrowingGetter() {
  return {
    instance_id: "a",
    get kafka_name() {
      throw new Error("getter exploded");
    },
    connect_info: {},
  };
}

export function credentialsFunction(value, asynchronous) {
  const f = () => {
    f.calls += 1;
    return asynchronous ? Promise.resolve(value) : value;
  };
  f.calls = 0;
  return f;
}

export function throwingCredentialsFunction(asynchronous) {
  return asynchronous
    ? () => Promise.reject(new Error("vault unreachable"))
    : () => {
        throw new RangeError("vault unreachable");
      };
}

export function now() {
  return Date.now();
}

export function sleepMs(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every hostile value the client must turn into a typed error (named, for messages). */
export function hostileValues() {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  return [
    ["null", null],
    ["undefined", undefined],
    ["number", 42],
    ["NaN", NaN],
    ["boolean", true],
    ["array", [1, 2]],
    ["string", "body"],
    ["bigint", 10n],
    ["symbol", Symbol("s")],
    ["function", () => {}],
    ["Date", new Date(0)],
    ["Map", new Map([["instance_id", "x"]])],
    ["class instance", new (class Body { constructor() { this.instance_id = "x"; } })()],
    ["throwing getter", { instance_id: "a", get kafka_name() { throw new Error("boom"); }, connect_info: {} }],
    ["proxy with throwing traps", new Proxy({}, { ownKeys() { throw new Error("trap"); }, get() { throw new Error("trap"); }, getPrototypeOf() { throw new Error("trap"); } })],
    ["revoked proxy", revoked.proxy],
    ["__proto__ key", JSON.parse('{"instance_id":"a","kafka_name":"b","connect_info":{},"__proto__":{"x":1}}')],
    ["constructor key", { instance_id: "a", kafka_name: "b", connect_info: {}, constructor: "x" }],
    ["10 MB string", { instance_id: "a".repeat(10 * 1024 * 1024), kafka_name: "b", connect_info: {} }],
    ["lone surrogate", { instance_id: "a\ud800", kafka_name: "b", connect_info: {} }],
    ["NUL character", { instance_id: "a", kafka_name: "b\u0000c", connect_info: {} }],
    ["nested hostile", { instance_id: "a", kafka_name: "b", connect_info: new Proxy({}, { ownKeys() { throw new Error("trap"); } }) }],
  ];
}

/** Captures everything written to the console until stop() is called. */
export function captureConsole() {
  const lines = [];
  const saved = {};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    saved[level] = console[level];
    console[level] = (...args) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : (() => { try { return JSON.stringify(a) + String(a); } catch { return String(a); } })())).join(" "));
    };
  }
  return {
    stop() {
      Object.assign(console, saved);
      return lines.join("\n");
    },
  };
}

export function errorTexts(e) {
  let json = "";
  try {
    json = JSON.stringify(e);
  } catch {
    json = "";
  }
  return [e && e.message, e && e.stack, String(e), json, e && e.cause && String(e.cause)].join("\n");
}

/** An onAttempt hook that keeps every record it gets. */
export function recordingHook() {
  const hook = (record) => {
    hook.records.push(record);
  };
  hook.records = [];
  return hook;
}
