// The plain-JavaScript baseline: what a careful engineer would write by hand to do the same
// work as lts-kafka's LtsClient on the success path, with no WebAssembly and no dependencies.
//
// - validate(): the same rules (instance_id 1–36 and kafka_name 1–256 UTF-16 code units,
//   well-formed, no control characters; connect_info a plain object, {} or { user_name, pwd }
//   both non-empty strings; no unknown fields; `undefined` counts as absent), with the same
//   `{ path, rule, limit?, message }` issues (messages shorter, hints only for common aliases).
// - build(): JSON.stringify, the URL and the headers lts-kafka sends (token: Content-Type and
//   X-Auth-Token; AK/SK: Content-Type, X-Project-Id, X-Sdk-Date, Authorization).
// - AK/SK: SDK-HMAC-SHA256 with WebCrypto (crypto.subtle), which is asynchronous: the canonical
//   request, the string to sign, HMAC-SHA256 with the SK, the Authorization header — as
//   docs/contract-choices.md ("Signing") describes, and as the local endpoint verifies. The
//   HMAC key is imported once per client; the canonical URI and host are computed once per
//   client (they are constants).
// - register(): fetch with the same headers, redirect: "manual", an AbortController with a
//   timeout timer cleared on every path (as lts-kafka does), the body read whole (a declared
//   Content-Length over 1 MiB refused), JSON parsed, { instance_id, requestId } returned, any
//   non-2xx thrown as an Error with the service's code.
// No retries are configured on either side of the comparison that matters here: the success
// path never retries.

const CONTENT_TYPE = "application/json;charset=utf8";
const SIGNED_HEADERS = "content-type;host;x-project-id;x-sdk-date";
const MAX_BODY_BYTES = 1 << 20;
const BODY_FIELDS = new Set(["instance_id", "kafka_name", "connect_info"]);
const CONNECT_FIELDS = new Set(["user_name", "pwd"]);
const ALIASES = {
  id: "instance_id",
  kafka_id: "instance_id",
  instanceId: "instance_id",
  name: "kafka_name",
  kafkaName: "kafka_name",
  connectInfo: "connect_info",
  user: "user_name",
  username: "user_name",
  userName: "user_name",
  password: "pwd",
  passwd: "pwd",
};
// C0 and C1 controls (what Rust's char::is_control means for UTF-16 units below U+00A0).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function kind(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto === null || Object.getPrototypeOf(proto) === null) return "object";
    return `${proto.constructor?.name || "class"} instance`;
  }
  return typeof v;
}

function checkString(v, path, max, issues) {
  if (v === undefined) {
    issues.push({ path, rule: "required", message: `${path} is required` });
    return;
  }
  if (typeof v !== "string") {
    issues.push({ path, rule: "type", message: `${path} must be a string (got ${kind(v)})` });
    return;
  }
  if (v.length < 1) {
    issues.push({ path, rule: "min_length", limit: 1, message: `${path} must be 1 to ${max} characters (got 0)` });
  } else if (v.length > max) {
    issues.push({ path, rule: "max_length", limit: max, message: `${path} must be 1 to ${max} characters (got ${v.length})` });
  } else if (!v.isWellFormed()) {
    issues.push({ path, rule: "well_formed", message: `${path} must be well-formed Unicode text` });
  } else if (CONTROL.test(v)) {
    issues.push({ path, rule: "control_character", message: `${path} must not contain control characters` });
  }
}

