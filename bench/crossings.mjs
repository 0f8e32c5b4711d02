// Crossings between JavaScript and wasm per operation, counted in a temporary copy of pkg/
// whose glue counts every call the wasm makes into an imported JavaScript function (wasm -> JS)
// and every call the glue makes into a wasm export (JS -> wasm: the method itself, malloc and
// free for strings, the callbacks of promises). pkg/ itself is not touched.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, fmtNum, mdTable, removeDir, tempDir } from "./lib.mjs";
import { PROJECT } from "./ids.mjs";

const IMPORTS_ANCHOR = `    return {\n        __proto__: null,\n        "./lts_kafka_bg.js": import0,`;
const EXPORTS_ANCHOR = `    wasm = instance.exports;\n`;

const shortName = (k) => k.replace(/^__wbg_/, "").replace(/_+h?[0-9a-f]{16}$/, "");

/** A copy of pkg/ whose glue counts into globalThis.__crossings = { imports: {}, exports: {} }. */
async function countingPackage() {
  const dir = await tempDir("crossings");
  cpSync(path.join(REPO, "pkg"), dir, { recursive: true });
  const gluePath = path.join(dir, "lts_kafka.js");
  const glue = readFileSync(gluePath, "utf8");
  if (!glue.includes(IMPORTS_ANCHOR) || !glue.includes(EXPORTS_ANCHOR)) {
    await removeDir(dir);
    throw new Error("the glue's import object or init has changed shape; update bench/crossings.mjs");
  }
  const count = (side) =>
    `const c = globalThis.__crossings; if (c) c.${side}[name] = (c.${side}[name] ?? 0) + 1; return f.apply(this, a);`;
  writeFileSync(
    gluePath,
    glue
      .replace(
        IMPORTS_ANCHOR,
        `    for (const k of Object.keys(import0)) {
        const f = import0[k];
        const name = (${shortName})(k);
        import0[k] = function (...a) { ${count("imports")} };
    }\n${IMPORTS_ANCHOR}`,
      )
      .replace(
        EXPORTS_ANCHOR,
        `    wasm = {};
    for (const [k, f] of Object.entries(instance.exports)) {
        const name = (${shortName})(k);
        wasm[k] = typeof f === "function" ? function (...a) { ${count("exports")} } : f;
    }\n`,
      ),
  );
  return dir;
}

const ANSWER = { "content-type": "application/json;charset=utf-8", "x-request-id": "0123456789abcdef0123456789abcdef" };
const memoryFetch = async (url, init) =>
  new Response(`{"instance_id":${JSON.stringify(JSON.parse(init.body).instance_id)}}`, { status: 201, headers: ANSWER });
const sasl = { instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_name: "kafka-prod", connect_info: { user_name: "lts", pwd: "kafka-password" } };
const plain = { instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_name: "kafka-prod", connect_info: {} };

/**
 * Counts per operation. Each is run once to warm up (one-time lookups such as the global the
 * futures' microtask queue uses are not per-call costs), then counted over `runs` calls.
 */
export async function crossings({ runs = 10 } = {}) {
  const dir = await countingPackage();
  try {
    const pkg = await import(path.join(dir, "node.js"));
    const mk = (credentials) => new pkg.LtsClient({ projectId: PROJECT, endpoint: "http://127.0.0.1:9", credentials, fetch: memoryFetch });
    const token = mk({ token: "T".repeat(64) });
    const signed = mk({ ak: "AK", sk: "SK" });
    const ops = {
      "validate, SASL body": () => pkg.validateRegisterDmsKafkaInstance(sasl),
      "build (preview), token, SASL body": () => token.buildRegisterDmsKafkaInstanceRequest(sasl),
      "registerDmsKafkaInstance, token, in-memory fetch": () => token.registerDmsKafkaInstance(plain),
      "registerDmsKafkaInstance, AK/SK, in-memory fetch": () => signed.registerDmsKafkaInstance(plain),
    };
    const data = { runs, operations: {} };
    const rows = [];
    for (const [name, op] of Object.entries(ops)) {
      await op();
      globalThis.__crossings = { imports: {}, exports: {} };
      for (let i = 0; i < runs; i++) await op();
      const c = globalThis.__crossings;
      globalThis.__crossings = null;
      const per = (side) => Object.fromEntries(Object.entries(c[side]).map(([k, v]) => [k, v / runs]).sort((a, b) => b[1] - a[1]));
      const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
      const imports = per("imports");
      const exports = per("exports");
      data.operations[name] = { wasmToJs: sum(imports), jsToWasm: sum(exports), total: sum(imports) + sum(exports), imports, exports };
      const top = (o) =>
        Object.entries(o)
          .slice(0, 6)
          .map(([k, v]) => `${k} ${fmtNum(v, Number.isInteger(v) ? 0 : 1)}`)
          .join(", ");
      rows.push([name, fmtNum(sum(imports), 1), fmtNum(sum(exports), 1), fmtNum(sum(imports) + sum(exports), 1), top(imports), top(exports)]);
    }
    const markdown = [
      `Calls between JavaScript and wasm per operation, counted by a copy of pkg/ whose glue counts every call into an ` +
        `import (wasm → JS) and into an export (JS → wasm: the method, malloc and free for strings, promise callbacks); ` +
        `the mean of ${runs} calls after one warm-up call. The per-import and per-export breakdown is in results.json.`,
      "",
      mdTable(["operation", "wasm → JS", "JS → wasm", "total", "top imports", "top exports"], rows),
    ].join("\n");
    const checks = Object.entries(data.operations).map(([k, v]) => [`crossings: ${k}`, v.total]);
    return { data, markdown, checks };
  } finally {
    await removeDir(dir);
  }
}
