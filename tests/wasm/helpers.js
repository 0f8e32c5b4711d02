// Small JavaScript helpers for the wasm-bindgen tests: the local endpoint's control API,
// AbortControllers and odd fetch implementations.
export async function control(origin, path, body) {
  const init = body === undefined ? {} : { method: "POST", body: JSON.stringify(body) };
  const res = await fetch(`${origin}/__control/${path}`, init);
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
