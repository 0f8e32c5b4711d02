// The error classes lts-kafka throws. Told apart by `name`; `isLtsError` recognises them
// even when a bundle holds two copies of the package (where `instanceof` fails).
const BRAND = Symbol.for("lts-kafka.error");
/** What an LtsProjectError says of the lookup. */
const PROJECT_PROPS = ["region", "iamEndpoint", "traceId", "projectIds"];

export class LtsError extends Error {
  constructor(message, props = {}) {
    super(message, props.cause !== undefined ? { cause: props.cause } : undefined);
    Object.defineProperty(this, BRAND, { value: true });
    this.code = props.code ?? null;
    this.status = props.status ?? null;
    this.requestId = props.requestId ?? null;
    this.retryable = props.retryable === true;
    this.requestMayHaveBeenSent = props.requestMayHaveBeenSent === true;
    this.attempts = props.attempts ?? 0;
    if (props.issues !== undefined) this.issues = props.issues;
    if (props.step !== undefined) this.step = props.step;
    if (props.done !== undefined) this.done = props.done;
    for (const key of PROJECT_PROPS) if (props[key] !== undefined) this[key] = props[key];
  }

  toJSON() {
    const out = {
      name: this.name,
      message: this.message,
      code: this.code,
      status: this.status,
      requestId: this.requestId,
      retryable: this.retryable,
      requestMayHaveBeenSent: this.requestMayHaveBeenSent,
      attempts: this.attempts,
    };
    if (this.issues !== undefined) out.issues = this.issues;
    if (this.step !== undefined) out.step = this.step;
    if (this.done !== undefined) out.done = this.done;
    for (const key of PROJECT_PROPS) if (this[key] !== undefined) out[key] = this[key];
    return out;
  }
}
LtsError.prototype.name = "LtsError";

export class LtsConfigError extends LtsError {}
LtsConfigError.prototype.name = "LtsConfigError";
export class LtsValidationError extends LtsError {}
LtsValidationError.prototype.name = "LtsValidationError";
export class LtsApiError extends LtsError {}
LtsApiError.prototype.name = "LtsApiError";
export class LtsNetworkError extends LtsError {}
LtsNetworkError.prototype.name = "LtsNetworkError";
// A timeout and an abort carry the names the platform gives them (fetch, AbortSignal.timeout):
// code that checks `e.name === "AbortError"` works unchanged; the classes keep lts-kafka's names.
export class LtsTimeoutError extends LtsError {}
LtsTimeoutError.prototype.name = "TimeoutError";
export class LtsAbortError extends LtsError {}
LtsAbortError.prototype.name = "AbortError";
export class LtsCredentialsError extends LtsError {}
LtsCredentialsError.prototype.name = "LtsCredentialsError";
export class LtsProjectError extends LtsError {}
LtsProjectError.prototype.name = "LtsProjectError";

const CLASSES = {
  LtsConfigError,
  LtsValidationError,
  LtsApiError,
  LtsNetworkError,
  TimeoutError: LtsTimeoutError,
  AbortError: LtsAbortError,
  LtsCredentialsError,
  LtsProjectError,
};

/**
 * The error Rust describes as JSON ({ name, message, props }). Its cause: the signal's reason
 * for an abort (or a signal's timeout), or a copy of the runtime's (or the credentials
 * function's) error, redacted, rebuilt as an Error.
 */
export function errorFromJson(json, signalReason) {
  const { name, message, props } = JSON.parse(json);
  const Class = CLASSES[name] ?? LtsError;
  if (props.causeIsSignalReason === true) {
    delete props.causeIsSignalReason;
    if (signalReason !== undefined) props.cause = signalReason;
  } else if (props.cause !== null && typeof props.cause === "object") {
    const copy = new Error(props.cause.message);
    copy.name = props.cause.name;
    if (typeof props.cause.code === "string") copy.code = props.cause.code;
    props.cause = copy;
  }
  return new Class(message, props);
}

export function isLtsError(value) {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    value[BRAND] === true
  );
}
