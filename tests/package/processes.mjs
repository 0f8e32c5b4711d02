// Child processes for the package tests that run real tools (Vite, wrangler): each started in
// its own process group, its output collected, waited on for a line, stopped with its group
// (whatever it started goes with it), and all stopped at the end or when Node exits.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const running = new Set();

process.on("exit", () => {
  for (const r of running) r.killGroup("SIGKILL");
});

/** Stops every process started here that still runs. */
export function stopAll() {
  return Promise.all([...running].map((r) => r.stop()));
}

/**
 * Starts `cmd args` in its own process group. The handle has `exited` (the exit code or
 * signal), `stdout`, `stderr`, `output` (both, without terminal colours), `waitFor(pattern,
 * timeoutMs)`, `killGroup(signal)` and `stop()` (SIGTERM to the group, SIGKILL after 5 s;
 * resolves once the process has exited).
 */
export function start(cmd, args, { cwd, env }) {
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  const listeners = new Set();
  const notify = () => listeners.forEach((l) => l());
  child.stdout.on("data", (d) => ((out.stdout += d), notify()));
  child.stderr.on("data", (d) => ((out.stderr += d), notify()));
  let done = false;
  const exited = new Promise((resolve) => {
    child.on("error", (e) => ((out.stderr += `\n[spawn error] ${e.message}`), resolve(null)));
    child.on("close", (code, signal) => resolve(code ?? signal));
  }).then((code) => ((done = true), notify(), code));
  const name = path.basename(args[0] ?? cmd);
  const handle = {
    exited,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    get output() {
      return `${out.stdout}${out.stderr}`.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    },
    killGroup(signal) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    },
    /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (settle) => (clearTimeout(timer), listeners.delete(check), settle());
        const check = () => {
          const m = pattern.exec(handle.output);
          if (m) finish(() => resolve(m));
          else if (done) finish(() => reject(new Error(`${name} exited before printing ${pattern}:\n${handle.output}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${pattern} not printed within ${timeoutMs} ms:\n${handle.output}`))), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (!running.has(handle)) return;
      if (!done) {
        handle.killGroup("SIGTERM");
        const timer = setTimeout(() => handle.killGroup("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      // Whatever it started (esbuild's service, workerd) may outlive it for a moment: the
      // group is signalled once more, right away.
      handle.killGroup("SIGKILL");
      running.delete(handle);
    },
  };
  running.add(handle);
  return handle;
}

/** Runs a command to its end within `timeoutMs`; resolves with { code, stdout, stderr, output, ms }. */
export async function run(cmd, args, { cwd, env = process.env, timeoutMs }) {
  const t0 = performance.now();
  const p = start(cmd, args, { cwd, env });
  const timer = setTimeout(() => p.killGroup("SIGKILL"), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  await p.stop();
  const ms = Math.round(performance.now() - t0);
  return { code: code === "SIGKILL" ? `killed after ${timeoutMs} ms` : code, stdout: p.stdout, stderr: p.stderr, output: p.output, ms };
}

/** Free ports on 127.0.0.1, all held until every one is known so that none repeats. */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise((resolve) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => resolve(s));
    })),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
