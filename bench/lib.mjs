// Shared helpers of the benchmark: statistics, the local endpoint in a child process, temp
// directories, directory sizes, formatting.
import { spawn } from "node:child_process";
import { lstat, readdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(BENCH_DIR, "..");
export const SMOKE = /^(1|true|yes)$/i.test(process.env.BENCH_SMOKE ?? "");

// ---------------------------------------------------------------------------------- stats

/** Sorted copy (numbers, ascending). */
const sorted = (xs) => Float64Array.from(xs).sort();

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

/** Median: the mean of the two middle values for an even count. */
export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const p90 = (xs) => percentile(xs, 90);

// ------------------------------------------------------------------------- local endpoint

/**
 * Starts tests/local-lts/cli.mjs in its own Node process (so it never shares the event loop
 * with the clients being measured). Resolves to { url, port, child, stop() }.
 */
export async function startEndpointProcess({ tokens = {}, akSk = {} } = {}) {
  const args = [path.join(REPO, "tests/local-lts/cli.mjs")];
  for (const [token, project] of Object.entries(tokens)) args.push("--token", `${token}=${project}`);
  for (const [ak, { sk, projectId }] of Object.entries(akSk)) args.push("--ak", `${ak}=${sk}:${projectId}`);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the local endpoint did not start in 15 s: ${stderr}`)), 15_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the local endpoint exited with ${code}: ${stderr}`));
    });
  });
  child.stdout.resume();
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    child,
    /** Forgets recorded requests and registrations (keeps the endpoint's memory flat between sections). */
    async reset() {
      const res = await fetch(`${url}/__control/reset`, { method: "POST", headers: { "content-type": "application/json" } });
      await res.arrayBuffer();
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}

// ----------------------------------------------------------------------------- file system

export async function tempDir(label) {
  return mkdtemp(path.join(tmpdir(), `lts-kafka-bench-${label}-`));
}

export async function removeDir(dir) {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * What `du -sb DIR` prints: the apparent size (st_size) of every entry under DIR, the
 * directories and DIR itself included, symlinks not followed, hard links counted once.
 */
export async function diskUsageBytes(dir) {
  const seen = new Set();
  let total = 0;
  async function visit(p) {
    const st = await lstat(p, { bigint: true });
    const key = `${st.dev}:${st.ino}`;
    if (!seen.has(key)) {
      seen.add(key);
      total += Number(st.size);
    }
    if (st.isDirectory()) {
      const entries = await readdir(p);
      for (const e of entries) await visit(path.join(p, e));
    }
  }
  await visit(dir);
  return total;
}

/** Runs a command, collecting its output; resolves { code, stdout, stderr, ms }. */
export function run(cmd, args, { cwd, env, timeoutMs = 300_000, input } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(e), ms: performance.now() - t0 });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - t0 });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

// ------------------------------------------------------------------------------ formatting

export function fmtBytes(n) {
  if (!Number.isFinite(n)) return "–";
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`;
  if (n >= 10 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n.toLocaleString("en-US")} B`;
}

export function fmtNum(n, digits = 0) {
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : "–";
}

/** A Markdown table from a header row and rows of cells. */
export function mdTable(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
