// Assembles the npm package in pkg/ from the wasm-bindgen output already there and the
// hand-written files in pkg-template/. Run by `make build`.
import { readFileSync, writeFileSync, readdirSync, cpSync, copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "pkg");
const template = join(root, "pkg-template");

// The error classes live in a wasm-bindgen snippet whose folder name carries a hash; the
// package's errors.js re-exports them so there is exactly one copy of each class.
const errorsPath = readdirSync(join(pkg, "snippets"))
  .map((dir) => `snippets/${dir}/src/wasm/errors.js`)
  .filter((p) => existsSync(join(pkg, p)));
if (errorsPath.length !== 1) throw new Error(`expected one errors.js snippet, found ${errorsPath.length}`);
// The public error API, in one place: both kinds of entry re-export this file.
const PUBLIC_ERRORS = [
  "LtsConfigError",
  "LtsValidationError",
  "LtsApiError",
  "LtsNetworkError",
  "LtsTimeoutError",
  "LtsAbortError",
  "LtsCredentialsError",
  "LtsProjectError",
  "isLtsError",
];
writeFileSync(
  join(pkg, "errors.js"),
  `// The error classes, re-exported from the one copy the wasm glue imports.\n` +
    `export { ${PUBLIC_ERRORS.join(", ")} } from "./${errorsPath[0]}";\n`,
);

cpSync(template, pkg, { recursive: true });
// The package's README is the repository's: one user guide, on the repository and on npm.
copyFileSync(join(root, "README.md"), join(pkg, "README.md"));
// lts-kafka/testing: the local LTS endpoint, as the repository's tests use it.
for (const file of ["server.mjs", "signature.mjs", "transfers.mjs"]) {
  cpSync(join(root, "tests/local-lts", file), join(pkg, "testing", file));
}

// lts-kafka/console: the admin console's page (www/) next to its server and the module at
// the path the page imports the package from (the template's console/: serve.mjs, server.mjs,
// lts-kafka/index.js).
cpSync(join(root, "www"), join(pkg, "console"), { recursive: true });
for (const file of ["index.html", "console.js", "serve.mjs", "server.mjs", "lts-kafka/index.js"]) {
  if (!existsSync(join(pkg, "console", file))) throw new Error(`pkg/console/ lacks ${file}`);
}

// node-bundler.js's copy of the wasm (the entry bundlers targeting Node pick): brotli at its
// best, base64 in an ES module, so no bundler has a file to rewrite, copy or trace.
const wasmBytes = readFileSync(join(pkg, "lts_kafka_bg.wasm"));
const wasmBrotli = brotliCompressSync(wasmBytes, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: wasmBytes.length,
  },
});
writeFileSync(
  join(pkg, "lts_kafka_bg.wasm.br.js"),
  "// lts_kafka_bg.wasm, brotli-compressed, base64: for node-bundler.js (generated at build).\n" +
    `export default "${wasmBrotli.toString("base64")}";\n`,
);

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
manifest.version = version;
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

// Every file the manifest lists must exist, and nothing the entries import may be left out.
for (const entry of manifest.files) {
  if (!existsSync(join(pkg, entry))) throw new Error(`package.json lists ${entry}, which pkg/ lacks`);
}
console.log(`pkg/ assembled: lts-kafka@${version}`);
