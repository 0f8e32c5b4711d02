// The checks a browser page runs against lts-kafka, shared by the no-bundler page (browser/)
// and the Vite consumer (vite/). The page passes in what it imported by name from "lts-kafka";
// the test reads window.results. Settings come from the query string (set by the test).
const TIMINGS = {};
const mark = (name) => (TIMINGS[name] = Math.round(performance.now()));

async function attempt(fn) {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error };
  }
}

async function capture(fn) {
  try {
    const value = await fn();
    // requestId is readable but not enumerable: the page's JSON carries it only when asked for.
    if (value !== null && typeof value === "object" && "requestId" in value) {
      return { threw: false, keys: Object.keys(value), value: { ...value, requestId: value.requestId } };
    }
    return { threw: false, value };
  } catch (e) {
    return { threw: true, ...describeError(e) };
  }
}

function describeError(e) {
  return {
    name: e?.name,
    message: String(e?.message ?? e),
    code: e?.code ?? null,
    status: e?.status ?? null,
    requestId: e?.requestId ?? null,
    retryable: e?.retryable,
    requestMayHaveBeenSent: e?.requestMayHaveBeenSent,
    issues: e?.issues,
    isError: e instanceof Error,
    json: typeof e?.toJSON === "function" ? e.toJSON() : null,
  };
}

export async function runChecks(lib, runtime) {
  mark("moduleEvaluated");
  const { ready, LtsClient, isLtsError, validateRegisterDmsKafkaInstance, LtsApiError, LtsValidationError } = lib;
  const q = new URLSearchParams(location.search);
  const projectId = q.get("projectId");
  const endpoint = location.origin + q.get("prefix");
  const [saslUser, saslPwd] = q.get("sasl").split(":");
  const ids = q.get("ids").split(",");
  const out = { runtime, importOk: true, exported: Object.keys(lib).filter((k) => lib[k] !== undefined).sort() };

  // The synchronous helpers refuse before the wasm is loaded (the browser entry loads lazily).
  out.beforeReady = await capture(() => validateRegisterDmsKafkaInstance({}));

  await ready();
  mark("ready");

  // Validation: synchronous, every problem, nothing sent.
  out.invalidIssues = validateRegisterDmsKafkaInstance({ instance_id: "", kafka_name: 123, kafkaName: "x" });
  out.validIssues = validateRegisterDmsKafkaInstance({ instance_id: ids[0], kafka_name: "k", connect_info: {} });

  // Token: a SASL_SSL instance, through the same-origin proxy.
  const tokenClient = new LtsClient({ projectId, endpoint, credentials: { token: q.get("token") } });
  const saslBody = { instance_id: ids[0], kafka_name: "kafka-sasl", connect_info: { user_name: saslUser, pwd: saslPwd } };
  out.token = await capture(() => tokenClient.registerDmsKafkaInstance(saslBody));
  mark("firstCall");

  // AK/SK: signed for the Host and path the page addressed (the proxy forwards both unchanged).
  const akClient = new LtsClient({ projectId, endpoint, credentials: { ak: q.get("ak"), sk: q.get("sk") } });
  const akBody = { instance_id: ids[1], kafka_name: "kafka-aksk", connect_info: {} };
  const preview = akClient.buildRegisterDmsKafkaInstanceRequest(akBody);
  out.preview = { url: preview.url, method: preview.method, authorization: preview.headers.Authorization ?? preview.headers.authorization ?? null };
  out.akSk = await capture(() => akClient.registerDmsKafkaInstance(akBody));

  // Temporary keys from an async credentials function.
  const tempClient = new LtsClient({
    projectId,
    endpoint,
    credentials: async () => ({ ak: q.get("ak2"), sk: q.get("sk2"), securityToken: q.get("st") }),
  });
  out.akSkTemp = await capture(() =>
    tempClient.registerDmsKafkaInstance({ instance_id: ids[2], kafka_name: "kafka-temp", connect_info: {} }),
  );

  // A second registration: LtsApiError LTS.1711.
  const dup = await attempt(() => tokenClient.registerDmsKafkaInstance(saslBody));
  out.duplicate = {
    threw: dup.error !== undefined,
    ...describeError(dup.error),
    isLtsError: isLtsError(dup.error),
    instanceOfApiError: dup.error instanceof LtsApiError,
  };

  // A wrong secret key: the endpoint really verifies signatures (401 APIGW.0301).
  const badClient = new LtsClient({ projectId, endpoint, credentials: { ak: q.get("ak"), sk: q.get("sk") + "x" } });
  out.badSignature = await capture(() =>
    badClient.registerDmsKafkaInstance({ instance_id: ids[3], kafka_name: "kafka-bad", connect_info: {} }),
  );

  // A body that breaks the rules is rejected before anything is sent.
  const invalid = await attempt(() => tokenClient.registerDmsKafkaInstance({ instance_id: ids[4], kafka_name: "" }));
  out.validationReject = {
    threw: invalid.error !== undefined,
    ...describeError(invalid.error),
    isLtsError: isLtsError(invalid.error),
    instanceOfValidationError: invalid.error instanceof LtsValidationError,
  };

  // A DMS transfer of a log stream to the SASL instance: created with the token, listed and
  // deleted signed (GET and DELETE with their queries, through the proxy).
  out.transfer = await capture(async () => {
    const created = await tokenClient.createTransfer({
      log_group_id: q.get("group"),
      log_streams: [{ log_stream_id: q.get("stream") }],
      log_transfer_info: {
        log_transfer_type: "DMS",
        log_transfer_mode: "realTime",
        log_storage_format: "RAW",
        log_transfer_status: "ENABLE",
        log_transfer_detail: { kafka_id: ids[0], kafka_topic: "lts-logs" },
      },
    });
    const listed = await akClient.listTransfers({ log_transfer_type: "DMS" });
    const deleted = await akClient.deleteTransfer({ log_transfer_id: created.log_transfer_id });
    return { created: { ...created, requestId: created.requestId }, listed, deleted };
  });

  // No project id: the token's project found from the region, through the same proxy; the
  // group and stream named by their names; the transfer it made deleted again.
  out.discovery = await capture(async () => {
    const named = new LtsClient({ region: "cn-north-4", endpoints: { lts: endpoint, iam: endpoint }, credentials: { token: q.get("token") } });
    const projectFound = await named.resolveProjectId();
    const report = await named.ensureKafkaTransfer({
      kafka_id: ids[0],
      log_group_name: q.get("groupName"),
      log_streams: [{ log_stream_name: q.get("streamName") }],
      kafka_topic: "lts-logs-named",
    });
    const removed = await named.deleteTransfer({ log_transfer_id: report.streams[0].log_transfer_id });
    return { projectFound, report, removed: removed.log_transfer_id };
  });

  // Bad options: LtsConfigError at construction once the wasm is loaded.
  out.configError = await capture(() => new LtsClient({ projectId: "", region: "nowhere-1", credentials: {} }));

  out.timings = TIMINGS;
  out.done = true;
  return out;
}

export function fail(runtime, error) {
  return { runtime, done: true, error: String(error?.stack ?? error) };
}
