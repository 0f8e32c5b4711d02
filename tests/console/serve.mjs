// Serves the admin console (www/), the built package (pkg/, at /lts-kafka/) and a local LTS
// endpoint (at /lts-proxy/, as the same-origin proxy of a real deployment) from one loopback
// origin. `make demo` runs it; tests import startConsole().
//
//   node tests/console/serve.mjs [--port N] [--connect ORIGIN]...
//
// Every answer carries the console's security headers (securityHeaders below). Its
// Content-Security-Policy lets the page connect to its own origin only, the same-origin proxy;
// each --connect ORIGIN (or each origin in DEMO_CONNECT, separated by spaces or commas) adds an
// endpoint's origin the operator has chosen, to the header and to the policy written in
// index.html, which the browser applies too. A request line or path this server cannot read
// is answered 400, a path outside www/ and pkg/ 404; none stops it.
import { createServer, request as httpRequest } from "node:http";
import { readFile } from "node:fs/promises";
import { basename, extname, join, normalize, sep } from "node:path";
import { startLocalLts } from "../local-lts/server.mjs";

const root = new URL("../../", import.meta.url).pathname;
const MOUNTS = [
  ["/lts-kafka/", join(root, "pkg")],
  ["/", join(root, "www")],
];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
};
const PROXY_PREFIX = "/lts-proxy/";
// The policy element of index.html, whose content this server writes (see consolePolicy).
const POLICY_META = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/i;

/**
 * An origin an operator allows the page to connect to, as a policy writes it (a "*." first
 * label allows the subdomains of a host); throws on anything else. Only the origin of an http(s) URL with nothing after it: a path would narrow
 * the source in a way the operator did not ask for, and what is written is URL's own
 * serialisation of the origin, so no ";" or space can add a directive.
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
 * Demo settings: the endpoint accepts these credentials and knows this SASL instance. The
 * library masks any run of 8 characters of a secret wherever it appears, so no secret here
 * shares such a run with the project id (or the preview would mask the project id in its URL).
 */
export const DEMO = {
  projectId: "0123456789abcdef0123456789abcdef",
  token: "demo-token-7c1e5a9d3b8f4260",
  ak: "DEMOACCESSKEY0000001",
  sk: "demo-secret-key-Vx9LmT4wQ2",
  saslInstanceId: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
  saslUser: "lts",
  saslPassword: "kafka-password",
  logGroupId: "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0",
  logGroupName: "app-logs",
  logStreams: {
    "839dac89-35af-4db2-ab4a-a7dda0d0d3f8": "web",
    "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b": "worker",
  },
};

/**
 * The file a request path names under www/ or pkg/, or the status to answer: 400 for what is
 * not an origin-form path or does not decode (an absolute-form target, "*", "%zz", a NUL),
 * 404 for what is outside both directories or absent.
 */
function fileFor(target) {
  if (!target.startsWith("/")) return { status: 400 };
  const end = target.search(/[?#]/);
  let path;
  try {
    path = decodeURIComponent(end < 0 ? target : target.slice(0, end));
  } catch {
    return { status: 400 };
  }
  if (path.includes("\0")) return { status: 400 };
  for (const [prefix, dir] of MOUNTS) {
    if (!path.startsWith(prefix)) continue;
    // normalize() resolves "..", so a decoded "%2e%2e/" is caught by the check after it.
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir + sep) && file !== dir) return { status: 404 };
    if (path.endsWith("/")) file = join(file, "index.html");
    return { file };
  }
  return { status: 404 };
}

