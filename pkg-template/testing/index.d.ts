// The local LTS endpoint, for testing code that uses lts-kafka (Node only).

/** A fault the endpoint answers the next API request with. */
export interface LocalLtsFault {
  /** Only for a request whose path or body contains this string (an instance id, say). */
  match?: string;
  status?: number;
  body?: string | object;
  /** Answer this many bytes of "x" instead of `body`. */
  bodyBytes?: number;
  /** Send the body in chunks, without a Content-Length. */
  chunked?: boolean;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /** null leaves X-Request-Id out. */
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
  body: string;
  bodyBytes: number;
}

export interface LocalLtsOptions {
  host?: string;
  /** 0 (default) for a free port. */
  port?: number;
  /** token -> the project id it is scoped to. */
  tokens?: Record<string, string> | { token: string; projectId: string }[];
  /** Access keys whose SDK-HMAC-SHA256 signatures it verifies. */
  akSk?: Record<string, { sk: string; projectId: string; securityToken?: string }>;
  /** instance_id -> SASL user; other instances have no SASL and take connect_info {}. */
  kafkaUsers?: Record<string, { user_name: string; pwd: string }>;
  /** Mount the API under a path prefix, as behind a proxy. */
  prefix?: string;
  /** Answer CORS preflights (the real service does not). */
  cors?: boolean;
  /** A fault for every API request of the run. */
  fault?: LocalLtsFault;
  /** Decides a fault per API request (after queued faults). */
  faultFor?: (request: LocalLtsRequest) => LocalLtsFault | null | undefined;
  /** The clock (milliseconds) for X-Sdk-Date checks, access key locks and log_create_time. */
  now?: () => number;
  /** The log groups and streams transfers may deliver. */
  logGroups?:
    | Record<string, { name: string; streams: Record<string, string> }>
    | { log_group_id: string; log_group_name: string; log_streams: { log_stream_id: string; log_stream_name: string }[] }[];
  /** Transfers present at start (OBS, DIS or DMS, as if made in the console), under transfersProject. */
  transfers?: object[];
  transfersProject?: string;
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

export interface LocalLts {
  /** The endpoint to give LtsClient (with the prefix). */
  url: string;
  origin: string;
  port: number;
  received: LocalLtsRequest[];
  registered: Set<string>;
  transfers: LocalLtsTransfers;
  akSk: Map<string, { sk: string; projectId: string; securityToken?: string }>;
  queueFault(fault: LocalLtsFault): void;
  reset(): void;
  close(): Promise<void>;
}

/** Starts a strict local stand-in for LTS on 127.0.0.1. */
export declare function startLocalLts(options?: LocalLtsOptions): Promise<LocalLts>;

/** Error codes and messages the endpoint answers with: [status, code, message]. */
export declare const ERRORS: Record<string, [number, string, string]>;
