// The admin console's server: the page (index.html and its modules), the lts-kafka package at
// /lts-kafka/ (the page imports ./lts-kafka/index.js), and a same-origin proxy at /lts-proxy/
// in front of an LTS endpoint and its IAM endpoint: the local stand-in (lts-kafka/testing,
// with demo credentials, which serves both) or real ones (a region's, or any https endpoint).
// The package's console/serve.mjs runs it from an installed package; the repository's
// tests/console/serve.mjs from www/ and pkg/.
//
// LTS and IAM answer no CORS preflight, so a page must reach them through its own origin: the
// proxy. It forwards the method, the path after /lts-proxy, the query, the body and the
// headers the library sends (Content-Type, X-Auth-Token, Authorization, X-Sdk-Date,
// X-Project-Id, X-Security-Token; Host rewritten to the target), and answers with the status,
// the body, X-Request-Id, Retry-After and X-IAM-Trace-Id. It forwards /v2/... paths to LTS,
// and to IAM only the two project lists lts-kafka reads to find a project from its region
// (GET /v3/projects and GET /v3/auth/projects); it never follows a redirect (a 3xx goes back
// without its Location), bounds both bodies (1 MiB) and the time an answer may take, and logs
// nothing of a request: headers and bodies hold tokens and signatures.
//
// Every answer carries the console's security headers (securityHeaders below). Its
// Content-Security-Policy lets the page connect to its own origin only, the proxy; each
// connect origin adds an endpoint's origin the operator has chosen, to the header and to the
// policy written in index.html, which the browser applies too. Whatever a request holds, it is
// answered (400 for what cannot be read, 404 for a path outside the page and the package) or
// its connection closed: nothing a client sends stops the server.
import { createServer, request as httpRequest, Agent as HttpAgent } from "node:http";
import { request as httpsRequest, Agent as HttpsAgent } from "node:https";
import { readFile } from "node:fs/promises";
import { basename, extname, join, normalize, resolve, sep } from "node:path";

/** The proxy's bounds: bodies either way, and the time from a request to its whole answer. */
export const PROXY_LIMITS = Object.freeze({ maxBodyBytes: 1 << 20, timeoutMs: 60_000 });

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
};
// What the page's directory serves: the page itself, never the server's own .mjs files.
const PAGE_FILES = new Set([".html", ".js", ".css"]);
// One prefix for both services: /lts-proxy/v2/... goes to LTS and /lts-proxy/v3/... to IAM
// (their paths never share a first segment), so the page gives the same URL as both of the
// client's endpoints and shows one destination for its token. And the path a request is signed
// for is the path the local endpoint receives: it serves /v3 under the same prefix as /v2, so
// in --local an AK/SK signature of the project lookup verifies as the page made it, as an LTS
// request's does (a second prefix would reach it rewritten, and its signature would fail).
const PROXY_PREFIX = "/lts-proxy";
const PROXY_METHODS = new Set(["GET", "POST", "PUT", "DELETE"]);
// IAM's paths the proxy forwards, GET only: the project lists lts-kafka reads to find the
// project of a region. Anything else under /v3 (tokens, users, keys) is refused as any other
// path is, so the page cannot be made to ask IAM for more than that with the operator's token.
const IAM_PATHS = new Set(["/v3/projects", "/v3/auth/projects"]);
// The request headers lts-kafka sends, and the answer headers it reads; nothing else crosses.
const FORWARDED_REQUEST_HEADERS = ["content-type", "x-auth-token", "authorization", "x-sdk-date", "x-project-id", "x-security-token"];
const RETURNED_HEADERS = ["x-request-id", "retry-after", "x-iam-trace-id"];
// A "." or ".." path segment, written plainly or percent-encoded.
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
// The policy element of index.html, whose content this server writes (see consolePolicy).
const POLICY_META = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/i;

/**
 * An origin an operator allows the page to connect to, as a policy writes it (a "*." first
 * label allows the subdomains of a host); throws on anything else. Only the origin of an
 * http(s) URL with nothing after it: a path would narrow the source in a way the operator did
 * not ask for, and what is written is URL's own serialisation of the origin, so no ";" or
 * space can add a directive.
 */
