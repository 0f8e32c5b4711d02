// A Vercel Edge Function that uses lts-kafka the way an application would: the package is
// imported by name, so the bundler picks the `edge-light` export condition. Everything the test
// needs to check comes back as one JSON answer; the endpoint and the credentials come from
// environment variables, as Vercel provides them (process.env).
import {
  LtsClient,
  LtsApiError,
  LtsValidationError,
  isLtsError,
  ready,
  validateRegisterDmsKafkaInstance,
  fromEnv,
} from "lts-kafka";

export const config = { runtime: "edge" };

const body = (id) => ({ instance_id: id, kafka_name: "kafka-prod", connect_info: {} });

function describeError(e) {
  return {
    name: e?.name,
    message: e?.message,
    code: e?.code ?? null,
    status: e?.status ?? null,
    requestId: e?.requestId ?? null,
    requestMayHaveBeenSent: e?.requestMayHaveBeenSent,
    issues: e?.issues?.map((i) => [i.path, i.rule]),
    isLtsError: isLtsError(e),
    json: typeof e?.toJSON === "function" ? e.toJSON() : null,
  };
}

export default async function handler(request) {
  const env = process.env;
  const out = { runtime: "edge-light" };
  try {
    await ready();
    out.issues = validateRegisterDmsKafkaInstance({ instance_id: "", kafka_name: "k".repeat(257) }).map(
      (i) => [i.path, i.rule, i.limit ?? null],
    );
    const client = new LtsClient({
      projectId: env.LTS_PROJECT_ID,
      endpoint: env.LTS_URL,
      credentials: { token: env.LTS_TOKEN },
    });
    try {
      await client.registerDmsKafkaInstance({ instance_id: "x" });
      out.invalid = "resolved";
    } catch (e) {
      out.invalid = { ...describeError(e), instanceofClass: e instanceof LtsValidationError };
    }

    const t0 = performance.now();
    const tokenResult = await client.registerDmsKafkaInstance(body(env.INSTANCE_TOKEN));
    // requestId is readable but not enumerable: JSON carries it only when asked for.
    out.tokenKeys = Object.keys(tokenResult);
    out.token = { ...tokenResult, requestId: tokenResult.requestId };
    out.firstCallMs = performance.now() - t0;

    const signer = new LtsClient({
      projectId: env.LTS_PROJECT_ID,
      endpoint: env.LTS_URL,
      credentials: { ak: env.LTS_AK, sk: env.LTS_SK },
    });
    const signedResult = await signer.registerDmsKafkaInstance(body(env.INSTANCE_SIGNED));
    out.signed = { ...signedResult, requestId: signedResult.requestId };

    try {
      await client.registerDmsKafkaInstance(body(env.INSTANCE_TOKEN));
      out.duplicate = "resolved";
    } catch (e) {
      out.duplicate = { ...describeError(e), instanceofClass: e instanceof LtsApiError };
    }

    // A DMS transfer of a log stream to the instance registered above: created with the
    // token, listed and deleted signed.
    const created = await client.createTransfer({
      log_group_id: env.LOG_GROUP_ID,
      log_streams: [{ log_stream_id: env.LOG_STREAM_ID }],
      log_transfer_info: {
        log_transfer_type: "DMS",
        log_transfer_mode: "realTime",
        log_storage_format: "RAW",
        log_transfer_status: "ENABLE",
        log_transfer_detail: { kafka_id: env.INSTANCE_TOKEN, kafka_topic: "lts-logs" },
      },
    });
    const listed = await signer.listTransfers({ log_transfer_type: "DMS" });
    const deleted = await signer.deleteTransfer({ log_transfer_id: created.log_transfer_id });
    out.transfer = { created: { ...created, requestId: created.requestId }, listed, deleted };

    // No project id: the project found from the region through IAM, the keys from the
    // environment (fromEnv), the group and stream named by their names; the transfer it made
    // is deleted again.
    const named = new LtsClient({ region: "cn-north-4", endpoints: { lts: env.LTS_URL, iam: env.LTS_URL }, ...fromEnv(env) });
    const projectFound = await named.resolveProjectId();
    const report = await named.ensureKafkaTransfer({
      kafka_id: env.INSTANCE_TOKEN,
      log_group_name: env.LOG_GROUP_NAME,
      log_streams: [{ log_stream_name: env.LOG_STREAM_NAME }],
      kafka_topic: "lts-logs-named",
    });
    const removed = await named.deleteTransfer({ log_transfer_id: report.streams[0].log_transfer_id });
    out.discovery = { projectFound, report, removed: removed.log_transfer_id };
    return Response.json(out);
  } catch (e) {
    out.error = { ...describeError(e), stack: e?.stack };
    return Response.json(out, { status: 500 });
  }
}
