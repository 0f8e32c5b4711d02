// The packed npm tarball in Vercel's edge runtime, bundled the way its own tool bundles it.
// (workerd, Cloudflare Workers, runs under the real wrangler in tests/package/wrangler.test.mjs.)
//
// Vercel Edge (`edge-light`): an Edge Function bundled as `vercel dev` bundles it (esbuild, CJS,
// platform browser; `?module` wasm imports become `globalThis["wasm_<sha1>"]`), evaluated in
// edge-runtime with wasm and string code generation disabled (checked: compiling the package's
// own wasm from bytes throws there). Two bindings:
//   * the production shape: the module is an instance of the function realm's
//     WebAssembly.Module. It is compiled in Node's realm (compiling inside would need code
//     generation) and given the context's WebAssembly.Module.prototype, as a module the
//     platform defines inside the isolate would have. V8 instantiates a module of any realm.
//   * what `vercel dev` defines: a module compiled in Node's realm, as is.
//   Not proven: Vercel's infrastructure itself, Next.js's webpack build, edge-runtime's fetch
//   being Vercel's.
//
// Each target installs target/package/lts-kafka.tgz into a fresh temp dir (`make pack` first),
// validates a bad body, registers instances against the local LTS endpoint with a token and with
// AK/SK, triggers an LtsApiError (LTS.1711) and delivers a log stream to the registered
// instance (a DMS transfer created with the token, listed and deleted signed); the endpoint's log
// is checked too. Prints `RESULT runtime=… bundle=… import=… register=… … transfers=…
// firstCallMs=…` per target.
// LTS_KAFKA_TARBALL=<path, relative to the repository root> tries another tarball;
// LTS_KEEP_TMP=1 keeps the temp dirs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { access, cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import vm from "node:vm";
import * as esbuild from "esbuild";
import { EdgeRuntime } from "edge-runtime";
import { startLocalLts } from "../local-lts/server.mjs";
import { checkConsumerAnswer } from "./consumer-checks.mjs";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const tarball = path.resolve(repoRoot, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const consumersDir = fileURLToPath(new URL("./consumers/", import.meta.url));
const execFileP = promisify(execFile);

const projectId = "0123456789abcdef0123456789abcdef";
const token = "edge-test-token-9876543210";
const ak = "EDGETESTAK0123456789";
const sk = "edge-test-secret-key-9876543210";
// Each target's instances, and its own log group and stream (the endpoint knows all three), so
// that registrations and transfers never collide.
const TARGETS = {
  "vercel-edge": { token: "edge-token-1", signed: "edge-signed-1" },
  "vercel-dev-edge": { token: "dev-token-1", signed: "dev-signed-1" },
};
for (const [name, ids] of Object.entries(TARGETS)) {
  Object.assign(ids, { group: randomUUID(), stream: randomUUID(), groupName: `${name}-group`, streamName: `${name}-stream` });
}
// The smallest valid wasm module: compiling it can only fail because compilation is refused.
const EMPTY_WASM = [0, 97, 115, 109, 1, 0, 0, 0];

let lts;
const tempDirs = [];

before(async () => {
  await access(tarball).catch(() => {
    throw new Error(`${path.relative(repoRoot, tarball)} is missing: run \`make pack\` first`);
  });
  lts = await startLocalLts({
    tokens: { [token]: projectId },
    akSk: { [ak]: { sk, projectId } },
    logGroups: Object.fromEntries(
      Object.values(TARGETS).map((ids) => [ids.group, { name: ids.groupName, streams: { [ids.stream]: ids.streamName } }]),
    ),
  });
});

after(async () => {
  await lts?.close();
  if (!process.env.LTS_KEEP_TMP) {
    await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  }
});

/** A fresh temp dir holding a copy of consumers/<name> with the tarball installed in it. */
async function installConsumer(name) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `lts-kafka-${name}-`));
  tempDirs.push(dir);
  await cp(path.join(consumersDir, name), dir, { recursive: true });
  try {
    await execFileP(
      "npm",
      ["install", "--no-audit", "--no-fund", "--no-save", "--offline", "--loglevel=error", tarball],
      { cwd: dir, timeout: 60_000 },
    );
  } catch (e) {
    assert.fail(`npm install of the tarball failed in ${dir}:\n${e.stderr || e.message}`);
  }
  const pkg = JSON.parse(await readFile(path.join(dir, "node_modules/lts-kafka/package.json"), "utf8"));
  return { dir, pkg };
}

/** Runs `fn` as one named step of a target, so the RESULT line says how far it got. */
function stepper() {
  const steps = { bundle: "-", import: "-", register: "-", signedRegister: "-", apiError: "-", transfers: "-", discovery: "-" };
  return {
    steps,
    async run(name, fn) {
      steps[name] = "fail";
      const value = await fn();
      steps[name] = "ok";
      return value;
    },
  };
}

