// The JavaScript half of the shell: runCall performs what the core's call state machine asks
// for (src/pipeline/call.rs, behind the LtsCall handle of src/wasm/call.rs): call the credentials
// function, do one attempt (an AbortController, a timer, fetch, the answer's status, the three
// headers the call reads, and its body up to a bound), wait. Each action is one call into wasm
// with what happened, answered by the next action: an attempt crosses once each way. It
// decides nothing: it reports what happened, and Rust decides.
//
// No `instanceof`: the caller's fetch, its Response, body chunks, ArrayBuffers, Errors and
// AbortSignals may all come from another JavaScript realm (an iframe, a node:vm context, a
// framework's sandbox). Only structural checks and property reads are used.

import { errorFromJson } from "./errors.js";

/** Answers larger than this are not read whole (the core's MAX_BODY_BYTES). */
const MAX_BODY_BYTES = 1 << 20;

/** Reads a property; a getter that throws (or a hostile proxy) gives undefined. */
function read(value, key) {
  try {
    return value == null ? undefined : value[key];
  } catch {
    return undefined;
  }
}

/** Text for a report field: a string without NUL (the field separator), or "". */
function field(value) {
  if (typeof value !== "string") return "";
  return value.includes("\0") ? value.replaceAll("\0", "") : value;
}

function aborted(signal) {
  return signal != null && read(signal, "aborted") === true;
}

/** Whether the signal was aborted with a TimeoutError reason (as AbortSignal.timeout() does). */
function timedOutSignal(signal) {
  return read(read(signal, "reason"), "name") === "TimeoutError";
}

/** Bytes of a body read whole (arrayBuffer() of any realm, or a view), or a reason they are not bytes. */
function asBytes(value) {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Object.prototype.toString.call(value) === "[object ArrayBuffer]") return new Uint8Array(value);
  return null;
}

/**
 * Listens for the signal's abort; returns the function that stops listening. A signal-like
 * object whose methods are missing or throw is never listened to, and never throws here: this
 * also runs from timers, where a throw would end the process.
 */
function onAbortOf(signal, listener) {
  if (signal == null) return () => {};
  try {
    signal.addEventListener("abort", listener, { once: true });
  } catch {
    return () => {};
  }
  return () => {
    try {
      signal.removeEventListener("abort", listener);
    } catch {
      // a signal that cannot forget its listener only calls a listener that does nothing now
    }
  };
}

/** Cancels a stream or reader without waiting, whatever it does. */
function cancel(target) {
  try {
    const done = read(target, "cancel")?.call(target);
    if (done !== null && typeof done === "object" && typeof read(done, "then") === "function") {
      Promise.resolve(done).catch(() => {});
    }
  } catch {
    // nothing more can be done with a stream that refuses to be cancelled
  }
}

/**
 * Reads the body, counting the bytes as they arrive after any Content-Encoding is undone (a
 * declared length is the size on the wire, never what fetch hands over): past maxBytes the
 * read stops and the stream is cancelled. A declared length over the bound is refused without
 * reading. Every read races `stopped` (the attempt's timeout or the caller's abort), so a body
 * that never ends cannot hold the call. Resolves to { bytes } (undefined when too large) or
 * { notBytes: what }.
 */
async function readBody(response, declaredLength, maxBytes, stopped) {
  const stream = read(response, "body");
  const hasStream = stream !== null && typeof stream === "object";
  const declared = /^\s*\d+\s*$/.test(declaredLength) ? Number(declaredLength) : null;
  if (declared !== null && declared > maxBytes) {
    if (hasStream) cancel(stream);
    return { bytes: undefined };
  }
  const getReader = hasStream ? read(stream, "getReader") : undefined;
  if (typeof getReader !== "function") {
    // A Response-like object without a stream (a test double): its whole body, still raced.
    const arrayBuffer = read(response, "arrayBuffer");
    if (typeof arrayBuffer !== "function") return { bytes: new Uint8Array(0) };
    const bytes = asBytes(await Promise.race([arrayBuffer.call(response), stopped]));
    if (bytes === null) return { notBytes: "arrayBuffer() did not give an ArrayBuffer" };
    return { bytes: bytes.byteLength > maxBytes ? undefined : bytes };
  }
  const reader = getReader.call(stream);
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), stopped]);
      if (read(chunk, "done") === true) break;
      const value = read(chunk, "value");
      const bytes = ArrayBuffer.isView(value) ? asBytes(value) : null;
      if (bytes === null) {
        cancel(reader);
        return { notBytes: "the body stream gave something that is not bytes" };
      }
      size += bytes.byteLength;
      if (size > maxBytes) {
        cancel(reader);
        return { bytes: undefined };
      }
      chunks.push(bytes);
    }
  } catch (e) {
    cancel(reader);
    throw e;
  }
  if (chunks.length === 1) return { bytes: chunks[0] };
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { bytes: all };
}

