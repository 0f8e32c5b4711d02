// The JavaScript half of the shell: what one attempt needs of the runtime (an AbortController,
// a timer, fetch, the answer's status, the three headers the call reads, and its body up to a
// bound), done in one function so that an attempt crosses from wasm into JavaScript once and
// back once. It decides nothing: it reports what happened, and Rust decides (src/call.rs).
//
// No `instanceof`: the caller's fetch, its Response, body chunks, ArrayBuffers, Errors and
// AbortSignals may all come from another JavaScript realm (an iframe, a node:vm context, a
// framework's sandbox). Only structural checks and property reads are used.

const decoder = new TextDecoder();

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

/** Bytes of a body read whole (arrayBuffer() of any realm, or a view), or a reason they are not bytes. */
function asBytes(value) {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Object.prototype.toString.call(value) === "[object ArrayBuffer]") return new Uint8Array(value);
  return null;
}

/**
 * Reads the body up to maxBytes: a declared length over it is refused without reading; a
 * declared length within it is read in one go; without one, the stream is read chunk by chunk
 * and cancelled once it passes the bound. Resolves to { text }, { tooLarge: true } or
 * { notBytes: what }.
 */
async function readBody(response, declaredLength, maxBytes) {
  const stream = read(response, "body");
  const hasStream = stream !== null && typeof stream === "object";
  const declared = /^\s*\d+\s*$/.test(declaredLength) ? Number(declaredLength) : null;
  if (declared !== null && declared > maxBytes) {
    if (hasStream) Promise.resolve(read(stream, "cancel")?.call(stream)).catch(() => {});
    return { tooLarge: true };
  }
  const getReader = hasStream ? read(stream, "getReader") : undefined;
  if (declared !== null || typeof getReader !== "function") {
    const arrayBuffer = read(response, "arrayBuffer");
    if (typeof arrayBuffer !== "function") return { text: "" };
    const bytes = asBytes(await arrayBuffer.call(response));
    if (bytes === null) return { notBytes: "arrayBuffer() did not give an ArrayBuffer" };
    return bytes.byteLength > maxBytes ? { tooLarge: true } : { text: decoder.decode(bytes) };
  }
  const reader = getReader.call(stream);
  const chunks = [];
  let size = 0;
  for (;;) {
    const chunk = await reader.read();
    if (read(chunk, "done") === true) break;
    const bytes = ArrayBuffer.isView(read(chunk, "value")) ? asBytes(chunk.value) : null;
    if (bytes === null) return { notBytes: "the body stream gave something that is not bytes" };
    size += bytes.byteLength;
    if (size > maxBytes) {
      Promise.resolve(reader.cancel()).catch(() => {});
      return { tooLarge: true };
    }
    chunks.push(bytes);
  }
  if (chunks.length === 1) return { text: decoder.decode(chunks[0]) };
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { text: decoder.decode(all) };
}

/**
 * One attempt: fetch within timeoutMs, abortable by the caller's signal, and the answer read.
 * Resolves (never rejects) to a report, fields separated by NUL:
 *   kind, durationUs, nowMs, random (an integer below 2^32), status, requestId, retryAfter,
 *   name, message, causeMessage, code, body
 * kind: "a" an answer (body: its text), "l" an answer too large to read, "r" fetch resolved
 * with something that is not a Response, "b" the body was not bytes (message says how),
 * "n" fetch or the body read threw an Error-like object, "s" it threw a string (message),
 * "o" it threw another value, "t" our timer fired, "x" aborted before sending, "X" aborted
 * after, "f" no fetch at all. headerLines is "Name: value" lines joined by "\n"; body is a
 * string or undefined.
 */
export async function performAttempt(fetchFn, method, url, headerLines, body, signal, timeoutMs, maxBytes) {
  const started = performance.now();
  const report = (kind, status = 0, requestId = "", retryAfter = "", name = "", message = "", causeMessage = "", code = "", text = "") =>
    `${kind}\0${Math.max(0, Math.round((performance.now() - started) * 1000))}\0${Date.now()}\0` +
    `${Math.floor(Math.random() * 4294967296)}\0${status}\0${field(requestId)}\0${field(retryAfter)}\0` +
    `${field(name)}\0${field(message)}\0${field(causeMessage)}\0${field(code)}\0${text}`;
  const impl = fetchFn ?? globalThis.fetch;
  if (typeof impl !== "function") return report("f");
  if (aborted(signal)) return report("x");
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  if (signal != null) signal.addEventListener("abort", onAbort, { once: true });
  try {
    const headers = {};
    for (const line of headerLines.split("\n")) {
      const at = line.indexOf(": ");
      headers[line.slice(0, at)] = line.slice(at + 2);
    }
    // A redirect is never followed: a 307 would resend the credentials wherever it points.
    const init = { method, headers, redirect: "manual", signal: controller.signal };
    if (body !== undefined) init.body = body;
    const response = await impl.call(globalThis, url, init);
    const rawStatus = read(response, "status");
    if (typeof rawStatus !== "number" || !(rawStatus >= 0 && rawStatus <= 999)) return report("r");
    const status = read(response, "type") === "opaqueredirect" ? 0 : Math.trunc(rawStatus);
    const answerHeaders = read(response, "headers");
    const get = read(answerHeaders, "get");
    const header = (name) => {
      try {
        const v = typeof get === "function" ? get.call(answerHeaders, name) : null;
        return typeof v === "string" ? v : "";
      } catch {
        return "";
      }
    };
    const requestId = header("x-request-id");
    const retryAfter = header("retry-after");
    const read_ = await readBody(response, header("content-length"), maxBytes);
    if (read_.notBytes !== undefined) return report("b", status, requestId, retryAfter, "", read_.notBytes);
    if (read_.tooLarge) return report("l", status, requestId, retryAfter);
    return report("a", status, requestId, retryAfter, "", "", "", "", read_.text);
  } catch (e) {
    if (aborted(signal)) return report("X");
    if (timedOut) return report("t");
    if (typeof e === "string") return report("s", 0, "", "", "", e);
    if (e === null || (typeof e !== "object" && typeof e !== "function")) return report("o");
    const cause = read(e, "cause");
    return report("n", 0, "", "", read(e, "name"), read(e, "message"), read(cause, "message"), read(cause, "code") ?? read(e, "code"));
  } finally {
    clearTimeout(timer);
    if (signal != null) signal.removeEventListener("abort", onAbort);
  }
}

/** Waits ms, or less if the caller's signal aborts: resolves to Date.now(), or -1 when it aborted. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (aborted(signal)) return resolve(-1);
    let timer;
    const done = () => {
      clearTimeout(timer);
      if (signal != null) signal.removeEventListener("abort", done);
      resolve(aborted(signal) ? -1 : Date.now());
    };
    timer = setTimeout(done, ms);
    if (signal != null) signal.addEventListener("abort", done, { once: true });
  });
}

/** Calls the caller's onAttempt hook with a record; whatever it throws or rejects with is ignored. */
export function notifyAttempt(hook, recordJson) {
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
