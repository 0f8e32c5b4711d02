// What both API routes do, in the Node.js and in the Edge runtime alike: register a DMS Kafka
// instance with LTS, then create a DMS transfer that delivers one log stream to it.
//
// POST JSON { instance_id, kafka_name, connect_info?, log_group_id, log_stream_id, kafka_topic }
//   200 { registration: { instance_id, requestId }, transfer: { log_transfer_id, requestId } }
//   4xx/5xx { name, code, status, message, requestId, step, issues?, registration? }
import {
  LtsClient,
  isLtsError,
  ready,
  validateCreateTransfer,
  validateRegisterDmsKafkaInstance,
} from "lts-kafka";

// Read at request time, not at build time: the same build runs against any project.
function clientFromEnv() {
  return new LtsClient({
    // Unset, they are empty: the client refuses them with a message naming each.
    projectId: process.env.LTS_PROJECT_ID ?? "",
    endpoint: process.env.LTS_ENDPOINT || undefined,
    region: process.env.LTS_REGION || undefined,
    credentials: { token: process.env.LTS_TOKEN ?? "" },
  });
}

/**
 * The HTTP status this route answers an lts-kafka error with.
 * @param {import("lts-kafka").LtsError} e
 */
function httpStatusOf(e) {
  switch (e.name) {
    case "LtsValidationError":
      return 400;
    case "LtsApiError":
      // The service refused what the caller sent (LTS.1711: registered already; an unknown log
      // stream): say so. 401 and 403 refuse this server's token, not the caller: a gateway error.
      if (e.status !== null && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403 && e.status !== 429) {
        return e.status;
      }
      return e.retryable ? 503 : 502;
    case "LtsNetworkError":
      return 502;
    // LtsTimeoutError's name is the platform's.
    case "TimeoutError":
      return 504;
    default:
      // LtsConfigError: LTS_* is missing or wrong on this server.
      return 500;
  }
}

/**
 * @param {import("lts-kafka").LtsError} e
 * @param {string} step
 * @param {{ instance_id: string, requestId: string | null }} [registration]
 */
function failure(e, step, registration) {
  /** @type {Record<string, unknown>} */
  const answer = {
    name: e.name,
    code: e.code ?? null,
    status: e.status ?? null,
    message: e.message,
    requestId: e.requestId ?? null,
    step,
  };
  if (e.issues) answer.issues = e.issues;
  // Registration is one-shot: a caller whose transfer failed must not register again.
  if (registration) answer.registration = registration;
  return Response.json(answer, { status: httpStatusOf(e) });
}

/** @param {string} message */
function badRequest(message) {
  return Response.json(
    { name: "BadRequest", code: null, status: null, message, requestId: null, step: "input" },
    { status: 400 },
  );
}

/** @param {Request} request */
export async function registerAndTransfer(request) {
  let input;
  try {
    input = await request.json();
  } catch {
    return badRequest("the body must be JSON");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return badRequest("the body must be a JSON object");
  }
  const { instance_id, kafka_name, connect_info = {}, log_group_id, log_stream_id, kafka_topic } = input;
  /** @type {import("lts-kafka").RegisterDmsKafkaInstanceRequest} */
  const registrationBody = { instance_id, kafka_name, connect_info };
  // A DMS transfer in real time: lts-kafka fills in log_transfer_type and log_transfer_mode.
  /** @type {import("lts-kafka").CreateTransferRequest} */
  const transferBody = {
    log_group_id,
    log_streams: [{ log_stream_id }],
    log_transfer_info: {
      log_storage_format: "RAW",
      log_transfer_status: "ENABLE",
      log_transfer_detail: { kafka_id: instance_id, kafka_topic },
    },
  };

  let client;
  try {
    client = clientFromEnv();
  } catch (e) {
    if (!isLtsError(e)) throw e;
    return failure(e, "config");
  }

  // Both bodies are checked before anything is sent, so that a bad topic cannot leave an
  // instance registered (once only) without its transfer.
  await ready();
  const issues = [
    ...validateRegisterDmsKafkaInstance(registrationBody),
    // kafka_id is instance_id: its problems are already listed under that name.
    ...validateCreateTransfer(transferBody).filter((i) => !i.path.endsWith(".kafka_id")),
  ];
  if (issues.length > 0) {
    return Response.json(
      {
        name: "LtsValidationError",
        code: null,
        status: null,
        message: `the request breaks ${issues.length} rule(s); nothing was sent`,
        requestId: null,
        step: "input",
        issues,
      },
      { status: 400 },
    );
  }

  let registration;
  try {
    registration = await client.registerDmsKafkaInstance(registrationBody);
  } catch (e) {
    if (!isLtsError(e)) throw e;
    return failure(e, "register");
  }
  try {
    const transfer = await client.createTransfer(transferBody);
    return Response.json({
      registration: { instance_id: registration.instance_id, requestId: registration.requestId },
      transfer: { log_transfer_id: transfer.log_transfer_id, requestId: transfer.requestId },
    });
  } catch (e) {
    if (!isLtsError(e)) throw e;
    return failure(e, "transfer", registration);
  }
}
