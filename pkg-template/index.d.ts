/// <reference lib="esnext.disposable" />
// Public typings of lts-kafka. The request, response, option and error shapes are generated
// from the Rust crate into lts_kafka.d.ts; this file only picks what is public.
import type { LtsError, LtsErrorName, ValidationIssue } from "./lts_kafka.js";

export type {
  RegisterDmsKafkaInstanceRequest,
  RegisterDmsKafkaInstanceOutput,
  ConnectInfo,
  Credentials,
  TokenCredentials,
  FetchLike,
  LtsClientOptions,
  AttemptRecord,
  CallOptions,
  CallSettings,
  RetryOptions,
  StaticCredentials,
  AkSkCredentials,
  CredentialsProvider,
  ValidationIssue,
  RequestPreview,
  PreviewOptions,
  KnownRegion,
  LtsError,
  LtsErrorName,
  RequestPreviewOf,
  LogStreamRef,
  DmsTransferDetail,
  AgencyTransfer,
  CreateTransferRequest,
  UpdateTransferRequest,
  UpdateTransferPatch,
  RegionName,
  LtsClientDescription,
  ListTransfersQuery,
  DeleteTransferRequest,
  Transfer,
  TransferDetail,
  TransferOutput,
  DeletedTransfer,
  ListTransfersOutput,
  EnsureKafkaTransferInput,
  EnsureKafkaTransferTarget,
  EnsureKafkaTransferDestination,
  EnsureStreamRef,
  EnsuredStream,
  EnsureKafkaTransferReport,
  ListLogStreamsRequest,
  LogGroup,
  LogStream,
  ListLogGroupsOutput,
  ListLogStreamsOutput,
} from "./lts_kafka.js";
export {
  LtsClient,
  validateRegisterDmsKafkaInstance,
  validateCreateTransfer,
  validateUpdateTransfer,
  validateListTransfersQuery,
  validateDeleteTransfer,
  validateEnsureKafkaTransfer,
  knownRegions,
} from "./lts_kafka.js";

export { fromEnv, fromProfile } from "./providers.js";
export type { CredentialOptions, CredentialSourceErrorCode, FromProfileOptions } from "./providers.js";

/** Whether a value is an error thrown by lts-kafka (works across copies of the package). */
export declare function isLtsError(value: unknown): value is LtsError;

/** The constructor of one lts-kafka error class. */
export interface LtsErrorClass<N extends LtsErrorName> {
  new (message: string, props?: Partial<Omit<LtsError, "name" | "message">>): LtsError & { name: N };
  readonly prototype: LtsError & { name: N };
}

/** The options are wrong (client, call or preview options), or the client was freed. Nothing was sent. */
export declare const LtsConfigError: LtsErrorClass<"LtsConfigError">;
/** The body breaks the API's rules; `issues` lists every problem. Nothing was sent. */
export declare const LtsValidationError: LtsErrorClass<"LtsValidationError">;
/** The service answered with an error: `status`, `code`, `message`, `requestId`. */
export declare const LtsApiError: LtsErrorClass<"LtsApiError">;
/** No answer arrived (connection refused or reset, DNS, CORS). */
export declare const LtsNetworkError: LtsErrorClass<"LtsNetworkError">;
/** A time ran out: an attempt's timeoutMs, the call's deadlineMs, the credentials function's wait, or the caller's AbortSignal.timeout(). Its name is "TimeoutError". */
export declare const LtsTimeoutError: LtsErrorClass<"TimeoutError">;
/** The caller aborted through its AbortSignal; `cause` is the signal's reason. Its name is "AbortError". */
export declare const LtsAbortError: LtsErrorClass<"AbortError">;
/** The credentials function threw or rejected (retryable), or gave something that is not credentials. */
export declare const LtsCredentialsError: LtsErrorClass<"LtsCredentialsError">;
/** The project id could not be found from the region: IAM lists no project of that name for these credentials, or several (`projectIds`). Nothing else was sent; pass projectId. */
export declare const LtsProjectError: LtsErrorClass<"LtsProjectError">;

/**
 * Loads the wasm module. Needed before the synchronous helpers in browsers and workers;
 * immediate in Node. `source` overrides where the .wasm comes from.
 */
export declare function ready(source?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
