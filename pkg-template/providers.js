// Credentials from where Huawei Cloud's own SDKs look for them, as client options to spread:
//   new LtsClient({ region: "cn-north-4", ...fromEnv() })
//   new LtsClient({ region: "cn-north-4", ...fromProfile() })
// fromEnv follows huaweicloudsdkcore's EnvCredentialProvider (HUAWEICLOUD_SDK_* variables, with
// the CLOUD_SDK_* names of Huawei's API reference samples as a fallback); fromProfile follows its
// ProfileCredentialProvider (~/.huaweicloud/credentials, parsed as Python's configparser does).
//
// This file is part of the browser entry too, so it imports no `node:` module: bundlers (Vite,
// Next.js, wrangler, esbuild) would otherwise try to resolve node:fs for the browser. The file
// system and the home directory are reached at call time, through process.getBuiltinModule
// (Node >= 20.16, Bun, Deno 2) or Deno's own API.
//
// Every failure is an LtsCredentialsError with a `code`; its message names the variables, file,
// section and keys looked for, and never contains a value, nor any part of one.
import { LtsCredentialsError } from "./errors.js";

const AK = "HUAWEICLOUD_SDK_AK";
const SK = "HUAWEICLOUD_SDK_SK";
const SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
const SAMPLE_AK = "CLOUD_SDK_AK";
const SAMPLE_SK = "CLOUD_SDK_SK";
const PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID";
const IAM_ENDPOINT = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
const CREDENTIALS_FILE = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/** Every variable fromEnv may read, in the order it reads them (Deno's --allow-env list). */
const ENV_NAMES = [AK, SK, SAMPLE_AK, SAMPLE_SK, SECURITY_TOKEN, PROJECT_ID, IAM_ENDPOINT];

/** A credentials file is a few lines; anything bigger is the wrong file. */
const MAX_PROFILE_BYTES = 64 * 1024;
/** Longer than any key, token (a security token is a few KB), project id or URL. */
const MAX_VALUE_CHARS = 16 * 1024;
const DEFAULT_PROFILE = "basic";

function failure(code, message, cause) {
  return new LtsCredentialsError(message, cause === undefined ? { code } : { code, cause });
}

/** Whether something caught is one of the errors thrown here (a hostile value's prototype chain may throw). */
function isOurs(thrown) {
  try {
    return thrown instanceof LtsCredentialsError;
  } catch {
    return false;
  }
}

/** The name of something thrown, read without letting a hostile value throw again. */
function nameOf(thrown) {
  try {
    const name = thrown?.name;
    return typeof name === "string" && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : "an error";
  } catch {
    return "an error";
  }
}

/** A global, or undefined when reading it throws (a hostile getter on globalThis). */
function globalNamed(name) {
  try {
    return globalThis[name];
  } catch {
    return undefined;
  }
}

