// The packed npm tarball (target/package/lts-kafka.tgz) as a consumer project gets it, installed
// with npm into a fresh directory:
//   - types: a strict TypeScript consumer (consumers/types/) compiles with moduleResolution
//     bundler, nodenext (ESM and CJS) and node16; its @ts-expect-error negatives are real errors
//     (checked line by line); no `any` is reachable from the public typings;
//   - exports: which file each runtime's resolver picks for lts-kafka, lts-kafka/testing,
//     lts-kafka/wasm and lts-kafka/package.json (Node, Deno and Bun themselves; esbuild with the
//     condition sets of workerd, Vercel edge, browsers and the default; TypeScript for types);
//     the legacy fields, dependencies, install scripts, and that a bundler which honours
//     `sideEffects` keeps the wasm instantiation of the entries that do it at import;
//   - size: raw, gzip and brotli bytes of the .wasm, the JS glue and the tarball, with budgets.
// Needs the tarball (`make pack`) and the repository's dev dependencies (typescript, esbuild,
// deno, bun). Prints `SIZE ...` and `RESOLVE ...` lines.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readFileSync, cpSync, existsSync, mkdirSync, copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync, brotliCompressSync, brotliDecompressSync, constants as zlib } from "node:zlib";
import { createRequire } from "node:module";
import ts from "typescript";
import esbuild from "esbuild";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// LTS_KAFKA_TARBALL=<path, relative to the repository root> tests another tarball (a candidate fix).
const TARBALL = resolve(ROOT, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const TYPES_CONSUMER = fileURLToPath(new URL("./consumers/types", import.meta.url));
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const BIN = join(ROOT, "node_modules/.bin");

// Budgets: about 2% above today's sizes as this test measures them (wasm 66,831 B gzip with
// the five operations and the onboarding; glue 15,377 B gzip, node-bundler.js included; the
// embedded copy of the wasm has its own row and check), so that a regression shows. The
// glue includes input.js and shell.js: describing a JS value, and doing a whole attempt (fetch,
// timer, abort, the answer read), in JavaScript, one crossing each, moved that work out of the
// wasm, which shrank by 20 KB gzip while the glue grew by 3 KB. The redactor (every secret in
// every encoding an echo takes, on every string that leaves) and the bounded walks of answers
// and inputs cost about 5.3 KB gzip of wasm (65,628 -> 70,905 B as `gzip -9` counts); the
// partial update (read, then write), enable/disable, three more validators, the credentials
// error and the client's description about 6.5 KB more (77,465 B). The project found from the
// region (IAM's lookup, its cache and the calls that wait for it, per-service endpoints,
// LtsProjectError), the log group and stream lists and the onboarding by names, 11.5 KB more
// (78,345 -> 89,836 B); the glue 20,812 B; fromEnv and fromProfile (providers.js, Node, Deno,
// Bun and workers only: the browser entry has providers-browser.js) 9,603 B.
const BUDGET = { wasmGzip: 91_600, glueGzip: 21_250, providersGzip: 9_800 };

let dir; // the consumer project
let pkgDir; // its node_modules/lts-kafka
let tarFiles; // Map of path (without "package/") -> Buffer, straight from the tarball

/** The regular files of a .tgz, from its ustar headers. */
function readTarball(path) {
  const tar = gunzipSync(readFileSync(path));
  const files = new Map();
  let off = 0;
  let longName = null;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) => header.subarray(start, start + len).toString("utf8").replace(/\0.*$/s, "");
    let name = field(0, 100);
    const prefix = field(345, 155);
    if (prefix) name = `${prefix}/${name}`;
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const body = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if (longName) (name = longName), (longName = null);
    if (type === "0" || type === "\0") files.set(name.replace(/^package\//, ""), Buffer.from(body));
  }
  return { files, tarBytes: tar.length };
}

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" },
    ...options,
  });
}

