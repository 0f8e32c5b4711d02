// fromEnv and fromProfile (pkg/providers.js) from the built package: client options from Huawei
// Cloud's environment variables and credentials file, as Huawei's SDKs read them.
//   - in Node, from the package's Node entry (pkg/node.js): variable precedence, temporary keys,
//     project id and IAM endpoint, every way a variable can be missing or malformed, a Worker-like
//     env object and hostile ones, the credentials file (sections, comments, whitespace, [DEFAULT],
//     continuations, errors by line number, the 64 KiB bound, unreadable paths), and the options
//     accepted by a real LtsClient that signs against the local LTS endpoint;
//   - the file format against Python's configparser with huaweicloudsdkcore 3.1.219's
//     ProfileCredentialProvider logic transcribed (python3, standard library only), and the
//     differences on purpose pinned;
//   - refused in a browser: headless Chromium (a page and a module worker, through the browser
//     entry pkg/index.js) and Node children with a page's globals (a bundler's process polyfill);
//   - in workerd (Miniflare): a Worker's env with secrets and other bindings, with and without
//     nodejs_compat; in Deno (with and without --allow-env / --allow-read, and through Deno's own
//     file API) and Bun, each running a small script against pkg/node.js;
//   - the module imports nothing from `node:`, the entries export it, the tarball ships it, and the
//     typings compile for `new LtsClient({ region, ...fromEnv() })`.
// Every error is checked to hold none of the fake secrets, nor any 8 characters of one, in its
// message, stack, JSON or util.inspect().
// Needs the built package (`make build`; the tarball check needs `make pack`), python3, Debian's
// Chromium and the repository's dev dependencies (deno, bun, miniflare, esbuild, typescript,
// playwright-core). LTS_KAFKA_PKG=<dir> tests another built package directory.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import util from "node:util";
import { createServer } from "node:http";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { launchChromium } from "../chromium.mjs";
import { startLocalLts } from "../local-lts/server.mjs";
import { run } from "./processes.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PKG = resolve(ROOT, process.env.LTS_KAFKA_PKG ?? "pkg");
const TARBALL = resolve(ROOT, process.env.LTS_KAFKA_TARBALL ?? "target/package/lts-kafka.tgz");
const NODE_ENTRY = join(PKG, "node.js");
const BROWSER_ENTRY = join(PKG, "index.js");
const PROVIDERS = join(PKG, "providers.js");
const DENO = join(ROOT, "node_modules/.bin/deno");
const BUN = join(ROOT, "node_modules/.bin/bun");
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

const { fromEnv, fromProfile, LtsClient, LtsCredentialsError, isLtsError } = await import(pathToFileURL(NODE_ENTRY).href);
assert.equal(typeof fromEnv, "function", `${NODE_ENTRY} does not export fromEnv (is providers.js re-exported by sync-api.js? make build)`);
assert.equal(typeof fromProfile, "function", `${NODE_ENTRY} does not export fromProfile`);

// Fake secrets, distinctive enough that any 8 characters of one in an error are a leak.
const S = {
  ak: "AKQZXJ7VWK9PLMT2RHB5",
  sk: "skZq8Vw2Jx6Lp0Rt4Ny9Bm3Hc7Kd1Fg5Sa0Xe2Ua",
  token: "stQz7Wv3Jx9Lp2Rt6Ny0Bm4Hc8Kd5Fg1Sa7Xe3Uo9Ij2Tb6Yc0",
  sampleAk: "AKSAMPLEQZ7W3JX9LP2R",
  sampleSk: "smPl4Qz7Wv3Jx9Lp2Rt6Ny0Bm4Hc8Kd5Fg1Sa7Xe",
  fileAk: "AKFILEQZ7W3JX9LP2RT6",
  fileSk: "fiLe8Qz7Wv3Jx9Lp2Rt6Ny0Bm4Hc8Kd5Fg1Sa7Xe",
  fileToken: "ftQz7Wv3Jx9Lp2Rt6Ny0Bm4Hc8Kd5Fg1Sa7Xe3Uo9Ij2Tb6Yc0==",
};
const PROJECT = "0123456789abcdef0123456789abcdef";
const IAM = "https://iam.cn-north-4.myhuaweicloud.com";
const ENV_NAMES = [
  "HUAWEICLOUD_SDK_AK",
  "HUAWEICLOUD_SDK_SK",
  "CLOUD_SDK_AK",
  "CLOUD_SDK_SK",
  "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "HUAWEICLOUD_SDK_PROJECT_ID",
  "HUAWEICLOUD_SDK_IAM_ENDPOINT",
];

let work; // a temp dir for files and child projects
before(() => {
  work = mkdtempSync(join(tmpdir(), "lts-kafka-providers-"));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every 8-character piece of every secret (and the secret itself) is absent from `text`. */
function assertNoSecretIn(text, where, secrets = Object.values(S)) {
  for (const secret of secrets) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8);
      assert.ok(!text.includes(piece), `${where} contains ${JSON.stringify(piece)}, a piece of a secret:\n${text}`);
    }
  }
}

/** A thrown error is our typed one with this code, and leaks no secret anywhere. */
function assertCredentialsError(error, code, secrets) {
  assert.ok(error instanceof LtsCredentialsError, `expected an LtsCredentialsError, got ${util.inspect(error)}`);
  assert.ok(isLtsError(error));
  assert.equal(error.name, "LtsCredentialsError");
  assert.equal(error.code, code, error.message);
  assert.equal(error.retryable, false);
  assert.equal(error.attempts, 0);
  assertNoSecretIn(error.message, "message", secrets);
  assertNoSecretIn(String(error.stack), "stack", secrets);
  assertNoSecretIn(JSON.stringify(error), "JSON", secrets);
  assertNoSecretIn(util.inspect(error, { depth: 5 }), "util.inspect", secrets);
}

function thrownBy(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected a throw");
}

