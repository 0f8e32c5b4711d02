// The local LTS endpoint, for testing code that uses lts-kafka (Node only).
//
// It runs inside your test process and is built so that nothing a client sends can end that
// process or read what it recorded: every request is answered (malformed ones with a JSON 400
// or 404), faults are checked when given, the control routes (/__control/*) answer only this
// server's own origin, and the request log, connections and timeouts are bounded (LIMITS).

/**
 * A fault the endpoint answers the next API request with. Checked when given: queueFault throws
 * a TypeError, POST /__control/faults answers 400, and a bad one from faultFor is answered
 * 500 LOCAL.0500; each message names the field and the rule.
 */
export interface LocalLtsFault {
  /** Only for a request whose path or body contains this string (an instance id, say); at most 4096 characters. */
  match?: string;
  /** An integer from 200 to 599 (default 500). */
  status?: number;
  /** A string as it is, or a JSON value (serialised); at most 16 MiB. */
  body?: string | object | number | boolean | null;
  /** Answer this many bytes of "x" instead of `body`: 0 to 16 MiB (16777216). */
  bodyBytes?: number;
  /** Send the body in chunks, without a Content-Length. */
  chunked?: boolean;
  /** At most 64 headers; names are HTTP tokens, values at most 8192 characters without CR, LF or other control characters. */
  headers?: Record<string, string>;
  /** Wait this long before answering: 0 to 60000 ms. close() ends the wait. */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /** null leaves X-Request-Id out (and, on IAM's paths, X-IAM-Trace-Id). */
  requestId?: null;
  /** Handle the request for real (it registers), then lose the answer (reset). */
  afterProcessing?: boolean;
}

/** A request the endpoint received. */
export interface LocalLtsRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as UTF-8 text, cut at maxReceivedBodyBytes (on a character boundary). */
  body: string;
  /** The whole body's length in bytes (for a body refused as too large: its Content-Length, or the bytes read before refusing). */
  bodyBytes: number;
  /** Whether `body` is shorter than the body that arrived. */
  bodyTruncated: boolean;
}

/**
 * A project IAM lists for a credential (GET /v3/projects, GET /v3/auth/projects). The answer
 * adds `is_domain: false` and `links`.
 */
export interface LocalLtsProject {
  /** 1 to 128 characters; a real one is 32 hex digits. */
  id: string;
  /**
   * 0 to 128 characters: a region ("cn-north-4"), a sub-project ("cn-north-4_sub"), "MOS", or
   * "". GET /v3/projects?name= matches it exactly.
   */
  name: string;
  /** Default: the `domainId` option. */
  domain_id?: string;
  /** Default: the id of the project named as the part before "_" (a sub-project's region), else domain_id. */
  parent_id?: string;
  /** Default: true. */
  enabled?: boolean;
  /** Default: "". At most 1024 characters. */
  description?: string;
}

export interface LocalLtsOptions {
  host?: string;
  /** 0 (default) for a free port. */
  port?: number;
  /** token -> the project id it is scoped to. */
  tokens?: Record<string, string> | { token: string; projectId: string }[];
  /** Access keys whose SDK-HMAC-SHA256 signatures it verifies. */
  akSk?: Record<string, { sk: string; projectId: string; securityToken?: string }>;
  /**
   * What IAM lists for a token or access key: `[]` for none, two of the same name for an
   * ambiguous region, at most 1000. A credential without an entry has one project: its
   * configured project id, named `region`. An access key may also sign LTS requests for every
   * project listed for it; a token stays scoped to its one project. Each key must be a token
   * of `tokens` or an access key of `akSk`.
   */
  projects?: Record<string, LocalLtsProject[]>;
  /** The name of a credential's default project: 1 to 64 characters (default "cn-north-4"). */
  region?: string;
  /** The account id projects carry unless they give domain_id: 1 to 128 characters (default LIMITS.defaults.domainId). */
  domainId?: string;
  /** instance_id -> SASL user; other instances have no SASL and take connect_info {}. */
  kafkaUsers?: Record<string, { user_name: string; pwd: string }>;
  /** Mount the API under a path prefix, as behind a proxy. */
  prefix?: string;
  /**
   * Answer CORS preflights and add CORS headers to the API's answers (the real service does
   * not): `true` for every origin, a list of origins ("http://127.0.0.1:5173") for those only.
   * Never applies to the control routes.
   */
  cors?: boolean | string[];
  /**
   * Origins whose pages may use the control routes (/__control/*) across origins, such as a
   * browser test page served from another port. None by default: the control routes answer
   * only this server's own origin (and Node, which sends no Origin).
   */
  controlOrigins?: string[];
  /** A fault for every API request of the run; an invalid one rejects startLocalLts with a TypeError. */
  fault?: LocalLtsFault;
  /**
   * Decides a fault per API request (after queued faults), synchronously. The request's body is
   * the recorded one, cut at maxReceivedBodyBytes. A throw or an invalid fault is answered
   * 500 LOCAL.0500.
   */
  faultFor?: (request: LocalLtsRequest) => LocalLtsFault | null | undefined;
  /** The clock (milliseconds) for X-Sdk-Date checks, access key locks and log_create_time. */
  now?: () => number;
  /** The log groups and streams transfers may deliver, and GET /v2/{project_id}/groups lists to every project. */
  logGroups?:
    | Record<string, { name: string; streams: Record<string, string> }>
    | { log_group_id: string; log_group_name: string; log_streams: { log_stream_id: string; log_stream_name: string }[] }[];
  /** Transfers present at start (OBS, DIS or DMS, as if made in the console), under transfersProject. */
  transfers?: object[];
  transfersProject?: string;
  /** Requests kept in `received` (default 10000); the oldest go first. 0 keeps none. */
  maxReceived?: number;
  /** Bytes kept of each recorded body (default 65536, at most 1 MiB). */
  maxReceivedBodyBytes?: number;
  /** Bytes of bodies and headers kept in `received` in all (default 32 MiB); the oldest go first, the newest always stays. */
  maxReceivedBytes?: number;
  /** Open connections (default 4096); one past it is answered 503 LOCAL.0503 and closed. */
  maxConnections?: number;
  /** Time for a request's headers to arrive (default 10000 ms, at most requestTimeoutMs); then 408 LOCAL.0408. */
  headersTimeoutMs?: number;
  /** Time for a whole request to arrive (default 30000 ms); then 408 LOCAL.0408. */
  requestTimeoutMs?: number;
  /** How long an idle kept-alive connection stays open (default 60000 ms). */
  keepAliveTimeoutMs?: number;
}

