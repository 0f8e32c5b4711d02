// A strict local stand-in for Huawei Cloud LTS's "register a DMS Kafka instance" operation,
// its log transfers (create, list, update, delete: tests/local-lts/transfers.mjs), its log group
// and log stream lists, and the two IAM project lists a client derives its project id from.
//
// It enforces the contract: method, path, Content-Type, X-Auth-Token (and the project the
// token belongs to) or the SDK-HMAC-SHA256 signature (its query included), the body rules, the
// SASL credentials of the Kafka instances it was configured with, one registration per
// instance, the log groups and streams it was started with, and one DMS transfer per stream.
// Every answer carries X-Request-Id.
//
// IAM is served on the same origin (and under the same prefix): paths under /v3 are IAM's,
// those under /v2 LTS's.
// - GET /v3/projects[?name=REGION] (KeystoneListProjects, as the SDKs' project-id lookup sends
//   it: signed with an access key over at least host;x-sdk-date, or with X-Auth-Token) lists
//   the projects of that credential whose name is exactly `name` (all of them without it).
// - GET /v3/auth/projects (KeystoneListAuthProjects: X-Auth-Token, or signed) lists every
//   project of the credential, in every region.
// The projects of a credential are `projects[credential]` when given, else the one project its
// token or access key is configured with, named `region` ("cn-north-4"). IAM's answers carry
// X-IAM-Trace-Id as well as X-Request-Id, and its errors are Keystone's:
// {"error":{"code":401,"message":"…","title":"Unauthorized"}}.
// GET /v2/{project_id}/groups and /v2/{project_id}/groups/{log_group_id}/streams list the log
// groups and streams of `logGroups`, which every project sees, as every project's transfers
// may deliver them.
// It records the requests it receives, and can be told to fail (status, body, delay, reset)
// from Node or over HTTP, for fault tests in any runtime. No dependencies.
//
//   const lts = await startLocalLts({ tokens: { "my-token": "my-project" } });
//   ... lts.url ... lts.received ... lts.queueFault({ status: 500 }) ...
//   await lts.close();
//
// It runs inside its users' test processes, so nothing a client sends may end that process or
// expose what was recorded:
// - Every request line, path, header and body is answered: a malformed one with a JSON 400
//   (LOCAL.0400) or 404 (APIGW.0101; Keystone's 404 under /v3), a failure inside the endpoint
//   with a JSON 500 (LOCAL.0501), never an exception or an unhandled rejection.
// - Faults are checked when they are given (over HTTP: 400 naming the field and the rule; from
//   Node: a TypeError; a bad one from faultFor: a JSON 500, LOCAL.0500). A fault's body is at
//   most 16 MiB (`body` or `bodyBytes`), its delay at most 60 s; 10 000 faults may wait in the
//   queue.
// - The control routes (/__control/*) hold the recorded tokens and passwords: they answer only
//   requests addressed to this server (Host 127.0.0.1:PORT or localhost:PORT, which defeats DNS
//   rebinding), never one whose Origin is another origin or whose Sec-Fetch-Site says another
//   site (403), and send no CORS headers, unless the origin is listed in `controlOrigins`.
//   POSTs to them need Content-Type: application/json (415 otherwise), so no form or other
//   "simple" cross-site request can write.
// - The request log is bounded: at most `maxReceived` entries (10 000), each body cut to
//   `maxReceivedBodyBytes` (64 KiB, `bodyTruncated: true`), and `maxReceivedBytes` (32 MiB) of
//   bodies and headers in all; the oldest entries go first.
// - Connections are capped (`maxConnections`, 4096: a JSON 503 past it), request headers must
//   arrive within `headersTimeoutMs` (10 s) and the whole request within `requestTimeoutMs`
//   (30 s, JSON 408 otherwise), an idle kept-alive connection closes after
//   `keepAliveTimeoutMs` (60 s), and a body over 1 MiB is refused (413) as soon as its
//   Content-Length or its bytes pass the limit, without reading the rest.

import { createServer, STATUS_CODES } from "node:http";
import { randomBytes } from "node:crypto";
import { parseAuthorization, parseSdkDate, verify } from "./signature.mjs";
import { TRANSFER_ERRORS, normaliseLogGroups, refusalOf, transferStore } from "./transfers.mjs";

const API_PATH = /^\/v2\/([^/]+)\/lts\/dms\/kafka-instance$/;
const TRANSFERS_PATH = /^\/v2\/([^/]+)\/transfers$/;
const GROUPS_PATH = /^\/v2\/([^/]+)\/groups$/;
const STREAMS_PATH = /^\/v2\/([^/]+)\/groups\/([^/]+)\/streams$/;
const IAM_PROJECTS_PATH = "/v3/projects";
const IAM_AUTH_PROJECTS_PATH = "/v3/auth/projects";
const CONTENT_TYPES = new Set([
  "application/json;charset=utf8",
  "application/json;charset=utf-8",
]);
// The transfer operations take every form the sources show: the two above, and plain
// application/json (the SDK's for GET and DELETE, Terraform's for all).
const TRANSFER_CONTENT_TYPES = new Set([...CONTENT_TYPES, "application/json"]);

/** The endpoint's fixed bounds (bytes, milliseconds, counts) and the defaults of its options. */
export const LIMITS = Object.freeze({
  /** A request body larger than this is refused with 413, as the gateway does. */
  maxBodyBytes: 1 << 20,
  /** A fault's `body` (as sent) or `bodyBytes`. */
  maxFaultBodyBytes: 16 << 20,
  /** A fault's `delayMs`. */
  maxFaultDelayMs: 60_000,
  /** Faults waiting in the queue (queueFault and POST /__control/faults together). */
  maxQueuedFaults: 10_000,
  /** Headers in one fault, and the length of each value. */
  maxFaultHeaders: 64,
  maxFaultHeaderValue: 8192,
  /** A fault's `match` string. */
  maxFaultMatch: 4096,
  /** The projects one credential may be given in `projects`. */
  maxProjectsPerCredential: 1000,
  defaults: Object.freeze({
    /** The name of the project a credential has when `projects` says nothing of it. */
    region: "cn-north-4",
    /** The account (domain) id of the projects, unless a project names its own. */
    domainId: "d6f4b2c0e8a14f3c9b7e5d1a2c3b4a50",
    maxReceived: 10_000,
    maxReceivedBodyBytes: 64 << 10,
    maxReceivedBytes: 32 << 20,
    maxConnections: 4096,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 60_000,
  }),
});
const MAX_BODY = LIMITS.maxBodyBytes;

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
  // Documented for creating a stream in an unknown group; for listing its streams the service's
  // answer is not published, and this one is assumed.
  groupNotExisted: [400, "LTS.0201", "The log group is not existed"],
  // The real code for a second registration is not published; this one is an assumption.
  alreadyRegistered: [400, "LTS.1711", "The Kafka instance has already been registered"],
  tooLarge: [413, "APIGW.0201", "Request entity too large"],
  // The local endpoint's own answers (LOCAL.*): the service has no equivalent to copy.
  badRequest: [400, "LOCAL.0400", "The request is malformed"],
  requestTimeout: [408, "LOCAL.0408", "The request did not arrive in time"],
  headersTooLarge: [431, "LOCAL.0431", "The request headers are too large"],
  badFault: [500, "LOCAL.0500", "The fault given to the local endpoint is invalid"],
  internal: [500, "LOCAL.0501", "The local endpoint failed to answer"],
  tooManyConnections: [503, "LOCAL.0503", "The local endpoint holds its maximum number of connections"],
};

