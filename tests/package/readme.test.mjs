// README.md as executable documentation, against the built package in pkg/ (`make build`):
//   - every public export of the typings (pkg/index.d.ts with what it re-exports from the
//     generated lts_kafka.d.ts, and pkg/testing/index.d.ts) and every public method of
//     LtsClient is named in the README;
//   - every fenced block is tagged, and every ```js and ```ts block runs, as written, in its own
//     Node process against a fresh local LTS endpoint (tests/local-lts/server.mjs) on 127.0.0.1,
//     within BLOCK_TIMEOUT_MS. ```ts blocks are type-checked against pkg/'s typings first, then
//     run with their types stripped. A failing block fails its test, named by its line.
//
// How a block runs as written: it is a module in a scratch directory whose node_modules holds
// lts-kafka (a link to pkg/, so `import … from "lts-kafka"` and "lts-kafka/testing" resolve
// through the package's own exports) and a small stand-in for "vitest" built on node:test. A
// runner imports it after setting up, as globals, the names the README's examples take as given
// (SUPPLIED below, and endpoint, client, getToken and LtsClient, which the Start block imports
// and later blocks use). The runner's global fetch sends a request for a
// region's real endpoint (https://lts.{region}.myhuaweicloud.com) to the local endpoint instead,
// keeping its Host header, so the region-based examples run (signed ones included); any other
// host than 127.0.0.1 or localhost is refused.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const README_PATH = join(ROOT, "README.md");
const README = readFileSync(README_PATH, "utf8");
const PKG = join(ROOT, "pkg");
const SERVER = pathToFileURL(join(ROOT, "tests/local-lts/server.mjs")).href;
const BLOCK_TIMEOUT_MS = 30_000;
/** The languages whose blocks run; every other tag (sh, html, json, text) is shown, not run. */
const RUN = new Set(["js", "javascript", "mjs", "ts", "typescript"]);
const TS = new Set(["ts", "typescript"]);

// ---------------------------------------------------------------------------------------------
// The README's fenced blocks.

/** Every fenced block: { lang, line (of the opening fence, 1-based), code }. */
function fencedBlocks(text) {
  const blocks = [];
  const lines = text.split("\n");
  let open = null;
  for (const [i, line] of lines.entries()) {
    const fence = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (open === null) {
      if (fence) open = { fence: fence[1], lang: fence[2].toLowerCase(), line: i + 1, code: [] };
    } else if (fence && fence[1].startsWith(open.fence[0]) && fence[1].length >= open.fence.length && fence[2] === "") {
      blocks.push({ lang: open.lang, line: open.line, code: open.code.join("\n") + "\n" });
      open = null;
    } else {
      open.code.push(line);
    }
  }
  if (open !== null) blocks.push({ lang: open.lang, line: open.line, code: null });
  return blocks;
}

const BLOCKS = fencedBlocks(README);
const RUNNABLE = BLOCKS.filter((b) => RUN.has(b.lang));

test("README.md: every fenced block is closed and says its language", () => {
  const unclosed = BLOCKS.filter((b) => b.code === null).map((b) => `README.md:${b.line}`);
  assert.deepEqual(unclosed, [], `fences never closed: ${unclosed.join(", ")}`);
  const untagged = BLOCKS.filter((b) => b.lang === "").map((b) => `README.md:${b.line}`);
  assert.deepEqual(untagged, [], `blocks without a language (use js or ts to run one, sh for commands): ${untagged.join(", ")}`);
  assert.ok(RUNNABLE.length > 0, "the README has no js or ts block");
});

// ---------------------------------------------------------------------------------------------
// (a) Every public name is documented.

