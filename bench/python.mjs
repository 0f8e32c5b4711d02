// Section 6, the official SDK for scale: Huawei's Python SDK (huaweicloudsdklts, AK/SK,
// LtsClient with BasicCredentials, endpoint = the local endpoint's http:// URL) registering
// instances, its batches interleaved with lts-kafka's (AK/SK, one call at a time).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { BENCH_DIR, REPO, fmtNum, fmtRatio, mdTable, median, p90, run } from "./lib.mjs";
import { AK, PROJECT, SK, batch, makeClients } from "./percall.mjs";

export const VENV = path.join(REPO, "target/bench-venv");
const SDK = "huaweicloudsdklts==3.1.219";
const PY = path.join(VENV, "bin/python");

/** Creates target/bench-venv with the SDK when it is missing (or has another version). */
export async function ensureVenv() {
  const probe = existsSync(PY)
    ? await run(PY, ["-c", "from importlib.metadata import version; print(version('huaweicloudsdklts'))"])
    : { code: 1 };
  if (probe.code === 0 && probe.stdout.trim() === "3.1.219") return { created: false };
  if (!existsSync(PY)) {
    const v = await run("python3", ["-m", "venv", VENV], { timeoutMs: 120_000 });
    if (v.code !== 0) throw new Error(`python3 -m venv ${VENV} failed: ${v.stderr}`);
  }
  const pip = await run(PY, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", SDK], { timeoutMs: 300_000 });
  if (pip.code !== 0) throw new Error(`pip install ${SDK} failed: ${pip.stderr.slice(-2000)}`);
  return { created: true };
}

function startPython(endpointUrl) {
  const child = spawn(PY, [path.join(BENCH_DIR, "python_sdk.py"), endpointUrl, AK, SK, PROJECT], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  const queued = [];
  lines.on("line", (l) => (waiting.length ? waiting.shift().resolve(l) : queued.push(l)));
  child.on("exit", (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`python exited with ${code}: ${stderr.slice(-2000)}`));
  });
  const next = () =>
    queued.length
      ? Promise.resolve(queued.shift())
      : new Promise((resolve, reject) => {
          if (child.exitCode !== null) return reject(new Error(`python exited with ${child.exitCode}: ${stderr.slice(-2000)}`));
          waiting.push({ resolve, reject });
        });
  return {
    async ready() {
      return JSON.parse(await next());
    },
    async run(prefix, n) {
      child.stdin.write(`run ${prefix} ${n}\n`);
      const out = JSON.parse(await next());
      if (out.error) throw new Error(`the Python SDK failed: ${out.error}`);
      return out;
    },
    stop() {
      child.stdin.end("quit\n");
      return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
    },
  };
}

export async function pythonSdk({ endpoint, rounds, batchSize }) {
  const venv = await ensureVenv();
  await endpoint.reset();
  const py = startPython(endpoint.url);
  try {
    const hello = await py.ready();
    const { ours } = makeClients(endpoint.url, "aksk");
    await py.run("pyw", 20);
    await batch(ours, 20, 1, "pyo-w");
    const lat = { python: [], ours: [] };
    const wall = { python: 0, ours: 0 };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ["python", "ours"] : ["ours", "python"];
      for (const who of order) {
        if (who === "python") {
          const out = await py.run("py", batchSize);
          lat.python.push(...out.us);
          wall.python += out.wall_ms;
        } else {
          const b = await batch(ours, batchSize, 1, "pyo");
          lat.ours.push(...b.latUs);
          wall.ours += b.wallMs;
        }
      }
    }
    const calls = rounds * batchSize;
    const data = {
      calls,
      venvCreated: venv.created,
      versions: hello.versions,
      importMs: hello.import_ms,
      buildClientMs: hello.build_ms,
      python: { medianUs: median(lat.python), p90Us: p90(lat.python), callsPerSecond: calls / (wall.python / 1000) },
      ours: { medianUs: median(lat.ours), p90Us: p90(lat.ours), callsPerSecond: calls / (wall.ours / 1000) },
    };
    data.ratio = data.python.medianUs / data.ours.medianUs;
    const rows = [
      ["lts-kafka (Node, wasm)", "AK/SK, 1 in flight", fmtNum(calls), fmtNum(data.ours.medianUs), fmtNum(data.ours.p90Us), fmtNum(data.ours.callsPerSecond), "1.00×"],
      [
        `huaweicloudsdklts ${hello.versions.huaweicloudsdklts} — different language (Python ${hello.versions.python})`,
        "AK/SK, 1 in flight",
        fmtNum(calls),
        fmtNum(data.python.medianUs),
        fmtNum(data.python.p90Us),
        fmtNum(data.python.callsPerSecond),
        fmtRatio(data.ratio),
      ],
    ];
    const markdown = [
      `Huawei's Python SDK (\`LtsClient.new_builder().with_credentials(BasicCredentials(ak, sk, project_id)).with_endpoint("http://127.0.0.1:PORT")\`, ` +
        "`register_dms_kafka_instance(RegisterDmsKafkaInstanceRequest(...))`) against the same local endpoint; the SDK accepts " +
        "the http:// endpoint as given (no option or patch needed) and signs with its own SDK-HMAC-SHA256 signer, which the endpoint verifies. " +
        `${rounds} rounds of ${batchSize} calls, Python and lts-kafka alternating; Python's time includes building the request model. ` +
        `Python import of the SDK: ${fmtNum(hello.import_ms)} ms, client build: ${fmtNum(hello.build_ms, 1)} ms.`,
      "",
      mdTable(["client", "mode", "calls", "µs median", "µs p90", "calls/s", "time vs lts-kafka"], rows),
    ].join("\n");
    return {
      data,
      markdown,
      checks: [
        ["python sdk median", data.python.medianUs],
        ["python section ours median", data.ours.medianUs],
      ],
    };
  } finally {
    await py.stop();
  }
}
