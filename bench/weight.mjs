// Section 1, weight: the packed tarball, the .wasm and the glue JS (raw / gzip -9 / brotli
// q11, node:zlib), and what `npm install` puts on disk: Huawei's Node core SDK and our
// tarball, each installed into a fresh directory.
import { copyFile, readFile, readdir, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { brotliCompressSync, constants, gunzipSync, gzipSync } from "node:zlib";
import { diskUsageBytes, fmtBytes, mdTable, removeDir, run, tempDir } from "./lib.mjs";

export const HUAWEI_CORE = "@huaweicloud/huaweicloud-sdk-core@3.1.211";

const gzip = (b) => gzipSync(b, { level: 9 }).length;
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const GLUE = [
  "lts_kafka.js",
  "index.js",
  "node.js",
  "sync-api.js",
  "errors.js",
  "snippets/*/src/wasm/errors.js",
  "snippets/*/src/wasm/input.js",
  "snippets/*/src/wasm/shell.js",
  "workerd.js",
  "edge-light.js",
];

async function resolveGlue(pkgDir) {
  const out = [];
  for (const name of GLUE) {
    if (name.includes("*")) {
      const [head, tail] = name.split("/*/");
      for (const d of await readdir(path.join(pkgDir, head))) out.push(`${head}/${d}/${tail}`);
    } else {
      out.push(name);
    }
  }
  return out;
}

/** npm install `spec` into a fresh directory; { dir, bytes, packages, ms } or throws. */
async function installInto(label, spec) {
  const dir = await tempDir(label);
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: `bench-${label}`, private: true, type: "module" }));
  const r = await run("npm", ["install", "--no-audit", "--no-fund", spec], { cwd: dir, timeoutMs: 240_000 });
  if (r.code !== 0) {
    await removeDir(dir);
    throw new Error(`npm install ${spec} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  }
  const nm = path.join(dir, "node_modules");
  let packages = 0;
  for (const e of await readdir(nm)) {
    if (e.startsWith(".")) continue;
    if (e.startsWith("@")) packages += (await readdir(path.join(nm, e))).length;
    else packages += 1;
  }
  return { dir, bytes: await diskUsageBytes(nm), packages, ms: r.ms };
}

export async function weight({ tarballPath, pkgDir }) {
  const made = [];
  try {
    return await measure({ tarballPath, pkgDir, made });
  } catch (e) {
    for (const d of made) await removeDir(d);
    throw e;
  }
}

async function measure({ tarballPath, pkgDir, made }) {
  const rows = [];
  const data = { files: {}, install: {} };

  // The tarball is copied first: another build may replace it while the benchmark runs.
  const snapshotDir = await tempDir("tarball");
  made.push(snapshotDir);
  const tarball = path.join(snapshotDir, "lts-kafka.tgz");
  await copyFile(tarballPath, tarball);
  const tgz = await readFile(tarball);
  const tar = gunzipSync(tgz);
  data.tarballSha256 = createHash("sha256").update(tgz).digest("hex");
  data.files["lts-kafka.tgz"] = { raw: tar.length, gzip: tgz.length, brotli: brotli(tar), note: "raw = the tar inside; gzip = the .tgz as npm packed it" };

  const wasm = await readFile(path.join(pkgDir, "lts_kafka_bg.wasm"));
  data.wasmSha256 = createHash("sha256").update(wasm).digest("hex");
  data.files["lts_kafka_bg.wasm"] = { raw: wasm.length, gzip: gzip(wasm), brotli: brotli(wasm) };

  const glue = await resolveGlue(pkgDir);
  const all = [];
  for (const name of glue) {
    const b = await readFile(path.join(pkgDir, name));
    all.push(b);
    data.files[name] = { raw: b.length, gzip: gzip(b), brotli: brotli(b) };
  }
  data.files["glue JS, total"] = {
    raw: all.reduce((s, b) => s + b.length, 0),
    gzip: all.reduce((s, b) => s + gzip(b), 0),
    brotli: all.reduce((s, b) => s + brotli(b), 0),
    note: "sum of the files above it, each compressed alone",
  };
  // What a Node consumer loads: node.js + sync-api.js + lts_kafka.js + errors.js + the snippets + the wasm.
  const nodeSet = ["node.js", "sync-api.js", "lts_kafka.js", "errors.js", ...glue.filter((g) => g.startsWith("snippets/"))];
  data.files["loaded by the Node entry (JS + wasm)"] = {
    raw: nodeSet.reduce((s, n) => s + data.files[n].raw, 0) + wasm.length,
    gzip: nodeSet.reduce((s, n) => s + data.files[n].gzip, 0) + data.files["lts_kafka_bg.wasm"].gzip,
    brotli: nodeSet.reduce((s, n) => s + data.files[n].brotli, 0) + data.files["lts_kafka_bg.wasm"].brotli,
    note: nodeSet.join(" + ") + " + lts_kafka_bg.wasm",
  };
  for (const [name, s] of Object.entries(data.files)) {
    rows.push([name, fmtBytes(s.raw), fmtBytes(s.gzip), fmtBytes(s.brotli), s.note ?? ""]);
  }

  const ours = await installInto("ours", tarball);
  made.push(ours.dir);
  const huawei = await installInto("huawei", HUAWEI_CORE);
  made.push(huawei.dir);
  data.install.huaweiCore = { spec: HUAWEI_CORE, bytes: huawei.bytes, packages: huawei.packages, npmInstallMs: Math.round(huawei.ms) };
  data.install.ours = { spec: "target/package/lts-kafka.tgz", bytes: ours.bytes, packages: ours.packages, npmInstallMs: Math.round(ours.ms) };
  data.install.ratio = huawei.bytes / ours.bytes;

  const installRows = [
    ["lts-kafka (our tarball)", fmtBytes(ours.bytes), String(ours.packages), "1.00×"],
    [`${HUAWEI_CORE} (the core alone: no LTS service client in it)`, fmtBytes(huawei.bytes), String(huawei.packages), `${(huawei.bytes / ours.bytes).toFixed(1)}×`],
  ];

  const markdown = [
    "Compression: gzip level 9 and brotli quality 11 (node:zlib), each file alone.",
    "",
    mdTable(["file", "raw", "gzip", "brotli", "note"], rows),
    "",
    "`npm install --no-audit --no-fund <spec>` into a fresh directory; `node_modules` measured as `du -sb` does (apparent sizes, directories included):",
    "",
    mdTable(["installed", "node_modules on disk", "packages", "vs lts-kafka"], installRows),
  ].join("\n");

  return {
    data,
    markdown,
    checks: [
      ["weight: tarball", data.files["lts-kafka.tgz"].gzip],
      ["weight: wasm brotli", data.files["lts_kafka_bg.wasm"].brotli],
      ["weight: glue total gzip", data.files["glue JS, total"].gzip],
      ["weight: huawei install", huawei.bytes],
      ["weight: our install", ours.bytes],
    ],
    dirs: { huawei: huawei.dir, ours: ours.dir, snapshot: snapshotDir },
  };
}
