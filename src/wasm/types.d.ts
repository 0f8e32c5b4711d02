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
  /** The answer's X-Request-Id, or null when the service sent none. Not enumerable: JSON.stringify and a spread leave it out. */
  readonly requestId: string | null;
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
/** Client options: camelCase. A region, or an endpoint and a projectId, at least. */
export interface LtsClientOptions extends CallSettings {
  /** The project: one path segment. Left out, it is found from the region through IAM before the first call (resolveProjectId()). */
  projectId?: string;
  /** A known LTS region, such as "cn-north-4" (a region added later is accepted as a string too; knownRegions() lists the known ones). It chooses the LTS and IAM endpoints unless they are given, and names the project to find. */
  region?: RegionName | (string & {});
  /** LTS's base URL instead of the region's, possibly with a path prefix (a proxy). https, or http on loopback. Same as endpoints.lts. */
  endpoint?: string;
  /** IAM's base URL instead of the region's (the project lookup goes there). Same as endpoints.iam. */
  iamEndpoint?: string;
  /** Each service's base URL instead of the region's: for a proxy or a test server. */
  endpoints?: { lts?: string; iam?: string };
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
  /** Aborts the call (also a wait between attempts): it then rejects with an LtsAbortError (name "AbortError", cause the signal's reason), or an LtsTimeoutError (name "TimeoutError") when the reason is a TimeoutError, as with AbortSignal.timeout(). */
  signal?: AbortSignal;
}
/** One broken rule: where, which rule, its bound, and a sentence to show. */
export interface ValidationIssue {
  path: string;
  rule: "required" | "type" | "min_length" | "max_length" | "well_formed" | "control_character" | "unknown_field" | "requires" | "format" | "range" | "provider" | "one_of" | "duplicate" | "min_items" | "max_items" | "whitespace" | "too_many_issues" | "freed" | "not_found" | "conflict";
  limit?: number;
  message: string;
}
/** The regions this library knows (knownRegions() lists each with its endpoint). */
export type RegionName = "af-north-1" | "af-south-1" | "ae-ad-1" | "ap-southeast-1" | "ap-southeast-2" | "ap-southeast-3" | "ap-southeast-4" | "ap-southeast-5" | "cn-east-2" | "cn-east-3" | "cn-east-4" | "cn-east-5" | "cn-north-1" | "cn-north-2" | "cn-north-4" | "cn-north-9" | "cn-north-11" | "cn-north-12" | "cn-south-1" | "cn-south-2" | "cn-south-4" | "cn-southwest-2" | "cn-southwest-3" | "eu-west-101" | "la-north-2" | "la-south-2" | "me-east-1" | "my-kualalumpur-1" | "na-mexico-1" | "ru-moscow-1" | "sa-brazil-1" | "tr-west-1";
/** What a client is, as JSON.stringify(client) and util.inspect(client) show it: never a secret. */
export interface LtsClientDescription {
  /** The region it was given. */
  region?: string;
  endpoint: string;
  /** IAM's endpoint, when the client can find its project. */
  iamEndpoint?: string;
  /** The projectId option, or the project found from the region once known; null before. */
  projectId: string | null;
  credentials: "token" | "ak/sk" | "temporary ak/sk" | "function" | "unreadable";
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
/** A request that would be sent, with secrets shown as "***" unless revealSecrets. */
export interface RequestPreviewOf<M extends "POST" | "GET" | "PUT" | "DELETE", B extends string | null> {
  method: M;
  url: string;
  headers: Record<string, string>;
  /** The JSON body, or null for a request without one (a list, a delete). */
  body: B;
}
/** The request a registration or a transfer's creation would send. */
export type RequestPreview = RequestPreviewOf<"POST", string>;
/** The names of the errors lts-kafka throws: the class names, except the platform's TimeoutError (LtsTimeoutError) and AbortError (LtsAbortError). */
export type LtsErrorName = "LtsConfigError" | "LtsValidationError" | "LtsApiError" | "LtsNetworkError" | "TimeoutError" | "AbortError" | "LtsCredentialsError" | "LtsProjectError";
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
  /** How many requests were sent (0 when none was). */
  attempts: number;
  /** An abort's: the signal's reason. A network error's or a failed credentials function's: a copy of the error thrown, redacted. */
  cause?: unknown;
  /** Every problem, for LtsConfigError and LtsValidationError. */
  issues?: ValidationIssue[];
  /** LtsProjectError: the region whose project was looked for. */
  region?: string;
  /** LtsProjectError: the IAM endpoint asked. */
  iamEndpoint?: string;
  /** LtsProjectError: IAM's X-IAM-Trace-Id, or null. */
  traceId?: string | null;
  /** LtsProjectError: the ids of the projects named as the region (none, or several to choose from). */
  projectIds?: string[];
  /** ensureKafkaTransfer only: the step that failed ("groups" and "streams" find names, before anything is written). */
  step?: "groups" | "streams" | "register" | "list" | "create";
  /** ensureKafkaTransfer only: what had been done when it failed. */
  done?: EnsureKafkaTransferReport;
}
/** One log stream of a transfer. */
export interface LogStreamRef {
  /** The stream's id: a UUID (36 characters). */
  log_stream_id: string;
  /** Its name, 1 to 64 characters. */
  log_stream_name?: string;
}
/** Where a DMS transfer delivers. */
export interface DmsTransferDetail {
  /** The registered Kafka instance's id (its instance_id), 1 to 36 characters. */
  kafka_id: string;
  /** The topic: 3 to 200 characters, a letter, then letters, digits, . _ -. */
  kafka_topic: string;
  /** log_storage_format JSON only: the transfer's tag fields. */
  lts_tags?: string[];
  /** log_storage_format JSON only: the log stream's tag fields. */
  stream_tags?: string[];
  /** log_storage_format JSON only: the structured fields. */
  struct_fields?: string[];
  /** log_storage_format JSON only: what stands in for an invalid field. */
  invalid_field_value?: string;
}
/** A cross-account transfer: all six fields or none. */
export interface AgencyTransfer {
  agency_domain_id: string;
  agency_domain_name: string;
  agency_name: string;
  /** 32 characters. */
  agency_project_id: string;
  be_agency_domain_id: string;
  /** 32 characters. */
  be_agency_project_id: string;
}
/** The body of createTransfer: a DMS transfer, in the API's wire names. */
export interface CreateTransferRequest {
  /** The log group's id: a UUID. */
  log_group_id: string;
  /** 1 to 1000 streams of that group, none twice. */
  log_streams: LogStreamRef[];
  log_transfer_info: {
    /** The only value, and the default. */
    log_transfer_type?: "DMS";
    /** The only value, and the default. */
    log_transfer_mode?: "realTime";
    log_storage_format: "RAW" | "JSON";
    log_transfer_status: "ENABLE" | "DISABLE";
    log_agency_transfer?: AgencyTransfer;
    log_transfer_detail: DmsTransferDetail;
  };
}
/** A part of an update: updateTransfer reads the transfer first and keeps what is left out. */
export interface UpdateTransferPatch {
  log_transfer_id: string;
  log_transfer_info?: {
    log_storage_format?: "RAW" | "JSON";
    log_transfer_status?: "ENABLE" | "DISABLE";
    log_transfer_detail?: Partial<DmsTransferDetail>;
  };
}
/** The body of updateTransfer: the format, the status and the whole destination again (a listed transfer's read-only fields are accepted and not sent). */
export interface UpdateTransferRequest {
  /** The transfer's id: a UUID (or 32 hex digits). */
  log_transfer_id: string;
  log_group_id?: string;
  log_streams?: LogStreamRef[];
  log_transfer_info: {
    log_storage_format: "RAW" | "JSON";
    log_transfer_status: "ENABLE" | "DISABLE";
    log_transfer_detail: DmsTransferDetail;
    /** May be given, as DMS: an update cannot change it (it is not sent). */
    log_transfer_type?: "DMS";
    /** May be given, as realTime: an update cannot change it (it is not sent). */
    log_transfer_mode?: "realTime";
    /** Read-only (as listed): accepted, not sent. */
    log_create_time?: number;
    /** Read-only (as listed): accepted, not sent. */
    log_agency_transfer?: AgencyTransfer | null;
  };
  /** Read-only (as listed): accepted, not sent. */
  log_group_name?: string;
  /** Read-only (as listed): accepted, not sent. */
  log_group_name_alias?: string;
}
/** The filters of listTransfers, each optional. */
export interface ListTransfersQuery {
  log_transfer_type?: "DMS" | "OBS" | "DIS";
  /** 1 to 64 characters. */
  log_group_name?: string;
  /** 1 to 64 characters. */
  log_stream_name?: string;
}
/** The argument of deleteTransfer. */
export interface DeleteTransferRequest {
  /** The transfer's id: a UUID (or 32 hex digits). */
  log_transfer_id: string;
}
/** A transfer's destination as the service describes it: a DMS transfer's kafka_id and kafka_topic, an OBS or DIS transfer's own fields. */
export interface TransferDetail {
  kafka_id?: string;
  kafka_topic?: string;
  [field: string]: unknown;
}
/** A transfer, as the service sent it (other keys it sends are kept too). */
export interface Transfer {
  log_group_id: string;
  log_group_name?: string;
  log_streams: { log_stream_id: string; log_stream_name?: string }[];
  log_transfer_id: string;
  log_transfer_info: {
    log_transfer_type: "DMS" | "OBS" | "DIS" | (string & {});
    log_transfer_mode?: "realTime" | "cycle" | (string & {});
    log_storage_format?: "RAW" | "JSON" | (string & {});
    /** EXCEPTION: the Kafka instance or topic is gone; recreate the transfer. */
    log_transfer_status?: "ENABLE" | "DISABLE" | "EXCEPTION" | (string & {});
    /** Milliseconds since the epoch. */
    log_create_time?: number;
    log_agency_transfer?: AgencyTransfer | null;
    log_transfer_detail: TransferDetail;
  };
}
/** A transfer and the answer's X-Request-Id (not enumerable: a spread or JSON.stringify leaves it out). */
export type TransferOutput = Transfer & { readonly requestId: string | null };
/** What deleteTransfer resolves to: the id, and the deleted transfer (null when the service answered with an empty body). */
export interface DeletedTransfer {
  log_transfer_id: string;
  log_transfer: Transfer | null;
  readonly requestId: string | null;
}
/** The transfers a list returned, and the answer's X-Request-Id (not enumerable). */
export interface ListTransfersOutput {
  log_transfers: Transfer[];
  readonly requestId: string | null;
}
/** ensureKafkaTransfer's input: register the instance first (instance), or name one registered before (kafka_id). */
export type EnsureKafkaTransferInput = EnsureKafkaTransferTarget &
  ({ instance: RegisterDmsKafkaInstanceRequest; kafka_id?: never } | { kafka_id: string; instance?: never });