/** Deno's namespace, when this is Deno (its env API is what fromEnv reads there). */
function deno() {
  const d = globalNamed("Deno");
  try {
    return d !== null && typeof d === "object" && typeof d.env?.get === "function" ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Node's process, as Node, Bun and Deno provide it: a polyfill without versions.node is not one. */
function serverProcess() {
  const p = globalNamed("process");
  try {
    return p !== null && typeof p === "object" && typeof p.versions?.node === "string" ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A web page or one of its workers. A DOM with a server runtime around it (jsdom or happy-dom in a
 * Node test) is not a browser; a bundler's `process` polyfill (no process.versions.node) does not
 * make a browser a server.
 */
function isBrowser() {
  if (deno() !== undefined || serverProcess() !== undefined) return false;
  const page = (name) => {
    const v = globalNamed(name);
    return v !== undefined && v !== null;
  };
  const isClass = (name) => typeof globalNamed(name) === "function";
  return page("document") || isClass("DedicatedWorkerGlobalScope") || isClass("SharedWorkerGlobalScope");
}

function refuseBrowser(what) {
  return failure(
    "BROWSER_REFUSED",
    `${what} refuses to run in a browser: an access key pair in a web page can be read by anyone ` +
      "who opens it, and it does not expire. Give the page a short-lived IAM token from its user " +
      "(credentials: { token } or a function returning one), or call LTS from a backend that holds the keys.",
  );
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A value from an environment variable or the credentials file, checked: surrounding whitespace
 * removed; what is left must be one line of printable ASCII (what the client accepts for keys,
 * tokens and ids). `label` says where it came from; the value itself is never put in a message.
 */
function checkedValue(value, label, code) {
  const text = value.trim();
  if (text.length > MAX_VALUE_CHARS) {
    throw failure(code, `${label} is longer than ${MAX_VALUE_CHARS} characters (${text.length}): it is not a key, token, project id or URL`);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) continue;
    const where = `at position ${i} of ${text.length}`;
    if (c === 0x0a || c === 0x0d) {
      throw failure(code, `${label} spans several lines (a line break ${where}): it must be one line`);
    }
    if (c === 0x20 || c === 0x09) {
      const comment =
        code === "PROFILE_INVALID" && /\s[#;]/.test(text)
          ? " (a comment after the value? only whole lines starting with # or ; are comments)"
          : "";
      throw failure(code, `${label} contains whitespace ${where}${comment}: keys, tokens and ids have none`);
    }
    throw failure(code, `${label} contains a character that is not printable ASCII ${where}: keys, tokens and ids are printable ASCII`);
  }
  return text;
}

/** Access keys are 20 characters and secret keys 40: a pair the other way round was swapped. */
function checkNotSwapped(ak, sk, akLabel, skLabel, code) {
  const alnum = /^[A-Za-z0-9]+$/;
  if (ak.length === 40 && sk.length === 20 && alnum.test(ak) && alnum.test(sk)) {
    throw failure(
      code,
      `${akLabel} has the length of a secret key (40) and ${skLabel} that of an access key (20): are they swapped?`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Environments

/**
 * Reads variables from one environment. `read(name)` gives { state, value }: state "set" (a
 * string value), "absent" (no such property, or undefined), "other" (a value that is not a
 * string: a Worker's KV or secret-store binding).
 */
function ownPropertyEnv(env, where, who) {
  return {
    where,
    read(name) {
      let value;
      try {
        const desc = Reflect.getOwnPropertyDescriptor(env, name);
        if (desc === undefined) return { state: "absent" };
        if ("value" in desc) value = desc.value;
        else if (typeof desc.get === "function") value = Reflect.apply(desc.get, env, []);
      } catch (thrown) {
        throw failure("ENV_UNREADABLE", `${who}: reading ${name} from ${where} threw ${nameOf(thrown)}`);
      }
      if (value === undefined) return { state: "absent" };
      return typeof value === "string" ? { state: "set", value } : { state: "other" };
    },
  };
}

function denoEnv(denoNamespace, names, who, instead) {
  return {
    where: "Deno.env",
    read(name) {
      let value;
      try {
        value = denoNamespace.env.get(name);
      } catch (thrown) {
        const name_ = nameOf(thrown);
        if (name_ === "NotCapable" || name_ === "PermissionDenied") {
          throw failure(
            "ENV_UNREADABLE",
            `${who}: Deno denied reading the environment variable ${name}: run with --allow-env=${names.join(",")} ` +
              `(the variables ${who} reads), or ${instead}`,
            thrown,
          );
        }
        throw failure("ENV_UNREADABLE", `${who}: reading ${name} from Deno.env threw ${name_}`);
      }
      return typeof value === "string" ? { state: "set", value } : { state: "absent" };
    },
  };
}

/** process.env, or undefined where there is none (or reading it throws). */
function processEnv() {
  try {
    const env = globalNamed("process")?.env;
    return env !== null && typeof env === "object" ? env : undefined;
  } catch {
    return undefined;
  }
}

/** The runtime's own environment: Deno.env in Deno, process.env in Node, Bun and edge runtimes. */
function runtimeEnv(names, who, instead) {
  const d = deno();
  if (d !== undefined) return denoEnv(d, names, who, instead);
  const env = processEnv();
  return env === undefined ? undefined : ownPropertyEnv(env, "process.env", who);
}

/** A variable's state, with blank values (empty or whitespace) counted as not set. */
function lookup(source, name) {
  const r = source.read(name);
  if (r.state === "set" && r.value.trim() === "") return { state: "blank" };
  return r;
}

function describeUnset(name, r) {
  if (r.state === "blank") return `${name} is empty or only whitespace`;
  if (r.state === "other") return `${name} is not a string (a binding of another kind? bind it as a secret or a text variable)`;
  return `${name} is not set`;
}

/**
 * Client options from environment variables, the way Huawei Cloud's SDKs read them:
 * HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (with HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary
 * keys), or, when neither of the first two is set, CLOUD_SDK_AK and CLOUD_SDK_SK; then
 * HUAWEICLOUD_SDK_PROJECT_ID and HUAWEICLOUD_SDK_IAM_ENDPOINT when set.
 *
 * `env` is where to read: by default the runtime's environment (process.env; Deno.env in Deno),
 * or a Worker's `env`, or any object (its own string properties are read). Throws an
 * LtsCredentialsError naming the variables it looked for, never their values.
 */
export function fromEnv(env) {
  try {
    return readFromEnv(env);
  } catch (thrown) {
    if (isOurs(thrown)) throw thrown;
    throw failure("ENV_UNREADABLE", `fromEnv: reading the environment threw ${nameOf(thrown)}`);
  }
}

function readFromEnv(env) {
  // An env object given in a browser is refused too: whatever it holds is already in the page
  // (bundled into its code or fetched by it), where anyone who opens the page can read it. A
  // Worker's env never is: Workers, Deno, Node and Bun are not browsers.
  if (isBrowser()) throw refuseBrowser("fromEnv");
  let source;
  if (env === undefined) {
    source = runtimeEnv(ENV_NAMES, "fromEnv", "pass the values in an object: fromEnv({ ... })");
    if (source === undefined) {
      throw failure(
        "ENV_UNAVAILABLE",
        "fromEnv: this runtime has neither process.env nor Deno.env: pass the environment, " +
          "as a Worker does with fromEnv(env) in fetch(request, env)",
      );
    }
  } else if (env !== null && deno() !== undefined && (env === deno().env || env === processEnv())) {
    // Deno's process.env reads Deno.env, and throws Deno's permission error from inside a proxy.
    source = denoEnv(deno(), ENV_NAMES, "fromEnv", "pass the values in an object: fromEnv({ ... })");
  } else if (env !== null && (typeof env === "object" || typeof env === "function")) {
    source = ownPropertyEnv(env, "the env object given", "fromEnv");
  } else {
    throw failure(
      "INVALID_ARGUMENT",
      `fromEnv(env): env must be an object (a Worker's env, process.env or a plain object) or undefined, not ${env === null ? "null" : typeof env}`,
    );
  }
  const prefix = `fromEnv (${source.where})`;

  let akName = AK;
  let skName = SK;
  let ak = lookup(source, AK);
  let sk = lookup(source, SK);
  const huaweiPair = ak.state === "set" || sk.state === "set";
  if (!huaweiPair) {
    const sampleAk = lookup(source, SAMPLE_AK);
    const sampleSk = lookup(source, SAMPLE_SK);
    if (sampleAk.state !== "set" && sampleSk.state !== "set") {
      const notes = [[AK, ak], [SK, sk], [SAMPLE_AK, sampleAk], [SAMPLE_SK, sampleSk]]
        .filter(([, r]) => r.state === "blank" || r.state === "other")
        .map(([name, r]) => describeUnset(name, r));
      throw failure(
        "ENV_MISSING",
        `${prefix}: no access key pair found: set ${AK} and ${SK} (and ${SECURITY_TOKEN} for temporary keys), ` +
          `or ${SAMPLE_AK} and ${SAMPLE_SK}` +
          (notes.length > 0 ? `; ${notes.join(", ")}` : ""),
      );
    }
    [akName, skName, ak, sk] = [SAMPLE_AK, SAMPLE_SK, sampleAk, sampleSk];
  }
  if (ak.state !== "set" || sk.state !== "set") {
    const [setName, missingName, missing] = ak.state === "set" ? [akName, skName, sk] : [skName, akName, ak];
    const others = huaweiPair
      ? ` (${SAMPLE_AK} and ${SAMPLE_SK} are read only when neither ${AK} nor ${SK} is set)`
      : ` (${AK} and ${SK}, read first, are not set)`;
    throw failure(
      "ENV_MISSING",
      `${prefix}: ${setName} is set but ${describeUnset(missingName, missing)}: set ${missingName} too${others}`,
    );
  }

  const token = lookup(source, SECURITY_TOKEN);
  if (!huaweiPair && token.state === "set") {
    // A security token works only with the temporary key pair it was issued with; pairing it
    // with the samples' (long-lived) keys would fail every request with a signature error.
    throw failure(
      "ENV_INVALID",
      `${prefix}: ${SECURITY_TOKEN} is set but ${AK} and ${SK} are not: a security token works only with ` +
        `the temporary key pair it was issued with; set ${AK} and ${SK} to that pair, or unset ${SECURITY_TOKEN} ` +
        `to use ${SAMPLE_AK} and ${SAMPLE_SK}`,
    );
  }
  const projectId = lookup(source, PROJECT_ID);
  const iamEndpoint = lookup(source, IAM_ENDPOINT);
  for (const [name, r] of [[SECURITY_TOKEN, token], [PROJECT_ID, projectId], [IAM_ENDPOINT, iamEndpoint]]) {
    if (r.state === "other") throw failure("ENV_INVALID", `${prefix}: ${describeUnset(name, r)}`);
  }

  const akValue = checkedValue(ak.value, `${prefix}: ${akName}`, "ENV_INVALID");
  const skValue = checkedValue(sk.value, `${prefix}: ${skName}`, "ENV_INVALID");
  checkNotSwapped(akValue, skValue, `${prefix}: ${akName}`, skName, "ENV_INVALID");
  const credentials = { ak: akValue, sk: skValue };
  if (token.state === "set") credentials.securityToken = checkedValue(token.value, `${prefix}: ${SECURITY_TOKEN}`, "ENV_INVALID");
  const options = { credentials };
  if (projectId.state === "set") options.projectId = checkedValue(projectId.value, `${prefix}: ${PROJECT_ID}`, "ENV_INVALID");
  if (iamEndpoint.state === "set") options.iamEndpoint = checkedValue(iamEndpoint.value, `${prefix}: ${IAM_ENDPOINT}`, "ENV_INVALID");
  return options;
}

// ---------------------------------------------------------------------------------------------
// The credentials file

/**
 * open / stat / read / close over Node's fs (Node >= 20.16, Bun and Deno 2, through
 * process.getBuiltinModule), else over Deno's own API; undefined where there is no file system.
 */
function fileSystem() {
  try {
    const fs = globalNamed("process")?.getBuiltinModule?.("node:fs");
    if (typeof fs?.openSync === "function") {
      return {
        open: (path) => fs.openSync(path, "r"),
        stat: (fd) => {
          const s = fs.fstatSync(fd);
          return { directory: s.isDirectory(), file: s.isFile(), size: s.size };
        },
        read: (fd, into) => fs.readSync(fd, into, 0, into.length, null),
        close: (fd) => fs.closeSync(fd),
      };
    }
  } catch {
    // No usable node:fs here: Deno's API, or none.
  }
  const d = deno();
  if (d === undefined || typeof d.openSync !== "function") return undefined;
  return {
    open: (path) => d.openSync(path, { read: true }),
    stat: (file) => {
      const s = file.statSync();
      return { directory: s.isDirectory, file: s.isFile, size: s.size };
    },
    read: (file, into) => file.readSync(into) ?? 0,
    close: (file) => file.close(),
  };
}

function isWindows() {
  const d = deno();
  if (d !== undefined) return d.build?.os === "windows";
  try {
    return globalNamed("process")?.platform === "win32";
  } catch {
    return false;
  }
}

/** The home directory: os.homedir() (Node, Bun), else HOME / USERPROFILE (Deno: --allow-env). */
function homeDirectory() {
  if (deno() === undefined) {
    try {
      const home = globalNamed("process")?.getBuiltinModule?.("node:os")?.homedir?.();
      if (typeof home === "string" && home !== "") return home;
    } catch {
      // Fall back to the variables below.
    }
  }
  const names = isWindows() ? ["USERPROFILE", "HOME"] : ["HOME", "USERPROFILE"];
  const source = runtimeEnv([CREDENTIALS_FILE, ...names], "fromProfile", "pass { file }");
  if (source === undefined) return undefined;
  for (const name of names) {
    const r = lookup(source, name);
    if (r.state === "set") return r.value.trim();
  }
  return undefined;
}

/** A file: URL as the path a user would type (for messages and Deno's --allow-read). */
function urlPath(url) {
  if (url.protocol !== "file:") return url.href;
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return url.href;
  }
  return isWindows() ? path.replace(/^\/([A-Za-z]:)/, "$1").replaceAll("/", "\\") : path;
}

/** Which file to read, and how it was chosen (for messages). */
function credentialsFilePath(file) {
  if (file !== undefined) {
    if (file instanceof URL) return { path: file, shown: urlPath(file), how: "the file option" };
    return { path: file, shown: file, how: "the file option" };
  }
  const names = isWindows() ? [CREDENTIALS_FILE, "USERPROFILE", "HOME"] : [CREDENTIALS_FILE, "HOME", "USERPROFILE"];
  const source = runtimeEnv(names, "fromProfile", "pass { file }");
  const fromEnvVar = source === undefined ? { state: "absent" } : lookup(source, CREDENTIALS_FILE);
  if (fromEnvVar.state === "set") {
    const path = fromEnvVar.value.trim();
    return { path, shown: path, how: `from ${CREDENTIALS_FILE}` };
  }
  const home = homeDirectory();
  if (home === undefined) {
    throw failure(
      "PROFILE_NOT_FOUND",
      `fromProfile: no home directory to find ~/.huaweicloud/credentials in (HOME is not set): set ${CREDENTIALS_FILE} or pass { file }`,
    );
  }
  const sep = isWindows() ? "\\" : "/";
  const path = `${home.replace(/[\\/]+$/, "")}${sep}.huaweicloud${sep}credentials`;
  return { path, shown: path, how: "the default path" };
}

function readError(where, shown, thrown) {
  const name = nameOf(thrown);
  let code;
  try {
    code = typeof thrown?.code === "string" ? thrown.code : undefined;
  } catch {
    code = undefined;
  }
  if (name === "NotCapable") {
    return failure("PROFILE_UNREADABLE", `fromProfile: Deno denied reading ${where}: run with --allow-read=${shown}`, thrown);
  }
  if (code === "ENOENT" || code === "ENOTDIR" || name === "NotFound") {
    return failure(
      "PROFILE_NOT_FOUND",
      `fromProfile: ${where} does not exist: create it with a [basic] section holding ak and sk, ` +
        `or name another file with ${CREDENTIALS_FILE} or { file }`,
      thrown,
    );
  }
  if (code === "EACCES" || code === "EPERM" || name === "PermissionDenied") {
    const deno_ = deno() !== undefined && code === undefined ? ` (or Deno's: run with --allow-read=${shown})` : "";
    return failure("PROFILE_UNREADABLE", `fromProfile: ${where} cannot be read: permission denied${deno_}`, thrown);
  }
  if (code === "EISDIR" || name === "IsADirectory") {
    return failure("PROFILE_UNREADABLE", `fromProfile: ${where} is a directory, not a credentials file`, thrown);
  }
  return failure("PROFILE_UNREADABLE", `fromProfile: ${where} cannot be read (${code ?? name})`, thrown);
}

function tooLarge(where, size) {
  return failure(
    "PROFILE_TOO_LARGE",
    `fromProfile: ${where} is larger than ${MAX_PROFILE_BYTES} bytes (${size === undefined ? "more" : size}): ` +
      "a credentials file is a few lines; is it the right file?",
  );
}

/**
 * At most MAX_PROFILE_BYTES + 1 bytes of the file: a regular file's size is checked before
 * reading, and a pipe (HUAWEICLOUD_SDK_CREDENTIALS_FILE=<(...)) is read no further than that.
 */
function readBounded(fs, path, shown, where) {
  const buffer = new Uint8Array(MAX_PROFILE_BYTES + 1);
  let length = 0;
  let handle;
  try {
    handle = fs.open(path);
  } catch (thrown) {
    throw readError(where, shown, thrown);
  }
  try {
    const stat = fs.stat(handle);
    if (stat.directory) throw failure("PROFILE_UNREADABLE", `fromProfile: ${where} is a directory, not a credentials file`);
    if (stat.file && stat.size > MAX_PROFILE_BYTES) throw tooLarge(where, stat.size);
    for (let n; length < buffer.length && (n = fs.read(handle, buffer.subarray(length))) > 0; ) length += n;
  } catch (thrown) {
    if (isOurs(thrown)) throw thrown;
    throw readError(where, shown, thrown);
  } finally {
    try {
      fs.close(handle);
    } catch {
      // Closing a file only read cannot lose anything.
    }
  }
  if (length > MAX_PROFILE_BYTES) throw tooLarge(where, undefined);
  try {
    // A UTF-8 byte order mark is dropped (Python's configparser would fail on it).
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
  } catch {
    throw failure("PROFILE_UNREADABLE", `fromProfile: ${where} is not UTF-8 text`);
  }
}

// Python's str.strip() and re's \s: its whitespace, which configparser strips.
const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
const PY_RSTRIP = new RegExp(`[${PY_SPACE}]+$`);
const PY_NON_SPACE = new RegExp(`[^${PY_SPACE}]`);
// "s": Python's . matches U+2028 and U+2029 (lines end only at CR and LF).
const OPTION_LINE = new RegExp(`^(.*?)[${PY_SPACE}]*([=:])[${PY_SPACE}]*(.*)$`, "s");
const DEFAULT_SECTION = "DEFAULT";

/**
 * The file's sections as Python's configparser (3.x, default settings) reads them: `[name]`
 * headers (case-sensitive; [DEFAULT] gives every section its keys), `key = value` or
 * `key: value` (keys case-insensitive, both sides stripped), whole-line comments starting with #
 * or ; (no inline comments), values continued on more-indented lines, a repeated section or key
 * in a section an error. Errors give line numbers, never a line's text.
 */
function parseCredentialsFile(text, where) {
  const sections = new Map();
  const defaults = new Map();
  const seen = new Set();
  const unparsed = [];
  const indentedKeys = []; // continuation lines that look like `key = value`: for messages
  let current = null;
  let currentName = null;
  let option = null;
  let indentLevel = 0;
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const stripped = line.replace(PY_STRIP, "");
    const comment = stripped.startsWith("#") || stripped.startsWith(";");
    const value = comment ? "" : stripped;
    if (value === "") {
      // A blank line inside a value is kept (trailing ones are dropped at the end); a comment is not.
      if (!comment && current !== null && option) current.get(option).parts.push("");
      return;
    }
    const indent = line.search(PY_NON_SPACE);
    if (current !== null && option && indent > indentLevel) {
      current.get(option).parts.push(value);
      const looksLikeKey = OPTION_LINE.exec(value);
      if (looksLikeKey !== null && looksLikeKey[1] !== "") {
        indentedKeys.push({ section: currentName, key: looksLikeKey[1].replace(PY_RSTRIP, "").toLowerCase(), line: lineNumber });
      }
      return;
    }
    indentLevel = indent;
    const close = value.lastIndexOf("]");
    if (value.startsWith("[") && close >= 2) {
      const name = value.slice(1, close);
      if (name === DEFAULT_SECTION) {
        current = defaults;
      } else if (sections.has(name)) {
        throw failure("PROFILE_SYNTAX", `fromProfile: ${where}: line ${lineNumber} repeats the section [${name}]`);
      } else {
        current = new Map();
        sections.set(name, current);
      }
      currentName = name;
      option = null;
      return;
    }
    if (current === null) {
      throw failure(
        "PROFILE_SYNTAX",
        `fromProfile: ${where}: line ${lineNumber} comes before any [section] header (the file starts with [basic] or another section)`,
      );
    }
    const m = OPTION_LINE.exec(value);
    if (m === null) {
      unparsed.push(lineNumber);
      return;
    }
    if (m[1] === "") unparsed.push(lineNumber);
    const key = m[1].replace(PY_RSTRIP, "").toLowerCase();
    const id = `${currentName}\n${key}`;
    if (seen.has(id)) {
      throw failure("PROFILE_SYNTAX", `fromProfile: ${where}: line ${lineNumber} sets ${key} a second time in [${currentName}]`);
    }
    seen.add(id);
    current.set(key, { parts: [m[3].replace(PY_STRIP, "")] });
    option = key;
  });
  if (unparsed.length > 0) {
    const shown = unparsed.slice(0, 10).join(", ") + (unparsed.length > 10 ? `, … (${unparsed.length} in all)` : "");
    throw failure(
      "PROFILE_SYNTAX",
      `fromProfile: ${where}: ${unparsed.length === 1 ? "line" : "lines"} ${shown} cannot be parsed: a line is ` +
        "a [section] header, key = value, an indented continuation of the value above, or a comment starting with # or ;",
    );
  }
  const join = (entries) => new Map([...entries].map(([k, v]) => [k, v.parts.join("\n").replace(PY_RSTRIP, "")]));
  return {
    sections: new Map([...sections].map(([name, entries]) => [name, join(entries)])),
    defaults: join(defaults),
    indentedKeys,
  };
}

/** configparser's %% (a literal %); its %(name)s interpolation is refused rather than half-done. */
function uninterpolated(value, label) {
  if (!value.includes("%")) return value;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== "%") {
      out += value[i];
    } else if (value[i + 1] === "%") {
      out += "%";
      i++;
    } else {
      throw failure(
        "PROFILE_INVALID",
        `${label} contains a % that is not %%: in this file (Python configparser's format) %% stands for %, and %(name)s interpolation is not supported here`,
      );
    }
  }
  return out;
}

function sectionList(sections) {
  const names = [...sections.keys()];
  if (names.length === 0) return "it has no section";
  const plain = names.filter((n) => /^[A-Za-z0-9_.-]{1,64}$/.test(n));
  const others = names.length - plain.length;
  return `it has ${plain.map((n) => `[${n}]`).join(", ")}${others > 0 ? `${plain.length > 0 ? " and " : ""}${others} other section${others === 1 ? "" : "s"}` : ""}`;
}

/**
 * Client options from Huawei Cloud's credentials file, as the SDKs' ProfileCredentialProvider
 * reads it: the file named by HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials;
 * the section `profile` (default "basic"); its keys ak, sk, security_token, project_id and
 * iam_endpoint. Node (>= 20.16), Deno and Bun; synchronous. Throws an LtsCredentialsError naming
 * the file, section and keys looked for, never a value.
 */
export function fromProfile(options) {
  try {
    return readFromProfile(options);
  } catch (thrown) {
    if (isOurs(thrown)) throw thrown;
    throw failure("PROFILE_UNREADABLE", `fromProfile: reading the credentials file threw ${nameOf(thrown)}`);
  }
}

function readFromProfile(options = {}) {
  if (isBrowser()) throw refuseBrowser("fromProfile");
  if (options === null || typeof options !== "object") {
    throw failure("INVALID_ARGUMENT", `fromProfile(options): options must be an object or undefined, not ${options === null ? "null" : typeof options}`);
  }
  const { file, profile = DEFAULT_PROFILE } = options;
  if (file !== undefined && !(file instanceof URL) && (typeof file !== "string" || file.trim() === "")) {
    throw failure("INVALID_ARGUMENT", "fromProfile: file must be a non-empty path (a string) or a file: URL");
  }
  if (typeof profile !== "string" || profile === "" || /[\r\n]/.test(profile)) {
    throw failure("INVALID_ARGUMENT", "fromProfile: profile must be the name of a section of the file, such as \"basic\"");
  }
  if (profile === DEFAULT_SECTION) {
    throw failure("INVALID_ARGUMENT", "fromProfile: [DEFAULT] holds the keys every section inherits; it is not a profile");
  }
  const fs = fileSystem();
  if (fs === undefined) {
    throw failure(
      "PROFILE_UNAVAILABLE",
      "fromProfile reads a file, and this runtime has no file system (Node >= 20.16, Deno and Bun have one): " +
        "in a Worker or an edge function use fromEnv(env) with the keys stored as secrets",
    );
  }
  const { path, shown, how } = credentialsFilePath(file);
  const where = `the credentials file ${shown} (${how})`;
  const { sections, defaults, indentedKeys } = parseCredentialsFile(readBounded(fs, path, shown, where), where);
  const section = sections.get(profile);
  if (section === undefined) {
    throw failure(
      "PROFILE_SECTION_MISSING",
      `fromProfile: ${where} has no [${profile}] section (${sectionList(sections)}): ` +
        "add one with ak and sk, or choose another with { profile }",
    );
  }
  const inSection = `[${profile}] of ${where}`;
  const get = (key) => {
    const raw = section.has(key) ? section.get(key) : defaults.get(key);
    if (raw === undefined || raw.trim() === "") return undefined;
    return checkedValue(uninterpolated(raw, `fromProfile: ${key} in ${inSection}`), `fromProfile: ${key} in ${inSection}`, "PROFILE_INVALID");
  };
  const has = (key) => {
    const raw = section.has(key) ? section.get(key) : defaults.get(key);
    return raw !== undefined && raw.trim() !== "";
  };
  if (!has("ak") || !has("sk")) {
    const federated = has("idp_id") && has("id_token_file")
      ? "; it has idp_id and id_token_file (a federated identity), which fromProfile does not support"
      : "";
    const what = !has("ak") && !has("sk") ? "neither ak nor sk" : `no ${has("ak") ? "sk" : "ak"} (${has("ak") ? "ak" : "sk"} is set)`;
    const indented = indentedKeys
      .filter((k) => (k.section === profile || k.section === DEFAULT_SECTION) && !has(k.key) && (k.key === "ak" || k.key === "sk"))
      .map((k) => `; line ${k.line} sets ${k.key} but is indented, so it continues the value above it: remove the indentation`)
      .join("");
    throw failure(
      "PROFILE_KEY_MISSING",
      `fromProfile: ${inSection} has ${what}: both are needed (security_token too for temporary keys)${federated}${indented}`,
    );
  }
  const ak = get("ak");
  const sk = get("sk");
  checkNotSwapped(ak, sk, `fromProfile: ak in ${inSection}`, "sk", "PROFILE_INVALID");
  const credentials = { ak, sk };
  const securityToken = get("security_token");
  if (securityToken !== undefined) credentials.securityToken = securityToken;
  const result = { credentials };
  const projectId = get("project_id");
  if (projectId !== undefined) result.projectId = projectId;
  const iamEndpoint = get("iam_endpoint");
  if (iamEndpoint !== undefined) result.iamEndpoint = iamEndpoint;
  return result;
}