/** Whether a symbol is exported on purpose: a declaration with `export`, or an export specifier. */
function exportedExplicitly(symbol) {
  const hasExport = (node) => (ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return (symbol.declarations ?? []).some(
    (d) =>
      ts.isExportSpecifier(d) ||
      ts.isExportAssignment(d) ||
      hasExport(d) ||
      // `export declare const A: …` puts the modifier on the statement, not the declaration.
      (ts.isVariableDeclaration(d) && hasExport(d.parent.parent)),
  );
}

/** The public names: { name, where } for every export of the typings and every LtsClient method. */
function publicNames() {
  const entries = [join(PKG, "index.d.ts"), join(PKG, "testing/index.d.ts")];
  for (const f of entries) assert.ok(existsSync(f), `${f} is missing: make build first`);
  const program = ts.createProgram(entries, {
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.esnext.disposable.d.ts"],
    types: [],
  });
  const checker = program.getTypeChecker();
  const names = [];
  for (const file of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file));
    assert.ok(moduleSymbol, `${file} is not a module`);
    const where = file.slice(ROOT.length);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      // A .d.ts without `export {}` exports its helper types implicitly; only what the file
      // exports on purpose is public.
      if (!exportedExplicitly(symbol)) continue;
      names.push({ name: symbol.name, where });
      if (symbol.name !== "LtsClient") continue;
      const cls = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const member of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(cls))) {
        // [Symbol.dispose] is named `__@dispose@<id>` by the checker.
        const known = /^__@(\w+)@\d+$/.exec(member.name);
        names.push({ name: known ? `Symbol.${known[1]}` : member.name, where: `${where}: LtsClient` });
      }
    }
  }
  return names;
}

test("README.md names every public export of the typings and every LtsClient method", () => {
  const names = publicNames();
  assert.ok(names.length > 50, `only ${names.length} public names found: are the typings built?`);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const missing = names.filter(({ name }) => !new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`).test(README));
  assert.deepEqual(
    missing.map(({ name, where }) => `${name} (${where})`),
    [],
    "public names the README never mentions",
  );
});

// ---------------------------------------------------------------------------------------------
// (b) Every js and ts block runs.

/**
 * The names the README's examples take as given, with the values they get here (the runner adds
 * `endpoint`, the local endpoint's URL; `client`, a token client for region cn-north-4;
 * `getToken`; and `LtsClient`). The local
 * endpoint is configured to match: the token and the keys belong to the project; the SASL
 * instance c7e5a1d0-… takes user "lts" and kafkaPassword; the log group and its two streams
 * exist; the instance 3f4a92ff-… (connect_info {}) is registered already, as the transfers
 * example assumes (an onboarding that registers it reports "already_registered").
 */
const SUPPLIED = {
  projectId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
  token: "MIIreadme-Tk7Qw2Zr9Lm4Xv8Np",
  ak: "READMEAKQ7W2Z9L4X8NP",
  sk: "readme-sk-Hq3Vb8Ty6Uc1Jg5K",
  securityToken: "readme-st-Fm2Rd7Wk4Ys9Pe3A",
  kafkaPassword: "readme-pwd-Nz6Bt1Qx8Cv",
};
const REGISTERED = "3f4a92ff-7f65-489f-a36a-fadbaa0000a6";
const SASL_INSTANCE = "c7e5a1d0-2b3f-4e8a-9d61-0f4b7a2e9c35";
const LOG_GROUP = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0";
const LOG_STREAMS = { "839dac89-35af-4db2-ab4a-a7dda0d0d3f8": "nginx-access", "2f9c6a4e-8b1d-4c3a-9e7f-5d0b1a2c3e4f": "nginx-error" };

/** The process that runs one block: the local endpoint, the globals, the fetch, the block. */
const RUNNER = `// Runs one README block (argv[2]) against a fresh local LTS endpoint.
import http from "node:http";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { startLocalLts } from ${JSON.stringify(SERVER)};
import { LtsClient } from "lts-kafka";

const supplied = ${JSON.stringify(SUPPLIED)};
const lts = await startLocalLts({
  tokens: { [supplied.token]: supplied.projectId },
  akSk: { [supplied.ak]: { sk: supplied.sk, projectId: supplied.projectId } },
  kafkaUsers: { ${JSON.stringify(SASL_INSTANCE)}: { user_name: "lts", pwd: supplied.kafkaPassword } },
  logGroups: { ${JSON.stringify(LOG_GROUP)}: { name: "app-logs", streams: ${JSON.stringify(LOG_STREAMS)} } },
});
lts.registered.add(supplied.projectId + "\\n" + ${JSON.stringify(REGISTERED)});

// A region's endpoint is this endpoint, reached over HTTP with the Host the request was made
// (and signed) for; anything else than loopback is refused.
const loopbackFetch = globalThis.fetch;
const REGION_HOST = /^(lts|iam)\\.([a-z0-9-]+\\.)?myhuaweicloud\\.(com|eu)$/;
function toLocal(url, init) {
  return new Promise((resolve, reject) => {
    const headers = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    headers.host = url.host;
    const request = http.request(
      { host: "127.0.0.1", port: lts.port, method: init.method ?? "GET", path: url.pathname + url.search, headers, signal: init.signal },
      (response) => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const v of [value].flat()) if (v !== undefined) answer.append(name, v);
        }
        const empty = [101, 204, 205, 304].includes(response.statusCode);
        if (empty) response.resume();
        resolve(new Response(empty ? null : Readable.toWeb(response), { status: response.statusCode, headers: answer }));
      },
    );
    request.on("error", reject);
    request.end(init.body == null ? undefined : typeof init.body === "string" ? init.body : Buffer.from(init.body));
  });
}
globalThis.fetch = async function readmeFetch(input, init = {}) {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (REGION_HOST.test(url.hostname)) return toLocal(url, init);
  if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return loopbackFetch(input, init);
  throw new TypeError("the README's examples reach only 127.0.0.1, not " + url.origin);
};

