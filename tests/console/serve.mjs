// Serves the admin console (www/), the built package (pkg/, at /lts-kafka/) and a same-origin
// proxy at /lts-proxy/ from one loopback origin: in front of a local LTS endpoint by default
// (`make demo`), or of a region's or another endpoint. Tests import startConsole().
//
//   node tests/console/serve.mjs [--local | --region REGION | --endpoint URL [--iam-endpoint URL]] [--port N] [--host HOST] [--connect ORIGIN]...
//
// The server itself is the package's (pkg-template/console/server.mjs, shipped as
// lts-kafka/console/): the same proxy, policy, security headers and hardening; this file only
// says where the page, the package and the local endpoint are in the repository. Each
// --connect ORIGIN (or each origin in DEMO_CONNECT, separated by spaces or commas) adds an
// endpoint's origin the operator has chosen to the page's policy.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalLts } from "../local-lts/server.mjs";
import { startConsole as startConsoleServer, runCommandLine } from "../../pkg-template/console/server.mjs";

export { connectOrigin, consolePolicy, securityHeaders, DEMO, PROXY_LIMITS } from "../../pkg-template/console/server.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const PAGE = join(root, "www");
const PACKAGE = join(root, "pkg");

/**
 * Starts the console server on 127.0.0.1; resolves to { url, lts, target, iamTarget, connect,
 * close }. `endpoint`: forward /lts-proxy/v2/ there instead of to a local endpoint (then `lts`
 * is null), and `iamEndpoint` IAM's project lists (/lts-proxy/v3/...);
 * `ltsOptions`: the local endpoint's options over the demo settings; `connect`: origins
 * (besides the page's own) the page may send requests to; `timeoutMs`, `maxBodyBytes`: the
 * proxy's bounds.
 */
export function startConsole({ port = 0, ltsOptions = {}, connect = [], endpoint, iamEndpoint = null, timeoutMs, maxBodyBytes } = {}) {
  return startConsoleServer({
    pageDir: PAGE,
    packageDir: PACKAGE,
    upstream: endpoint ?? "local",
    iamUpstream: iamEndpoint,
    startLocalLts,
    ltsOptions,
    port,
    connect,
    timeoutMs,
    maxBodyBytes,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runCommandLine({
    argv: process.argv.slice(2),
    env: process.env,
    pageDir: PAGE,
    packageDir: PACKAGE,
    startLocalLts,
    loadPackage: () => import("../../pkg/node.js"),
    defaults: { port: 0, upstream: "local" },
    command: "node tests/console/serve.mjs",
  });
}
