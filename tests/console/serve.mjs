// Serves the admin console (www/), the built package (pkg/, at /lts-kafka/) and a local LTS
// endpoint (at /lts-proxy/, as the same-origin proxy of a real deployment) from one loopback
// origin. `make demo` runs it; tests import startConsole().
//
//   node tests/console/serve.mjs [--port N]
import { createServer, request as httpRequest } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
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

/** Demo settings: the endpoint accepts these credentials and knows this SASL instance. */
export const DEMO = {
  projectId: "0123456789abcdef0123456789abcdef",
  token: "demo-token-0123456789abcdef",
  ak: "DEMOACCESSKEY0000001",
  sk: "demo-secret-key-0123456789",
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

async function serveStatic(req, res) {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  for (const [prefix, dir] of MOUNTS) {
    if (!path.startsWith(prefix)) continue;
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir + sep) && file !== dir) break;
    if (path.endsWith("/")) file = join(file, "index.html");
    try {
      const data = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(data);
      return;
    } catch {
      break;
    }
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
}

/** Starts the local endpoint and the console server; resolves to { url, lts, close }. */
export async function startConsole({ port = 0, ltsOptions = {} } = {}) {
  const lts = await startLocalLts({
    prefix: "/lts-proxy",
    tokens: { [DEMO.token]: DEMO.projectId },
    akSk: { [DEMO.ak]: { sk: DEMO.sk, projectId: DEMO.projectId } },
    kafkaUsers: { [DEMO.saslInstanceId]: { user_name: DEMO.saslUser, pwd: DEMO.saslPassword } },
    logGroups: { [DEMO.logGroupId]: { name: DEMO.logGroupName, streams: DEMO.logStreams } },
    ...ltsOptions,
  });
  const server = createServer((req, res) => {
    if (!req.url.startsWith("/lts-proxy/")) return serveStatic(req, res);
    // The same-origin proxy: path, method, headers (Host included) and body go on unchanged,
    // so a signature made for this origin verifies at the endpoint.
    const upstream = httpRequest(
      { host: "127.0.0.1", port: lts.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    lts,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await lts.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--port");
  const console_ = await startConsole({ port: at > 0 ? Number(process.argv[at + 1]) : 0 });
  console.log(`\nThe admin console: ${console_.url}`);
  console.log(`  endpoint   ${console_.url}lts-proxy (a local LTS endpoint behind a same-origin proxy)`);
  console.log(`  project    ${DEMO.projectId}`);
  console.log(`  token      ${DEMO.token}    or AK ${DEMO.ak} / SK ${DEMO.sk}`);
  console.log(`  SASL       instance ${DEMO.saslInstanceId}: user ${DEMO.saslUser}, password ${DEMO.saslPassword}`);
  console.log(`  log group  ${DEMO.logGroupId} (${DEMO.logGroupName}), streams:`);
  for (const [id, name] of Object.entries(DEMO.logStreams)) console.log(`             ${id} (${name})`);
  console.log("Ctrl-C stops it.");
  const stop = async () => {
    await console_.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