/**
 * IAM's errors, in Keystone's shape {"error":{"code":status,"message":…,"title":…}}:
 * [status, message, title].
 */
export const IAM_ERRORS = {
  unauthorized: [401, "The request you have made requires authentication.", "Unauthorized"],
  notFound: [404, "The resource could not be found.", "Not Found"],
  methodNotAllowed: [405, "The method is not allowed for the requested URL.", "Method Not Allowed"],
  // Keystone's validation message; the endpoint adds which rule was broken.
  badRequest: [400, "The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.", "Bad Request"],
};

const CORS_ALLOW_HEADERS = "content-type, x-auth-token, authorization, x-sdk-date, x-project-id, x-security-token, x-domain-id";
const CORS_EXPOSE_HEADERS = "x-request-id, retry-after, x-iam-trace-id";
export { TRANSFER_ERRORS };
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60 * 1000;
// How often Node looks for requests past headersTimeoutMs / requestTimeoutMs (its default, 30 s,
// would let a stalled request live that much longer than the limit says).
const TIMEOUT_CHECK_MS = 1000;

const ignore = () => {};

function requestId() {
  return randomBytes(16).toString("hex");
}

const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

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

// ------------------------------------------------------------------------------------- faults

const FAULT_FIELDS = ["match", "status", "body", "bodyBytes", "chunked", "headers", "delayMs", "reset", "requestId", "afterProcessing"];
// RFC 9110's token, and the bytes Node accepts in a header value (no CR, LF or NUL: a value
// with a newline would split the answer or make writeHead throw).
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A field name safe to repeat in a message: short, quoted, or not repeated at all. */
const nameForMessage = (key) => (/^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : JSON.stringify(key.slice(0, 32)));

function checkFaultFields(fault, where) {
  if (!isRecord(fault)) return { problem: `${where} must be an object` };
  for (const key of Object.keys(fault)) {
    if (!FAULT_FIELDS.includes(key)) return { problem: `${where} has an unknown field ${nameForMessage(key)} (known: ${FAULT_FIELDS.join(", ")})` };
  }
  const { match, status, body, bodyBytes, chunked, headers, delayMs, reset, requestId: id, afterProcessing } = fault;
  if (match !== undefined && (typeof match !== "string" || match.length > LIMITS.maxFaultMatch)) {
    return { problem: `${where}.match must be a string of at most ${LIMITS.maxFaultMatch} characters` };
  }
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    return { problem: `${where}.status must be an integer from 200 to 599` };
  }
  let text = "";
  if (typeof body === "string") {
    text = body;
  } else if (body !== undefined) {
    try {
      text = JSON.stringify(body);
    } catch {
      text = undefined;
    }
    if (typeof text !== "string") return { problem: `${where}.body must be a string or a JSON value` };
  }
  if (Buffer.byteLength(text) > LIMITS.maxFaultBodyBytes) {
    return { problem: `${where}.body must be at most ${LIMITS.maxFaultBodyBytes} bytes` };
  }
  if (bodyBytes !== undefined && !(Number.isInteger(bodyBytes) && bodyBytes >= 0 && bodyBytes <= LIMITS.maxFaultBodyBytes)) {
    return { problem: `${where}.bodyBytes must be an integer from 0 to ${LIMITS.maxFaultBodyBytes}` };
  }
  for (const [name, value] of [["chunked", chunked], ["reset", reset], ["afterProcessing", afterProcessing]]) {
    if (value !== undefined && typeof value !== "boolean") return { problem: `${where}.${name} must be true or false` };
  }
  if (delayMs !== undefined && !(typeof delayMs === "number" && delayMs >= 0 && delayMs <= LIMITS.maxFaultDelayMs)) {
    return { problem: `${where}.delayMs must be a number from 0 to ${LIMITS.maxFaultDelayMs}` };
  }
  if (id !== undefined && id !== null) return { problem: `${where}.requestId may only be null (to leave X-Request-Id out)` };
  const copied = {};
  if (headers !== undefined) {
    if (!isRecord(headers)) return { problem: `${where}.headers must be an object of header names to strings` };
    const names = Object.keys(headers);
    if (names.length > LIMITS.maxFaultHeaders) return { problem: `${where}.headers must have at most ${LIMITS.maxFaultHeaders} headers` };
    for (const name of names) {
      if (!HEADER_NAME.test(name)) return { problem: `${where}.headers has a name that is not an HTTP token of 1 to 256 characters` };
      const value = headers[name];
      if (typeof value !== "string" || value.length > LIMITS.maxFaultHeaderValue) {
        return { problem: `${where}.headers.${name} must be a string of at most ${LIMITS.maxFaultHeaderValue} characters` };
      }
      if (!HEADER_VALUE.test(value)) {
        return { problem: `${where}.headers.${name} must not contain CR, LF, NUL or other control characters, nor characters above U+00FF` };
      }
      copied[name] = value;
    }
  }
  return {
    fault: Object.freeze({
      match,
      status: status ?? 500,
      body: text,
      bodyBytes,
      chunked: chunked === true,
      headers: Object.freeze(copied),
      delayMs: delayMs ?? 0,
      reset: reset === true,
      omitRequestId: id === null,
      afterProcessing: afterProcessing === true,
    }),
  };
}

/**
 * Checks a fault (see LocalLtsFault) and copies it: `{ fault }`, or `{ problem }`, a message
 * naming the field and the rule it breaks ("fault.status must be an integer from 200 to 599").
 * Never throws, whatever it is given (a proxy, a throwing getter, a cycle).
 */
export function checkFault(fault, where = "fault") {
  try {
    return checkFaultFields(fault, where);
  } catch {
    return { problem: `${where} could not be read (a getter or proxy threw)` };
  }
}