/** What a thrown value says of itself, for a message: `name: message`, its message, or its kind. */
function describeThrown(e) {
  if (typeof e === "string") return e;
  const name = read(e, "name");
  const message = read(e, "message");
  if (typeof message === "string") return typeof name === "string" ? `${name}: ${message}` : message;
  return `a ${e === null ? "null" : typeof e}`;
}

/**
 * One attempt as the core asked for it (action "S"): fetch within the timeout, abortable by
 * the caller's signal, and the answer read. Reports the outcome to the call and resolves to
 * the call's next action; never rejects.
 */
async function attempt(call, fetchFn, action, signal) {
  const [, timeoutMs, method, url, headerLines, hasBody, body] = action.split("\0");
  const started = performance.now();
  const failed = (kind, name = "", message = "", causeMessage = "", code = "") =>
    call.failed(kind, field(name), field(message), field(causeMessage), field(code), Date.now(), Math.random(), performance.now() - started);
  if (aborted(signal)) return failed(timedOutSignal(signal) ? 10 : 7);
  const controller = new AbortController();
  let timedOut = false;
  // Rejects once the attempt is over (its timer fired or the caller aborted): every wait below
  // races it, so a fetch or a body that ignores its signal cannot hold the call.
  let stop;
  const stopped = new Promise((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => {});
  controller.signal.addEventListener("abort", () => stop(new Error("the attempt was stopped")), { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Number(timeoutMs));
  const unlisten = onAbortOf(signal, () => controller.abort());
  try {
    const headers = {};
    for (const line of headerLines.split("\n")) {
      const at = line.indexOf(": ");
      headers[line.slice(0, at)] = line.slice(at + 2);
    }
    // A redirect is never followed: a 307 would resend the credentials wherever it points.
    const init = { method, headers, redirect: "manual", signal: controller.signal };
    if (hasBody === "1") init.body = body;
    const response = await Promise.race([fetchFn.call(globalThis, url, init), stopped]);
    const rawStatus = read(response, "status");
    if (typeof rawStatus !== "number" || !(rawStatus >= 0 && rawStatus <= 999)) return failed(4);
    // An opaque redirect (a browser's answer to redirect: "manual") has status 0 by the Fetch
    // standard, which the core reports as a redirect not followed: no need to read its type.
    const status = Math.trunc(rawStatus);
    const answerHeaders = read(response, "headers");
    const get = read(answerHeaders, "get");
    const header = (name) => {
      try {
        const v = typeof get === "function" ? get.call(answerHeaders, name) : null;
        return typeof v === "string" ? v : undefined;
      } catch {
        return undefined;
      }
    };
    const requestId = header("x-request-id");
    const retryAfter = header("retry-after");
    const traceId = header("x-iam-trace-id");
    const got = await readBody(response, header("content-length") ?? "", MAX_BODY_BYTES, stopped);
    if (got.notBytes !== undefined) return failed(5, "", got.notBytes);
    return call.answered(status, requestId, retryAfter, traceId, got.bytes, Date.now(), Math.random(), performance.now() - started);
  } catch (e) {
    if (aborted(signal)) return failed(timedOutSignal(signal) ? 11 : 8);
    if (timedOut) return failed(6);
    if (typeof e === "string") return failed(2, "", e);
    if (e === null || (typeof e !== "object" && typeof e !== "function")) return failed(3);
    const cause = read(e, "cause");
    return failed(1, read(e, "name"), read(e, "message"), read(cause, "message"), read(cause, "code") ?? read(e, "code"));
  } finally {
    clearTimeout(timer);
    unlisten();
  }
}

/**
 * Settles with { value }, { error }, or { late: true } after ms, or { aborted: true } when the
 * caller's signal aborts first: a promise the caller gave is never waited on unbounded.
 */
function settleWithin(promise, ms, signal) {
  return new Promise((resolve) => {
    let unlisten = () => {};
    const timer = setTimeout(() => finish({ late: true }), ms);
    unlisten = onAbortOf(signal, () => finish({ aborted: true }));
    function finish(outcome) {
      clearTimeout(timer);
      unlisten();
      resolve(outcome);
    }
    if (aborted(signal)) return finish({ aborted: true });
    Promise.resolve(promise).then(
      (value) => finish({ value }),
      (error) => finish({ error }),
    );
  });
}

/**
 * Asks the credentials function (action "C ms"), waiting at most ms and no longer than the
 * caller's signal allows; resolves to the call's next action and what it threw.
 */
async function credentials(call, provider, withinMs, signal) {
  const failed = (rejected, e) => {
    const name = read(e, "name");
    const message = read(e, "message");
    if (typeof message === "string") return call.credentialsFailed(rejected, typeof name === "string" ? name : "", message, Date.now());
    return call.credentialsFailed(rejected, "", describeThrown(e), Date.now());
  };
  let value;
  try {
    value = provider();
  } catch (e) {
    return failed(false, e);
  }
  if (value !== null && typeof value === "object" && typeof read(value, "then") === "function") {
    const outcome = await settleWithin(value, withinMs, signal);
    if (outcome.aborted) return call.waited(Date.now(), true, timedOutSignal(signal));
    if (outcome.late) return call.credentialsTimedOut(Date.now());
    if ("error" in outcome) return failed(true, outcome.error);
    value = outcome.value;
  }
  return call.credentials(value, Date.now());
}

/**
 * A result as the caller gets it: the API's own object, with the request ids as properties
 * that JSON.stringify and a spread leave out (so a listed transfer can be spread into an update).
 */
function result(json) {
  const out = JSON.parse(json);
  for (const key of ["requestId", "requestIds"]) {
    if (out !== null && typeof out === "object" && Object.hasOwn(out, key)) {
      Object.defineProperty(out, key, { value: out[key], enumerable: false, writable: true, configurable: true });
    }
  }
  return out;
}

/**
 * Drives a call to its end: asks the core (the LtsCall handle) for each next action and
 * performs it. Resolves to the result or rejects with an lts-kafka error; frees the handle.
 */
export async function runCall(call, fetchFn, signal, provider, onAttempt) {
  try {
    let action = call.start(Date.now());
    for (;;) {
      if (action.charCodeAt(0) === 78) {
        // "N key": a project lookup ended; the calls waiting for it look at the cache again.
        const end = action.indexOf("\0", 2);
        settleLookup(action.slice(2, end));
        action = action.slice(end + 1);
      }
      switch (action.charCodeAt(0)) {
        case 83: {
          // "S": send (with no fetch at all, there is no attempt: the core says what to do).
          const impl = fetchFn ?? globalThis.fetch;
          if (typeof impl !== "function") {
            action = call.failed(9, "", "", "", "", Date.now(), 0, 0);
            break;
          }
          action = await attempt(call, impl, action, signal);
          if (onAttempt !== undefined) {
            const record = call.record();
            if (record !== "") notifyAttempt(onAttempt, record);
          }
          break;
        }
        case 87: {
          // "W": wait.
          const ended = await sleep(Number(action.slice(2)), signal);
          action = ended < 0 ? call.waited(Date.now(), true, timedOutSignal(signal)) : call.waited(ended, false, false);
          break;
        }
        case 74: {
          // "J key ms": another call is finding the same project; wait for it (at most ms).
          const [, key, ms] = action.split("\0");
          const ended = await joinLookup(key, Number(ms), signal);
          action = ended < 0 ? call.waited(Date.now(), true, timedOutSignal(signal)) : call.waited(ended, false, false);
          break;
        }
        case 67: {
          // "C": credentials, within the time the core gives.
          action = await credentials(call, provider, Number(action.slice(2)), signal);
          break;
        }
        case 82:
          // "R": the result.
          return result(action.slice(2));
        default:
          // "E": the error (an abort's cause is the signal's reason).
          throw errorFromJson(action.slice(2), signal != null ? read(signal, "reason") : undefined);
      }
    }
  } finally {
    call.free();
  }
}

/** The calls waiting for a project lookup, by the lookup's name: each a function that wakes it. */
const lookupWaiters = new Map();

/** Wakes every call waiting for the lookup `key`. */
function settleLookup(key) {
  const waiters = lookupWaiters.get(key);
  if (waiters === undefined) return;
  lookupWaiters.delete(key);
  for (const wake of waiters) wake();
}

/**
 * Waits until the lookup `key` ends, at most ms, or less if the caller's signal aborts:
 * resolves to Date.now(), or -1 when it aborted.
 */
function joinLookup(key, ms, signal) {
  return new Promise((resolve) => {
    if (aborted(signal)) return resolve(-1);
    let unlisten = () => {};
    let waiters = lookupWaiters.get(key);
    if (waiters === undefined) lookupWaiters.set(key, (waiters = new Set()));
    const done = () => {
      clearTimeout(timer);
      unlisten();
      waiters.delete(done);
      if (waiters.size === 0 && lookupWaiters.get(key) === waiters) lookupWaiters.delete(key);
      resolve(aborted(signal) ? -1 : Date.now());
    };
    waiters.add(done);
    const timer = setTimeout(done, ms);
    unlisten = onAbortOf(signal, done);
  });
}

/** Waits ms, or less if the caller's signal aborts: resolves to Date.now(), or -1 when it aborted. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (aborted(signal)) return resolve(-1);
    let unlisten = () => {};
    const done = () => {
      clearTimeout(timer);
      unlisten();
      resolve(aborted(signal) ? -1 : Date.now());
    };
    const timer = setTimeout(done, ms);
    unlisten = onAbortOf(signal, done);
  });
}

/** Calls the caller's onAttempt hook with a record; whatever it throws or rejects with is ignored. */
function notifyAttempt(hook, recordJson) {
  try {
    const result = hook(JSON.parse(recordJson));
    if (result !== null && typeof result === "object" && typeof result.then === "function") {
      result.then(undefined, () => {});
    }
  } catch {
    // A failing hook must not break the call.
  }
}

/** Parses JSON that Rust wrote (a result, issues, a preview): one crossing per output object. */
export function fromJson(text) {
  return JSON.parse(text);
}