function printResult(runtime, steps, extra) {
  const fields = Object.entries({ ...steps, ...extra }).map(([k, v]) => `${k}=${v}`);
  console.log(`RESULT runtime=${runtime} ${fields.join(" ")}`);
}

/**
 * Runs the runtime part of a target. When the bundle check found the package's instantiation
 * dropped, the run still happens (to show what a user would see), and the failure leads with
 * the cause.
 */
async function explained(bundleProblem, fn) {
  try {
    await fn();
  } catch (e) {
    if (bundleProblem) e.message = `${bundleProblem}\n\nWhat the runtime then did: ${e.message}`;
    throw e;
  }
  if (bundleProblem) assert.fail(`${bundleProblem}\n\n(yet the run passed: check this test's bundle check)`);
}

// ---------------------------------------------------------------------------------------------
// Vercel Edge (edge-light)

/**
 * @vercel/node's edge wasm plugin (`vercel dev`): `import m from "./x.wasm?module"` becomes
 * `export default globalThis["wasm_<sha1 of the file>"]`; the runtime defines that global as a
 * compiled WebAssembly.Module.
 */
function vercelWasmPlugin(collected) {
  return {
    name: "vercel-wasm",
    setup(build) {
      build.onResolve({ filter: /\.wasm\?module$/i }, async (args) => {
        const wasmFile = args.path.replace(/\?module$/, "");
        const resolved = await build.resolve(wasmFile, {
          importer: args.importer,
          resolveDir: args.resolveDir,
          kind: args.kind,
        });
        if (resolved.errors.length) return { errors: resolved.errors };
        const name = `wasm_${createHash("sha1").update(await readFile(resolved.path)).digest("hex")}`;
        collected.set(name, resolved.path);
        return { path: name, namespace: "vercel-wasm" };
      });
      build.onLoad({ filter: /.+/, namespace: "vercel-wasm" }, (args) => ({
        loader: "js",
        contents: `export default globalThis[${JSON.stringify(args.path)}]`,
      }));
    },
  };
}

let edgeBuild;
/** Installs and bundles the edge consumer once; both edge tests evaluate the same bundle. */
async function buildEdge() {
  edgeBuild ??= (async () => {
    const { dir, pkg } = await installConsumer("edge");
    assert.equal(pkg.exports["."]["edge-light"], "./edge-light.js");
    const wasm = new Map();
    const built = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ["handler.mjs"],
      write: false,
      bundle: true,
      format: "cjs",
      platform: "browser",
      target: "es2022",
      conditions: ["edge-light", "worker", "browser"],
      legalComments: "none",
      metafile: true,
      logLevel: "silent",
      plugins: [vercelWasmPlugin(wasm)],
    });
    const code = built.outputFiles[0].text;
    const inputs = Object.keys(built.metafile.inputs);
    assert.ok(
      inputs.includes("node_modules/lts-kafka/edge-light.js"),
      `the "edge-light" condition did not select edge-light.js; bundled: ${inputs.join(", ")}`,
    );
    assert.equal(wasm.size, 1, `one .wasm?module import expected, got ${[...wasm.keys()]}`);
    const [name, file] = [...wasm][0];
    const kept = new RegExp(`globalThis\\["${name}"\\][\\s\\S]*initSync\\(\\{ module: \\w+ \\}\\)`);
    const bundleProblem = kept.test(code)
      ? null
      : "esbuild dropped edge-light.js's `import wasmModule from \"./lts_kafka_bg.wasm?module\"` " +
        "and its `initSync({ module: wasmModule })` from the bundle: the installed package.json says " +
        `"sideEffects": ${JSON.stringify(pkg.sideEffects)}, so the entry's instantiation counts ` +
        "as removable (edge-light.js only re-exports sync-api.js) and the wasm is never " +
        "instantiated. The entries that instantiate at import must be declared as having side effects.";
    return { code, name, bytes: await readFile(file), bundleProblem };
  })();
  return edgeBuild;
}

/**
 * Evaluates the bundle in a fresh EdgeRuntime (wasm and string code generation disabled) the
 * way `vercel dev` does, and dispatches one request to the function.
 * `sameRealmModule`: give the compiled module the context's own WebAssembly.Module.prototype,
 * as on Vercel, where the platform defines the binding inside the function's realm. Without
 * it, the binding is what `vercel dev` defines: a module compiled in Node's realm.
 */