/** The endpoint's transfers. */
export interface LocalLtsTransfers {
  /** Adds a transfer object as it is. */
  seed(projectId: string, transfer: object): void;
  /** Sets a transfer's status as the service does (EXCEPTION when its Kafka topic is gone). */
  setStatus(projectId: string, logTransferId: string, status: string): void;
  /** Every transfer held. */
  all(): object[];
}

/** The running endpoint. */
export interface LocalLtsControl {
  /** The endpoint to give LtsClient (with the prefix). */
  url: string;
  /** The IAM endpoint to give LtsClient: the same URL (paths under /v3 are IAM's). */
  iamUrl: string;
  origin: string;
  port: number;
  /** The API requests received, oldest first, within maxReceived and maxReceivedBytes. */
  received: LocalLtsRequest[];
  registered: Set<string>;
  transfers: LocalLtsTransfers;
  akSk: Map<string, { sk: string; projectId: string; securityToken?: string }>;
  /** The `projects` option as a Map from token or access key (editable; entries added here are not checked). */
  projects: Map<string, readonly LocalLtsProject[]>;
  /** Queues a fault; throws a TypeError naming the field and the rule when it is invalid, or when 10000 wait already. */
  queueFault(fault: LocalLtsFault): void;
  reset(): void;
  /** Stops the server, ends pending fault delays, closes every connection. Calling it again is harmless. */
  close(): Promise<void>;
}

// `Symbol.asyncDispose` exists in the type of `Symbol` only with lib esnext.disposable (or
// @types/node); the key is added where it exists, so these typings compile without it too.
type AsyncDisposeKey = SymbolConstructor extends { readonly asyncDispose: infer K extends symbol } ? K : never;

/** The running endpoint; `await using lts = await startLocalLts()` closes it at the end of the scope. */
export type LocalLts = LocalLtsControl & { [K in AsyncDisposeKey]: () => Promise<void> };

/**
 * Starts a strict local stand-in for LTS on 127.0.0.1, with IAM's two project lists on the same
 * URL (GET /v3/projects, GET /v3/auth/projects). An invalid option rejects with a TypeError.
 */
export declare function startLocalLts(options?: LocalLtsOptions): Promise<LocalLts>;

/** Error codes and messages the endpoint answers with: [status, code, message]. */
export declare const ERRORS: Record<string, [number, string, string]>;

/** IAM's answers, in Keystone's error shape: [status, message, title]. */
export declare const IAM_ERRORS: Record<string, [number, string, string]>;

/** The endpoint's fixed bounds and its options' defaults. */
export declare const LIMITS: {
  readonly maxBodyBytes: number;
  readonly maxFaultBodyBytes: number;
  readonly maxFaultDelayMs: number;
  readonly maxQueuedFaults: number;
  readonly maxFaultHeaders: number;
  readonly maxFaultHeaderValue: number;
  readonly maxFaultMatch: number;
  readonly maxProjectsPerCredential: number;
  readonly defaults: {
    readonly region: string;
    readonly domainId: string;
    readonly maxReceived: number;
    readonly maxReceivedBodyBytes: number;
    readonly maxReceivedBytes: number;
    readonly maxConnections: number;
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
  };
};
export {};