function plain(res, status, text, headers) {
  res.writeHead(status, { ...headers, "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

async function serveStatic(req, res, headers, connect) {
  if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "method not allowed", { ...headers, allow: "GET, HEAD" });
  const { file, status } = fileFor(req.url);
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

// The same-origin proxy: path, method, headers (Host included) and body go on unchanged, so a
// signature made for this origin verifies at the endpoint.
function proxy(req, res, headers, port) {
  let upstream;
  try {
    upstream = httpRequest({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      answer.on("error", () => res.destroy());
      res.writeHead(answer.statusCode, { ...answer.headers, ...headers });
      answer.pipe(res);
    });
  } catch {
    // A path or header Node will not send on (it checks what it writes).
    return plain(res, 400, "bad request", headers);
  }
  upstream.on("error", () => res.destroy());
  // The browser went away before the answer: stop waiting on the endpoint for it.
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/**
 * Starts the local endpoint and the console server; resolves to { url, lts, connect, close }.
 * `connect`: origins (besides the page's own) the page may send requests to.
 */
export async function startConsole({ port = 0, ltsOptions = {}, connect = [] } = {}) {
  const origins = connect.map(connectOrigin);
  const headers = securityHeaders(origins);
  const lts = await startLocalLts({
    prefix: "/lts-proxy",
    tokens: { [DEMO.token]: DEMO.projectId },
    akSk: { [DEMO.ak]: { sk: DEMO.sk, projectId: DEMO.projectId } },
    kafkaUsers: { [DEMO.saslInstanceId]: { user_name: DEMO.saslUser, pwd: DEMO.saslPassword } },
    logGroups: { [DEMO.logGroupId]: { name: DEMO.logGroupName, streams: DEMO.logStreams } },
    ...ltsOptions,
  });
  const server = createServer((req, res) => {
    // Whatever a request holds, it is answered (or its connection closed); it never throws
    // out of here, where it would stop the process.
    const failed = () => {
      if (!res.headersSent) plain(res, 500, "server error", headers);
      else res.destroy();
    };
    try {
      const target = typeof req.url === "string" ? req.url : "";
      if (target.startsWith(PROXY_PREFIX)) proxy(req, res, headers, lts.port);
      else serveStatic(req, res, headers, origins).catch(failed);
    } catch {
      failed();
    }
  });
  // A request Node cannot parse: a 400 with the same headers, then the connection closes.
  server.on("clientError", (error, socket) => {
    if (!socket.writable || error.code === "ECONNRESET") return socket.destroy();
    const lines = Object.entries({ ...headers, "content-length": "0", connection: "close" }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.end(`HTTP/1.1 400 Bad Request\r\n${lines.join("")}\r\n`);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    lts,
    connect: origins,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await lts.close();
    },
  };
}

/** The command line's options: --port N and --connect ORIGIN (repeated), with DEMO_CONNECT's. */
function commandLine(argv, env) {
  const options = { port: 0, connect: (env.DEMO_CONNECT ?? "").split(/[\s,]+/).filter(Boolean) };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--port") options.port = Number(argv[++i]);
    else if (argv[i] === "--connect") options.connect.push(argv[++i] ?? "");
    else throw new Error(`unknown option ${argv[i]} (serve.mjs [--port N] [--connect ORIGIN]...)`);
  }
  options.connect = options.connect.map(connectOrigin);
  return options;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let options;
  try {
    options = commandLine(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const console_ = await startConsole(options);
  console.log(`\nThe admin console: ${console_.url}`);
  console.log(`  endpoint   ${console_.url}lts-proxy (a local LTS endpoint behind a same-origin proxy)`);
  console.log(`  project    ${DEMO.projectId}`);
  console.log(`  token      ${DEMO.token}    or AK ${DEMO.ak} / SK ${DEMO.sk}`);
  console.log(`  SASL       instance ${DEMO.saslInstanceId}: user ${DEMO.saslUser}, password ${DEMO.saslPassword}`);
  console.log(`  log group  ${DEMO.logGroupId} (${DEMO.logGroupName}), streams:`);
  for (const [id, name] of Object.entries(DEMO.logStreams)) console.log(`             ${id} (${name})`);
  console.log(
    console_.connect.length > 0
      ? `The page may also send requests to ${console_.connect.join(", ")}.`
      : "The page sends requests to this origin only (--connect ORIGIN allows another endpoint's).",
  );
  console.log("Ctrl-C stops it.");
  const stop = async () => {
    await console_.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