Object.assign(globalThis, supplied, {
  LtsClient,
  endpoint: lts.url,
  client: new LtsClient({ projectId: supplied.projectId, region: "cn-north-4", credentials: { token: supplied.token } }),
  getToken: async () => supplied.token,
});
try {
  await import(pathToFileURL(process.argv[2]).href);
} finally {
  // The block's own tests (node:test, the vitest stand-in) run on their own endpoints.
  await lts.close();
}
`;

/** "vitest", as far as the README uses it: node:test's hooks and a small expect(). */
const VITEST = `import { describe, it, test, before, after, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
export { describe, it, test, beforeEach, afterEach };
export const beforeAll = before;
export const afterAll = after;

function subset(actual, expected, path) {
  if (expected === null || typeof expected !== "object") {
    assert.ok(Object.is(actual, expected), path + ": expected " + String(expected) + ", got " + String(actual));
    return;
  }
  assert.ok(actual !== null && typeof actual === "object", path + ": expected an object, got " + String(actual));
  for (const key of Object.keys(expected)) {
    assert.ok(key in actual, path + "." + key + " is missing");
    subset(actual[key], expected[key], path + "." + key);
  }
}

function matchers(actual, negate) {
  const check = (pass, message) => assert.ok(negate ? !pass : pass, (negate ? "not: " : "") + message);
  return {
    toBe: (expected) => check(Object.is(actual, expected), "expected " + String(expected) + ", got " + String(actual)),
    toEqual: (expected) => {
      let pass = true;
      try { assert.deepEqual(actual, expected); } catch { pass = false; }
      check(pass, "expected " + JSON.stringify(expected) + ", got " + JSON.stringify(actual));
    },
    toMatchObject: (expected) => {
      let pass = true, why = "";
      try { subset(actual, expected, "value"); } catch (e) { pass = false; why = e.message; }
      check(pass, why || "matched " + JSON.stringify(expected));
    },
    toHaveLength: (n) => check(actual?.length === n, "expected length " + n + ", got " + actual?.length),
    toContain: (item) => check(actual.includes(item), "expected to contain " + String(item)),
    toMatch: (re) => check(new RegExp(re).test(actual), "expected to match " + String(re)),
    toBeNull: () => check(actual === null, "expected null, got " + String(actual)),
    toBeTruthy: () => check(Boolean(actual), "expected a truthy value, got " + String(actual)),
  };
}

export function expect(actual) {
  const settled = (wantRejection) => {
    const wrap = (negate) =>
      new Proxy({}, {
        get: (_, name) => async (...args) => {
          let value, rejected = false;
          try { value = await actual; } catch (e) { value = e; rejected = true; }
          assert.equal(rejected, wantRejection, wantRejection ? "expected a rejection, got " + String(value) : "expected a resolution, got " + String(value));
          return matchers(value, negate)[name](...args);
        },
      });
    return Object.assign(wrap(false), { not: wrap(true) });
  };
  return Object.assign(matchers(actual, false), {
    not: matchers(actual, true),
    get rejects() { return settled(true); },
    get resolves() { return settled(false); },
  });
}
`;

/** Declarations of the supplied names, for type-checking the ts blocks. */
const GLOBALS_D_TS = `import type { LtsClient } from "lts-kafka";
declare global {
${Object.keys(SUPPLIED).map((name) => `  const ${name}: string;`).join("\n")}
  const endpoint: string;
  const client: LtsClient;
  function getToken(): Promise<string>;
}
export {};
`;

let work; // the scratch directory
const typeErrors = new Map(); // block line -> diagnostics text

function fileOf(block) {
  return join(work, `readme-${block.line}.${TS.has(block.lang) ? "ts" : "mjs"}`);
}

/** Type-checks every ts block at once against pkg/'s typings; errors by block line. */
function typeCheck(blocks) {
  if (blocks.length === 0) return;
  const files = [join(work, "globals.d.ts"), ...blocks.map(fileOf)];
  const program = ts.createProgram(files, {
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.esnext.disposable.d.ts"],
    types: [],
    skipLibCheck: true,
    noUnusedLocals: false,
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? "";
    const block = blocks.find((b) => fileOf(b) === file);
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const key = block ? block.line : 0;
    const readmeLine = block ? block.line + 1 + where : 0;
    typeErrors.set(key, `${typeErrors.get(key) ?? ""}README.md:${readmeLine}: TS${d.code}: ${text}\n`);
  }
}

before(() => {
  work = mkdtempSync(join(tmpdir(), "lts-kafka-readme-"));
  mkdirSync(join(work, "node_modules", "vitest"), { recursive: true });
  symlinkSync(PKG, join(work, "node_modules", "lts-kafka"), "dir");
  writeFileSync(join(work, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(work, "node_modules/vitest/package.json"), JSON.stringify({ name: "vitest", type: "module", exports: "./index.js" }));
  writeFileSync(join(work, "node_modules/vitest/index.js"), VITEST);
  writeFileSync(join(work, "runner.mjs"), RUNNER);
  writeFileSync(join(work, "credentials"), `[basic]\nak = ${SUPPLIED.ak}\nsk = ${SUPPLIED.sk}\n`);
  writeFileSync(join(work, "globals.d.ts"), GLOBALS_D_TS);
  for (const block of RUNNABLE) writeFileSync(fileOf(block), block.code);
  typeCheck(RUNNABLE.filter((b) => TS.has(b.lang)));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs a block's module in its own process: { code, signal, output, timedOut }. */
function runBlock(file) {
  return new Promise((resolve) => {
    // The keys fromEnv() and fromProfile() find, as a user's shell and file would hold them.
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: "1",
      HUAWEICLOUD_SDK_AK: SUPPLIED.ak,
      HUAWEICLOUD_SDK_SK: SUPPLIED.sk,
      HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(work, "credentials"),
    };
    const child = spawn(process.execPath, [join(work, "runner.mjs"), file], { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, BLOCK_TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}

describe("README.md's code blocks run against the local endpoint", { concurrency: 4 }, () => {
  for (const block of RUNNABLE) {
    test(`README.md:${block.line} (${block.lang})`, async () => {
      let file = fileOf(block);
      if (TS.has(block.lang)) {
        const errors = typeErrors.get(block.line);
        assert.equal(errors, undefined, `README.md:${block.line}: the ts block does not type-check:\n${errors}`);
        const js = ts.transpileModule(block.code, {
          compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
        }).outputText;
        file = file.replace(/\.ts$/, ".stripped.mjs");
        writeFileSync(file, js);
      }
      const run = await runBlock(file);
      const tail = run.output.split("\n").slice(-40).join("\n");
      assert.ok(!run.timedOut, `README.md:${block.line}: the block did not finish within ${BLOCK_TIMEOUT_MS} ms\n${tail}`);
      assert.equal(run.code, 0, `README.md:${block.line}: the block failed (exit ${run.code ?? run.signal})\n${tail}`);
    });
  }
});

test("type errors outside the ts blocks (the harness's declarations)", () => {
  assert.equal(typeErrors.get(0), undefined, typeErrors.get(0));
});