export function connectOrigin(text) {
  let url;
  try {
    url = new URL(String(text));
  } catch {
    throw new Error(`--connect ${text}: not a URL (give an origin such as https://lts.example.com)`);
  }
  const bare = url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "" && url.password === "";
  // A "*." first label is CSP's "any subdomain of"; any other "*" would widen it further.
  const host = url.hostname.startsWith("*.") ? url.hostname.slice(2) : url.hostname;
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !bare || host.includes("*") || host === "") {
    throw new Error(`--connect ${text}: give an http or https origin alone (scheme, host and port; no path)`);
  }
  return url.origin;
}

/**
 * The page's policy: what index.html carries in its meta element. Scripts from this origin
 * only, plus compiling the package's wasm; requests to this origin and the chosen origins only;
 * no plugins, no <base>, no form posting anywhere. It allows no inline script or style.
 */
export function consolePolicy(connect = []) {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src ${["'self'", ...connect].join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * The headers on every answer: the policy, plus frame-ancestors (which a meta element cannot
 * carry) and X-Frame-Options for browsers that predate it, so no other site can frame the
 * console and steer the operator's clicks; no Referer (a URL may hold ids); no MIME sniffing.
 */
export function securityHeaders(connect = []) {
  return {
    "content-security-policy": `${consolePolicy(connect)}; frame-ancestors 'none'`,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  };
}

/**
 * Demo settings: the local endpoint accepts these credentials and knows this SASL instance and
 * log group. lts-kafka masks any run of 8 characters of a secret wherever it appears, so no
 * secret here shares such a run with the project id (or the preview would mask the project id
 * in its URL).
 */
export const DEMO = Object.freeze({
  // The name of the demo credentials' project, which IAM lists (the page finds the project id
  // from it when the project field is left empty).
  region: "cn-north-4",
  projectId: "0123456789abcdef0123456789abcdef",
  token: "demo-token-7c1e5a9d3b8f4260",
  ak: "DEMOACCESSKEY0000001",
  sk: "demo-secret-key-Vx9LmT4wQ2",
  saslInstanceId: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
  saslUser: "lts",
  saslPassword: "kafka-password",
  logGroupId: "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0",
  logGroupName: "app-logs",
  logStreams: Object.freeze({
    "839dac89-35af-4db2-ab4a-a7dda0d0d3f8": "web",
    "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b": "worker",
  }),
});

/** The local endpoint's options for the demo settings, mounted where the proxy forwards. */
export function demoLtsOptions() {
  return {
    prefix: PROXY_PREFIX,
    region: DEMO.region,
    tokens: { [DEMO.token]: DEMO.projectId },
    akSk: { [DEMO.ak]: { sk: DEMO.sk, projectId: DEMO.projectId } },
    kafkaUsers: { [DEMO.saslInstanceId]: { user_name: DEMO.saslUser, pwd: DEMO.saslPassword } },
    logGroups: { [DEMO.logGroupId]: { name: DEMO.logGroupName, streams: { ...DEMO.logStreams } } },
  };
}

/** Whether a host name or address is this machine's loopback: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host) {
  const h = String(host).toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127(?:\.\d{1,3}){3}$/.test(h) || /^::ffff:127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * The target an --endpoint names: an https URL (http for a loopback host only, as lts-kafka
 * allows), possibly with a path prefix, without user info, query or fragment, and not ending
 * in /v2 or /v2/{project_id} (the page's requests bring /v2/{project_id}/... themselves).
 * Throws with a message that names the rule.
 */
export function endpointTarget(text) {
  return baseUrlTarget(text, "--endpoint", "https://lts.cn-north-4.myhuaweicloud.com", /(?:^|\/)v2(?:\/[^/]+)?$/, "/v2 or /v2/{project_id} (the console adds /v2/{project_id}/... itself)");
}

/**
 * The target an --iam-endpoint names: IAM's base URL, with the rules of endpointTarget, not
 * ending in /v3 (the page's project lookups bring /v3/projects themselves).
 */
export function iamEndpointTarget(text) {
  return baseUrlTarget(text, "--iam-endpoint", "https://iam.cn-north-4.myhuaweicloud.com", /(?:^|\/)v3$/, "/v3 (the console adds /v3/projects itself)");
}

function baseUrlTarget(text, option, example, versionSuffix, versionRule) {
  let url;
  try {
    url = new URL(String(text));
  } catch {
    throw new Error(`${option} ${text}: not a URL (give one such as ${example})`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${option} ${text}: give an https URL`);
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new Error(`${option} ${text}: http only for a loopback host (127.0.0.1, localhost, [::1]); use https`);
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || /[?#]/.test(String(text))) {
    throw new Error(`${option} ${text}: give the base URL alone (no user, query or fragment)`);
  }
  const prefix = url.pathname.replace(/\/+$/, "");
  if (versionSuffix.test(prefix)) throw new Error(`${option} ${text}: must not end in ${versionRule}`);
  return {
    label: `${url.origin}${prefix}`,
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(url.port) || (url.protocol === "https:" ? 443 : 80),
    // URL writes the port only when it is not the scheme's default, as Host must be.
    host: url.host,
    pathPrefix: prefix,
  };
}

/** The LTS endpoint of a region, from knownRegions(); throws naming the known ones. */
export function regionEndpoint(region, known) {
  const found = known.find((r) => r.region === region);
  if (found) return found.endpoint;
  throw new Error(`--region ${region}: not a region lts-kafka knows (${known.map((r) => r.region).join(", ")}); give --endpoint https://… for another`);
}

/**
 * The IAM endpoint lts-kafka asks for the project of a known region, as the package's client
 * chooses it (its own table of IAM hosts, never a copy here): `LtsClient` is the package's.
 */
export function regionIamEndpoint(region, LtsClient) {
  // A client is only described, never used: the token is a placeholder and nothing is sent.
  const client = new LtsClient({ region, credentials: { token: "-" } });
  try {
    const { iamEndpoint } = client.toJSON();
    if (typeof iamEndpoint !== "string") throw new Error(`--region ${region}: lts-kafka gives no IAM endpoint for it`);
    return iamEndpoint;
  } finally {
    client.free();
  }
}

/**
 * The file a request path names in one of `mounts`, or the status to answer: 400 for what is
 * not an origin-form path or does not decode (an absolute-form target, "*", "%zz", a NUL),
 * 404 for what is outside every directory, not a kind of file that mount serves, or absent.
 */
function fileFor(target, mounts) {
  if (!target.startsWith("/")) return { status: 400 };
  const end = target.search(/[?#]/);
  let path;
  try {
    path = decodeURIComponent(end < 0 ? target : target.slice(0, end));
  } catch {
    return { status: 400 };
  }
  if (path.includes("\0")) return { status: 400 };
  for (const { prefix, dir, types } of mounts) {
    if (!path.startsWith(prefix)) continue;
    // normalize() resolves "..", so a decoded "%2e%2e/" is caught by the check after it.
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir + sep) && file !== dir) return { status: 404 };
    if (path.endsWith("/")) file = join(file, "index.html");
    if (types && !types.has(extname(file))) return { status: 404 };
    return { file };
  }
  return { status: 404 };
}

function plain(res, status, text, headers) {
  res.writeHead(status, { ...headers, "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

async function serveStatic(req, res, headers, connect, mounts) {
  if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "method not allowed", { ...headers, allow: "GET, HEAD" });
  const { file, status } = fileFor(req.url, mounts);
  if (!file) return plain(res, status, status === 400 ? "bad request" : "not found", headers);
  let data;
  try {
    data = await readFile(file);
  } catch {
    return plain(res, 404, "not found", headers);
  }
  if (basename(file) === "index.html") {
    // The page applies its meta policy too: it must allow what the header allows.
    data = data.toString("utf8").replace(POLICY_META, (_, open, close) => `${open}${consolePolicy(connect)}${close}`);
  }
  res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
  res.end(data);
}

/**
 * The same-origin proxy for one request to /lts-proxy/...: the request is read whole (at most
 * maxBodyBytes), sent on with the forwarded headers, and its answer streamed back (the same
 * bound), all within timeoutMs. /v2/... goes to `targets.lts`; GET /v3/projects and GET
 * /v3/auth/projects to `targets.iam`. What goes wrong before the answer starts is answered by
 * the proxy itself, as plain text: 400 (a path it will not send), 404 (neither), 405, 413, 501
 * (an IAM path without an IAM endpoint), 502 (no answer, or one declared too large), 504 (no
 * answer in time); after it starts (a body that grows past the bound, or stops, or time runs
 * out), the connection is cut.
 */
function proxy(req, res, headers, targets, limits) {
  const { maxBodyBytes, timeoutMs } = limits;
  let settled = false;
  let outgoing = null;
  let timer = null;
  const answer = (status, text, extra = {}) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    outgoing?.destroy();
    if (res.headersSent) return res.destroy();
    plain(res, status, text, { ...headers, ...extra });
  };
  // The page went away before the answer: stop waiting on the endpoint for it.
  res.on("close", () => {
    clearTimeout(timer);
    settled = true;
    outgoing?.destroy();
  });

  // "/lts-proxy/v2/..." -> "/v2/...", the query kept as it was written.
  const rest = req.url.slice(PROXY_PREFIX.length);
  const path = rest.split("?")[0];
  const iam = IAM_PATHS.has(path);
  if (!PROXY_METHODS.has(req.method)) return answer(405, "method not allowed", { allow: [...PROXY_METHODS].join(", ") });
  if (iam && req.method !== "GET") return answer(405, "method not allowed: IAM's project lists are read with GET", { allow: "GET" });
  if (!iam && !path.startsWith("/v2/")) {
    return answer(404, "not found: the proxy forwards /lts-proxy/v2/... to LTS, and GET /lts-proxy/v3/projects and /lts-proxy/v3/auth/projects to IAM, only");
  }
  if (DOT_SEGMENT.test(path)) return answer(400, "bad request: a . or .. path segment");
  const upstream = iam ? targets.iam : targets.lts;
  if (!upstream) {
    return answer(
      501,
      "lts-kafka console proxy: no IAM endpoint to find the project with. Start the console with --iam-endpoint URL " +
        "(IAM's base URL, such as https://iam.cn-north-4.myhuaweicloud.com), or type the project ID in the page.",
    );
  }
  timer = setTimeout(() => answer(504, `lts-kafka console proxy: no answer from ${upstream.label} within ${timeoutMs / 1000} s`), timeoutMs);
  const declared = req.headers["content-length"];
  if (declared !== undefined && !(Number(declared) <= maxBodyBytes)) {
    return answer(413, `request body over ${maxBodyBytes} bytes`, { connection: "close" });
  }

  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    if (settled) return;
    size += chunk.length;
    if (size > maxBodyBytes) return answer(413, `request body over ${maxBodyBytes} bytes`, { connection: "close" });
    chunks.push(chunk);
  });
  req.on("error", () => answer(400, "bad request"));
  req.on("end", () => {
    if (settled) return;
    try {
      forward(Buffer.concat(chunks));
    } catch {
      answer(502, "lts-kafka console proxy: the request could not be sent on");
    }
  });

  function forward(body) {
    const sent = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") sent[name] = value;
    }
    // The local endpoint keeps the page's Host, so a signature made for this origin verifies.
    const host = upstream.host ?? req.headers.host;
    if (typeof host === "string") sent.host = host;
    if (body.length > 0 || req.method === "POST" || req.method === "PUT") sent["content-length"] = String(body.length);
    const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
    try {
      outgoing = send({
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${upstream.pathPrefix}${rest}`,
        headers: sent,
        agent: upstream.agent,
      });
    } catch {
      // A path or header Node will not send (it checks what it writes).
      return answer(400, "bad request");
    }
    outgoing.on("error", (e) => {
      const code = typeof e?.code === "string" && /^[A-Z_]+$/.test(e.code) ? ` (${e.code})` : "";
      answer(502, `lts-kafka console proxy: no answer from ${upstream.label}${code}`);
    });
    outgoing.on("response", (incoming) => {
      try {
        relay(incoming);
      } catch {
        // A header Node will not write again (it checks what it writes): no answer to pass on.
        answer(502, `lts-kafka console proxy: the answer of ${upstream.label} could not be passed on`);
      }
    });
    outgoing.end(body);
  }

  /** Passes the endpoint's answer on: status, the returned headers, the body as it streams. */
  function relay(incoming) {
    const declaredLength = incoming.headers["content-length"];
    if (declaredLength !== undefined && !(Number(declaredLength) <= maxBodyBytes)) {
      return answer(502, `lts-kafka console proxy: the answer of ${upstream.label} is over ${maxBodyBytes} bytes`);
    }
    const returned = { ...headers, "cache-control": "no-store" };
    for (const name of RETURNED_HEADERS) {
      const value = incoming.headers[name];
      if (typeof value === "string") returned[name] = value;
    }
    // A JSON answer keeps its type; anything else (an HTML error page) is shown as text,
    // never as a page of this origin.
    const type = incoming.headers["content-type"];
    returned["content-type"] = typeof type === "string" && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type) ? type : "text/plain; charset=utf-8";
    // The body streams through as it arrives (chunked when the endpoint's is), counted: past
    // the bound the connection is cut, so the page never gets a body cut short as if whole.
    if (declaredLength !== undefined) returned["content-length"] = declaredLength;
    const status = incoming.statusCode >= 200 && incoming.statusCode <= 599 ? incoming.statusCode : 502;
    res.writeHead(status, returned);
    let length = 0;
    incoming.on("data", (chunk) => {
      if (settled) return;
      length += chunk.length;
      if (length > maxBodyBytes) return answer(502, "");
      if (!res.write(chunk)) {
        incoming.pause();
        res.once("drain", () => incoming.resume());
      }
    });
    incoming.on("error", () => answer(502, ""));
    incoming.on("aborted", () => answer(502, ""));
    incoming.on("end", () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      res.end();
    });
  }
}

/**
 * Starts the console server; resolves to { url, lts, target, connect, close }.
 *
 * - pageDir: the page's directory (index.html, console.js, ...); packageDir: lts-kafka's, served
 *   at /lts-kafka/.
 * - upstream: "local" (the local endpoint, started with `startLocalLts`, the demo settings and
 *   `ltsOptions`; `lts` is its handle; it serves IAM's project lists too) or an endpoint URL
 *   (see endpointTarget).
 * - iamUpstream: IAM's base URL (see iamEndpointTarget) for an endpoint URL; without it the
 *   proxy answers IAM's paths with a 501 that says to give one. Not with "local".
 * - port (0: a free one), host (default 127.0.0.1), connect: origins besides the page's own the
 *   page may send requests to; timeoutMs and maxBodyBytes: the proxy's bounds.
 */
export async function startConsole({
  pageDir,
  packageDir,
  upstream = "local",
  iamUpstream = null,
  startLocalLts,
  ltsOptions = {},
  port = 0,
  host = "127.0.0.1",
  connect = [],
  timeoutMs = PROXY_LIMITS.timeoutMs,
  maxBodyBytes = PROXY_LIMITS.maxBodyBytes,
} = {}) {
  const origins = connect.map(connectOrigin);
  const headers = securityHeaders(origins);
  const mounts = [
    { prefix: "/lts-kafka/", dir: resolve(packageDir), types: null },
    { prefix: "/", dir: resolve(pageDir), types: PAGE_FILES },
  ];
  let lts = null;
  let target;
  let iamTarget = null;
  if (upstream === "local") {
    if (typeof startLocalLts !== "function") throw new TypeError("startConsole: upstream \"local\" needs startLocalLts");
    if (iamUpstream !== null) throw new TypeError("startConsole: the local endpoint serves IAM itself (no iamUpstream)");
    lts = await startLocalLts({ ...demoLtsOptions(), ...ltsOptions, prefix: PROXY_PREFIX });
    target = { label: lts.url, protocol: "http:", hostname: "127.0.0.1", port: lts.port, host: null, pathPrefix: PROXY_PREFIX };
    // The same server, under the same prefix: it answers /v3 beside /v2.
    iamTarget = target;
  } else {
    target = endpointTarget(upstream);
    if (iamUpstream !== null) iamTarget = iamEndpointTarget(iamUpstream);
  }
  const agents = [];
  for (const t of new Set([target, iamTarget])) {
    if (t === null) continue;
    t.agent = t.protocol === "https:" ? new HttpsAgent({ keepAlive: true, maxSockets: 32 }) : new HttpAgent({ keepAlive: true, maxSockets: 32 });
    agents.push(t.agent);
  }
  const targets = { lts: target, iam: iamTarget };
  const limits = { timeoutMs, maxBodyBytes };
  const server = createServer((req, res) => {
    // Whatever a request holds, it is answered (or its connection closed); it never throws
    // out of here, where it would stop the process.
    const failed = () => {
      if (!res.headersSent) plain(res, 500, "server error", headers);
      else res.destroy();
    };
    try {
      const url = typeof req.url === "string" ? req.url : "";
      if (url === PROXY_PREFIX || url.startsWith(`${PROXY_PREFIX}/`) || url.startsWith(`${PROXY_PREFIX}?`)) proxy(req, res, headers, targets, limits);
      else serveStatic(req, res, headers, origins, mounts).catch(failed);
    } catch {
      failed();
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = timeoutMs + 10_000;
  server.maxConnections = 1024;
  // A request Node cannot parse: a 400 with the same headers, then the connection closes.
  server.on("clientError", (error, socket) => {
    if (!socket.writable || error.code === "ECONNRESET") return socket.destroy();
    const lines = Object.entries({ ...headers, "content-length": "0", connection: "close" }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.end(`HTTP/1.1 400 Bad Request\r\n${lines.join("")}\r\n`);
  });
  try {
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    for (const agent of agents) agent.destroy();
    await lts?.close();
    throw e;
  }
  const address = server.address();
  const shown = address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "::1" : address.address;
  const url = `http://${shown.includes(":") ? `[${shown}]` : shown}:${address.port}/`;
  let closing = null;
  return {
    url,
    lts,
    /** Where /lts-proxy/v2/ forwards to. */
    target: target.label,
    /** Where /lts-proxy/v3/ (IAM's project lists) forwards to, or null when nowhere. */
    iamTarget: iamTarget?.label ?? null,
    connect: origins,
    close() {
      closing ??= (async () => {
        server.closeAllConnections?.();
        await new Promise((resolve) => server.close(resolve));
        for (const agent of agents) agent.destroy();
        await lts?.close();
      })();
      return closing;
    },
  };
}

/**
 * What to tell an operator who listens on `host` when it is not a loopback address (null when
 * it is): anyone who reaches the port can use the proxy, and the page is plain http.
 */
export function hostWarning(host, port, target) {
  if (isLoopbackHost(host)) return null;
  return (
    `WARNING: --host ${host} is not a loopback address. Anyone who can reach this machine on port ${port} can ` +
    `use this console and its proxy, which sends their requests, with the token or signature they carry, to ` +
    `${target}; and the page is plain http, so a token typed into it from another machine crosses the network ` +
    "unencrypted. Listen on 127.0.0.1 (the default) unless you mean this."
  );
}

const USAGE = (command) =>
  `${command} (--local | --region REGION | --endpoint URL [--iam-endpoint URL]) [--port N] [--host HOST] [--connect ORIGIN]...\n` +
  "  --local            the bundled local LTS endpoint, with demo credentials (printed); it serves IAM's project lists too\n" +
  "  --region REGION    the region's LTS endpoint (cn-north-4, ...) and the IAM endpoint lts-kafka uses for it\n" +
  "  --endpoint URL     another LTS endpoint (https://...; http for a loopback host only)\n" +
  "  --iam-endpoint URL the IAM endpoint that finds the project from the region when the page leaves it empty\n" +
  "  --port N           the port to listen on (0: a free one)\n" +
  "  --host HOST        the address to listen on (default 127.0.0.1)\n" +
  "  --connect ORIGIN   an origin the page may also send requests to (repeatable)";

/**
 * The command line's options: --local, --region R or --endpoint URL (one of them, or the
 * default's), --iam-endpoint URL (with --endpoint or --region), --port N, --host H, --connect
 * ORIGIN (repeated, with DEMO_CONNECT's, separated by spaces or commas). Throws with a message
 * naming the option; { help: true } for --help.
 */
export function commandLine(argv, env = {}, defaults = {}) {
  const options = {
    upstream: null,
    iamUpstream: null,
    region: null,
    port: defaults.port ?? 8080,
    host: "127.0.0.1",
    connect: String(env.DEMO_CONNECT ?? "").split(/[\s,]+/).filter(Boolean),
  };
  const chosen = [];
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].startsWith("--") && argv[i].includes("=") ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)] : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === "--help" || name === "-h") return { help: true };
    else if (name === "--local") {
      if (inline !== undefined) throw new Error("--local takes no value");
      chosen.push(name);
      options.upstream = "local";
    } else if (name === "--region") {
      chosen.push(name);
      options.region = value();
    } else if (name === "--endpoint") {
      chosen.push(name);
      options.upstream = endpointTarget(value()).label;
    } else if (name === "--iam-endpoint") {
      options.iamUpstream = iamEndpointTarget(value()).label;
    } else if (name === "--port") {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port ${text}: give a port number from 0 to 65535 (0: a free one)`);
      options.port = port;
    } else if (name === "--host") options.host = value();
    else if (name === "--connect") options.connect.push(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (chosen.length > 1) throw new Error(`${chosen.join(" and ")}: give one of --local, --region and --endpoint`);
  if (chosen.length === 0) {
    if (!defaults.upstream) throw new Error("give --local (the bundled local endpoint), --region REGION or --endpoint URL");
    options.upstream = defaults.upstream;
  }
  if (options.iamUpstream !== null && options.upstream === "local") {
    throw new Error("--iam-endpoint: the local endpoint serves IAM's project lists itself; give it with --endpoint or --region");
  }
  options.connect = options.connect.map(connectOrigin);
  return options;
}

/**
 * Runs the command line: parses `argv`, starts the server, prints where it is and how to sign
 * in, and stops on SIGINT or SIGTERM. Exits 2 on a bad option, 1 when it cannot start.
 * `startLocalLts` and `loadPackage` (resolving to lts-kafka's Node entry, for its regions and
 * their IAM endpoints) are loaded by the caller's paths (the package's or the repository's);
 * `defaults` are { port, upstream }.
 */
export async function runCommandLine({ argv, env, pageDir, packageDir, startLocalLts, loadPackage, defaults = {}, command }) {
  let options;
  try {
    options = commandLine(argv, env, defaults);
    if (options.help) {
      console.log(USAGE(command));
      return;
    }
    if (options.region !== null) {
      const { knownRegions, LtsClient } = await loadPackage();
      options.upstream = regionEndpoint(options.region, knownRegions());
      options.iamUpstream ??= regionIamEndpoint(options.region, LtsClient);
    }
  } catch (e) {
    console.error(`${e.message}\n\n${USAGE(command)}`);
    process.exit(2);
  }
  let site;
  try {
    site = await startConsole({ pageDir, packageDir, startLocalLts, ...options });
  } catch (e) {
    console.error(`The console could not start: ${e.message}`);
    process.exit(1);
  }
  const destinations = site.iamTarget && site.iamTarget !== site.target ? `${site.target} (and IAM's project lists to ${site.iamTarget})` : site.target;
  const warning = hostWarning(options.host, new URL(site.url).port, destinations);
  if (warning) console.error(`\n${warning}\n`);
  console.log(`\nThe admin console: ${site.url}`);
  if (site.lts) {
    console.log(`  endpoint   ${site.url}lts-proxy (a local LTS endpoint behind a same-origin proxy)`);
    console.log(`  project    ${DEMO.projectId}`);
    console.log(`  region     ${DEMO.region} (leave the project ID empty and the page finds it from the region)`);
    console.log(`  token      ${DEMO.token}    or AK ${DEMO.ak} / SK ${DEMO.sk}`);
    console.log(`  SASL       instance ${DEMO.saslInstanceId}: user ${DEMO.saslUser}, password ${DEMO.saslPassword}`);
    console.log(`  log group  ${DEMO.logGroupId} (${DEMO.logGroupName}), streams:`);
    for (const [id, name] of Object.entries(DEMO.logStreams)) console.log(`             ${id} (${name})`);
  } else {
    console.log(`  endpoint   ${site.url}lts-proxy, a same-origin proxy to ${site.target}${options.region ? ` (${options.region})` : ""}`);
    console.log(
      site.iamTarget
        ? `  IAM        ${site.url}lts-proxy/v3/projects and /v3/auth/projects, a same-origin proxy to ${site.iamTarget}`
        : "  IAM        none: give the project ID in the page, or start with --iam-endpoint URL to find it from the region",
    );
    console.log("  Sign in with an IAM token for the project: an AK/SK signature covers this page's host and");
    console.log("  path, which the proxy changes, so LTS and IAM would refuse it.");
  }
  console.log(
    site.connect.length > 0
      ? `The page may also send requests to ${site.connect.join(", ")}.`
      : "The page sends requests to this origin only (--connect ORIGIN allows another endpoint's).",
  );
  console.log("Ctrl-C stops it.");
  const stop = async () => {
    await site.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
