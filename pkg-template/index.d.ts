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
  ListTransfersQuery,
  DeleteTransferRequest,
  Transfer,
  TransferDetail,
  TransferOutput,
  DeletedTransfer,
  ListTransfersOutput,
  EnsureKafkaTransferInput,
  EnsureKafkaTransferTarget,
  EnsuredStream,
  EnsureKafkaTransferReport,
} from "./lts_kafka.js";
export {
  LtsClient,
  validateRegisterDmsKafkaInstance,
  validateCreateTransfer,
  validateUpdateTransfer,
  knownRegions,
} from "./lts_kafka.js";

/** Whether a value is an error thrown by lts-kafka (works across copies of the package). */
export declare function isLtsError(value: unknown): value is LtsError;

/** The constructor of one lts-kafka error class. */
export interface LtsErrorClass<N extends LtsErrorName> {
  new (message: string, props?: Partial<Omit<LtsError, "name" | "message">>): LtsError & { name: N };
  readonly prototype: LtsError & { name: N };
}

/** The options are wrong (client or call options). Nothing was sent. */
export declare const LtsConfigError: LtsErrorClass<"LtsConfigError">;
/** The body breaks the API's rules; `issues` lists every problem. Nothing was sent. */
export declare const LtsValidationError: LtsErrorClass<"LtsValidationError">;
/** The service answered with an error: `status`, `code`, `message`, `requestId`. */
export declare const LtsApiError: LtsErrorClass<"LtsApiError">;
/** No answer arrived (connection refused or reset, DNS, CORS). */
export declare const LtsNetworkError: LtsErrorClass<"LtsNetworkError">;
/** Our timer fired: an attempt exceeded timeoutMs, or the call deadlineMs. */
export declare const LtsTimeoutError: LtsErrorClass<"LtsTimeoutError">;
/** The caller aborted through its AbortSignal. */
export declare const LtsAbortError: LtsErrorClass<"LtsAbortError">;

/**
 * Loads the wasm module. Needed before the synchronous helpers in browsers and workers;
 * immediate in Node. `source` overrides where the .wasm comes from.
 */
export declare function ready(source?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
