// Typings of providers.js: client options from Huawei Cloud's environment variables and
// credentials file.
import type { AkSkCredentials } from "./lts_kafka.js";

/**
 * What fromEnv and fromProfile return: client options to spread into the constructor,
 * `new LtsClient({ region: "cn-north-4", ...fromEnv() })`. `projectId` and `iamEndpoint` are
 * present only when the environment or the file sets them.
 */
export interface CredentialOptions {
  /** The access key pair, with the security token of temporary keys. */
  credentials: AkSkCredentials;
  /** HUAWEICLOUD_SDK_PROJECT_ID, or the file's project_id. */
  projectId?: string;
  /** HUAWEICLOUD_SDK_IAM_ENDPOINT, or the file's iam_endpoint. */
  iamEndpoint?: string;
}

/** The `code` of the LtsCredentialsError that fromEnv and fromProfile throw. */
export type CredentialSourceErrorCode =
  /** In a web page or a browser's worker: access keys have no place there. */
  | "BROWSER_REFUSED"
  /** fromEnv's env or fromProfile's options are of the wrong type. */
  | "INVALID_ARGUMENT"
  /** fromEnv() in a runtime with neither process.env nor Deno.env (a Worker: pass its env). */
  | "ENV_UNAVAILABLE"
  /** Reading a variable threw: Deno without --allow-env, or an env object whose getter or proxy threw. */
  | "ENV_UNREADABLE"
  /** No access key pair, or half of one. */
  | "ENV_MISSING"
  /** A value that cannot be a key, token, id or URL (whitespace, a line break, not ASCII, too long, a swapped pair), or a security token without its key pair. */
  | "ENV_INVALID"
  /** fromProfile in a runtime without a file system (a browser's is refused as BROWSER_REFUSED). */
  | "PROFILE_UNAVAILABLE"
  /** The credentials file does not exist, or there is no home directory to find it in. */
  | "PROFILE_NOT_FOUND"
  /** The file exists but cannot be read: permissions (Deno: --allow-read), a directory, not UTF-8. */
  | "PROFILE_UNREADABLE"
  /** The file is over 64 KiB. */
  | "PROFILE_TOO_LARGE"
  /** A line the INI format does not allow, a line before the first section, a repeated section or key (by line number). */
  | "PROFILE_SYNTAX"
  /** The file has no section of that name. */
  | "PROFILE_SECTION_MISSING"
  /** The section lacks ak or sk. */
  | "PROFILE_KEY_MISSING"
  /** A value in the section that cannot be a key, token, id or URL. */
  | "PROFILE_INVALID";

/**
 * Client options from environment variables, as Huawei Cloud's SDKs read them:
 * HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (with HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary
 * keys), or, when neither of those two is set, CLOUD_SDK_AK and CLOUD_SDK_SK; then
 * HUAWEICLOUD_SDK_PROJECT_ID and HUAWEICLOUD_SDK_IAM_ENDPOINT when set. Empty or
 * whitespace-only values count as unset; surrounding whitespace is removed.
 *
 * @param env Where to read: by default the runtime's environment (process.env in Node and Bun,
 *   Deno.env in Deno, which needs --allow-env); a Worker's `env`, or another object, whose own
 *   string properties are read (other values count as unset).
 * @throws {LtsCredentialsError} with a {@link CredentialSourceErrorCode} as `code`, naming the
 *   variables looked for and never their values; always in a browser ("BROWSER_REFUSED").
 */
export declare function fromEnv(env?: object): CredentialOptions;

/** Which credentials file fromProfile reads, and which section of it. */
export interface FromProfileOptions {
  /** The file; default: HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials. */
  file?: string | URL;
  /** The section; default "basic", the SDKs' section for project-scoped credentials. */
  profile?: string;
}

/**
 * Client options from Huawei Cloud's credentials file (INI, as the SDKs' ProfileCredentialProvider
 * reads it): the section `profile` (default [basic]) and its keys ak, sk, security_token,
 * project_id and iam_endpoint. Synchronous. Node (>= 20.16), Deno (--allow-read of the file;
 * --allow-env=HUAWEICLOUD_SDK_CREDENTIALS_FILE,HOME unless `file` is given) and Bun.
 *
 * @throws {LtsCredentialsError} with a {@link CredentialSourceErrorCode} as `code`, naming the
 *   file, section and keys looked for and never a value; always in a browser
 *   ("BROWSER_REFUSED") and where there is no file system ("PROFILE_UNAVAILABLE").
 */
export declare function fromProfile(options?: FromProfileOptions): CredentialOptions;
