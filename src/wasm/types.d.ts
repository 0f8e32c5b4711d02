// The TypeScript shapes of lts-kafka's API, emitted into lts_kafka.d.ts by wasm-bindgen
// (typescript_custom_section in mod.rs). The wasm exports' own signatures name them.
/** The body of a registration, in the API's wire names. */
export interface RegisterDmsKafkaInstanceRequest {
  /** The Kafka instance's id (its UUID): 1 to 36 characters. */
  instance_id: string;
  /** The Kafka instance's name: 1 to 256 characters. */
  kafka_name: string;
  /** `{}` for an instance without SASL; `{ user_name, pwd }` for SASL_SSL. */
  connect_info: ConnectInfo;
}
/** SASL_SSL credentials, or neither field for an instance without SASL. */
export interface ConnectInfo {
  user_name?: string;
  pwd?: string;
}
/** A successful registration. */
export interface RegisterDmsKafkaInstanceOutput {
  /** The registered instance's id. */
  instance_id: string;
  /** The answer's X-Request-Id, or null when the service sent none. */
  requestId: string | null;
}
/** An IAM user token, sent as X-Auth-Token. */
export interface TokenCredentials {
  token: string;
  ak?: never;
  sk?: never;
  securityToken?: never;
}
/** An access key pair: requests are signed with SDK-HMAC-SHA256. */
export interface AkSkCredentials {
  ak: string;
  sk: string;
  /** The security token of temporary credentials (sent and signed as X-Security-Token). */
  securityToken?: string;
  token?: never;
}
/** Static credentials. */
export type StaticCredentials = TokenCredentials | AkSkCredentials;
/** Called before every request, so keys can rotate and tokens refresh without a new client. */
export type CredentialsProvider = () => StaticCredentials | Promise<StaticCredentials>;
/** How requests are authenticated. */
export type Credentials = StaticCredentials | CredentialsProvider;
/** The fetch the client calls: the global one unless `fetch` is given. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
/** When and how a registration is retried. Registration is one-shot: by default only answers that prove the request was not processed (429, 503, a connection that never opened) are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included (1 to 10). Default 3. */
  maxAttempts?: number;
  /** The first backoff ceiling in ms, doubling on each retry (full jitter). Default 500. */
  baseDelayMs?: number;
  /** The longest wait between attempts, and the longest Retry-After honoured. Default 20000. */
  maxDelayMs?: number;
  /** Also retry 500/502/504, network errors after sending and attempt timeouts, after which the instance may already be registered. Default false. */
  retryUnsafe?: boolean;
}
/** Timeouts and retries: client-wide, overridable per call. */
export interface CallSettings {
  /** The time one attempt may take, answer included, in ms. Default 30000. */
  timeoutMs?: number;
  /** The time the whole call may take, retries and waits included, in ms. Default: none. */
  deadlineMs?: number | null;
  /** Retry settings, or false for a single attempt. */
  retry?: RetryOptions | false;
}
/** Client options: camelCase; `endpoint` wins over `region`. */
export interface LtsClientOptions extends CallSettings {
  /** The project the token is scoped to: one path segment. */
  projectId: string;
  /** A known LTS region, such as "cn-north-4". */
  region?: string;
  /** An explicit base URL, possibly with a path prefix (a proxy). https, or http on loopback. */
  endpoint?: string;
  credentials: Credentials;
  /** A fetch to use instead of the global one (proxies, tests, service bindings). */
  fetch?: FetchLike;
  /** Called after every attempt (retries included) with what happened; never receives a secret. What it throws or rejects with is ignored. */
  onAttempt?: (record: AttemptRecord) => void;
}
/** What onAttempt receives after every attempt. */
export interface AttemptRecord {
  /** The client method: "registerDmsKafkaInstance", ... */
  operation: string;
  /** 1 for the first attempt. */
  attempt: number;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The URL as sent. */
  url: string;
  /** The answer's HTTP status, or null when none arrived (network error, timeout, abort). */
  status: number | null;
  /** The answer's X-Request-Id, or null. */
  requestId: string | null;
  /** How long the attempt took, in ms. */
  durationMs: number;
  /** The name of the attempt's error (e.g. "LtsApiError"), or null when it succeeded. */
  error: LtsErrorName | null;
  /** The wait before the next attempt, in ms, or null when no retry follows. */
  retryInMs: number | null;
}
/** Per-call options: the client's settings, overridden for this call, and a signal. */
export interface CallOptions extends CallSettings {
  /** Aborts the call (also a wait between attempts); it then rejects with LtsAbortError. */
  signal?: AbortSignal;
}
/** One broken rule: where, which rule, its bound, and a sentence to show. */
export interface ValidationIssue {
  path: string;
  rule: "required" | "type" | "min_length" | "max_length" | "well_formed" | "control_character" | "unknown_field" | "requires" | "format" | "range" | "provider";
  limit?: number;
  message: string;
}
/** A region this library knows, and its LTS endpoint. */
export interface KnownRegion {
  region: string;
  endpoint: string;
}
/** Preview options. */
export interface PreviewOptions {
  /** Show the token, security token, signature and Kafka password themselves (default false). */
  revealSecrets?: boolean;
}
/** The request that would be sent, with secrets shown as "***" unless revealSecrets. */
export interface RequestPreview {
  method: "POST";
  url: string;
  headers: Record<string, string>;
  body: string;
}
/** The names of the errors lts-kafka throws. */
export type LtsErrorName = "LtsConfigError" | "LtsValidationError" | "LtsApiError" | "LtsNetworkError" | "LtsTimeoutError" | "LtsAbortError";
/** Every error lts-kafka throws is an Error with these fields. */
export interface LtsError extends Error {
  name: LtsErrorName;
  /** The service's error code (LTS.1719, APIGW.0301, ...), or null. */
  code: string | null;
  /** The HTTP status, or null when no answer arrived. */
  status: number | null;
  /** The answer's X-Request-Id (give it to support), or null. */
  requestId: string | null;
  /** Whether the same call may succeed later. */
  retryable: boolean;
  /** Whether the request may have reached the service (registration is one-shot). */
  requestMayHaveBeenSent: boolean;
  /** How many requests were sent. */
  attempts: number;
  /** Every problem, for LtsConfigError and LtsValidationError. */
  issues?: ValidationIssue[];
}