/** Runs fn with process.env changed (undefined deletes), then restores it. */
function withProcessEnv(vars, fn) {
  const saved = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
/** process.env without any variable fromEnv or fromProfile reads, plus `vars`. */
const onlyEnv = (vars, fn) =>
  withProcessEnv({ ...Object.fromEntries([...ENV_NAMES, "HUAWEICLOUD_SDK_CREDENTIALS_FILE"].map((n) => [n, undefined])), ...vars }, fn);

let fileCount = 0;
function writeFile(text, name = `credentials-${++fileCount}`) {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

// ---------------------------------------------------------------------------------------------
// fromEnv

test("fromEnv_reads_HUAWEICLOUD_SDK_variables_into_client_options", () => {
  const env = {
    HUAWEICLOUD_SDK_AK: S.ak,
    HUAWEICLOUD_SDK_SK: S.sk,
    HUAWEICLOUD_SDK_SECURITY_TOKEN: S.token,
    HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: IAM,
  };
  assert.deepEqual(fromEnv(env), { credentials: { ak: S.ak, sk: S.sk, securityToken: S.token }, projectId: PROJECT, iamEndpoint: IAM });
  assert.deepEqual(onlyEnv(env, () => fromEnv()), fromEnv(env), "the default is process.env");
  assert.deepEqual(fromEnv({ ...env, PATH: "/usr/bin", OTHER_SECRET: "x" }), fromEnv(env), "other variables are not read");
});

test("the_HUAWEICLOUD_SDK_pair_wins_over_the_CLOUD_SDK_pair", () => {
  const both = { CLOUD_SDK_AK: S.sampleAk, CLOUD_SDK_SK: S.sampleSk, HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk };
  assert.deepEqual(fromEnv(both), { credentials: { ak: S.ak, sk: S.sk } });
});

test("the_CLOUD_SDK_pair_is_read_when_neither_HUAWEICLOUD_SDK_AK_nor_SK_is_set_or_both_are_blank", () => {
  const sample = { CLOUD_SDK_AK: S.sampleAk, CLOUD_SDK_SK: S.sampleSk };
  assert.deepEqual(fromEnv(sample), { credentials: { ak: S.sampleAk, sk: S.sampleSk } });
  assert.deepEqual(fromEnv({ ...sample, HUAWEICLOUD_SDK_AK: "", HUAWEICLOUD_SDK_SK: " \t" }), { credentials: { ak: S.sampleAk, sk: S.sampleSk } });
  // Project id and IAM endpoint come from their HUAWEICLOUD_SDK_ variables whichever pair is used.
  assert.deepEqual(fromEnv({ ...sample, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT }), { credentials: { ak: S.sampleAk, sk: S.sampleSk }, projectId: PROJECT });
});

test("optional_values_that_are_unset_empty_or_whitespace_are_left_out_and_values_are_trimmed", () => {
  const out = fromEnv({
    HUAWEICLOUD_SDK_AK: ` ${S.ak}\r`, // a CRLF .env file
    HUAWEICLOUD_SDK_SK: `\t${S.sk}\n`,
    HUAWEICLOUD_SDK_SECURITY_TOKEN: "",
    HUAWEICLOUD_SDK_PROJECT_ID: "   ",
    HUAWEICLOUD_SDK_IAM_ENDPOINT: undefined,
  });
  assert.deepEqual(out, { credentials: { ak: S.ak, sk: S.sk } });
  assert.deepEqual(Object.keys(out), ["credentials"]);
  assert.deepEqual(Object.keys(out.credentials), ["ak", "sk"]);
});

const ALL_FOUR = ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_AK", "CLOUD_SDK_SK"];
const MISSING_CASES = [
  { name: "nothing_set", env: {}, names: ALL_FOUR },
  { name: "only_HUAWEICLOUD_SDK_AK", env: { HUAWEICLOUD_SDK_AK: S.ak }, names: ["HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not set", "CLOUD_SDK_AK"] },
  { name: "only_HUAWEICLOUD_SDK_SK_with_a_whole_CLOUD_SDK_pair", env: { HUAWEICLOUD_SDK_SK: S.sk, CLOUD_SDK_AK: S.sampleAk, CLOUD_SDK_SK: S.sampleSk }, names: ["HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not set", "CLOUD_SDK_AK and CLOUD_SDK_SK are read only when neither"] },
  { name: "HUAWEICLOUD_SDK_SK_blank", env: { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: "  " }, names: ["HUAWEICLOUD_SDK_SK is empty or only whitespace"] },
  { name: "only_CLOUD_SDK_AK", env: { CLOUD_SDK_AK: S.sampleAk }, names: ["CLOUD_SDK_AK is set but CLOUD_SDK_SK is not set", "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"] },
  { name: "only_CLOUD_SDK_SK", env: { CLOUD_SDK_SK: S.sampleSk }, names: ["CLOUD_SDK_SK is set but CLOUD_SDK_AK is not set"] },
  { name: "blank_values_everywhere", env: { HUAWEICLOUD_SDK_AK: "", HUAWEICLOUD_SDK_SK: " ", CLOUD_SDK_AK: "\n", CLOUD_SDK_SK: "" }, names: [...ALL_FOUR, "HUAWEICLOUD_SDK_AK is empty or only whitespace", "CLOUD_SDK_SK is empty"] },
  { name: "only_a_security_token", env: { HUAWEICLOUD_SDK_SECURITY_TOKEN: S.token }, names: ALL_FOUR },
];
for (const c of MISSING_CASES) {
  test(`a_missing_key_is_an_ENV_MISSING_error_that_names_the_variables_and_no_value: ${c.name}`, () => {
    const error = thrownBy(() => fromEnv(c.env));
    assertCredentialsError(error, "ENV_MISSING");
    for (const n of c.names) assert.ok(error.message.includes(n), `message lacks ${JSON.stringify(n)}: ${error.message}`);
    assert.match(error.message, /^fromEnv \(the env object given\): /);
  });
}

const INVALID_CASES = [
  {
    name: "a_security_token_beside_the_CLOUD_SDK_pair",
    env: { CLOUD_SDK_AK: S.sampleAk, CLOUD_SDK_SK: S.sampleSk, HUAWEICLOUD_SDK_SECURITY_TOKEN: S.token },
    expect: /HUAWEICLOUD_SDK_SECURITY_TOKEN is set but HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not/,
  },
  { name: "whitespace_inside_the_ak", env: { HUAWEICLOUD_SDK_AK: `${S.ak.slice(0, 10)} ${S.ak.slice(10)}`, HUAWEICLOUD_SDK_SK: S.sk }, expect: /HUAWEICLOUD_SDK_AK contains whitespace at position 10 of 21/ },
  { name: "a_line_break_inside_the_sk", env: { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: `${S.sk}\n${S.sk}` }, expect: /HUAWEICLOUD_SDK_SK spans several lines \(a line break at position 40 of 81\)/ },
  { name: "a_non_ascii_token", env: { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk, HUAWEICLOUD_SDK_SECURITY_TOKEN: `${S.token}é` }, expect: /HUAWEICLOUD_SDK_SECURITY_TOKEN contains a character that is not printable ASCII at position 50 of 51/ },
  { name: "a_project_id_with_a_control_character", env: { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk, HUAWEICLOUD_SDK_PROJECT_ID: "abc\u0000def" }, expect: /HUAWEICLOUD_SDK_PROJECT_ID contains a character that is not printable ASCII at position 3 of 7/ },
  { name: "a_value_over_16384_characters", env: { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk.repeat(410) }, expect: /HUAWEICLOUD_SDK_SK is longer than 16384 characters \(16400\)/ },
  { name: "a_swapped_pair", env: { HUAWEICLOUD_SDK_AK: S.sampleSk, HUAWEICLOUD_SDK_SK: S.sampleAk }, expect: /HUAWEICLOUD_SDK_AK has the length of a secret key \(40\) and HUAWEICLOUD_SDK_SK that of an access key \(20\): are they swapped\?/ },
  { name: "a_security_token_binding_that_is_not_a_string", env: { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk, HUAWEICLOUD_SDK_SECURITY_TOKEN: { get: async () => S.token } }, expect: /HUAWEICLOUD_SDK_SECURITY_TOKEN is not a string/ },
];
for (const c of INVALID_CASES) {
  test(`a_malformed_value_is_an_ENV_INVALID_error_with_a_position_and_no_value: ${c.name}`, () => {
    const error = thrownBy(() => fromEnv(c.env));
    assertCredentialsError(error, "ENV_INVALID");
    assert.match(error.message, c.expect);
  });
}

test("a_Worker_like_env_object_gives_its_own_string_bindings_and_ignores_other_kinds", () => {
  const kv = { get: async () => null, put: async () => {} };
  const env = {
    HUAWEICLOUD_SDK_AK: S.ak,
    HUAWEICLOUD_SDK_SK: S.sk,
    HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
    KV: kv,
    RATE: 3,
    FLAGS: { beta: true },
    SERVICE: { fetch: () => new Response("x") },
  };
  assert.deepEqual(fromEnv(env), { credentials: { ak: S.ak, sk: S.sk }, projectId: PROJECT });
  // Inherited properties are not the env's own: not read.
  const inherited = Object.create({ HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk });
  assertCredentialsError(thrownBy(() => fromEnv(inherited)), "ENV_MISSING");
  // A binding of another kind where a key is expected is named as such.
  const error = thrownBy(() => fromEnv({ HUAWEICLOUD_SDK_AK: kv, HUAWEICLOUD_SDK_SK: new String(S.sk) }));
  assertCredentialsError(error, "ENV_MISSING");
  assert.match(error.message, /HUAWEICLOUD_SDK_AK is not a string \(a binding of another kind\?/);
  assert.match(error.message, /HUAWEICLOUD_SDK_SK is not a string/);
  // A getter is read like a value.
  const withGetter = { get HUAWEICLOUD_SDK_AK() { return S.ak; }, HUAWEICLOUD_SDK_SK: S.sk };
  assert.deepEqual(fromEnv(withGetter), { credentials: { ak: S.ak, sk: S.sk } });
});

test("a_hostile_env_throws_only_a_typed_error_that_carries_nothing_it_threw", () => {
  const secretError = () => Object.assign(new Error(`the key is ${S.ak} ${S.sk}`), { name: "Error" });
  // A thrown value whose prototype chain itself throws (instanceof would).
  const poisoned = new Proxy({}, {
    getPrototypeOf() { throw secretError(); },
    get() { throw secretError(); },
  });
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const cases = [
    ["a_proxy_whose_traps_throw", new Proxy({}, { getOwnPropertyDescriptor() { throw secretError(); }, get() { throw secretError(); } })],
    ["a_getter_that_throws", { HUAWEICLOUD_SDK_SK: S.sk, get HUAWEICLOUD_SDK_AK() { throw secretError(); } }],
    ["a_getter_that_throws_a_poisoned_value", { get HUAWEICLOUD_SDK_AK() { throw poisoned; } }],
    ["a_proxy_that_throws_a_poisoned_value", new Proxy({}, { getOwnPropertyDescriptor() { throw poisoned; } })],
    ["a_proxy_whose_descriptor_getters_throw", new Proxy({}, { getOwnPropertyDescriptor() { return { get configurable() { throw secretError(); } }; } })],
    ["a_revoked_proxy", revocable.proxy],
    ["a_function_whose_properties_throw", new Proxy(function env() {}, { getOwnPropertyDescriptor() { throw poisoned; } })],
  ];
  for (const [name, env] of cases) {
    const error = thrownBy(() => fromEnv(env));
    assertCredentialsError(error, "ENV_UNREADABLE");
    assert.match(error.message, /^fromEnv: reading HUAWEICLOUD_SDK_AK from the env object given threw (Error|TypeError|an error)$/, name);
    assert.equal(error.cause, undefined, `${name}: no cause`);
  }
  // A proxy that answers with strings is an env like any other.
  const fine = new Proxy({}, { getOwnPropertyDescriptor: (_, k) => (k === "HUAWEICLOUD_SDK_AK" ? { value: S.ak, configurable: true, enumerable: true } : k === "HUAWEICLOUD_SDK_SK" ? { value: S.sk, configurable: true, enumerable: true } : undefined) });
  assert.deepEqual(fromEnv(fine), { credentials: { ak: S.ak, sk: S.sk } });
});

test("an_env_that_is_not_an_object_is_an_INVALID_ARGUMENT_error", () => {
  for (const env of [null, "HUAWEICLOUD_SDK_AK", 1, true, Symbol("env")]) {
    const error = thrownBy(() => fromEnv(env));
    assertCredentialsError(error, "INVALID_ARGUMENT");
    assert.match(error.message, /^fromEnv\(env\): env must be an object/);
  }
});

test("fromEnv_without_env_names_process_env_in_its_messages", () => {
  const error = onlyEnv({}, () => thrownBy(() => fromEnv()));
  assertCredentialsError(error, "ENV_MISSING");
  assert.match(error.message, /^fromEnv \(process\.env\): no access key pair found: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK \(and HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary keys\), or CLOUD_SDK_AK and CLOUD_SDK_SK$/);
});

test("the_options_fromEnv_gives_sign_requests_that_the_local_endpoint_verifies", async () => {
  const lts = await startLocalLts({ akSk: { [S.ak]: { sk: S.sk, projectId: PROJECT } } });
  try {
    const options = fromEnv({ HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT });
    const client = new LtsClient({ endpoint: lts.url, ...options });
    const out = await client.registerDmsKafkaInstance({ instance_id: "providers-env-1", kafka_name: "kafka-env", connect_info: {} });
    assert.equal(out.instance_id, "providers-env-1");
    assert.match(lts.received.at(-1).headers.authorization, new RegExp(`^SDK-HMAC-SHA256 Access=${S.ak}, SignedHeaders=`));
    // The client's own description shows the kind of credentials, not them.
    assertNoSecretIn(JSON.stringify(client), "the client's JSON", [S.sk]);
  } finally {
    await lts.close();
  }
});

// ---------------------------------------------------------------------------------------------
// fromProfile

const BASIC = [
  "# Huawei Cloud credentials",
  "; written by hand",
  "[DEFAULT]",
  `iam_endpoint = ${IAM}`,
  "",
  "[basic]",
  `AK = ${S.fileAk}`,
  `sk:${S.fileSk}`,
  "  # an indented comment",
  `security_token\t=\t${S.fileToken}   `,
  `project_id = ${PROJECT}`,
  "description = a value that",
  "    continues on an indented line",
  "",
  "    and after a blank one",
  "",
  "[global] ; text after the closing bracket is ignored, as configparser does",
  `ak = ${S.sampleAk}`,
  `sk = ${S.sampleSk}`,
  "iam_endpoint = https://iam.example.test",
  "domain_id = 0123",
  "",
].join("\n");

test("fromProfile_reads_the_basic_section_with_comments_whitespace_DEFAULT_and_continuations", () => {
  const file = writeFile(BASIC);
  assert.deepEqual(fromProfile({ file }), {
    credentials: { ak: S.fileAk, sk: S.fileSk, securityToken: S.fileToken },
    projectId: PROJECT,
    iamEndpoint: IAM,
  });
  assert.deepEqual(fromProfile({ file: pathToFileURL(file) }), fromProfile({ file }), "a file: URL");
  assert.deepEqual(fromProfile({ file, profile: "global" }), {
    credentials: { ak: S.sampleAk, sk: S.sampleSk },
    iamEndpoint: "https://iam.example.test",
  });
  assert.deepEqual(fromProfile({ file: writeFile(BASIC.replaceAll("\n", "\r\n")) }), fromProfile({ file }), "CRLF");
  assert.deepEqual(fromProfile({ file: writeFile(`\uFEFF${BASIC}`) }), fromProfile({ file }), "a byte order mark");
});

test("fromProfile_reads_HUAWEICLOUD_SDK_CREDENTIALS_FILE_else_the_home_directory_default", () => {
  const named = writeFile(BASIC);
  assert.deepEqual(
    onlyEnv({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: named }, () => fromProfile()).credentials.ak,
    S.fileAk,
  );
  const home = join(work, "home");
  mkdirSync(join(home, ".huaweicloud"), { recursive: true });
  writeFileSync(join(home, ".huaweicloud", "credentials"), `[basic]\nak = ${S.ak}\nsk = ${S.sk}\n`);
  assert.deepEqual(onlyEnv({ HOME: home }, () => fromProfile()), { credentials: { ak: S.ak, sk: S.sk } });
  assert.deepEqual(onlyEnv({ HOME: home, HUAWEICLOUD_SDK_CREDENTIALS_FILE: "  " }, () => fromProfile()), { credentials: { ak: S.ak, sk: S.sk } }, "a blank variable is unset");
  // The file option wins over the variable.
  assert.equal(onlyEnv({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(work, "nowhere") }, () => fromProfile({ file: named })).credentials.ak, S.fileAk);

  const error = onlyEnv({ HOME: join(work, "empty-home") }, () => thrownBy(() => fromProfile()));
  assertCredentialsError(error, "PROFILE_NOT_FOUND");
  assert.equal(
    error.message,
    `fromProfile: the credentials file ${join(work, "empty-home", ".huaweicloud", "credentials")} (the default path) does not exist: ` +
      "create it with a [basic] section holding ak and sk, or name another file with HUAWEICLOUD_SDK_CREDENTIALS_FILE or { file }",
  );
  const viaVar = onlyEnv({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(work, "nowhere") }, () => thrownBy(() => fromProfile()));
  assertCredentialsError(viaVar, "PROFILE_NOT_FOUND");
  assert.ok(viaVar.message.includes(`${join(work, "nowhere")} (from HUAWEICLOUD_SDK_CREDENTIALS_FILE) does not exist`), viaVar.message);
});

test("a_missing_section_or_key_names_the_file_the_section_and_the_key", () => {
  const file = writeFile(BASIC);
  const where = `the credentials file ${file} (the file option)`;
  const cases = [
    [{ profile: "prod" }, "PROFILE_SECTION_MISSING", `fromProfile: ${where} has no [prod] section (it has [basic], [global]): add one with ak and sk, or choose another with { profile }`],
    [{ profile: "Basic" }, "PROFILE_SECTION_MISSING", `fromProfile: ${where} has no [Basic] section (it has [basic], [global]): add one with ak and sk, or choose another with { profile }`],
  ];
  for (const [options, code, message] of cases) {
    const error = thrownBy(() => fromProfile({ file, ...options }));
    assertCredentialsError(error, code);
    assert.equal(error.message, message);
  }
  const keyCases = [
    [`[basic]\nak = ${S.ak}\n`, "has no sk (ak is set): both are needed (security_token too for temporary keys)"],
    [`[basic]\nak = ${S.ak}\nsk =\n`, "has no sk (ak is set)"],
    [`[basic]\nsk = ${S.sk}\n`, "has no ak (sk is set)"],
    ["[basic]\nproject_id = x\n", "has neither ak nor sk"],
    [`[basic]\nak = ${S.ak}\n  sk = ${S.sk}\n`, "has no sk (ak is set): both are needed (security_token too for temporary keys); line 3 sets sk but is indented, so it continues the value above it: remove the indentation"],
    ["[basic]\nidp_id = idp\nid_token_file = /var/run/token\n", "has neither ak nor sk: both are needed (security_token too for temporary keys); it has idp_id and id_token_file (a federated identity), which fromProfile does not support"],
  ];
  for (const [text, expected] of keyCases) {
    const path = writeFile(text);
    const error = thrownBy(() => fromProfile({ file: path }));
    assertCredentialsError(error, "PROFILE_KEY_MISSING");
    assert.ok(error.message.startsWith(`fromProfile: [basic] of the credentials file ${path} (the file option) ${expected}`), error.message);
  }
  const none = thrownBy(() => fromProfile({ file: writeFile("# nothing yet\n") }));
  assertCredentialsError(none, "PROFILE_SECTION_MISSING");
  assert.match(none.message, /has no \[basic\] section \(it has no section\)/);
});

test("syntax_errors_are_reported_by_line_number_without_the_line", () => {
  const cases = [
    [`ak = ${S.ak}\n[basic]\n`, "line 1 comes before any [section] header"],
    [`[basic]\nak = ${S.ak}\n${S.sk}\nsk = ${S.sk}\n[x]\n${S.token}\n`, "lines 3, 6 cannot be parsed: a line is a [section] header, key = value"],
    [`[basic]\n= ${S.sk}\n`, "line 2 cannot be parsed"],
    ["[basic]\n[]\n", "line 2 cannot be parsed"],
    [`[basic]\nak = ${S.ak}\n[basic]\n`, "line 3 repeats the section [basic]"],
    [`[basic]\nak = ${S.ak}\nAK = ${S.ak}\n`, "line 3 sets ak a second time in [basic]"],
  ];
  for (const [text, expected] of cases) {
    const path = writeFile(text);
    const error = thrownBy(() => fromProfile({ file: path }));
    assertCredentialsError(error, "PROFILE_SYNTAX");
    assert.ok(error.message.startsWith(`fromProfile: the credentials file ${path} (the file option): ${expected}`), error.message);
  }
});

test("malformed_values_in_the_file_are_PROFILE_INVALID_errors_without_the_value", () => {
  const cases = [
    [`[basic]\nak = ${S.ak} ; my key\nsk = ${S.sk}\n`, `ak in [basic] of the credentials file {} (the file option) contains whitespace at position 20 of 29 (a comment after the value? only whole lines starting with # or ; are comments)`],
    [`[basic]\nak = ${S.ak}\nsk = ${S.sk.slice(0, 20)}\n  ${S.sk.slice(20)}\n`, "sk in [basic] of the credentials file {} (the file option) spans several lines (a line break at position 20 of 41)"],
    [`[basic]\nak = ${S.ak}\nsk = ${S.sk}\nsecurity_token = %(ak)s\n`, "security_token in [basic] of the credentials file {} (the file option) contains a % that is not %%"],
    [`[basic]\nak = ${S.ak}\nsk = ${S.sk}\nproject_id = 50%\n`, "project_id in [basic] of the credentials file {} (the file option) contains a % that is not %%"],
    [`[basic]\nak = ${S.sampleSk}\nsk = ${S.sampleAk}\n`, "ak in [basic] of the credentials file {} (the file option) has the length of a secret key (40) and sk that of an access key (20): are they swapped?"],
  ];
  for (const [text, expected] of cases) {
    const path = writeFile(text);
    const error = thrownBy(() => fromProfile({ file: path }));
    assertCredentialsError(error, "PROFILE_INVALID");
    assert.ok(error.message.startsWith(`fromProfile: ${expected.replace("{}", path)}`), error.message);
  }
  // %% is configparser's literal %.
  const pct = fromProfile({ file: writeFile(`[basic]\nak = ${S.ak}\nsk = ${S.sk}\nproject_id = a%%b\n`) });
  assert.equal(pct.projectId, "a%b");
});

test("a_file_over_64_KiB_is_refused_before_it_is_parsed_and_a_device_is_read_no_further", () => {
  const body = `[basic]\nak = ${S.ak}\nsk = ${S.sk}\n`;
  const padded = (size) => body + "#".repeat(size - body.length - 1) + "\n";
  assert.deepEqual(fromProfile({ file: writeFile(padded(65536)) }), { credentials: { ak: S.ak, sk: S.sk } }, "exactly 64 KiB is read");
  const path = writeFile(padded(65537));
  const error = thrownBy(() => fromProfile({ file: path }));
  assertCredentialsError(error, "PROFILE_TOO_LARGE");
  assert.equal(error.message, `fromProfile: the credentials file ${path} (the file option) is larger than 65536 bytes (65537): a credentials file is a few lines; is it the right file?`);
  // A device without end: at most 64 KiB + 1 bytes are read.
  const zero = thrownBy(() => fromProfile({ file: "/dev/zero" }));
  assertCredentialsError(zero, "PROFILE_TOO_LARGE");
  assert.match(zero.message, /is larger than 65536 bytes \(more\)/);
});

test("an_unreadable_path_is_named_with_the_reason", () => {
  const file = writeFile(BASIC);
  const dir = join(work, "a-directory");
  mkdirSync(dir, { recursive: true });
  const notUtf8 = join(work, "latin1");
  writeFileSync(notUtf8, Buffer.from(`[basic]\nak = ${S.ak}\nsk = caf\xe9\n`, "latin1"));
  const cases = [
    [dir, "PROFILE_UNREADABLE", `${dir} (the file option) is a directory, not a credentials file`],
    [join(file, "below-a-file"), "PROFILE_NOT_FOUND", `${join(file, "below-a-file")} (the file option) does not exist`],
    [notUtf8, "PROFILE_UNREADABLE", `${notUtf8} (the file option) is not UTF-8 text`],
  ];
  for (const [path, code, expected] of cases) {
    const error = thrownBy(() => fromProfile({ file: path }));
    assertCredentialsError(error, code);
    assert.ok(error.message.startsWith(`fromProfile: the credentials file ${expected}`), error.message);
  }
  if (process.getuid?.() !== 0) {
    // Root reads a file whatever its mode: checked only for other users.
    const locked = writeFile(BASIC);
    chmodSync(locked, 0o000);
    const error = thrownBy(() => fromProfile({ file: locked }));
    assertCredentialsError(error, "PROFILE_UNREADABLE");
    assert.match(error.message, /cannot be read: permission denied/);
  }
});

test("fromProfile_options_of_the_wrong_type_are_INVALID_ARGUMENT_errors", () => {
  const cases = [null, "basic", { file: 3 }, { file: "" }, { profile: "" }, { profile: 1 }, { profile: "a\nb" }, { profile: "DEFAULT" }];
  for (const options of cases) assertCredentialsError(thrownBy(() => fromProfile(options)), "INVALID_ARGUMENT");
});

test("the_options_fromProfile_gives_sign_requests_that_the_local_endpoint_verifies", async () => {
  const lts = await startLocalLts({ akSk: { [S.fileAk]: { sk: S.fileSk, projectId: PROJECT } } });
  try {
    const file = writeFile(`[basic]\nak = ${S.fileAk}\nsk = ${S.fileSk}\nproject_id = ${PROJECT}\n`);
    const client = new LtsClient({ endpoint: lts.url, ...fromProfile({ file }) });
    const out = await client.registerDmsKafkaInstance({ instance_id: "providers-file-1", kafka_name: "kafka-file", connect_info: {} });
    assert.equal(out.instance_id, "providers-file-1");
    assert.match(lts.received.at(-1).headers.authorization, new RegExp(`^SDK-HMAC-SHA256 Access=${S.fileAk}, SignedHeaders=`));
  } finally {
    await lts.close();
  }
});

// ---------------------------------------------------------------------------------------------
// The file format against Python's configparser, the way huaweicloudsdkcore reads it

// huaweicloudsdkcore 3.1.219, auth/provider.py, ProfileCredentialProvider.get_credentials,
// transcribed: configparser with its defaults, the file read as UTF-8, the section named by the
// credential type, ak and sk required (empty counts as missing), iam_endpoint when truthy.
const SDK_READER = `
import configparser, json, os, sys
out = []
for case in json.load(sys.stdin):
    try:
        parser = configparser.ConfigParser()
        path = case["file"]
        if not os.path.exists(path) or not parser.read(path, encoding="utf-8"):
            out.append({"error": "no file"}); continue
        if not parser.has_section(case["profile"]):
            out.append({"error": "no section"}); continue
        d = dict(parser.items(case["profile"]))
        if not (d.get("ak") and d.get("sk")):
            out.append({"error": "no ak&sk"}); continue
        r = {"ak": d["ak"], "sk": d["sk"]}
        for k in ("security_token", "project_id", "iam_endpoint"):
            if d.get(k): r[k] = d[k]
        out.append(r)
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
`;

/** The code fromProfile gives where the SDK fails with this error. */
const SDK_ERROR_CODES = {
  "no file": "PROFILE_NOT_FOUND",
  "no section": "PROFILE_SECTION_MISSING",
  "no ak&sk": "PROFILE_KEY_MISSING",
  MissingSectionHeaderError: "PROFILE_SYNTAX",
  ParsingError: "PROFILE_SYNTAX",
  DuplicateSectionError: "PROFILE_SYNTAX",
  DuplicateOptionError: "PROFILE_SYNTAX",
  InterpolationSyntaxError: "PROFILE_INVALID",
};

function sdkRead(cases) {
  const r = spawnSync("python3", ["-c", SDK_READER], { input: JSON.stringify(cases), encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 0, `python3 failed (is it installed?):\n${r.stderr}${r.error ?? ""}`);
  return JSON.parse(r.stdout);
}

function oursRead({ file, profile }) {
  try {
    const o = fromProfile({ file, profile });
    const r = { ak: o.credentials.ak, sk: o.credentials.sk };
    if (o.credentials.securityToken !== undefined) r.security_token = o.credentials.securityToken;
    if (o.projectId !== undefined) r.project_id = o.projectId;
    if (o.iamEndpoint !== undefined) r.iam_endpoint = o.iamEndpoint;
    return r;
  } catch (e) {
    assert.ok(e instanceof LtsCredentialsError, util.inspect(e));
    return { error: e.code };
  }
}

const A = S.fileAk;
const K = S.fileSk;
const PARITY = [
  ["plain", `[basic]\nak = ${A}\nsk = ${K}\n`],
  ["comments_and_blank_lines", `# top\n; semi\n\n[basic]\n  # indented comment\nak = ${A}\n\n; between\nsk = ${K}\n\n`],
  ["colon_delimiter_tabs_and_upper_case_keys", `[basic]\nAK:${A}\nSk\t:\t${K}\t\nProject_ID = ${PROJECT}\n`],
  ["an_indented_key_line_continues_the_value_above", `[basic]\nak = ${A}\n\tsk = ${K}\n`],
  ["first_delimiter_splits_so_values_keep_equals_and_colons", `[basic]\nak = ${A}\nsk = ${K}\nsecurity_token = ${S.fileToken}\niam_endpoint = ${IAM}\n`],
  ["iam_endpoint_with_a_colon_delimiter", `[basic]\nak = ${A}\nsk = ${K}\niam_endpoint: ${IAM}\n`],
  ["DEFAULT_gives_every_section_its_keys_and_sections_override_them", `[DEFAULT]\nproject_id = ${PROJECT}\nsk = ${S.sampleSk}\n[basic]\nak = ${A}\nsk = ${K}\n`],
  ["continuation_lines_of_another_key", `[basic]\nak = ${A}\nnote = one\n  two\n\n  three\nsk = ${K}\n`],
  ["CRLF_line_endings", `[basic]\r\nak = ${A}\r\nsk = ${K}\r\n`],
  ["CR_line_endings", `[basic]\rak = ${A}\rsk = ${K}\r`],
  ["text_after_the_section_header", `[basic] ; profile\nak = ${A}\nsk = ${K}\n`],
  ["double_percent_is_a_percent", `[basic]\nak = ${A}\nsk = ${K}\nproject_id = a%%b\n`],
  ["a_key_with_spaces_inside_its_name", `[basic]\nak = ${A}\nsk = ${K}\nmy key = x\n`],
  ["another_section", `[global]\nak = ${A}\nsk = ${K}\n`, "global"],
  ["a_section_name_keeps_its_spaces", `[ basic ]\nak = ${A}\nsk = ${K}\n`],
  ["missing_section", `[global]\nak = ${A}\nsk = ${K}\n`],
  ["missing_sk", `[basic]\nak = ${A}\n`],
  ["empty_sk", `[basic]\nak = ${A}\nsk =\n`],
  ["empty_file", ""],
  ["duplicate_section", `[basic]\nak = ${A}\n[basic]\nsk = ${K}\n`],
  ["duplicate_key_in_another_case", `[basic]\nak = ${A}\nAK = ${A}\nsk = ${K}\n`],
  ["a_line_without_delimiter", `[basic]\nak = ${A}\nsk = ${K}\njunk\n`],
  ["a_key_before_any_section", `ak = ${A}\n[basic]\nsk = ${K}\n`],
  ["an_empty_key", `[basic]\nak = ${A}\nsk = ${K}\n= x\n`],
  ["brackets_without_a_name", `[basic]\nak = ${A}\nsk = ${K}\n[]\n`],
  ["a_lone_percent_in_a_used_key", `[basic]\nak = ${A}\nsk = ${K}%\n`],
];

test("the_credentials_file_reads_as_Python_configparser_reads_it_for_the_SDK", () => {
  const cases = PARITY.map(([name, text, profile = "basic"]) => ({ name, file: writeFile(text, `parity-${name}`), profile }));
  const sdk = sdkRead(cases);
  for (const [i, c] of cases.entries()) {
    const ours = oursRead(c);
    if ("error" in sdk[i]) {
      assert.equal(ours.error, SDK_ERROR_CODES[sdk[i].error], `${c.name}: the SDK fails (${sdk[i].error}), fromProfile gives ${JSON.stringify(ours)}`);
    } else {
      assert.deepEqual(ours, sdk[i], `${c.name}: the SDK reads ${JSON.stringify(sdk[i])}`);
    }
    console.log(`PARITY ${c.name} sdk=${"error" in sdk[i] ? sdk[i].error : "ok"} ours=${"error" in ours ? ours.error : "ok"}`);
  }
});

test("random_files_read_as_configparser_reads_them_apart_from_the_documented_differences", () => {
  // A seeded generator of files near the format's edges: CR, LF and CRLF; Python's other
  // whitespace (U+00A0, U+3000, U+001C, U+2028 inside a value); comments, blank and indented lines; [DEFAULT]; keys
  // in any case, repeated or indented; %, %% and %(x)s; values with = : # ; [ ] and non-ASCII.
  let seed = 20260801;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor(seed / 65536) % n);
  const pick = (a) => a[rnd(a.length)];
  const ws = ["", " ", "\t", "  ", "\u00a0", "\u3000", "\x1c"];
  const value = () => pick([A, K, "a=b", IAM, "50%%", "5%", "", "v ; c", "[x]", PROJECT, "%(ak)s", "\u00e9", "a#b", "a\u2028b"]);
  const key = () => pick(["ak", "sk", "AK", "Sk", "security_token", "project_id", "iam_endpoint", "Iam_Endpoint", "note", "x y"]);
  const extra = () =>
    pick([
      () => `${pick(ws)}${pick(["#", ";"])} comment`,
      () => pick(ws),
      () => `${pick(ws.slice(1))}${value()}`,
      () => pick(["[DEFAULT]", "[global]", "[other]", "[basic] ; c"]),
      () => "junk",
      () => `${pick(ws.slice(1))}${key()} = ${value()}`,
      () => `${key()}${pick(ws)}${pick(["=", ":"])}${pick(ws)}${value()}${pick(ws)}`,
      () => `${key()}${pick(ws)}${pick(["=", ":"])}${pick(ws)}${value()}${pick(ws)}`,
    ])();
  const cases = [];
  for (let i = 0; i < 400; i++) {
    const profile = pick(["basic", "global"]);
    const lines = [`[${profile}]`, `ak = ${value()}`, `sk${pick(ws)}${pick(["=", ":"])}${pick(ws)}${pick([K, value()])}`];
    for (let j = rnd(5); j > 0; j--) lines.splice(1 + rnd(lines.length), 0, extra());
    if (rnd(3) === 0) lines.unshift(pick(["[DEFAULT]", "# top", "", "[global]"]));
    const newline = pick(["\n", "\r\n", "\r"]);
    const text = lines.join(newline) + pick(["", newline]);
    cases.push({ file: writeFile(text, `random-${i}`), profile, text });
  }
  const sdk = sdkRead(cases);
  const tally = {};
  for (const [i, c] of cases.entries()) {
    const ours = oursRead(c);
    const theirs = sdk[i];
    let verdict;
    if (!("error" in theirs) && !("error" in ours)) {
      assert.deepEqual(ours, theirs, `random file ${i}: ${JSON.stringify(c.text)}`);
      verdict = "both read it";
    } else if ("error" in theirs && "error" in ours) {
      // configparser interpolates every key of the section before the SDK looks for ak and sk.
      if (!theirs.error.startsWith("Interpolation")) assert.equal(ours.error, SDK_ERROR_CODES[theirs.error], `random file ${i}: ${JSON.stringify(c.text)}`);
      verdict = "both refuse it";
    } else if (!("error" in theirs) && ours.error === "PROFILE_INVALID") {
      // The SDK read a value fromProfile refuses: not one line of printable ASCII, or interpolated.
      const refusable = Object.values(theirs).some((v) => !/^[\x21-\x7e]+$/.test(v)) || /%\(/.test(c.text);
      assert.ok(refusable, `random file ${i}: fromProfile refuses what the SDK reads as ${JSON.stringify(theirs)}: ${JSON.stringify(c.text)}`);
      verdict = "a value only the SDK accepts";
    } else if (String(theirs.error).startsWith("Interpolation") && !("error" in ours)) {
      assert.match(c.text.replaceAll("%%", ""), /%/, `random file ${i}`);
      verdict = "a stray % only the SDK refuses";
    } else {
      assert.fail(`random file ${i}: the SDK gives ${JSON.stringify(theirs)}, fromProfile ${JSON.stringify(ours)}: ${JSON.stringify(c.text)}`);
    }
    tally[verdict] = (tally[verdict] ?? 0) + 1;
  }
  console.log(`RANDOM ${JSON.stringify(tally)}`);
  assert.ok(tally["both read it"] >= 40 && tally["both refuse it"] >= 40, `too few of each kind: ${JSON.stringify(tally)}`);
});

test("where_fromProfile_differs_from_the_SDK_on_purpose", () => {
  const DIFFERENT = [
    // A byte order mark (Windows Notepad): configparser sees a line before any section.
    ["a_byte_order_mark", `\uFEFF[basic]\nak = ${A}\nsk = ${K}\n`, "error", "ok"],
    // configparser has no inline comments: the SDK signs with "AK... ; my key" and fails later.
    ["an_inline_comment", `[basic]\nak = ${A} ; my key\nsk = ${K}\n`, "ok", "PROFILE_INVALID"],
    // A key continued on an indented line: the SDK's key holds a line break.
    ["a_key_on_two_lines", `[basic]\nak = ${A}\nsk = ${K.slice(0, 20)}\n  ${K.slice(20)}\n`, "ok", "PROFILE_INVALID"],
    // %(name)s interpolation is refused rather than half-done.
    ["interpolation", `[basic]\nak = ${A}\nsk = ${K}\nproject_id = %(ak)s\n`, "ok", "PROFILE_INVALID"],
    // Only the keys fromProfile uses are interpolated; configparser fails on a stray % anywhere in the section.
    ["a_stray_percent_in_an_unused_key", `[basic]\nak = ${A}\nsk = ${K}\nnote = 50%\n`, "error", "ok"],
  ];
  const cases = DIFFERENT.map(([name, text]) => ({ name, file: writeFile(text, `diff-${name}`), profile: "basic" }));
  const sdk = sdkRead(cases);
  for (const [i, [name, , sdkExpected, oursExpected]] of DIFFERENT.entries()) {
    assert.equal("error" in sdk[i] ? "error" : "ok", sdkExpected, `${name}: the SDK gives ${JSON.stringify(sdk[i])}`);
    const ours = oursRead(cases[i]);
    assert.equal("error" in ours ? ours.error : "ok", oursExpected, `${name}: fromProfile gives ${JSON.stringify(ours)}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Browsers

/** Runs an ES module script in a child Node (after `preamble`), returning its one JSON line. */
async function nodeChild(preamble, body) {
  const script = join(work, `child-${++fileCount}.mjs`);
  writeFileSync(
    script,
    `${preamble}\n` +
      "const out = {};\n" +
      "const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };\n" +
      `${body}\n` +
      "globalThis.console.log(JSON.stringify(out));\n",
  );
  const r = await run(process.execPath, [script], { cwd: work, env: { PATH: process.env.PATH, HOME: work }, timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.output);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

const SECRET_ENV = `{ HUAWEICLOUD_SDK_AK: ${JSON.stringify(S.ak)}, HUAWEICLOUD_SDK_SK: ${JSON.stringify(S.sk)} }`;

test("in_a_page_with_a_bundler's_process_polyfill_fromEnv_and_fromProfile_refuse", async () => {
  const out = await nodeChild(
    "globalThis.window = globalThis; globalThis.document = { title: 'page' };\n" +
      `Object.defineProperty(globalThis, "process", { value: { env: ${SECRET_ENV}, browser: true }, configurable: true, writable: true });`,
    `const m = await import(${JSON.stringify(pathToFileURL(BROWSER_ENTRY).href)});\n` +
      `out.implicit = attempt(() => m.fromEnv());\nout.explicit = attempt(() => m.fromEnv(${SECRET_ENV}));\n` +
      "out.profile = attempt(() => m.fromProfile({ file: '/etc/hostname' }));",
  );
  for (const [what, r] of Object.entries(out)) {
    assert.equal(r.code, "BROWSER_REFUSED", `${what}: ${JSON.stringify(r)}`);
    assert.equal(r.name, "LtsCredentialsError");
    assertNoSecretIn(r.message, what);
  }
  assert.match(out.implicit.message, /^fromEnv refuses to run in a browser: an access key pair in a web page can be read by anyone who opens it/);
  assert.match(out.profile.message, /^fromProfile refuses to run in a browser/);
  assert.match(out.implicit.message, /short-lived IAM token .* or call LTS from a backend that holds the keys\.$/);
});

test("a_DOM_emulated_inside_Node_(jsdom,_happy-dom)_is_not_a_browser", async () => {
  const out = await nodeChild(
    "globalThis.window = globalThis; globalThis.document = { title: 'jsdom' };",
    `const m = await import(${JSON.stringify(pathToFileURL(NODE_ENTRY).href)});\nout.explicit = attempt(() => m.fromEnv(${SECRET_ENV}));`,
  );
  assert.deepEqual(out.explicit, { ok: { credentials: { ak: S.ak, sk: S.sk } } });
});

const MIME = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".wasm": "application/wasm" };

test("in_Chromium_a_page_and_a_module_worker_are_refused_through_the_browser_entry", async () => {
  const page = `<!doctype html><script type="module">
    const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
    const m = await import("/index.js");
    const p = await import("/providers.js");
    const env = ${SECRET_ENV};
    const results = {
      // The browser entry carries only the refusal (providers-browser.js), not the readers.
      browserFunctions: m.fromEnv !== p.fromEnv && m.fromProfile !== p.fromProfile,
      implicit: attempt(() => m.fromEnv()),
      explicit: attempt(() => m.fromEnv(env)),
      profile: attempt(() => m.fromProfile()),
    };
    const worker = new Worker("/__worker.js", { type: "module" });
    results.worker = await new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.onerror = (e) => resolve({ error: String(e.message) }); });
    window.results = results;
  </script>`;
  const workerSource = `
    const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
    const m = await import("/providers.js");
    postMessage({ implicit: attempt(() => m.fromEnv()), explicit: attempt(() => m.fromEnv(${SECRET_ENV})), profile: attempt(() => m.fromProfile()) });
  `;
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    if (path === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page);
    if (path === "/__worker.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(workerSource);
    const file = resolve(PKG, `.${decodeURIComponent(path)}`);
    if (!file.startsWith(PKG + sep) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => window.results !== undefined, null, { timeout: 20_000 }).catch(() => {
      assert.fail(`the page gave no results: ${errors.join("\n")}`);
    });
    const results = await tab.evaluate(() => window.results);
    assert.equal(results.browserFunctions, true, "the browser entry exports providers-browser.js's functions");
    for (const scope of ["page", "worker"]) {
      const r = scope === "page" ? results : results.worker;
      for (const what of ["implicit", "explicit", "profile"]) {
        assert.equal(r[what]?.code, "BROWSER_REFUSED", `${scope} ${what}: ${JSON.stringify(r[what] ?? r)}`);
        assertNoSecretIn(r[what].message, `${scope} ${what}`);
      }
    }
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
});

// ---------------------------------------------------------------------------------------------
// workerd, Deno, Bun

test("in_workerd_a_Worker's_env_is_read_and_fromEnv()_and_fromProfile()_say_what_to_do", async () => {
  // The package's own files as a Worker's modules (a bundler would inline them the same way).
  const modules = [
    {
      type: "ESModule",
      path: join(PKG, "__worker.mjs"),
      contents: `import { fromEnv, fromProfile } from "./providers.js";
        const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
        export default { fetch(request, env) {
          return Response.json({ explicit: attempt(() => fromEnv(env)), implicit: attempt(() => fromEnv()), profile: attempt(() => fromProfile()) });
        } };`,
    },
    ...["providers.js", "errors.js"].map((f) => ({ type: "ESModule", path: join(PKG, f), contents: readFileSync(join(PKG, f), "utf8") })),
  ];
  // errors.js in the built package re-exports the wasm-bindgen snippet: that file is a module too.
  const snippet = /from "\.\/(snippets\/[^"]+)"/.exec(readFileSync(join(PKG, "errors.js"), "utf8"));
  if (snippet) modules.push({ type: "ESModule", path: join(PKG, snippet[1]), contents: readFileSync(join(PKG, snippet[1]), "utf8") });
  const bindings = { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT, RATE: 3 };
  for (const flags of [[], ["nodejs_compat"]]) {
    const mf = new Miniflare({ modules, modulesRoot: PKG, compatibilityDate: "2025-09-01", compatibilityFlags: flags, bindings, kvNamespaces: ["KV"] });
    try {
      const out = await (await mf.dispatchFetch("http://localhost/")).json();
      const label = flags.join(",") || "no flags";
      assert.deepEqual(out.explicit, { ok: { credentials: { ak: S.ak, sk: S.sk }, projectId: PROJECT } }, label);
      if (flags.includes("nodejs_compat")) {
        assert.deepEqual(out.implicit, out.explicit, `${label}: process.env holds the bindings`);
      } else {
        assert.equal(out.implicit.code, "ENV_UNAVAILABLE", label);
        assert.equal(out.implicit.message, "fromEnv: this runtime has neither process.env nor Deno.env: pass the environment, as a Worker does with fromEnv(env) in fetch(request, env)");
      }
      assert.equal(out.profile.code, "PROFILE_UNAVAILABLE", `${label}: ${JSON.stringify(out.profile)}`);
      assert.match(out.profile.message, /use fromEnv\(env\) with the keys stored as secrets$/);
    } finally {
      await mf.dispose();
    }
  }
});

// A static import (Deno reads the modules of its graph without --allow-read); providers.js
// looks process.getBuiltinModule up when called, so deleting it after the import is in time.
const RUNTIME_SCRIPT = `
import * as m from ${JSON.stringify(pathToFileURL(NODE_ENTRY).href)};
const [mode] = (globalThis.Deno?.args ?? process.argv.slice(2));
if (mode === "no-builtin-module") delete globalThis.process.getBuiltinModule;
const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { name: e.name, code: e.code, message: e.message, isLtsError: m.isLtsError(e) }; } };
const file = (globalThis.Deno?.args ?? process.argv.slice(2))[1];
const out = {
  runtime: globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node",
  builtinModule: typeof globalThis.process?.getBuiltinModule,
  implicit: attempt(() => m.fromEnv()),
  object: attempt(() => m.fromEnv({ HUAWEICLOUD_SDK_AK: "AKOBJECT000000000001", HUAWEICLOUD_SDK_SK: "object-sk" })),
  profileDefault: attempt(() => m.fromProfile()),
  profileFile: attempt(() => m.fromProfile({ file })),
  device: attempt(() => m.fromProfile({ file: "/dev/zero" })),
};
if (globalThis.Deno) {
  out.denoEnv = attempt(() => m.fromEnv(Deno.env));
  out.processEnv = attempt(() => m.fromEnv(process.env));
}
console.log(JSON.stringify(out));
`;

async function runtimeRun(cmd, args, env) {
  const script = join(work, "runtime-check.mjs");
  writeFileSync(script, RUNTIME_SCRIPT);
  const r = await run(cmd, args(script), { cwd: work, env: { PATH: process.env.PATH, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(work, ".deno-dir"), ...env }, timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.output);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

function runtimeFiles() {
  const home = join(work, "runtime-home");
  mkdirSync(join(home, ".huaweicloud"), { recursive: true });
  writeFileSync(join(home, ".huaweicloud", "credentials"), `[basic]\nak = ${S.fileAk}\nsk = ${S.fileSk}\nproject_id = ${PROJECT}\n`);
  const named = writeFile(`[basic]\nak = ${S.sampleAk}\nsk = ${S.sampleSk}\n`, "runtime-named");
  return { home, defaultFile: join(home, ".huaweicloud", "credentials"), named };
}

const fromVars = { credentials: { ak: S.ak, sk: S.sk, securityToken: S.token }, iamEndpoint: IAM };
const fromObject = { credentials: { ak: "AKOBJECT000000000001", sk: "object-sk" } };
const fromDefaultFile = { credentials: { ak: S.fileAk, sk: S.fileSk }, projectId: PROJECT };
const fromNamedFile = { credentials: { ak: S.sampleAk, sk: S.sampleSk } };
const secretVars = { HUAWEICLOUD_SDK_AK: S.ak, HUAWEICLOUD_SDK_SK: S.sk, HUAWEICLOUD_SDK_SECURITY_TOKEN: S.token, HUAWEICLOUD_SDK_IAM_ENDPOINT: IAM };

test("in_Deno_fromEnv_reads_Deno.env_and_fromProfile_reads_the_file_with_the_permissions_granted", async () => {
  assert.ok(existsSync(DENO), `${DENO} is missing: npm install in ${ROOT}`);
  const { home, defaultFile, named } = runtimeFiles();
  const wasm = join(PKG, "lts_kafka_bg.wasm");
  const granted = (script, mode = "granted") => [
    "run", "--no-prompt", "--no-remote",
    `--allow-env=${[...ENV_NAMES, "HUAWEICLOUD_SDK_CREDENTIALS_FILE", "HOME", "USERPROFILE"].join(",")}`,
    `--allow-read=${wasm},${defaultFile},${named},/dev/zero`,
    script, mode, named,
  ];
  const out = await runtimeRun(DENO, granted, { ...secretVars, HOME: home });
  assert.equal(out.runtime, "deno");
  assert.deepEqual(out.implicit, { ok: fromVars });
  assert.deepEqual(out.denoEnv, { ok: fromVars }, "fromEnv(Deno.env)");
  assert.deepEqual(out.processEnv, { ok: fromVars }, "fromEnv(process.env)");
  assert.deepEqual(out.object, { ok: fromObject });
  assert.deepEqual(out.profileDefault, { ok: fromDefaultFile });
  assert.deepEqual(out.profileFile, { ok: fromNamedFile });
  assert.equal(out.device.code, "PROFILE_TOO_LARGE");

  // Deno's own file API where process.getBuiltinModule is missing (Deno before 2.1).
  const fallback = await runtimeRun(DENO, (s) => granted(s, "no-builtin-module"), { ...secretVars, HOME: home });
  assert.equal(fallback.builtinModule, "undefined");
  assert.deepEqual(fallback.profileDefault, { ok: fromDefaultFile });
  assert.deepEqual(fallback.profileFile, { ok: fromNamedFile });
  assert.equal(fallback.device.code, "PROFILE_TOO_LARGE");

  // Without --allow-env and --allow-read: errors that name the permission and the variables.
  const denied = await runtimeRun(DENO, (s) => ["run", "--no-prompt", "--no-remote", `--allow-read=${wasm}`, s, "denied", named], { ...secretVars, HOME: home });
  assert.equal(denied.implicit.code, "ENV_UNREADABLE");
  assert.equal(denied.implicit.isLtsError, true);
  assert.equal(
    denied.implicit.message,
    `fromEnv: Deno denied reading the environment variable HUAWEICLOUD_SDK_AK: run with --allow-env=${ENV_NAMES.join(",")} ` +
      "(the variables fromEnv reads), or pass the values in an object: fromEnv({ ... })",
  );
  assert.deepEqual(denied.object, { ok: fromObject }, "an object needs no permission");
  assert.equal(denied.denoEnv.message, denied.implicit.message);
  assert.equal(denied.processEnv.message, denied.implicit.message, "Deno's process.env is read as Deno.env");
  assert.equal(denied.profileDefault.code, "ENV_UNREADABLE");
  assert.match(denied.profileDefault.message, /^fromProfile: Deno denied reading the environment variable HUAWEICLOUD_SDK_CREDENTIALS_FILE: run with --allow-env=HUAWEICLOUD_SDK_CREDENTIALS_FILE,HOME,USERPROFILE .*or pass \{ file \}$/);
  assert.equal(denied.profileFile.code, "PROFILE_UNREADABLE");
  assert.equal(denied.profileFile.message, `fromProfile: Deno denied reading the credentials file ${named} (the file option): run with --allow-read=${named}`);
  for (const [what, r] of Object.entries(denied)) if (r?.message) assertNoSecretIn(r.message, `deno ${what}`);
});

test("in_Bun_fromEnv_reads_process.env_and_fromProfile_reads_the_file", async () => {
  assert.ok(existsSync(BUN), `${BUN} is missing: npm install in ${ROOT}`);
  const { home, named } = runtimeFiles();
  const out = await runtimeRun(BUN, (s) => [s, "bun", named], { ...secretVars, HOME: home });
  assert.equal(out.runtime, "bun");
  assert.equal(out.builtinModule, "function");
  assert.deepEqual(out.implicit, { ok: fromVars });
  assert.deepEqual(out.object, { ok: fromObject });
  assert.deepEqual(out.profileDefault, { ok: fromDefaultFile });
  assert.deepEqual(out.profileFile, { ok: fromNamedFile });
  assert.equal(out.device.code, "PROFILE_TOO_LARGE");
});

// ---------------------------------------------------------------------------------------------
// The package

test("providers.js_imports_only_errors.js_and_bundles_for_the_browser_without_a_node_module", async () => {
  const source = readFileSync(PROVIDERS, "utf8");
  const imports = [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]);
  assert.deepEqual(imports, ["./errors.js"]);
  assert.doesNotMatch(source, /\bimport\s*\(|\brequire\s*\(/, "no dynamic import or require");
  const result = await esbuild.build({ entryPoints: [PROVIDERS], bundle: true, write: false, platform: "browser", format: "esm", metafile: true, logLevel: "silent" });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.every((i) => !i.startsWith("node:") && !i.includes("node_modules")), inputs.join(", "));
  // The browser entry, bundled for a page: only the refusal (providers-browser.js) is in, and no
  // node: module is asked for.
  const page = await esbuild.build({ entryPoints: [BROWSER_ENTRY], bundle: true, write: false, platform: "browser", format: "esm", metafile: true, logLevel: "silent" });
  const pageInputs = Object.keys(page.metafile.inputs);
  assert.ok(pageInputs.some((i) => i.endsWith("providers-browser.js")), `index.js does not bundle providers-browser.js: ${pageInputs.join(", ")}`);
  assert.ok(!pageInputs.some((i) => i.endsWith("/providers.js")), `index.js bundles providers.js: ${pageInputs.join(", ")}`);
  assert.ok(pageInputs.every((i) => !i.startsWith("node:")), pageInputs.join(", "));
});

test("the_entries_export_fromEnv_and_fromProfile_and_the_tarball_ships_providers", async () => {
  const providers = await import(pathToFileURL(PROVIDERS).href);
  const browserEntry = await import(pathToFileURL(BROWSER_ENTRY).href);
  assert.equal(fromEnv, providers.fromEnv);
  assert.equal(fromProfile, providers.fromProfile);
  const refusal = (f) => {
    try {
      f();
    } catch (e) {
      return [e.name, e.code];
    }
    return null;
  };
  assert.deepEqual(refusal(() => browserEntry.fromEnv({ HUAWEICLOUD_SDK_AK: "a", HUAWEICLOUD_SDK_SK: "b" })), ["LtsCredentialsError", "BROWSER_REFUSED"]);
  assert.deepEqual(refusal(() => browserEntry.fromProfile()), ["LtsCredentialsError", "BROWSER_REFUSED"]);
  assert.match(readFileSync(join(PKG, "index.d.ts"), "utf8"), /providers\.js/);

  assert.ok(existsSync(TARBALL), `${TARBALL} is missing: run make pack`);
  const r = spawnSync("tar", ["-tzf", TARBALL], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split("\n");
  for (const f of ["package/providers.js", "package/providers-browser.js", "package/providers.d.ts"]) assert.ok(files.includes(f), `the tarball lacks ${f}`);
});

test("the_typings_compile_for_spreading_fromEnv_and_fromProfile_into_the_client_options", () => {
  const dir = join(work, "types");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "consumer.ts"),
    `import { LtsClient, LtsCredentialsError, fromEnv, fromProfile } from "lts-kafka";
import type { CredentialOptions, CredentialSourceErrorCode, FromProfileOptions } from "lts-kafka";
interface Env { HUAWEICLOUD_SDK_AK: string; HUAWEICLOUD_SDK_SK: string; KV: { get(key: string): Promise<string | null> } }
declare const env: Env;
export const a = new LtsClient({ region: "cn-north-4", ...fromEnv() });
export const b = new LtsClient({ region: "cn-north-4", ...fromEnv(env) });
export const c = new LtsClient({ region: "cn-north-4", ...fromProfile({ profile: "basic" }) });
export const d: CredentialOptions = fromProfile({ file: new URL("file:///etc/huaweicloud") });
const options: FromProfileOptions = {};
export const e = fromProfile(options);
export const ak: string = fromEnv().credentials.ak;
export const token: string | undefined = fromEnv().credentials.securityToken;
export const projectId: string | undefined = fromEnv().projectId;
export function codeOf(error: unknown): CredentialSourceErrorCode | null {
  return error instanceof LtsCredentialsError ? (error.code as CredentialSourceErrorCode | null) : null;
}
// @ts-expect-error: env is an object, not a variable's name
fromEnv("HUAWEICLOUD_SDK_AK");
// @ts-expect-error: profile is a section's name
fromProfile({ profile: 1 });
// @ts-expect-error: the credentials are a key pair, never a token
export const t: string = fromEnv().credentials.token;
// @ts-expect-error: not a code fromEnv or fromProfile gives
export const wrong: CredentialSourceErrorCode = "ENOENT";
`,
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "bundler",
        lib: ["ES2022", "DOM"],
        types: [],
        skipLibCheck: false,
        paths: { "lts-kafka": [join(PKG, "index.d.ts")] },
      },
      files: ["consumer.ts"],
    }),
  );
  const r = spawnSync(process.execPath, [TSC, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
