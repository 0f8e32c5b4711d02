// A strict local stand-in for Huawei Cloud LTS's "register a DMS Kafka instance" operation and
// its log transfers (create, list, update, delete: tests/local-lts/transfers.mjs).
//
// It enforces the contract: method, path, Content-Type, X-Auth-Token (and the project the
// token belongs to) or the SDK-HMAC-SHA256 signature (its query included), the body rules, the
// SASL credentials of the Kafka instances it was configured with, one registration per
// instance, the log groups and streams it was started with, and one DMS transfer per stream.
// Every answer carries X-Request-Id.
// It records every request it receives, and can be told to fail (status, body, delay, reset)
// from Node or over HTTP, for fault tests in any runtime. No dependencies.
//
//   const lts = await startLocalLts({ tokens: { "my-token": "my-project" } });
//   ... lts.url ... lts.received ... lts.queueFault({ status: 500 }) ...
//   await lts.close();

import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { parseAuthorization, parseSdkDate, verify } from "./signature.mjs";
import { TRANSFER_ERRORS, normaliseLogGroups, refusalOf, transferStore } from "./transfers.mjs";

const API_PATH = /^\/v2\/([^/]+)\/lts\/dms\/kafka-instance$/;
const TRANSFERS_PATH = /^\/v2\/([^/]+)\/transfers$/;
const CONTENT_TYPES = new Set([
  "application/json;charset=utf8",
  "application/json;charset=utf-8",
]);
// The transfer operations take every form the sources show: the two above, and plain
// application/json (the SDK's for GET and DELETE, Terraform's for all).
const TRANSFER_CONTENT_TYPES = new Set([...CONTENT_TYPES, "application/json"]);
const MAX_BODY = 1 << 20;