before(() => {
  assert.ok(existsSync(TARBALL), `${TARBALL} is missing: run make pack`);
  tarFiles = readTarball(TARBALL).files;
  dir = mkdtempSync(join(tmpdir(), "lts-kafka-contract-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer-contract", private: true, type: "module" }));
  const r = run("npm", ["install", "--no-audit", "--no-fund", "--no-save", TARBALL]);
  assert.equal(r.status, 0, `npm install of the tarball failed:\n${r.stdout}\n${r.stderr}`);
  pkgDir = join(dir, "node_modules/lts-kafka");
  cpSync(TYPES_CONSUMER, dir, { recursive: true });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Types

function tsc(project) {
  const r = run(process.execPath, [TSC, "--noEmit", "-p", project, "--pretty", "false"]);
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

for (const config of ["bundler", "nodenext", "node16"]) {
  test(`types: a strict consumer compiles (moduleResolution ${config}), negatives are errors`, () => {
    const { status, output } = tsc(`tsconfig.${config}.json`);
    assert.equal(status, 0, `tsc -p tsconfig.${config}.json failed:\n${output}`);
  });
}

test("types: every @ts-expect-error marks a real error on its own line, and only those lines fail", () => {
  // The same consumer with the markers removed: each marked line must then fail, for the
  // reason the marker names, and no other line may.
  const source = readFileSync(join(dir, "consumer.ts"), "utf8").split("\n");
  const expected = new Map();
  const unmarked = source.map((line, i) => {
    const m = /^(\s*)\/\/ @ts-expect-error: (.*)$/.exec(line);
    if (!m) return line;
    expected.set(i + 2, m[2]);
    return `${m[1]}// (expected error) ${m[2]}`;
  });
  assert.ok(expected.size >= 6, `only ${expected.size} negatives found`);
  writeFileSync(join(dir, "unmarked.ts"), unmarked.join("\n"));
  const config = JSON.parse(readFileSync(join(dir, "tsconfig.bundler.json"), "utf8"));
  writeFileSync(join(dir, "tsconfig.unmarked.json"), JSON.stringify({ ...config, files: ["unmarked.ts"] }));
  const { status, output } = tsc("tsconfig.unmarked.json");
  assert.notEqual(status, 0);
  const errors = new Map();
  for (const m of output.matchAll(/^([^\n(]+)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
    assert.equal(m[1], "unmarked.ts", `an error outside the consumer: ${m[0]}`);
    const line = Number(m[2]);
    errors.set(line, [...(errors.get(line) ?? []), `${m[3]} ${m[4]}`]);
  }
  for (const [line, why] of expected) {
    assert.ok(errors.has(line), `line ${line} (${why}) compiles, but should not`);
    console.log(`NEGATIVE line=${line} why="${why}" -> ${errors.get(line)[0].slice(0, 160)}`);
  }
  assert.deepEqual(
    [...errors.keys()].filter((l) => !expected.has(l)),
    [],
    `unexpected errors:\n${output}`,
  );
});

test("types: the typings compile for a consumer whose lib stops at ES2022 (skipLibCheck false)", () => {
  // lts_kafka.d.ts (wasm-bindgen) declares `[Symbol.dispose](): void` on LtsClient, which needs
  // lib esnext.disposable; a consumer with lib ES2022 and skipLibCheck false gets TS2550.
  const { status, output } = tsc("tsconfig.es2022.json");
  assert.equal(status, 0, `tsc -p tsconfig.es2022.json failed:\n${output}`);
});

/** Every place an `any` is reachable from what the entries export (walked with the checker). */
function anyReachableFrom(entries, extraRoots = "") {
  const probe = join(dir, "any-probe.ts");
  writeFileSync(
    probe,
    entries.map((e, i) => `export * as e${i} from ${JSON.stringify(e)};\n`).join("") + extraRoots,
  );
  const program = ts.createProgram([probe], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.esnext.d.ts", "lib.dom.d.ts"],
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  assert.deepEqual(
    diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    [],
    "the probe does not compile",
  );
  const checker = program.getTypeChecker();
  const fromLib = (decl) => program.isSourceFileDefaultLibrary(decl.getSourceFile());
  const found = [];
  const seen = new Set();
  const walk = (type, path, depth) => {
    if (depth > 16) return;
    if (type.flags & ts.TypeFlags.Any) return void found.push(path);
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) {
      for (const t of type.types) walk(t, `${path}|${checker.typeToString(t)}`, depth + 1);
      return;
    }
    for (const [i, t] of (type.aliasTypeArguments ?? []).entries()) walk(t, `${path}<${i}>`, depth + 1);
    if (!(type.flags & ts.TypeFlags.Object)) return;
    if (type.objectFlags & ts.ObjectFlags.Reference) {
      for (const [i, t] of checker.getTypeArguments(type).entries()) walk(t, `${path}<${i}>`, depth + 1);
    }
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol?.declarations?.length && symbol.declarations.every(fromLib)) return; // Promise, Response, ...
    for (const p of checker.getPropertiesOfType(type)) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      if (decl && fromLib(decl)) continue; // inherited from Error, ...
      walk(checker.getTypeOfSymbol(p), `${path}.${p.getName()}`, depth + 1);
    }
    for (const kind of [ts.SignatureKind.Call, ts.SignatureKind.Construct]) {
      for (const sig of checker.getSignaturesOfType(type, kind)) {
        for (const p of sig.getParameters()) walk(checker.getTypeOfSymbol(p), `${path}(${p.getName()})`, depth + 1);
        walk(sig.getReturnType(), `${path}() =>`, depth + 1);
      }
    }
    for (const info of checker.getIndexInfosOfType(type)) walk(info.type, `${path}[key]`, depth + 1);
  };
  const module = checker.getSymbolAtLocation(program.getSourceFile(probe));
  let exported = 0;
  for (const ns of checker.getExportsOfModule(module)) {
    const target = ns.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(ns) : ns;
    const entry = /^e\d+$/.test(ns.getName()) ? entries[Number(ns.getName().slice(1))] : ns.getName();
    const members = target.flags & ts.SymbolFlags.Module ? checker.getExportsOfModule(target) : [ns];
    for (const ex of members) {
      const s = ex.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(ex) : ex;
      const name = target.flags & ts.SymbolFlags.Module ? `${entry} › ${ex.getName()}` : entry;
      exported++;
      if (s.flags & ts.SymbolFlags.Value) walk(checker.getTypeOfSymbol(s), name, 0);
      if (s.flags & ts.SymbolFlags.Type) walk(checker.getDeclaredTypeOfSymbol(s), `${name} (type)`, 0);
    }
  }
  return { found, exported };
}

test("types: no `any` is reachable from the public typings", () => {
  // The walker itself finds an `any` when there is one.
  const canary = anyReachableFrom([], "export declare function canary(o: { deep: Promise<Array<any>> }): void;\n");
  assert.deepEqual(canary.found, ["canary(o).deep<0><0>"]);

  const { found, exported } = anyReachableFrom(["lts-kafka", "lts-kafka/testing"]);
  assert.ok(exported >= 25, `only ${exported} exports walked`);
  assert.deepEqual(found, [], `any reachable from the public API:\n${found.join("\n")}`);

  // And the text: every \bany\b in the installed .d.ts files. Only wasm-bindgen's internals
  // (the raw wasm exports in lts_kafka_bg.wasm.d.ts and InitOutput in lts_kafka.d.ts, which the
  // entries do not re-export and the exports map does not expose) may have one.
  const hits = [];
  for (const [file, bytes] of tarFiles) {
    if (!file.endsWith(".d.ts")) continue;
    let inInitOutput = false;
    bytes
      .toString("utf8")
      .split("\n")
      .forEach((line, i) => {
        if (/^export interface InitOutput \{/.test(line)) inInitOutput = true;
        if (/\bany\b/.test(line)) {
          const internal = file === "lts_kafka_bg.wasm.d.ts" || (file === "lts_kafka.d.ts" && inInitOutput);
          hits.push({ file, line: i + 1, internal, text: line.trim() });
        }
        if (inInitOutput && /^\}/.test(line)) inInitOutput = false;
      });
  }
  for (const h of hits) console.log(`ANY ${h.internal ? "internal" : "PUBLIC"} ${h.file}:${h.line} ${h.text}`);
  assert.deepEqual(hits.filter((h) => !h.internal), [], "`any` in public declarations");
});

// ---------------------------------------------------------------------------------------------
// Exports

const SPECS = ["lts-kafka", "lts-kafka/testing", "lts-kafka/wasm", "lts-kafka/package.json"];

/** The file (relative to the package) each spec resolves to, or "ERR" when it does not. */
function rel(path) {
  if (path === null) return "ERR";
  const p = path.startsWith("file:") ? fileURLToPath(path) : path;
  return p.startsWith(pkgDir + "/") ? p.slice(pkgDir.length + 1) : `OUTSIDE:${p}`;
}

function nodeResolve(kind, conditions = []) {
  const flags = conditions.map((c) => `--conditions=${c}`);
  const resolveCall = kind === "import" ? "import.meta.resolve(s)" : "require.resolve(s)";
  const code = `const out = {}; for (const s of ${JSON.stringify(SPECS)}) { try { out[s] = ${resolveCall}; } catch (e) { out[s] = null; } } console.log(JSON.stringify(out));`;
  const args = kind === "import" ? [...flags, "--input-type=module", "-e", code] : [...flags, "-e", code];
  const r = run(process.execPath, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function runtimeResolve(bin, args) {
  const probe = join(dir, "resolve-probe.mjs");
  writeFileSync(
    probe,
    `const out = {}; for (const s of ${JSON.stringify(SPECS)}) { try { out[s] = import.meta.resolve(s); } catch (e) { out[s] = null; } } console.log(JSON.stringify(out));\n`,
  );
  const exe = join(BIN, bin);
  assert.ok(existsSync(exe), `${exe} is missing (a dev dependency): npm ci in the repository`);
  const r = run(exe, [...args, probe]);
  assert.equal(r.status, 0, `${bin}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

/** esbuild's resolver with a condition set ("import"/"require" follow the import kind). */
async function esbuildResolve(conditions, kind = "import-statement") {
  const out = {};
  await esbuild.build({
    entryPoints: ["probe:"],
    write: false,
    bundle: true,
    logLevel: "silent",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions,
    plugins: [
      {
        name: "probe",
        setup(build) {
          build.onResolve({ filter: /^probe:$/ }, () => ({ path: "probe", namespace: "probe" }));
          build.onLoad({ filter: /.*/, namespace: "probe" }, async () => {
            for (const s of SPECS) {
              const r = await build.resolve(s, { kind, resolveDir: dir });
              out[s] = r.errors.length ? null : r.path;
            }
            return { contents: "" };
          });
        },
      },
    ],
  });
  return out;
}

function typesResolve(moduleResolution, containingFile) {
  const out = {};
  for (const s of SPECS) {
    const r = ts.resolveModuleName(
      s,
      join(dir, containingFile),
      { moduleResolution, module: ts.ModuleKind.NodeNext, noEmit: true },
      ts.sys,
    );
    out[s] = r.resolvedModule?.resolvedFileName ?? null;
  }
  return out;
}

test("exports: each runtime's resolver picks the intended entry", async () => {
  const node = ["node.js", "testing/index.js", "lts_kafka_bg.wasm", "package.json"];
  const noNode = (entry) => [entry, "ERR", "lts_kafka_bg.wasm", "package.json"];
  const cases = [
    ["node import [node,import]", nodeResolve("import"), node],
    ["node require [node,require]", nodeResolve("require"), node],
    ["deno conditions [deno,node,import] (node --conditions=deno)", nodeResolve("import", ["deno"]), node],
    ["bun conditions [bun,node,import] (node --conditions=bun)", nodeResolve("import", ["bun"]), node],
    ["deno 2 (the runtime)", runtimeResolve("deno", ["run", "--allow-read", "--allow-env", "--no-lock"]), node],
    ["bun (the runtime)", runtimeResolve("bun", ["run"]), node],
    // A bundler compiling for Node (Next.js's server layers with Turbopack or webpack, Vite SSR
    // noExternal, esbuild --platform=node): the entry that carries the wasm in its JS.
    ["bundled for node [node,module,import] (esbuild)", await esbuildResolve(["node", "module"]), ["node-bundler.js", "testing/index.js", "lts_kafka_bg.wasm", "package.json"]],
    ["bundled for node [node,module,require] (esbuild)", await esbuildResolve(["node", "module"], "require-call"), ["node-bundler.js", "testing/index.js", "lts_kafka_bg.wasm", "package.json"]],
    ["workerd [workerd,worker,browser,import] (esbuild)", await esbuildResolve(["workerd", "worker", "browser"]), noNode("workerd.js")],
    ["vercel edge [edge-light,worker,browser,import] (esbuild)", await esbuildResolve(["edge-light", "worker", "browser"]), noNode("edge-light.js")],
    ["browser [browser,import] (esbuild)", await esbuildResolve(["browser"]), noNode("index.js")],
    ["default [import] (esbuild)", await esbuildResolve([]), noNode("index.js")],
    ["default [require] (esbuild)", await esbuildResolve([], "require-call"), noNode("index.js")],
    ["types, moduleResolution bundler (typescript)", typesResolve(ts.ModuleResolutionKind.Bundler, "consumer.ts"), ["index.d.ts", "testing/index.d.ts", "ERR", "package.json"]],
    ["types, nodenext import (typescript)", typesResolve(ts.ModuleResolutionKind.NodeNext, "consumer.ts"), ["index.d.ts", "testing/index.d.ts", "ERR", "package.json"]],
    ["types, nodenext require (typescript)", typesResolve(ts.ModuleResolutionKind.NodeNext, "consumer-cjs.cts"), ["index.d.ts", "testing/index.d.ts", "ERR", "package.json"]],
  ];
  const problems = [];
  for (const [name, got, want] of cases) {
    const files = SPECS.map((s) => rel(got[s]));
    console.log(`RESOLVE ${name}: ${SPECS.map((s, i) => `${s} -> ${files[i]}`).join(", ")}`);
    SPECS.forEach((s, i) => {
      if (files[i] !== want[i]) problems.push(`${name}: ${s} -> ${files[i]}, expected ${want[i]}`);
    });
  }
  assert.deepEqual(problems, []);
});

test("exports: the Node entry loads from the installed package through import and require", () => {
  const names = [
    "LtsAbortError",
    "LtsApiError",
    "LtsClient",
    "LtsConfigError",
    "LtsCredentialsError",
    "LtsNetworkError",
    "LtsProjectError",
    "LtsTimeoutError",
    "LtsValidationError",
    "fromEnv",
    "fromProfile",
    "isLtsError",
    "knownRegions",
    "ready",
    "validateCreateTransfer",
    "validateDeleteTransfer",
    "validateEnsureKafkaTransfer",
    "validateListTransfersQuery",
    "validateRegisterDmsKafkaInstance",
    "validateUpdateTransfer",
  ];
  const body = `console.log(JSON.stringify({ keys: Object.keys(m).sort(), issues: m.validateRegisterDmsKafkaInstance({}).map((i) => i.path) }))`;
  const esm = run(process.execPath, ["--input-type=module", "-e", `import * as m from "lts-kafka"; ${body}`]);
  assert.equal(esm.status, 0, esm.stderr);
  const cjs = run(process.execPath, ["-e", `const m = require("lts-kafka"); ${body}`]);
  assert.equal(cjs.status, 0, cjs.stderr);
  for (const r of [esm, cjs]) {
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.keys, names);
    assert.deepEqual(out.issues, ["instance_id", "kafka_name", "connect_info"]);
  }
});

test("package.json: legacy fields agree with exports; no dependencies or install scripts", () => {
  const manifest = JSON.parse(tarFiles.get("package.json").toString("utf8"));
  const exists = (p) => tarFiles.has(posix.normalize(p));
  const dot = manifest.exports["."];
  assert.equal(manifest.type, "module");
  for (const field of ["main", "module", "browser", "types"]) {
    assert.equal(typeof manifest[field], "string", `${field} missing`);
    assert.ok(exists(manifest[field]), `${field}: ${manifest[field]} is not in the tarball`);
  }
  assert.equal(manifest.main, dot.node.require, "main (old resolvers, Node) = exports node.require");
  assert.equal(manifest.module, dot.default, "module = exports default");
  assert.equal(manifest.browser, dot.browser, "browser = exports browser");
  assert.equal(manifest.types, dot.types, "types = exports types");
  assert.equal(Object.keys(dot)[0], "types", "types must come first in exports");

  // Every target in the exports map is a file in the tarball.
  const targets = [];
  const collect = (v) => (typeof v === "string" ? targets.push(v) : Object.values(v).forEach(collect));
  collect(manifest.exports);
  for (const t of targets) assert.ok(exists(t), `exports target ${t} is not in the tarball`);

  // sideEffects: false, or a list that names the entries which instantiate the wasm at import.
  const sideEffectful = ["./node.js", "./workerd.js", "./edge-light.js"];
  if (Array.isArray(manifest.sideEffects)) {
    for (const f of sideEffectful) assert.ok(manifest.sideEffects.includes(f), `sideEffects lacks ${f}`);
  } else {
    assert.equal(manifest.sideEffects, false);
  }

  for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies", "bundledDependencies"]) {
    assert.ok(
      manifest[field] === undefined || Object.keys(manifest[field]).length === 0,
      `${field}: ${JSON.stringify(manifest[field])}`,
    );
  }
  const scripts = manifest.scripts ?? {};
  for (const s of ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"]) {
    assert.equal(scripts[s], undefined, `install script ${s}: ${scripts[s]}`);
  }
  assert.ok(!manifest.gypfile && !tarFiles.has("binding.gyp"), "a binding.gyp makes npm run node-gyp at install");
  assert.equal(manifest.name, "lts-kafka");
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
  assert.ok(manifest.engines?.node, "engines.node");

  // Every relative import in the shipped JavaScript points at a file in the tarball.
  for (const [file, bytes] of tarFiles) {
    if (!/\.(m?js)$/.test(file)) continue;
    for (const m of bytes.toString("utf8").matchAll(/(?:^|[^\w.])(?:import|export)\s*(?:[^'"]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = posix.normalize(posix.join(posix.dirname(file), m[1].replace(/\?.*$/, "")));
      assert.ok(exists(target), `${file} imports ${m[1]}, which is not in the tarball`);
    }
  }
});

/** Bundles `import { validateRegisterDmsKafkaInstance } from "lts-kafka"` as a consumer would. */
async function bundleConsumer(conditions, platform, outfile) {
  const result = await esbuild.build({
    stdin: {
      contents: `import { validateRegisterDmsKafkaInstance } from "lts-kafka";\nconsole.log(JSON.stringify(validateRegisterDmsKafkaInstance({}).map((i) => i.path)));\n`,
      resolveDir: dir,
      sourcefile: "consumer-entry.js",
    },
    absWorkingDir: dir,
    bundle: true,
    format: "esm",
    platform,
    conditions,
    write: outfile !== undefined,
    outfile,
    logLevel: "silent",
    metafile: true,
    plugins: [
      {
        name: "wasm-external",
        setup(build) {
          // workerd and Vercel edge take the .wasm as a module binding; keep it as an import.
          build.onResolve({ filter: /\.wasm(\?module)?$/ }, (a) => ({ path: a.path, external: true }));
        },
      },
    ],
  });
  const code = outfile ? readFileSync(outfile, "utf8") : result.outputFiles[0].text;
  return { code, inputs: Object.keys(result.metafile.inputs) };
}

test("sideEffects: a bundler keeps the wasm instantiation of the entries that do it at import", async () => {
  // node.js, node-bundler.js, workerd.js and edge-light.js call initSync() at the top level and re-export
  // everything else (`export * from "./sync-api.js"`). With "sideEffects": false a bundler may
  // drop such a module's body when only re-exported names are used, and then every call fails
  // with "Cannot read properties of undefined" (the wasm was never instantiated).
  const problems = [];
  for (const [name, conditions, platform, entry] of [
    ["workerd", ["workerd", "worker", "browser"], "neutral", "workerd.js"],
    ["vercel edge", ["edge-light", "worker", "browser"], "neutral", "edge-light.js"],
    ["node", [], "node", "node.js"],
    ["bundled for node", ["node", "module"], "node", "node-bundler.js"],
  ]) {
    const { code, inputs } = await bundleConsumer(conditions, platform);
    assert.ok(inputs.includes(`node_modules/lts-kafka/${entry}`), `${name}: ${entry} not bundled: ${inputs}`);
    const kept = /\binitSync\d*\(\{\s*module:/.test(code);
    console.log(`BUNDLE esbuild ${name}: entry=${entry} initSync kept=${kept}`);
    if (!kept) problems.push(`${name}: esbuild dropped the initSync() call of ${entry} (sideEffects)`);
  }

  // The node bundle, run: the wasm must be there.
  const outDir = join(dir, "bundle-node");
  mkdirSync(outDir, { recursive: true });
  copyFileSync(join(pkgDir, "lts_kafka_bg.wasm"), join(outDir, "lts_kafka_bg.wasm"));
  await bundleConsumer([], "node", join(outDir, "app.mjs"));
  const r = run(process.execPath, [join(outDir, "app.mjs")]);
  const firstError = r.stderr.split("\n").find((l) => /Error/.test(l)) ?? r.stderr.trim();
  console.log(`BUNDLE esbuild node run: exit=${r.status} ${r.status === 0 ? r.stdout.trim() : firstError}`);
  if (r.status !== 0) problems.push(`node bundle run: ${firstError}`);
  else assert.deepEqual(JSON.parse(r.stdout), ["instance_id", "kafka_name", "connect_info"]);

  // A bundle for Node with the "module" condition carries the wasm: it runs moved away, alone.
  const aloneDir = join(dir, "bundle-node-alone");
  mkdirSync(aloneDir, { recursive: true });
  await bundleConsumer(["node", "module"], "node", join(aloneDir, "app.mjs"));
  const alone = run(process.execPath, [join(aloneDir, "app.mjs")]);
  console.log(`BUNDLE esbuild node+module run, no .wasm beside it: exit=${alone.status} ${alone.stdout.trim() || alone.stderr.trim()}`);
  if (alone.status !== 0) problems.push(`node+module bundle run: ${alone.stderr.trim()}`);
  else assert.deepEqual(JSON.parse(alone.stdout), ["instance_id", "kafka_name", "connect_info"]);
  assert.deepEqual(readdirSync(aloneDir), ["app.mjs"]);
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// Size

function sizes(buffers) {
  let raw = 0,
    gzip = 0,
    brotli = 0;
  for (const b of buffers) {
    raw += b.length;
    gzip += gzipSync(b, { level: 9 }).length;
    brotli += brotliCompressSync(b, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

test("size: the packed .wasm and JS glue stay within budget", () => {
  const wasm = tarFiles.get("lts_kafka_bg.wasm");
  assert.ok(wasm, "lts_kafka_bg.wasm is not in the tarball");
  // The glue: every JS file but the local endpoint, the console, the wasm's embedded copy and the
  // credential providers (their own rows: a server bundle that does not import them drops them,
  // and the browser entry has only their refusal, providers-browser.js).
  const EMBEDDED = "lts_kafka_bg.wasm.br.js";
  const PROVIDERS = "providers.js";
  const glueFiles = [...tarFiles.keys()]
    .filter((f) => /\.m?js$/.test(f) && !f.startsWith("testing/") && !f.startsWith("console/") && f !== EMBEDDED && f !== PROVIDERS)
    .sort();
  for (const f of ["lts_kafka.js", "index.js", "node.js", "node-bundler.js", "workerd.js", "edge-light.js", "sync-api.js", "errors.js"]) {
    assert.ok(glueFiles.includes(f), `${f} is not in the tarball`);
  }
  const browserFiles = ["index.js", "lts_kafka.js", "errors.js", "client-guard.js", "providers-browser.js", ...glueFiles.filter((f) => f.startsWith("snippets/"))];
  const tarball = readFileSync(TARBALL);
  const tar = gunzipSync(tarball);
  const rows = {
    wasm: sizes([wasm]),
    glue: sizes(glueFiles.map((f) => tarFiles.get(f))),
    "glue-browser": sizes(browserFiles.map((f) => tarFiles.get(f))),
    "lts_kafka.js": sizes([tarFiles.get("lts_kafka.js")]),
    [PROVIDERS]: sizes([tarFiles.get(PROVIDERS)]),
    // node-bundler.js's copy: brotli, base64 (what a server bundle of Next.js carries).
    [EMBEDDED]: sizes([tarFiles.get(EMBEDDED)]),
    tarball: { raw: tar.length, gzip: tarball.length, brotli: brotliCompressSync(tar).length },
  };
  for (const [item, s] of Object.entries(rows)) {
    console.log(`SIZE item=${item} raw=${s.raw} gzip=${s.gzip} brotli=${s.brotli}`);
  }
  console.log(`SIZE glue-files=${glueFiles.join(",")} (gzip summed per file; tarball gzip = the .tgz, raw = its tar)`);
  console.log(`SIZE budget wasmGzip=${BUDGET.wasmGzip} glueGzip=${BUDGET.glueGzip}`);
  assert.ok(rows.wasm.gzip <= BUDGET.wasmGzip, `lts_kafka_bg.wasm is ${rows.wasm.gzip} B gzip, over the ${BUDGET.wasmGzip} B budget`);
  assert.ok(rows.glue.gzip <= BUDGET.glueGzip, `the JS glue is ${rows.glue.gzip} B gzip, over the ${BUDGET.glueGzip} B budget`);
  assert.ok(rows[PROVIDERS].gzip <= BUDGET.providersGzip, `${PROVIDERS} is ${rows[PROVIDERS].gzip} B gzip, over the ${BUDGET.providersGzip} B budget`);
  // The embedded copy is the wasm itself, brotli-compressed: never more than base64's 4/3 of that.
  const embedded = tarFiles.get(EMBEDDED).toString("utf8");
  const base64 = /export default "([A-Za-z0-9+/=]+)";/.exec(embedded)?.[1];
  assert.ok(base64, `${EMBEDDED} exports one base64 string`);
  const decoded = brotliDecompressSync(Buffer.from(base64, "base64"));
  assert.ok(decoded.equals(wasm), `${EMBEDDED} decodes to lts_kafka_bg.wasm, byte for byte`);
  assert.ok(rows[EMBEDDED].raw <= Math.ceil(rows.wasm.brotli * 1.02 * 4 / 3) + 200, `${EMBEDDED} is ${rows[EMBEDDED].raw} B`);
});
