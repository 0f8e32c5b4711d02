// What an operator should do about each error, in plain language. Keyed by the service's
// error code first, then by the library's error name. Both tables are Maps: the code comes
// from the service's answer, and a plain object would answer "__proto__" or "constructor"
// with what it inherits from Object.prototype.

const NETWORK_HINT =
  "No answer arrived. If you use a proxy, check that it is up. LTS answers no CORS preflight, so a " +
  "browser page must call it through a same-origin proxy. If the service answered but registration " +
  "cannot reach Kafka, check the instance's security group: it must allow inbound 198.19.128.0/17 " +
  "on port 9011 (and the subnet's network ACL too).";

export const HINTS_BY_CODE = new Map(Object.entries({
  "LTS.1719":
    "The SASL user name or password is wrong. Check them in the DMS console; for an instance without " +
    "SASL, switch SASL off so the request sends connect_info: {}.",
  "LTS.1711":
    "This instance is already registered with LTS: registration happens once. Create a log transfer to it instead.",
  "APIGW.0301":
    "The token or the access key signature was rejected: it is missing, malformed or expired, or the " +
    "secret key is wrong. Get a new token from IAM for this project's region. After more than 5 bad " +
    "signatures in a row the gateway locks the access key for 5 minutes.",
  "APIGW.0307":
    "The token has expired or belongs to another region: get a new token for this endpoint's region.",
  "APIGW.0308": "The gateway is throttling requests. Wait a moment and try again.",
  "APIGW.0101": "No such API at this endpoint: check the endpoint (and the proxy's path prefix).",
  "LTS.0010":
    "LTS had an internal error. Try again later; if it persists, give Huawei support the request ID below.",
  "LTS.0403": "The project ID does not match the credentials: use the project the token or key belongs to.",
  "LTS.0011": "The project ID does not match the credentials, or the user lacks permission lts:transfer:registerDmsKafkaInstance.",
  "LTS.0001": "The project ID is not valid for these credentials.",
  "LTS.0003": "The token is not valid: get a new one from IAM.",
  "LTS.0414": "The token is not valid: get a new one from IAM.",
  "LTS.0009":
    "The service refused the request: check the fields above. For a transfer that cannot be found, " +
    "refresh the list: it may have been deleted already.",
  "LTS.0201": "No such log group in this project: copy the log group's ID from the LTS console.",
  "LTS.0208":
    "A log stream does not exist, or belongs to another log group: copy the stream IDs from that log group.",
  "LTS.0207":
    "A log stream already has a DMS transfer (see the table below): a stream can have one. Disable or " +
    "delete that transfer, or leave the stream out.",
  "LTS.1901": "The service refused a value that is not in its list: check the format and the status.",
  "LTS.1712": "This Kafka instance is not registered with LTS: register it in the step above first.",
}));

// By the error's name: lts-kafka's timeout and abort errors (LtsTimeoutError, LtsAbortError)
// carry the platform's names, "TimeoutError" and "AbortError".
export const HINTS_BY_NAME = new Map(Object.entries({
  LtsNetworkError: NETWORK_HINT,
  TimeoutError:
    "No complete answer in time. " + NETWORK_HINT,
  LtsValidationError: "Fix the highlighted fields: nothing was sent.",
  LtsConfigError: "Fix the endpoint, project or credentials above: nothing was sent.",
  LtsCredentialsError: "The credentials could not be obtained: check the token or the access key above.",
  LtsProjectError:
    "IAM lists no project named as the region for these credentials: check the region, and that the token " +
    "or key belongs to that region's project. Or type the project ID.",
  AbortError: "The request was cancelled.",
  LtsApiError: "The service refused the request; the message and code above say why.",
}));

const SEVERAL_PROJECTS =
  "Several projects are named as the region for these credentials (the region's project and another of the " +
  "same name): choose the one the log groups are in. Its ID fills the project ID field.";

/** A plain-language hint for an lts-kafka error. */
export function hintFor(error) {
  const code = error?.code;
  const name = error?.name;
  if (name === "LtsProjectError" && Array.isArray(error.projectIds) && error.projectIds.length > 1) return SEVERAL_PROJECTS;
  return (
    (typeof code === "string" ? HINTS_BY_CODE.get(code) : undefined) ??
    (typeof name === "string" ? HINTS_BY_NAME.get(name) : undefined) ??
    ""
  );
}