/** The name of something thrown, safe to put in an answer (never its message: it may quote a body). */
function thrownName(e) {
  try {
    const name = typeof e === "object" && e !== null ? e.name : undefined;
    return typeof name === "string" && /^[A-Za-z0-9_$]{1,64}$/.test(name) ? name : typeof e;
  } catch {
    return typeof e;
  }
}

// ------------------------------------------------------------------------------------ options

function integerOption(options, name, min, max) {
  const value = options[name];
  if (value === undefined) return LIMITS.defaults[name];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`startLocalLts: ${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A list of origins ("http://host:port", as a browser sends them), checked. */
function originList(value, name) {
  if (!Array.isArray(value)) throw new TypeError(`startLocalLts: ${name} must be a list of origins`);
  for (const origin of value) {
    let canonical = null;
    try {
      canonical = typeof origin === "string" ? new URL(origin).origin : null;
    } catch {
      canonical = null;
    }
    if (canonical !== origin || !/^https?:/.test(origin)) {
      throw new TypeError(`startLocalLts: each of ${name} must be an origin such as "http://127.0.0.1:8000" (scheme, host, port; no path)`);
    }
  }
  return new Set(value);
}

/** A string option of `min` to `max` characters, or its default. */
function stringOption(options, name, min, max) {
  const value = options[name];
  if (value === undefined) return LIMITS.defaults[name];
  if (typeof value !== "string" || value.length < min || value.length > max) {
    throw new TypeError(`startLocalLts: ${name} must be a string of ${min} to ${max} characters`);
  }
  return value;
}

const PROJECT_FIELDS = ["id", "name", "domain_id", "parent_id", "enabled", "description"];

/**
 * `projects` checked: a Map from credential (token or access key) to its list of projects as
 * given. A message names the entry and the project by position, never by the credential: a
 * token is a secret.
 */
function normaliseProjects(projects, isCredential) {
  const map = new Map();
  if (projects === undefined) return map;
  const rule = "projects must be an object of tokens or access keys to lists of { id, name, domain_id?, parent_id?, enabled?, description? }";
  if (!isRecord(projects)) throw new TypeError(`startLocalLts: ${rule}`);
  const entries = Object.entries(projects);
  for (const [i, [credential, list]] of entries.entries()) {
    const where = `projects entry ${i + 1} of ${entries.length}`;
    if (!isCredential(credential)) {
      throw new TypeError(`startLocalLts: ${where}: the key must be a token of tokens or an access key of akSk`);
    }
    if (!Array.isArray(list) || list.length > LIMITS.maxProjectsPerCredential) {
      throw new TypeError(`startLocalLts: ${where} must be a list of at most ${LIMITS.maxProjectsPerCredential} projects`);
    }
    for (const [j, project] of list.entries()) {
      const at = `${where}, project ${j + 1}`;
      if (!isRecord(project)) throw new TypeError(`startLocalLts: ${at} must be an object { id, name, … }`);
      for (const key of Object.keys(project)) {
        if (!PROJECT_FIELDS.includes(key)) {
          throw new TypeError(`startLocalLts: ${at} has an unknown field ${nameForMessage(key)} (known: ${PROJECT_FIELDS.join(", ")})`);
        }
      }
      const text = (key, min, max, optional) => {
        const v = project[key];
        if (optional && v === undefined) return;
        if (typeof v !== "string" || v.length < min || v.length > max) {
          throw new TypeError(`startLocalLts: ${at}: ${key} must be a string of ${min} to ${max} characters`);
        }
      };
      text("id", 1, 128, false);
      // IAM lists projects named "" too (its documented example has one).
      text("name", 0, 128, false);
      text("domain_id", 1, 128, true);
      text("parent_id", 1, 128, true);
      text("description", 0, 1024, true);
      if (project.enabled !== undefined && typeof project.enabled !== "boolean") {
        throw new TypeError(`startLocalLts: ${at}: enabled must be true or false`);
      }
    }
    map.set(credential, list.map((p) => Object.freeze({ ...p })));
  }
  return map;
}

/** The request target as a path and query, or null when it is neither a path nor an http URL. */
function parseTarget(raw) {
  if (typeof raw !== "string" || raw === "") return null;
  try {
    // A path is parsed under a fixed origin written out in front of it, never as a relative
    // reference: "//x" relative to a base is a URL with the host x (or an error when empty).
    let url = null;
    if (raw.startsWith("/")) url = new URL(`http://127.0.0.1${raw}`);
    else if (/^https?:\/\//i.test(raw)) url = new URL(raw);
    return url && { path: url.pathname, query: url.searchParams };
  } catch {
    return null;
  }
}

/** Where UTF-8 `bytes` may be cut at or below `max` without splitting a character. */
function cutPoint(bytes, max) {
  if (bytes.length <= max) return bytes.length;
  let end = max;
  while (end > 0 && end > max - 3 && (bytes[end] & 0xc0) === 0x80) end--;
  return end;
}

/**
 * Starts the endpoint on 127.0.0.1.
 *
 * options:
 * - port: 0 (default) for a free port
 * - tokens: { [token]: projectId } or [{ token, projectId }]
 * - akSk: { [ak]: { sk, projectId, securityToken? } } for signed requests (SDK-HMAC-SHA256);
 *   with securityToken, the key is temporary and X-Security-Token must carry it
 * - projects: { [token or ak]: [{ id, name, domain_id?, parent_id?, enabled?, description? }] }:
 *   what IAM lists for that credential (GET /v3/projects, /v3/auth/projects); [] for none, two
 *   of the same name for an ambiguous region. A credential without an entry has one project:
 *   its configured project id, named `region`. An access key may also sign LTS requests for
 *   every project listed here; a token stays scoped to its one project, as IAM's tokens are.
 *   Each key must be a token of `tokens` or an access key of `akSk`; at most 1000 projects each
 * - region: the name of a credential's default project ("cn-north-4")
 * - domainId: the account id the projects carry unless they give domain_id (32 hex digits)
 * - now: () => milliseconds, the clock the X-Sdk-Date window and AK locks use
 * - kafkaUsers: { [instance_id]: { user_name, pwd } } for SASL instances; any other instance id
 *   is an instance without SASL, which must be registered with connect_info {}
 * - prefix: a path prefix the API is mounted under ("/lts-proxy"), as behind a proxy
 * - cors: true answers CORS preflights and adds CORS headers to the API's answers for any
 *   origin (the real service does not); a list of origins does so for those origins only.
 *   Never on the control routes.
 * - controlOrigins: origins ("http://127.0.0.1:8000") whose pages may use the control routes
 *   (a browser test page served from another port); none by default
 * - fault: a fault applied to every API request of the run (see queueFault); checked at start
 * - faultFor: (received request) => fault or null, decided per API request (Node only); the
 *   request's body is the recorded one (cut at maxReceivedBodyBytes)
 * - logGroups: { [log_group_id]: { name, streams: { [log_stream_id]: name } } } (or a list of
 *   { log_group_id, log_group_name, log_streams: [{ log_stream_id, log_stream_name }] }): the
 *   groups and streams transfers may deliver, and GET /v2/{project_id}/groups lists (to every
 *   project)
 * - transfers: transfer objects present at start (of any type, as if made in the console),
 *   under the project of `transfersProject`
 * - maxReceived (10 000), maxReceivedBodyBytes (64 KiB), maxReceivedBytes (32 MiB): the bounds
 *   of `received`
 * - maxConnections (4096), headersTimeoutMs (10 000), requestTimeoutMs (30 000),
 *   keepAliveTimeoutMs (60 000): the bounds of connections
 *
 * An invalid option or fault rejects with a TypeError naming the option and the rule.
 */