/** What ensureKafkaTransfer makes true. */
export type EnsureKafkaTransferTarget = EnsureKafkaTransferDestination &
  (
    | { /** The streams' log group: a UUID. */ log_group_id: string; log_group_name?: never }
    | { /** The streams' log group by its name (exact match), found before anything is written. */ log_group_name: string; log_group_id?: never }
  );
/** A stream of an onboarding: by id, or by its name in the group (exact match). */
export type EnsureStreamRef = LogStreamRef | { log_stream_name: string; log_stream_id?: never };
/** Where the streams go, and which. */
export interface EnsureKafkaTransferDestination {
  /** The streams that must deliver to the instance and topic, by id or name, or "all" for every stream of the group. */
  log_streams: EnsureStreamRef[] | "all";
  kafka_topic: string;
  /** The status a created transfer gets. Default ENABLE. */
  log_transfer_status?: "ENABLE" | "DISABLE";
}
/** What happened to one requested stream. */
export type EnsuredStream = { log_stream_id: string; /** When it was named or listed. */ log_stream_name?: string } & (
  | { outcome: "created" | "already_delivered"; log_transfer_id: string; log_transfer_status: "ENABLE" | "DISABLE" | "EXCEPTION" | (string & {}) }
  | { outcome: "delivered_elsewhere"; log_transfer_id: string; destination: { kafka_id: string | null; kafka_topic: string | null } }
  /** Only in an error's `done`: the create that would deliver it did not succeed. */
  | { outcome: "not_created" }
);
/** ensureKafkaTransfer's report. */
export interface EnsureKafkaTransferReport {
  kafka_id: string;
  /** null only in an error's `done`, when a group named by its name was not found. */
  log_group_id: string | null;
  /** When the group was named by its name. */
  log_group_name?: string;
  kafka_topic: string;
  registration: "registered" | "already_registered" | "skipped";
  streams: EnsuredStream[];
  /** Every stream now goes to this instance and topic, in a transfer with the status asked for. */
  complete: boolean;
  /** The last request's X-Request-Id (not enumerable). */
  readonly requestId: string | null;
  /** The X-Request-Id of each step that ran (list: the last list); not enumerable. */
  readonly requestIds: { register: string | null; list: string | null; create: string | null };
}
/** listLogStreams' argument. */
export interface ListLogStreamsRequest {
  /** The group's id: a UUID (from listLogGroups). */
  log_group_id: string;
}
/** A log group as the service describes it (other fields are kept). */
export interface LogGroup {
  log_group_id: string;
  log_group_name: string;
  /** Milliseconds since the epoch. */
  creation_time?: number;
  ttl_in_days?: number;
  tag?: Record<string, string>;
  log_group_name_alias?: string;
  [field: string]: unknown;
}
/** A log stream as the service describes it (other fields are kept). */
export interface LogStream {
  log_stream_id: string;
  log_stream_name: string;
  creation_time?: number;
  filter_count?: number;
  tag?: Record<string, string>;
  log_stream_name_alias?: string;
  [field: string]: unknown;
}
/** listLogGroups' result. */
export interface ListLogGroupsOutput {
  log_groups: LogGroup[];
  /** The answer's X-Request-Id (not enumerable). */
  readonly requestId: string | null;
}
/** listLogStreams' result. */
export interface ListLogStreamsOutput {
  log_streams: LogStream[];
  /** The answer's X-Request-Id (not enumerable). */
  readonly requestId: string | null;
}