async function runEdge({ code, name, bytes }, { sameRealmModule, ids, s, extra }) {
  // Compiled outside the sandbox, as the platform does (vercel dev: WasmAssets.getContext()).
  const compiled = await WebAssembly.compile(bytes);
  const env = {
    LTS_URL: lts.url,
    LTS_PROJECT_ID: projectId,
    LTS_TOKEN: token,
    LTS_AK: ak,
    LTS_SK: sk,
    INSTANCE_TOKEN: ids.token,
    INSTANCE_SIGNED: ids.signed,
    LOG_GROUP_ID: ids.group,
    LOG_STREAM_ID: ids.stream,
    LOG_GROUP_NAME: ids.groupName,
    LOG_STREAM_NAME: ids.streamName,
    HUAWEICLOUD_SDK_AK: ak,
    HUAWEICLOUD_SDK_SK: sk,
  };
  const runtime = new EdgeRuntime({
    codeGeneration: { strings: false, wasm: false },
    extend(context) {
      if (sameRealmModule) {
        Object.setPrototypeOf(compiled, vm.runInContext("WebAssembly.Module.prototype", context));
      }
      // What vercel dev's createEdgeRuntimeServer() puts in the context.
      Object.assign(context, { module: {}, process: { env }, [name]: compiled });
      return context;
    },
  });

  // Compiling wasm from bytes is refused in this context, the package's own wasm included:
  // an entry that fell back to bytes could not pass.
  const refused = (e) => e.name === "CompileError" && /disallowed by embedder/.test(e.message);
  await assert.rejects(runtime.evaluate(`WebAssembly.compile(new Uint8Array(${JSON.stringify(EMPTY_WASM)}))`), refused);
  assert.throws(() => runtime.evaluate("(bytes) => new WebAssembly.Module(bytes)")(new Uint8Array(bytes)), refused);
  assert.throws(() => runtime.evaluate("eval('1')"), /Code generation from strings disallowed/);
  const isModuleHere = runtime.evaluate("(m) => m instanceof WebAssembly.Module")(compiled);
  assert.equal(isModuleHere, sameRealmModule, "the binding's realm is the one this test means");

  const from = lts.received.length;
  const { res, body } = await s.run("import", async () => {
    const t0 = performance.now();
    try {
      // vercel dev's wrapper around the CJS bundle, then a fetch listener for the default export.
      runtime.evaluate(`"use strict";
        (() => { ${code}; })();
        const userModule = module.exports;
        addEventListener("fetch", (event) => event.respondWith(userModule.default(event.request)));`);
    } catch (e) {
      assert.fail(
        `the edge-light entry failed at import (the binding is ${
          sameRealmModule
            ? "a module of the function's realm"
            : "a module compiled in Node's realm, as vercel dev defines it: the glue's " +
              "`module instanceof WebAssembly.Module` is false for a module of another realm, " +
              "so initSync takes it for bytes and compiles it again"
        }): ${e.name}: ${e.message}\n${e.stack}`,
      );
    }
    extra.importMs = Math.round(performance.now() - t0);
    const res = await runtime.dispatchFetch("https://edge.example/api/register");
    await res.waitUntil?.();
    const body = await res.json();
    assert.equal(body.runtime, "edge-light", JSON.stringify(body));
    assert.equal(body.error, undefined, `the function threw: ${JSON.stringify(body.error, null, 2)}`);
    assert.ok(Array.isArray(body.issues), "the package works in the function");
    return { res, body };
  });
  assert.equal(res.status, 200, JSON.stringify(body, null, 2));
  extra.firstCallMs = Math.round(body.firstCallMs);
  await checkConsumerAnswer(body, { lts, received: lts.received.slice(from), ids, projectId, token, ak }, (name, fn) => s.run(name, fn));
}

// The same bundle in two shapes: the module as the platform defines it (in the function's
// realm), and as `vercel dev` does (compiled in Node's realm).
for (const variant of [
  {
    name: "Vercel Edge (edge-light) in edge-runtime, no wasm codegen, module defined in the function's realm",
    runtime: "vercel-edge",
    sameRealmModule: true,
    ids: TARGETS["vercel-edge"],
  },
  {
    name: "vercel dev (edge-runtime defines the ?module binding compiled in Node's realm), no wasm codegen",
    runtime: "vercel-dev-edge",
    sameRealmModule: false,
    ids: TARGETS["vercel-dev-edge"],
  },
]) {
  test(variant.name, { timeout: 120_000 }, async () => {
    const s = stepper();
    const extra = { firstCallMs: "-", importMs: "-" };
    try {
      const built = await s.run("bundle", () => buildEdge());
      if (built.bundleProblem) s.steps.bundle = "fail";
      await explained(built.bundleProblem, () =>
        runEdge(built, { sameRealmModule: variant.sameRealmModule, ids: variant.ids, s, extra }),
      );
    } finally {
      printResult(variant.runtime, s.steps, extra);
    }
  });
}