function checkUnknown(obj, allowed, prefix, issues) {
  for (const key of Object.keys(obj)) {
    if (allowed.has(key) || obj[key] === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const hint = ALIASES[key] && allowed.has(ALIASES[key]) ? ` (did you mean ${ALIASES[key]}?)` : "";
    issues.push({ path, rule: "unknown_field", message: `${path} is not a field of the request${hint}` });
  }
}

function checkCredential(ci, key, issues) {
  const v = ci[key];
  if (v === undefined) return false;
  const path = `connect_info.${key}`;
  if (typeof v !== "string") {
    issues.push({ path, rule: "type", message: `${path} must be a string (got ${kind(v)})` });
  } else if (v.length === 0) {
    issues.push({ path, rule: "min_length", limit: 1, message: `${path} must not be empty` });
  } else if (!v.isWellFormed()) {
    issues.push({ path, rule: "well_formed", message: `${path} must be well-formed Unicode text` });
  }
  return true;
}

/** Every problem with a register-DMS-Kafka-instance body; [] when valid. */
export function validate(body) {
  const k = kind(body);
  if (k !== "object") {
    return [{ path: "", rule: "type", message: `the request body must be an object (got ${k})` }];
  }
  const issues = [];
  checkString(body.instance_id, "instance_id", 36, issues);
  checkString(body.kafka_name, "kafka_name", 256, issues);
  const ci = body.connect_info;
  if (ci === undefined) {
    issues.push({ path: "connect_info", rule: "required", message: "connect_info is required (pass {} for an instance without SASL)" });
  } else if (kind(ci) !== "object") {
    issues.push({ path: "connect_info", rule: "type", message: `connect_info must be an object (got ${kind(ci)})` });
  } else {
    const hasUser = checkCredential(ci, "user_name", issues);
    const hasPwd = checkCredential(ci, "pwd", issues);
    checkUnknown(ci, CONNECT_FIELDS, "connect_info", issues);
    if (hasUser && !hasPwd) {
      issues.push({ path: "connect_info.pwd", rule: "requires", message: "connect_info.pwd is required with connect_info.user_name" });
    } else if (hasPwd && !hasUser) {
      issues.push({ path: "connect_info.user_name", rule: "requires", message: "connect_info.user_name is required with connect_info.pwd" });
    }
  }
  checkUnknown(body, BODY_FIELDS, "", issues);
  return issues;
}

export class ValidationError extends Error {
  constructor(issues) {
    super(`invalid request body: ${issues.map((i) => i.message).join("; ")}`);
    this.name = "ValidationError";
    this.issues = issues;
  }
}

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(`${status} ${code}: ${message}`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

// ------------------------------------------------------------------------------ signing

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function hex(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

const encoder = new TextEncoder();
const subtle = globalThis.crypto.subtle;

/** YYYYMMDDTHHMMSSZ (UTC). */
export function sdkDate(ms) {
  const iso = new Date(ms).toISOString(); // 2026-01-02T03:04:05.678Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

// The official signer percent-decodes the path, then re-encodes each segment keeping only
// A-Z a-z 0-9 - _ . ~, and the canonical URI always ends in "/".
function canonicalUri(pathname) {
  const segments = decodeURIComponent(pathname).split("/");
  const encoded = segments.map((s) =>
    Array.from(encoder.encode(s), (b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${HEX[b].toUpperCase()}`,
    ).join(""),
  );
  const uri = encoded.join("/");
  return uri.endsWith("/") ? uri : `${uri}/`;
}

// ------------------------------------------------------------------------------- client

export class PlainLtsClient {
  constructor({ projectId, endpoint, credentials, timeoutMs = 30_000, fetch: fetchFn }) {
    if (typeof projectId !== "string" || !/^[\x21-\x7e]+$/.test(projectId) || /[/?#%]/.test(projectId)) {
      throw new TypeError("projectId must be one path segment of printable ASCII");
    }
    const base = new URL(endpoint);
    if (base.protocol !== "https:" && !(base.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(base.hostname))) {
      throw new TypeError("endpoint must be https (http only for loopback)");
    }
    this.projectId = projectId;
    this.url = `${base.origin}${base.pathname.replace(/\/+$/, "")}/v2/${projectId}/lts/dms/kafka-instance`;
    this.timeoutMs = timeoutMs;
    this.fetch = fetchFn ?? globalThis.fetch;
    if (typeof credentials?.token === "string") {
      this.token = credentials.token;
    } else if (typeof credentials?.ak === "string" && typeof credentials?.sk === "string") {
      this.ak = credentials.ak;
      const u = new URL(this.url);
      this.host = u.host; // with the port when it is not the default
      this.canonicalUri = canonicalUri(u.pathname);
      this.keyPromise = subtle.importKey("raw", encoder.encode(credentials.sk), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    } else {
      throw new TypeError("credentials must be { token } or { ak, sk }");
    }
  }

  /** The token request (synchronous): { method, url, headers, body }. Throws ValidationError. */
  buildTokenRequest(body) {
    const issues = validate(body);
    if (issues.length) throw new ValidationError(issues);
    return {
      method: "POST",
      url: this.url,
      headers: { "Content-Type": CONTENT_TYPE, "X-Auth-Token": this.token },
      body: JSON.stringify(body),
    };
  }

  /** The signed request (asynchronous: WebCrypto). Throws ValidationError. */
  async buildSignedRequest(body, now = Date.now()) {
    const issues = validate(body);
    if (issues.length) throw new ValidationError(issues);
    const json = JSON.stringify(body);
    const date = sdkDate(now);
    const [key, bodyHash] = await Promise.all([this.keyPromise, subtle.digest("SHA-256", encoder.encode(json))]);
    const canonical =
      `POST\n${this.canonicalUri}\n\n` +
      `content-type:${CONTENT_TYPE}\nhost:${this.host}\nx-project-id:${this.projectId}\nx-sdk-date:${date}\n\n` +
      `${SIGNED_HEADERS}\n${hex(bodyHash)}`;
    const canonicalHash = await subtle.digest("SHA-256", encoder.encode(canonical));
    const stringToSign = `SDK-HMAC-SHA256\n${date}\n${hex(canonicalHash)}`;
    const signature = await subtle.sign("HMAC", key, encoder.encode(stringToSign));
    return {
      method: "POST",
      url: this.url,
      headers: {
        "Content-Type": CONTENT_TYPE,
        "X-Project-Id": this.projectId,
        "X-Sdk-Date": date,
        Authorization: `SDK-HMAC-SHA256 Access=${this.ak}, SignedHeaders=${SIGNED_HEADERS}, Signature=${hex(signature)}`,
      },
      body: json,
    };
  }

  /** The request to send: synchronous for a token, a promise for AK/SK. */
  buildRequest(body) {
    return this.token !== undefined ? this.buildTokenRequest(body) : this.buildSignedRequest(body);
  }

  async registerDmsKafkaInstance(body) {
    const request = this.token !== undefined ? this.buildTokenRequest(body) : await this.buildSignedRequest(body);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const res = await this.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal: controller.signal,
      });
      const requestId = res.headers.get("x-request-id");
      if (Number(res.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
        await res.body?.cancel();
        throw new ApiError(res.status, "", "answer too large", requestId);
      }
      const text = await res.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: reported below
      }
      if (res.status < 200 || res.status > 299) {
        throw new ApiError(res.status, json?.error_code ?? "", json?.error_msg ?? text.slice(0, 200), requestId);
      }
      if (typeof json?.instance_id !== "string") throw new ApiError(res.status, "", "no instance_id in the answer", requestId);
      return { instance_id: json.instance_id, requestId };
    } finally {
      clearTimeout(timer);
    }
  }
}