export async function startLocalLts(options = {}) {
  if (!isRecord(options)) throw new TypeError("startLocalLts: options must be an object");
  const maxReceived = integerOption(options, "maxReceived", 0, 1_000_000);
  const maxReceivedBodyBytes = integerOption(options, "maxReceivedBodyBytes", 0, MAX_BODY);
  const maxReceivedBytes = integerOption(options, "maxReceivedBytes", 0, 1 << 30);
  const maxConnections = integerOption(options, "maxConnections", 1, 1_000_000);
  const requestTimeoutMs = integerOption(options, "requestTimeoutMs", 100, 3_600_000);
  // Node requires headersTimeout <= requestTimeout: the default follows a shorter requestTimeoutMs.
  const headersTimeoutMs =
    options.headersTimeoutMs === undefined
      ? Math.min(LIMITS.defaults.headersTimeoutMs, requestTimeoutMs)
      : integerOption(options, "headersTimeoutMs", 100, requestTimeoutMs);
  const keepAliveTimeoutMs = integerOption(options, "keepAliveTimeoutMs", 100, 3_600_000);
  if (options.cors !== undefined && typeof options.cors !== "boolean" && !Array.isArray(options.cors)) {
    throw new TypeError("startLocalLts: cors must be true, false or a list of origins");
  }
  const corsOrigins = Array.isArray(options.cors) ? originList(options.cors, "cors") : null;
  const cors = options.cors === true || corsOrigins !== null;
  const controlOrigins = options.controlOrigins === undefined ? new Set() : originList(options.controlOrigins, "controlOrigins");
  let runFault = null;
  if (options.fault !== undefined && options.fault !== null) {
    const checked = checkFault(options.fault, "options.fault");
    if (checked.problem) throw new TypeError(`startLocalLts: ${checked.problem}`);
    runFault = checked.fault;
  }
  if (options.host !== undefined && typeof options.host !== "string") throw new TypeError("startLocalLts: host must be a string");
  const faultFor = options.faultFor ?? null;
  if (faultFor !== null && typeof faultFor !== "function") throw new TypeError("startLocalLts: faultFor must be a function");

  const tokens = normaliseTokens(options.tokens);
  const akSk = normaliseAkSk(options.akSk);
  const region = stringOption(options, "region", 1, 64);
  const domainId = stringOption(options, "domainId", 1, 128);
  const projects = normaliseProjects(options.projects, (credential) => tokens.has(credential) || akSk.has(credential));
  const now = options.now ?? (() => Date.now());
  const signatureFailures = new Map();
  const lockedUntil = new Map();
  const kafkaUsers = new Map(Object.entries(options.kafkaUsers ?? {}));
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const faults = [];
  const received = [];
  // What each recorded entry costs against maxReceivedBytes; a WeakMap, so entries a user
  // removes from `received` take their cost with them.
  const costOf = new WeakMap();
  let receivedCost = 0;
  let receivedSeen = 0;
  const registered = new Set();
  const sockets = new Set();
  const responseOf = new WeakMap(); // socket -> the response being written on it
  const waits = new Set(); // fault delays in progress: close() ends them
  const logGroups = normaliseLogGroups(options.logGroups);
  // When the log groups were made, as their lists say: the first time one is listed.
  let logGroupsCreatedAt = null;
  const transfers = transferStore({
    groups: logGroups,
    registered: (projectId, kafkaId) => registered.has(`${projectId}\n${kafkaId}`),
    now,
  });
  for (const t of options.transfers ?? []) transfers.seed(options.transfersProject, t);

  // Filled in once listening: the authorities and origins that are this server itself, and
  // the URL IAM's links start with.
  const ownAuthorities = new Set();
  const ownOrigins = new Set();
  let apiBase = "";

  /** A request's path below the prefix (the API's own path), or null when it is outside it. */
  function apiPathOf(path) {
    if (!prefix) return path;
    return path.startsWith(prefix + "/") ? path.slice(prefix.length) : null;
  }
  const isIamPath = (apiPath) => apiPath !== null && (apiPath === "/v3" || apiPath.startsWith("/v3/"));

  /** The CORS headers for an API answer: only with `cors`, only to an allowed origin. */
  function apiCorsHeaders(req) {
    if (!cors) return {};
    const origin = req.headers.origin;
    let allow = null;
    if (corsOrigins !== null) allow = typeof origin === "string" && corsOrigins.has(origin) ? origin : null;
    // Reflect only what is a valid header value: a header Node cannot write would throw.
    else allow = origin === undefined ? "*" : /^[\x21-\x7e]{1,2048}$/.test(origin) ? origin : null;
    if (allow === null) return {};
    return {
      "access-control-allow-origin": allow,
      "access-control-expose-headers": CORS_EXPOSE_HEADERS,
      vary: "origin",
    };
  }

  function send(req, res, status, body, extraHeaders = {}) {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json;charset=utf-8",
      "x-request-id": res.requestId,
      ...(res.iamTraceId ? { "x-iam-trace-id": res.iamTraceId } : {}),
      ...res.corsHeaders,
      ...extraHeaders,
    });
    res.end(text);
  }

  function errorBody([, code, msg], detail, id) {
    // LTS.1901's whole message is its detail ("log_transfer_type is not in the list [...]").
    const text = code === "LTS.1901" && detail ? detail : detail ? `${msg}: ${detail}` : msg;
    const body = { error_code: code, error_msg: text };
    if (code.startsWith("APIGW.")) body.request_id = id;
    return body;
  }

  function fail(req, res, error, detail, extraHeaders) {
    send(req, res, error[0], errorBody(error, detail, res.requestId), extraHeaders);
  }

  /** Answers on a socket with no usable response object (a request Node could not parse, a connection past the cap). */
  function answerOnSocket(socket, error, detail) {
    try {
      const id = requestId();
      const body = JSON.stringify(errorBody(error, detail, id));
      socket.end(
        `HTTP/1.1 ${error[0]} ${STATUS_CODES[error[0]]}\r\ncontent-type: application/json;charset=utf-8\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${id}\r\nconnection: close\r\n\r\n${body}`,
      );
      socket.destroySoon();
    } catch {
      socket.destroy();
    }
  }

  /** Answers a failure of the endpoint itself (500), or drops the connection once an answer has begun. */
  function answerInternalError(req, res, error, detail) {
    try {
      if (res.headersSent || res.writableEnded) {
        req.socket.destroy();
        return;
      }
      fail(req, res, error, detail);
    } catch {
      req.socket.destroy();
    }
  }

  /** Runs a handler so that nothing it throws or rejects with escapes: it becomes a 500. */
  function guarded(req, res, handler) {
    let outcome;
    try {
      outcome = handler();
    } catch (e) {
      answerInternalError(req, res, ERRORS.internal, `${thrownName(e)} while answering ${req.method}`);
      return;
    }
    if (outcome !== null && typeof outcome === "object" && typeof outcome.then === "function") {
      outcome.then(ignore, (e) => answerInternalError(req, res, ERRORS.internal, `${thrownName(e)} while answering ${req.method}`));
    }
  }

  /** Waits `ms`; true when the time is up, false when the client left or the endpoint closed first. */
  function waitFor(ms, res) {
    return new Promise((resolve) => {
      const done = (elapsed) => {
        clearTimeout(timer);
        waits.delete(done);
        res.off("close", gone);
        resolve(elapsed);
      };
      const gone = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      waits.add(done);
      res.once("close", gone);
    });
  }

  async function applyFault(req, res, fault) {
    // A client already gone would never be answered: no timer for it.
    if (req.socket.destroyed) return;
    if (fault.delayMs > 0 && !(await waitFor(fault.delayMs, res))) return;
    if (fault.reset) {
      req.socket.destroy();
      return;
    }
    const body = fault.bodyBytes !== undefined ? "x".repeat(fault.bodyBytes) : fault.body;
    const all = {
      ...(fault.omitRequestId ? {} : { "x-request-id": res.requestId }),
      // IAM's answers carry its trace id too, a fault's as well (unless it leaves the ids out).
      ...(fault.omitRequestId || !res.iamTraceId ? {} : { "x-iam-trace-id": res.iamTraceId }),
      ...res.corsHeaders,
      ...fault.headers,
    };
    if (!Object.keys(all).some((h) => h.toLowerCase() === "content-type") && body !== "") {
      all["content-type"] = "application/json;charset=utf-8";
    }
    res.writeHead(fault.status, all);
    if (fault.chunked) {
      // No Content-Length: the body arrives in chunks, its size unknown in advance.
      for (let at = 0; at < body.length; at += 65536) res.write(body.slice(at, at + 65536));
      res.end();
      return;
    }
    res.end(body);
  }

  /** Tells a caller with an unknown token what the endpoint knows: a count, never a value. */
  function unknownTokenDetail(token) {
    const n = tokens.size;
    let detail =
      `the local endpoint knows ${n} token${n === 1 ? "" : "s"}; give it yours as ` +
      `startLocalLts({ tokens: { "<token>": "<project id>" } }) (CLI: --token TOKEN=PROJECT_ID)`;
    if ([...tokens.values()].includes(token)) detail += "; this token is configured as a project id: the map goes from token to project id";
    return detail;
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
        fail(req, res, ERRORS.badToken, unknownTokenDetail(token));
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

  /** GET /v2/{project_id}/groups, and with a group id, /groups/{log_group_id}/streams. */
  function handleLogGroups(req, res, projectSegment, groupSegment, query, bodyBytes) {
    if (req.method !== "GET") return fail(req, res, ERRORS.notFound);
    const projectId = authenticate(req, res, projectSegment, bodyBytes);
    if (projectId === null) return;
    if (!TRANSFER_CONTENT_TYPES.has((req.headers["content-type"] ?? "").toLowerCase())) {
      return fail(req, res, ERRORS.notJson, "Content-Type must be application/json");
    }
    if (bodyBytes.length > 0) return fail(req, res, TRANSFER_ERRORS.invalidBody, "a GET takes no body");
    const unknown = query.keys().next();
    if (!unknown.done) return fail(req, res, TRANSFER_ERRORS.invalidBody, `unknown query parameter ${nameForMessage(unknown.value)}`);
    logGroupsCreatedAt ??= Math.floor(now());
    const creation_time = logGroupsCreatedAt;
    if (groupSegment === undefined) {
      const log_groups = [...logGroups].map(([log_group_id, g]) => ({ log_group_id, log_group_name: g.name, creation_time, ttl_in_days: 7, tag: {} }));
      return send(req, res, 200, { log_groups });
    }
    let groupId = null;
    try {
      groupId = decodeURIComponent(groupSegment);
    } catch {
      groupId = null;
    }
    const group = groupId === null ? undefined : logGroups.get(groupId);
    if (!group) return fail(req, res, ERRORS.groupNotExisted);
    const log_streams = [...group.streams].map(([log_stream_id, log_stream_name]) => ({ log_stream_id, log_stream_name, creation_time, filter_count: 0, tag: {} }));
    send(req, res, 200, { log_streams });
  }

  // --------------------------------------------------------------------------------- IAM

  function keystoneFail(req, res, [status, message, title], detail, extraHeaders) {
    send(req, res, status, { error: { code: status, message: detail ? `${message} ${detail}` : message, title } }, extraHeaders);
  }

  /** An IAM path other than the two lists (404), or one of them with another method (405). */
  function iamRefusal(req, res, path) {
    if (path !== IAM_PROJECTS_PATH && path !== IAM_AUTH_PROJECTS_PATH) return keystoneFail(req, res, IAM_ERRORS.notFound);
    keystoneFail(req, res, IAM_ERRORS.methodNotAllowed, undefined, { allow: "GET" });
  }

  /**
   * The credential an IAM request proves it holds: the access key of a valid signature (the
   * same checks, failure counts and locks as LTS's), or a known X-Auth-Token; null otherwise.
   */
  function iamCredential(req, bodyBytes) {
    if (req.headers.authorization !== undefined) {
      if (checkSignature(req, bodyBytes, null) !== null) return null;
      return { kind: "ak", credential: parseAuthorization(req.headers.authorization).ak };
    }
    const token = req.headers["x-auth-token"];
    return typeof token === "string" && tokens.has(token) ? { kind: "token", credential: token } : null;
  }

  /** The projects IAM lists for a credential, as ProjectResult objects without links. */
  function projectsOf({ kind, credential }) {
    let list = projects.get(credential);
    if (list === undefined) {
      const id = kind === "token" ? tokens.get(credential) : akSk.get(credential)?.projectId;
      list = typeof id === "string" && id !== "" ? [{ id, name: region }] : [];
    }
    return list.map((p) => {
      const domain = p.domain_id ?? domainId;
      let parent = p.parent_id;
      if (parent === undefined) {
        // A sub-project ({region}_{suffix}) belongs to its region's project, a region's to the account.
        const at = p.name.indexOf("_");
        parent = (at > 0 ? list.find((q) => q.name === p.name.slice(0, at))?.id : undefined) ?? domain;
      }
      return { id: p.id, name: p.name, domain_id: domain, parent_id: parent, enabled: p.enabled ?? true, is_domain: false, description: p.description ?? "" };
    });
  }

  const PROJECTS_QUERY = ["name", "domain_id", "parent_id", "enabled", "is_domain", "page", "per_page"];

  /** KeystoneListProjects' query, checked: { filter(project), page } or { problem }. */
  function projectsQuery(query) {
    const seen = new Set();
    for (const key of query.keys()) {
      if (!PROJECTS_QUERY.includes(key)) return { problem: `Unknown query parameter ${nameForMessage(key)} (known: ${PROJECTS_QUERY.join(", ")}).` };
      if (seen.has(key)) return { problem: `The query parameter ${key} is given more than once.` };
      seen.add(key);
    }
    const [name, domain, parent, enabled, isDomain, page, perPage] = PROJECTS_QUERY.map((key) => query.get(key));
    for (const [key, value] of [["enabled", enabled], ["is_domain", isDomain]]) {
      if (value !== null && value !== "true" && value !== "false") return { problem: `The query parameter ${key} must be true or false.` };
    }
    if ((page === null) !== (perPage === null)) return { problem: "The query parameters page and per_page must be given together." };
    if (page !== null && !(/^\d{1,9}$/.test(page) && Number(page) >= 1)) return { problem: "The query parameter page must be an integer of at least 1." };
    if (perPage !== null && !(/^\d{1,4}$/.test(perPage) && Number(perPage) >= 1 && Number(perPage) <= 5000)) {
      return { problem: "The query parameter per_page must be an integer from 1 to 5000." };
    }
    // Names are matched exactly, as the SDKs expect: no prefix, no case folding.
    const filter = (p) =>
      (name === null || p.name === name) &&
      (domain === null || p.domain_id === domain) &&
      (parent === null || p.parent_id === parent) &&
      (enabled === null || String(p.enabled) === enabled) &&
      (isDomain === null || isDomain === "false");
    return { filter, page: page === null ? null : { page: Number(page), perPage: Number(perPage) } };
  }

  /** GET /v3/projects and GET /v3/auth/projects; any other /v3 path is 404, another method 405. */
  function handleIam(req, res, path, query, bodyBytes) {
    if ((path !== IAM_PROJECTS_PATH && path !== IAM_AUTH_PROJECTS_PATH) || req.method !== "GET") return iamRefusal(req, res, path);
    const who = iamCredential(req, bodyBytes);
    // IAM's 401 says no more than this, whatever failed.
    if (who === null) return keystoneFail(req, res, IAM_ERRORS.unauthorized);
    // The SDK's lookup sends no Content-Type, IamClient application/json, the documents charset=utf8.
    const contentType = req.headers["content-type"];
    if (contentType !== undefined && !TRANSFER_CONTENT_TYPES.has(contentType.toLowerCase())) {
      return keystoneFail(req, res, IAM_ERRORS.badRequest, "Content-Type must be application/json, or absent.");
    }
    if (bodyBytes.length > 0) return keystoneFail(req, res, IAM_ERRORS.badRequest, "A GET takes no body.");
    const projectLink = (p) => `${apiBase}/v3/projects/${encodeURIComponent(p.id)}`;
    if (path === IAM_AUTH_PROJECTS_PATH) {
      const unknown = query.keys().next();
      if (!unknown.done) return keystoneFail(req, res, IAM_ERRORS.badRequest, `Unknown query parameter ${nameForMessage(unknown.value)}: this list takes none.`);
      const listed = projectsOf(who).map((p) => ({ ...p, links: { self: projectLink(p) } }));
      return send(req, res, 200, { links: { self: `${apiBase}${IAM_AUTH_PROJECTS_PATH}` }, projects: listed });
    }
    const { filter, page, problem } = projectsQuery(query);
    if (problem) return keystoneFail(req, res, IAM_ERRORS.badRequest, problem);
    let found = projectsOf(who).filter(filter);
    if (page !== null) found = found.slice((page.page - 1) * page.perPage, page.page * page.perPage);
    const search = query.toString();
    send(req, res, 200, {
      links: { self: `${apiBase}${IAM_PROJECTS_PATH}${search ? `?${search}` : ""}`, previous: null, next: null },
      projects: found.map((p) => ({ ...p, links: { self: projectLink(p), previous: null, next: null } })),
    });
  }

  function handleApi(req, res, path, query, bodyBytes) {
    if (isIamPath(path)) return handleIam(req, res, path, query, bodyBytes);
    const t = TRANSFERS_PATH.exec(path);
    if (t) return handleTransfers(req, res, t[1], query, bodyBytes);
    const g = GROUPS_PATH.exec(path) ?? STREAMS_PATH.exec(path);
    if (g) return handleLogGroups(req, res, g[1], g[2], query, bodyBytes);
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

  /**
   * Verifies an SDK-HMAC-SHA256 request as the gateway does; [error, detail] or null.
   * `projectId` is the LTS project the request is for, null for IAM (which has none).
   */
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
      if (!Object.hasOwn(req.headers, name)) return [ERRORS.badAuth, `signed header ${name} is missing`];
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
    if (projectId === null) return null;
    // An access key belongs to an account: it signs for every project IAM lists for it.
    const ownsProject = key.projectId === projectId || (projects.get(auth.ak) ?? []).some((p) => p.id === projectId);
    if (!ownsProject || req.headers["x-project-id"] !== projectId) {
      return [ERRORS.projectMismatch];
    }
    return null;
  }

  /** Records an API request within the bounds; returns the entry (also when it is not kept). */
  function record(req, bodyBytes, totalBytes) {
    const keep = cutPoint(bodyBytes, maxReceivedBodyBytes);
    const entry = {
      method: req.method,
      path: req.url,
      headers: { ...req.headers },
      body: bodyBytes.toString("utf8", 0, keep),
      bodyBytes: totalBytes,
      bodyTruncated: keep < totalBytes,
    };
    if (maxReceived === 0) return entry;
    let cost = keep + req.url.length + req.method.length;
    for (const [name, value] of Object.entries(entry.headers)) cost += name.length + String(value).length;
    costOf.set(entry, cost);
    // Someone edited `received` (filtered it, emptied it): count what is there again.
    if (received.length !== receivedSeen) receivedCost = received.reduce((sum, e) => sum + (costOf.get(e) ?? 0), 0);
    received.push(entry);
    receivedCost += cost;
    while (received.length > maxReceived || (receivedCost > maxReceivedBytes && received.length > 1)) {
      receivedCost -= costOf.get(received.shift()) ?? 0;
    }
    receivedSeen = received.length;
    return entry;
  }

  /** The first queued fault for this request: one whose `match` the path or body contains, or one without `match`. */
  function takeFault(path, bodyBytes) {
    let text = null;
    const at = faults.findIndex((f) => {
      if (f.match === undefined || path.includes(f.match)) return true;
      text ??= bodyBytes.toString("utf8");
      return text.includes(f.match);
    });
    return at < 0 ? null : faults.splice(at, 1)[0];
  }

  /** faultFor's decision, checked: { fault } (null for none) or { problem }. */
  function askFaultFor(entry) {
    let given;
    try {
      given = faultFor(entry);
    } catch (e) {
      return { problem: `faultFor threw ${thrownName(e)}` };
    }
    if (given === null || given === undefined) return { fault: null };
    try {
      if (typeof given.then === "function") {
        // A rejected promise nobody handles would end the process.
        Promise.resolve(given).then(ignore, ignore);
        return { problem: "faultFor must return a fault or null synchronously; it returned a promise" };
      }
    } catch {
      return { problem: "the fault faultFor returned could not be read (a getter or proxy threw)" };
    }
    return checkFault(given, "the fault faultFor returned");
  }

  /** Refuses the control routes to every page but this server's own (or a listed origin's); null when allowed. */
  function controlRefusal(req) {
    const host = req.headers.host;
    if (typeof host !== "string" || !ownAuthorities.has(host.toLowerCase())) {
      return `the control routes answer only requests addressed to ${[...ownAuthorities].join(" or ")}`;
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      return ownOrigins.has(origin) || controlOrigins.has(origin) ? null : "the control routes are not served to other origins";
    }
    // A request without Origin from a browser (a navigation, an image, a no-cors GET) still says
    // where it comes from in Sec-Fetch-Site; "none" is the user typing the address.
    const site = req.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") return "the control routes are not served to other sites";
    return null;
  }

  function handleControl(req, res, target, bodyBytes) {
    const reply = (status, body, extra) => send(req, res, status, body, extra);
    const refusal = controlRefusal(req);
    if (refusal) return reply(403, { error: refusal });
    const origin = req.headers.origin;
    const crossOrigin = origin !== undefined && !ownOrigins.has(origin);
    if (crossOrigin) res.corsHeaders = { "access-control-allow-origin": origin, vary: "origin" };
    const { path } = target;
    if (req.method === "OPTIONS") {
      if (!crossOrigin) return reply(404, { error: "the control routes answer preflights only from controlOrigins" });
      return reply(204, "", {
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
      });
    }
    const known = (path === "/__control/received" && req.method === "GET") || (["/__control/reset", "/__control/faults"].includes(path) && req.method === "POST");
    if (!known) return reply(404, { error: "unknown control path" });
    if (req.method === "POST") {
      // A browser sends application/json across origins only after a preflight, which the
      // control routes refuse: a form or a "simple" request cannot write.
      const mediaType = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
      if (mediaType !== "application/json") return reply(415, { error: "a POST to the control routes needs Content-Type: application/json" });
    }
    if (path === "/__control/received") {
      const match = target.query.get("match");
      return reply(200, match ? received.filter((r) => r.path.includes(match) || r.body.includes(match)) : received);
    }
    if (path === "/__control/reset") {
      control.reset();
      return reply(200, { ok: true });
    }
    let spec;
    try {
      spec = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bodyBytes));
    } catch {
      return reply(400, { error: "the body must be JSON: a fault or a list of faults" });
    }
    const list = Array.isArray(spec) ? spec : [spec];
    if (faults.length + list.length > LIMITS.maxQueuedFaults) {
      return reply(400, { error: `at most ${LIMITS.maxQueuedFaults} faults may wait in the queue (${faults.length} do); POST /__control/reset empties it` });
    }
    const checked = [];
    for (const [i, f] of list.entries()) {
      const c = checkFault(f, Array.isArray(spec) ? `faults[${i}]` : "fault");
      if (c.problem) return reply(400, { error: c.problem });
      checked.push(c.fault);
    }
    for (const f of checked) faults.push(f);
    return reply(200, { queued: faults.length });
  }

  function handlePreflight(req, res, target) {
    if (!res.corsHeaders["access-control-allow-origin"]) {
      if (res.iamTraceId) return iamRefusal(req, res, apiPathOf(target.path));
      return fail(req, res, ERRORS.notFound);
    }
    res.writeHead(204, {
      "x-request-id": res.requestId,
      ...res.corsHeaders,
      "access-control-allow-methods": "POST, GET, PUT, DELETE, OPTIONS",
      "access-control-allow-headers": CORS_ALLOW_HEADERS,
      "access-control-max-age": "600",
    });
    res.end();
  }

  function route(req, res, target, bodyBytes) {
    if (target.path.startsWith("/__control/")) return handleControl(req, res, target, bodyBytes);
    res.corsHeaders = apiCorsHeaders(req);
    if (req.method === "OPTIONS") return handlePreflight(req, res, target);

    const entry = record(req, bodyBytes, bodyBytes.length);
    let fault = takeFault(req.url, bodyBytes);
    if (fault === null && faultFor !== null) {
      const decided = askFaultFor(entry);
      if (decided.problem) return fail(req, res, ERRORS.badFault, decided.problem);
      fault = decided.fault;
    }
    fault ??= runFault;
    if (fault && !fault.afterProcessing) return applyFault(req, res, fault);
    if (fault?.afterProcessing) {
      // Process the request for real (a registration happens), then lose the answer.
      res.writeHead = () => res;
      res.end = () => req.socket.destroy();
    }

    const apiPath = apiPathOf(target.path);
    if (apiPath === null) return fail(req, res, ERRORS.notFound);
    handleApi(req, res, apiPath, target.query, bodyBytes);
  }

  /** Refuses a body over the limit as soon as it is known to be, and closes the connection (the rest is never read). */
  function refuseTooLarge(req, res, target, readBytes, totalBytes) {
    if (!target.path.startsWith("/__control/")) {
      res.corsHeaders = apiCorsHeaders(req);
      record(req, readBytes, totalBytes);
    }
    fail(req, res, ERRORS.tooLarge, `the body is over ${MAX_BODY} bytes`, { connection: "close" });
  }

  function receive(req, res) {
    if (req.headers.host === undefined && req.httpVersion === "1.1") {
      return fail(req, res, ERRORS.badRequest, "an HTTP/1.1 request needs a Host header");
    }
    const target = parseTarget(req.url);
    if (target === null) return fail(req, res, ERRORS.badRequest, "the request target is neither a path nor an http URL");
    if (!target.path.startsWith("/__control/") && isIamPath(apiPathOf(target.path))) res.iamTraceId = requestId();
    const declared = /^\d+$/.test(req.headers["content-length"] ?? "") ? Number(req.headers["content-length"]) : undefined;
    if (declared !== undefined && declared > MAX_BODY) return refuseTooLarge(req, res, target, Buffer.alloc(0), declared);
    const chunks = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY) {
        refused = true;
        guarded(req, res, () => refuseTooLarge(req, res, target, Buffer.concat(chunks), size));
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!refused) guarded(req, res, () => route(req, res, target, Buffer.concat(chunks)));
    });
  }

  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
      // A request without Host is answered by receive(), in JSON like every other refusal.
      requireHostHeader: false,
    },
    (req, res) => {
      res.requestId = requestId();
      res.iamTraceId = null;
      res.corsHeaders = {};
      // A client that goes away mid-request or mid-answer is no error of the endpoint's.
      req.on("error", ignore);
      res.on("error", ignore);
      const socket = req.socket;
      responseOf.set(socket, res);
      res.on("finish", () => {
        // The next request on a kept-alive connection starts with nothing sent.
        if (responseOf.get(socket) === res) responseOf.delete(socket);
      });
      guarded(req, res, () => receive(req, res));
    },
  );
  // Longer than clients' keep-alive, so an idle pooled connection is never closed under a
  // request that is being sent on it.
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = requestTimeoutMs;
  server.on("connection", (socket) => {
    if (sockets.size >= maxConnections) {
      answerOnSocket(socket, ERRORS.tooManyConnections, `it holds ${maxConnections} (maxConnections)`);
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A request Node cannot parse, or one past headersTimeoutMs/requestTimeoutMs: a JSON answer
  // instead of Node's empty one; nothing when an answer has already begun.
  server.on("clientError", (err, socket) => {
    const res = responseOf.get(socket);
    const code = typeof err?.code === "string" ? err.code : "";
    if (!socket.writable || res?.headersSent || code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    if (code === "ERR_HTTP_REQUEST_TIMEOUT") return answerOnSocket(socket, ERRORS.requestTimeout, `headers within ${headersTimeoutMs} ms, the whole request within ${requestTimeoutMs} ms`);
    if (code === "HPE_HEADER_OVERFLOW") return answerOnSocket(socket, ERRORS.headersTooLarge);
    answerOnSocket(socket, ERRORS.badRequest, /^HPE_[A-Z_]{1,40}$/.test(code) ? `the HTTP parser says ${code}` : undefined);
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    // A backlog above Node's default of 511: a thousand clients connecting at once must not
    // have their SYNs dropped (a retransmission waits a whole second).
    server.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1", backlog: 4096 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Once listening, a failed accept (too many open files) must not end the process.
  server.on("error", ignore);
  const { port } = server.address();
  const hostAuthority = options.host === undefined ? null : options.host.includes(":") ? `[${options.host}]` : options.host;
  for (const authority of ["127.0.0.1", "localhost", ...(hostAuthority ? [hostAuthority.toLowerCase()] : [])]) {
    ownAuthorities.add(`${authority}:${port}`);
    ownOrigins.add(`http://${authority}:${port}`);
  }
  apiBase = `http://127.0.0.1:${port}${prefix}`;

  let closing = null;
  const control = {
    /** The base URL to give the client as its endpoint (with the prefix). */
    url: apiBase,
    /** The IAM endpoint to give the client: the same server, the same prefix (/v3 is IAM's). */
    iamUrl: apiBase,
    /** The server's origin, without the prefix. */
    origin: `http://127.0.0.1:${port}`,
    port,
    /**
     * The API requests received, oldest first, within maxReceived / maxReceivedBytes:
     * { method, path, headers (lower-case names), body (cut at maxReceivedBodyBytes),
     * bodyBytes (the whole body's length), bodyTruncated }.
     */
    received,
    /** The AK/SK pairs it verifies: ak -> { sk, projectId, securityToken? } (editable). */
    akSk,
    /**
     * What IAM lists per credential, as given in `projects` (editable): token or ak -> [{ id,
     * name, domain_id?, parent_id?, enabled?, description? }]. A credential without an entry
     * has one project, its configured project id, named `region`.
     */
    projects,
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
     * Throws a TypeError naming the field and the rule for an invalid fault (see LIMITS).
     */
    queueFault(fault) {
      const checked = checkFault(fault);
      if (checked.problem) throw new TypeError(`queueFault: ${checked.problem}`);
      if (faults.length >= LIMITS.maxQueuedFaults) {
        throw new TypeError(`queueFault: at most ${LIMITS.maxQueuedFaults} faults may wait in the queue; reset() empties it`);
      }
      faults.push(checked.fault);
    },
    /** Forgets received requests, registrations, transfers, queued faults and AK locks. */
    reset() {
      received.length = 0;
      receivedCost = 0;
      receivedSeen = 0;
      registered.clear();
      transfers.clear();
      faults.length = 0;
      signatureFailures.clear();
      lockedUntil.clear();
    },
    /** Stops the server, ends pending fault delays and closes every open connection. */
    close() {
      closing ??= new Promise((resolve) => {
        for (const done of [...waits]) done(false);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
  // `await using lts = await startLocalLts()` closes it at the end of the scope.
  if (typeof Symbol.asyncDispose === "symbol") control[Symbol.asyncDispose] = () => control.close();
  return control;
}