/** Error codes and messages the endpoint answers with. */
export const ERRORS = {
  notFound: [404, "APIGW.0101", "The API does not exist or has not been published in the environment"],
  badAuth: [401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"],
  badToken: [401, "APIGW.0301", "Incorrect IAM authentication information: decrypt token fail"],
  badSignature: [401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"],
  projectMismatch: [403, "LTS.0403", "Invalid projectId: it does not match the token's project"],
  notJson: [400, "LTS.0007", "The request body must be JSON"],
  invalidBody: [400, "LTS.0009", "Failed to validate the request body"],
  kafkaAuth: [400, "LTS.1719", "kafka user or password wrong"],
  // The real code for a second registration is not published; this one is an assumption.
  alreadyRegistered: [400, "LTS.1711", "The Kafka instance has already been registered"],
  tooLarge: [413, "APIGW.0201", "Request entity too large"],
};

const CORS_ALLOW_HEADERS = "content-type, x-auth-token, authorization, x-sdk-date, x-project-id, x-security-token";
export { TRANSFER_ERRORS };
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60 * 1000;

function requestId() {
  return randomBytes(16).toString("hex");
}

function normaliseAkSk(akSk) {
  const map = new Map();
  const entries = Array.isArray(akSk) ? akSk.map((e) => [e.ak, e]) : Object.entries(akSk ?? {});
  for (const [ak, { sk, projectId, securityToken }] of entries) map.set(ak, { sk, projectId, securityToken });
  return map;
}

function normaliseTokens(tokens) {
  const map = new Map();
  if (Array.isArray(tokens)) {
    for (const { token, projectId } of tokens) map.set(token, projectId);
  } else {
    for (const [token, projectId] of Object.entries(tokens ?? {})) map.set(token, projectId);
  }
  return map;
}

/** Checks the body against the contract; returns a message naming the first broken rule, or null. */
export function bodyProblem(body) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body must be a JSON object";
  for (const key of Object.keys(body)) {
    if (!["instance_id", "kafka_name", "connect_info"].includes(key)) return `unknown field ${key}`;
  }
  const str = (v, name, min, max) => {
    if (v === undefined) return `${name} is required`;
    if (typeof v !== "string") return `${name} must be a string`;
    if (v.length < min || v.length > max) return `${name} must be ${min} to ${max} characters`;
    return null;
  };
  const p = str(body.instance_id, "instance_id", 1, 36) ?? str(body.kafka_name, "kafka_name", 1, 256);
  if (p) return p;
  const ci = body.connect_info;
  if (ci === undefined) return "connect_info is required";
  if (typeof ci !== "object" || ci === null || Array.isArray(ci)) return "connect_info must be an object";
  for (const key of Object.keys(ci)) {
    if (!["user_name", "pwd"].includes(key)) return `unknown field connect_info.${key}`;
    if (typeof ci[key] !== "string") return `connect_info.${key} must be a string`;
  }
  return null;
}

/**
 * Starts the endpoint on 127.0.0.1.
 *
 * options:
 * - port: 0 (default) for a free port
 * - tokens: { [token]: projectId } or [{ token, projectId }]
 * - akSk: { [ak]: { sk, projectId, securityToken? } } for signed requests (SDK-HMAC-SHA256);
 *   with securityToken, the key is temporary and X-Security-Token must carry it
 * - now: () => milliseconds, the clock the X-Sdk-Date window and AK locks use
 * - kafkaUsers: { [instance_id]: { user_name, pwd } } for SASL instances; any other instance id
 *   is an instance without SASL, which must be registered with connect_info {}
 * - prefix: a path prefix the API is mounted under ("/lts-proxy"), as behind a proxy
 * - cors: answer CORS preflights and add CORS headers (the real service does not)
 * - fault: a fault applied to every API request of the run (see queueFault)
 * - faultFor: (received request) => fault or null, decided per API request (Node only)
 * - logGroups: { [log_group_id]: { name, streams: { [log_stream_id]: name } } } (or a list of
 *   { log_group_id, log_group_name, log_streams: [{ log_stream_id, log_stream_name }] }): the
 *   groups and streams transfers may deliver
 * - transfers: transfer objects present at start (of any type, as if made in the console),
 *   under the project of `transfersProject`
 */
export async function startLocalLts(options = {}) {
  const tokens = normaliseTokens(options.tokens);
  const akSk = normaliseAkSk(options.akSk);
  const now = options.now ?? (() => Date.now());
  const signatureFailures = new Map();
  const lockedUntil = new Map();
  const kafkaUsers = new Map(Object.entries(options.kafkaUsers ?? {}));
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const cors = options.cors === true;
  const runFault = options.fault ?? null;
  const faultFor = options.faultFor ?? null;
  const faults = [];
  const received = [];
  const registered = new Set();
  const sockets = new Set();
  const transfers = transferStore({
    groups: normaliseLogGroups(options.logGroups),
    registered: (projectId, kafkaId) => registered.has(`${projectId}\n${kafkaId}`),
    now,
  });
  for (const t of options.transfers ?? []) transfers.seed(options.transfersProject, t);

  function corsHeaders(req) {
    if (!cors) return {};
    return {
      "access-control-allow-origin": req.headers.origin ?? "*",
      "access-control-expose-headers": "x-request-id, retry-after",
      vary: "origin",
    };
  }

  function send(req, res, status, body, extraHeaders = {}) {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json;charset=utf-8",
      "x-request-id": res.requestId,
      ...corsHeaders(req),
      ...extraHeaders,
    });
    res.end(text);
  }

  function fail(req, res, [status, code, msg], detail) {
    // LTS.1901's whole message is its detail ("log_transfer_type is not in the list [...]").
    const text = code === "LTS.1901" && detail ? detail : detail ? `${msg}: ${detail}` : msg;
    const body = { error_code: code, error_msg: text };
    if (code.startsWith("APIGW.")) body.request_id = res.requestId;
    send(req, res, status, body);
  }

  async function applyFault(req, res, fault) {
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.reset) {
      req.socket.destroy();
      return;
    }
    const headers = { ...(fault.headers ?? {}) };
    let body = fault.bodyBytes !== undefined ? "x".repeat(fault.bodyBytes) : (fault.body ?? "");
    if (typeof body !== "string") body = JSON.stringify(body);
    const omitRequestId = fault.requestId === null;
    const all = {
      ...(omitRequestId ? {} : { "x-request-id": res.requestId }),
      ...corsHeaders(req),
      ...headers,
    };
    if (!Object.keys(all).some((h) => h.toLowerCase() === "content-type") && body !== "") {
      all["content-type"] = "application/json;charset=utf-8";
    }
    if (fault.chunked) {
      // No Content-Length: the body arrives in chunks, its size unknown in advance.
      res.writeHead(fault.status ?? 500, all);
      for (let at = 0; at < body.length; at += 65536) res.write(body.slice(at, at + 65536));
      res.end();
      return;
    }
    res.writeHead(fault.status ?? 500, all);
    res.end(body);
  }

  /** The project of an authenticated request, or null after answering it with the error. */
  function authenticate(req, res, projectSegment, bodyBytes) {
    let projectId;
    try {
      projectId = decodeURIComponent(projectSegment);
    } catch {
      fail(req, res, ERRORS.notFound);
      return null;
    }
    if (req.headers.authorization !== undefined) {
      const problem = checkSignature(req, bodyBytes, projectId);
      if (problem) {
        fail(req, res, ...problem);
        return null;
      }
    } else {
      const token = req.headers["x-auth-token"];
      if (typeof token !== "string" || token === "") {
        fail(req, res, ERRORS.badAuth, "neither X-Auth-Token nor Authorization is present");
        return null;
      }
      if (!tokens.has(token)) {
        fail(req, res, ERRORS.badToken);
        return null;
      }
      if (tokens.get(token) !== projectId) {
        fail(req, res, ERRORS.projectMismatch);
        return null;
      }
    }
    return projectId;
  }

  /** The JSON body, or undefined after answering with the error. */
  function jsonBody(req, res, bodyBytes, accepted) {
    const contentType = (req.headers["content-type"] ?? "").toLowerCase();
    if (!accepted.has(contentType)) {
      fail(req, res, ERRORS.notJson, "Content-Type must be application/json;charset=utf8");
      return undefined;
    }
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bodyBytes);
    } catch {
      fail(req, res, ERRORS.notJson, "the body is not valid UTF-8");
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch {
      fail(req, res, ERRORS.notJson);
      return undefined;
    }
  }

  function handleTransfers(req, res, projectSegment, query, bodyBytes) {
    if (!["POST", "GET", "PUT", "DELETE"].includes(req.method)) return fail(req, res, ERRORS.notFound);
    const projectId = authenticate(req, res, projectSegment, bodyBytes);
    if (projectId === null) return;
    let body;
    if (req.method === "POST" || req.method === "PUT") {
      body = jsonBody(req, res, bodyBytes, TRANSFER_CONTENT_TYPES);
      if (body === undefined) return;
    } else if (!TRANSFER_CONTENT_TYPES.has((req.headers["content-type"] ?? "").toLowerCase())) {
      // The documents mark Content-Type mandatory on GET and DELETE too.
      return fail(req, res, ERRORS.notJson, "Content-Type must be application/json");
    } else if (bodyBytes.length > 0) {
      return fail(req, res, TRANSFER_ERRORS.invalidBody, `a ${req.method} takes no body`);
    }
    const { value, refusal } = refusalOf(() => {
      switch (req.method) {
        case "POST":
          return transfers.create(projectId, body);
        case "GET":
          return { log_transfers: transfers.list(projectId, query) };
        case "PUT":
          return transfers.update(projectId, body);
        default:
          return transfers.remove(projectId, query);
      }
    });
    if (refusal) return fail(req, res, ...refusal);
    send(req, res, 200, value);
  }

  function handleApi(req, res, path, query, bodyBytes) {
    const t = TRANSFERS_PATH.exec(path);
    if (t) return handleTransfers(req, res, t[1], query, bodyBytes);
    const m = API_PATH.exec(path);
    if (!m || req.method !== "POST") return fail(req, res, ERRORS.notFound);

    const projectId = authenticate(req, res, m[1], bodyBytes);
    if (projectId === null) return;
    const body = jsonBody(req, res, bodyBytes, CONTENT_TYPES);
    if (body === undefined) return;
    const problem = bodyProblem(body);
    if (problem) return fail(req, res, ERRORS.invalidBody, problem);

    const expected = kafkaUsers.get(body.instance_id);
    const given = body.connect_info;
    const saslOk = expected
      ? given.user_name === expected.user_name && given.pwd === expected.pwd
      : given.user_name === undefined && given.pwd === undefined;
    if (!saslOk) return fail(req, res, ERRORS.kafkaAuth);

    const key = `${projectId}\n${body.instance_id}`;
    if (registered.has(key)) return fail(req, res, ERRORS.alreadyRegistered);
    registered.add(key);
    send(req, res, 201, { instance_id: body.instance_id });
  }

  /** Verifies an SDK-HMAC-SHA256 request as the gateway does; [error, detail] or null. */
  function checkSignature(req, bodyBytes, projectId) {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return [ERRORS.badAuth, "the Authorization header is not SDK-HMAC-SHA256"];
    const key = akSk.get(auth.ak);
    if (!key) return [ERRORS.badAuth, "the access key does not exist"];
    const t = now();
    if ((lockedUntil.get(auth.ak) ?? 0) > t) {
      return [ERRORS.badAuth, "the access key is locked for 5 minutes after repeated signature failures"];
    }
    const sdkDate = req.headers["x-sdk-date"];
    const date = parseSdkDate(sdkDate);
    if (Number.isNaN(date)) return [ERRORS.badAuth, "X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ"];
    if (Math.abs(t - date) > MAX_CLOCK_SKEW_MS) {
      return [ERRORS.badAuth, "X-Sdk-Date is more than 15 minutes from the server's clock"];
    }
    const signed = new Set(auth.signedHeaders);
    for (const required of ["host", "x-sdk-date"]) {
      if (!signed.has(required)) return [ERRORS.badAuth, `SignedHeaders must include ${required}`];
    }
    if (req.headers["x-security-token"] !== undefined && !signed.has("x-security-token")) {
      return [ERRORS.badAuth, "X-Security-Token must be signed"];
    }
    for (const name of signed) {
      if (req.headers[name] === undefined) return [ERRORS.badAuth, `signed header ${name} is missing`];
    }
    const request = { method: req.method, url: req.url, headers: req.headers, body: bodyBytes };
    if (!verify(request, auth, key.sk, sdkDate)) {
      const failures = (signatureFailures.get(auth.ak) ?? 0) + 1;
      signatureFailures.set(auth.ak, failures);
      if (failures > LOCK_AFTER_FAILURES) {
        lockedUntil.set(auth.ak, t + LOCK_MS);
        signatureFailures.set(auth.ak, 0);
      }
      return [ERRORS.badSignature];
    }
    signatureFailures.set(auth.ak, 0);
    if (key.securityToken !== undefined && req.headers["x-security-token"] !== key.securityToken) {
      return [ERRORS.badAuth, "the security token is missing, expired or does not belong to the access key"];
    }
    if (key.securityToken === undefined && req.headers["x-security-token"] !== undefined) {
      return [ERRORS.badAuth, "a security token was sent with a permanent access key"];
    }
    if (key.projectId !== projectId || req.headers["x-project-id"] !== projectId) {
      return [ERRORS.projectMismatch];
    }
    return null;
  }

  /** The first queued fault for this request: one whose `match` the path or body contains, or one without `match`. */
  function takeFault(request) {
    const at = faults.findIndex(
      (f) => f.match === undefined || request.path.includes(f.match) || request.body.includes(f.match),
    );
    return at < 0 ? null : faults.splice(at, 1)[0];
  }

  function handleControl(req, res, path, bodyBytes) {
    const reply = (status, body) => send(req, res, status, body);
    if (path === "/__control/received" && req.method === "GET") {
      const match = new URL(req.url, "http://127.0.0.1").searchParams.get("match");
      return reply(200, match ? received.filter((r) => r.path.includes(match) || r.body.includes(match)) : received);
    }
    if (path === "/__control/reset" && req.method === "POST") {
      control.reset();
      return reply(200, { ok: true });
    }
    if (path === "/__control/faults" && req.method === "POST") {
      let spec;
      try {
        spec = JSON.parse(Buffer.from(bodyBytes).toString("utf8"));
      } catch {
        return reply(400, { error: "fault must be JSON" });
      }
      for (const f of Array.isArray(spec) ? spec : [spec]) faults.push(f);
      return reply(200, { queued: faults.length });
    }
    return reply(404, { error: "unknown control path" });
  }

  const server = createServer((req, res) => {
    res.requestId = requestId();
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on("end", async () => {
      const bodyBytes = Buffer.concat(chunks);
      const url = new URL(req.url, "http://127.0.0.1");
      const path = url.pathname;

      if (req.method === "OPTIONS") {
        if (!cors) return fail(req, res, ERRORS.notFound);
        res.writeHead(204, {
          ...corsHeaders(req),
          "access-control-allow-methods": "POST, GET, PUT, DELETE, OPTIONS",
          "access-control-allow-headers": CORS_ALLOW_HEADERS,
          "access-control-max-age": "600",
        });
        return res.end();
      }
      if (path.startsWith("/__control/")) return handleControl(req, res, path, bodyBytes);

      received.push({
        method: req.method,
        path: req.url,
        headers: { ...req.headers },
        body: bodyBytes.toString("utf8"),
        bodyBytes: bodyBytes.length,
      });
      if (tooLarge) return fail(req, res, ERRORS.tooLarge);
      const fault = takeFault(received[received.length - 1]) ?? faultFor?.(received[received.length - 1]) ?? runFault;
      if (fault && !fault.afterProcessing) return applyFault(req, res, fault);
      if (fault?.afterProcessing) {
        // Process the request for real (a registration happens), then lose the answer.
        res.writeHead = () => res;
        res.end = () => req.socket.destroy();
      }

      if (prefix && !path.startsWith(prefix + "/")) return fail(req, res, ERRORS.notFound);
      handleApi(req, res, prefix ? path.slice(prefix.length) : path, url.searchParams, bodyBytes);
    });
  });
  // Longer than clients' keep-alive, so an idle pooled connection is never closed under a
  // request that is being sent on it.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    // A backlog above Node's default of 511: a thousand clients connecting at once must not
    // have their SYNs dropped (a retransmission waits a whole second).
    server.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1", backlog: 4096 }, resolve);
  });
  const { port } = server.address();

  const control = {
    /** The base URL to give the client as its endpoint (with the prefix). */
    url: `http://127.0.0.1:${port}${prefix}`,
    /** The server's origin, without the prefix. */
    origin: `http://127.0.0.1:${port}`,
    port,
    /** Every API request received: { method, path, headers (lower-case names), body }. */
    received,
    /** The AK/SK pairs it verifies: ak -> { sk, projectId, securityToken? } (editable). */
    akSk,
    /** The registered instances, as "projectId\ninstance_id". */
    registered,
    /**
     * The transfers: seed(projectId, transfer) adds one as it is, setStatus(projectId, id,
     * status) sets one's status as the service does (EXCEPTION), all() lists every one.
     */
    transfers,
    /**
     * Makes the next API request fail (with `match`, the next one whose path or body contains
     * that string): { match, status, body, bodyBytes, chunked, headers, delayMs, reset,
     * requestId: null, afterProcessing }. `bodyBytes: n` answers n bytes of "x"; `chunked`
     * sends the body without a Content-Length. `reset: true` destroys the connection; `requestId: null` leaves
     * X-Request-Id out; `afterProcessing: true` handles the request for real (it registers),
     * then destroys the connection instead of answering: a lost answer.
     */
    queueFault(fault) {
      faults.push(fault);
    },
    /** Forgets received requests, registrations, transfers, queued faults and AK locks. */
    reset() {
      received.length = 0;
      registered.clear();
      transfers.clear();
      faults.length = 0;
      signatureFailures.clear();
      lockedUntil.clear();
    },
    /** Stops the server and closes every open connection. */
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return control;
}
