// A TypeScript consumer of the installed package (strict). Positive uses must compile; every
// `@ts-expect-error` line must be an error (an unused one fails tsc), so the negatives are real.
import {
  LtsClient,
  LtsApiError,
  LtsValidationError,
  isLtsError,
  ready,
  validateRegisterDmsKafkaInstance,
  validateCreateTransfer,
  validateUpdateTransfer,
  validateListTransfersQuery,
  validateDeleteTransfer,
  validateEnsureKafkaTransfer,
  type ConnectInfo,
  type Credentials,
  type LtsClientOptions,
  type LtsError,
  type LtsErrorName,
  type RegisterDmsKafkaInstanceOutput,
  type RegisterDmsKafkaInstanceRequest,
  type RequestPreview,
  type ValidationIssue,
  type AttemptRecord,
  type CreateTransferRequest,
  type UpdateTransferRequest,
  type ListTransfersOutput,
  type TransferOutput,
  type DeletedTransfer,
  type Transfer,
  type LtsClientDescription,
  type EnsureKafkaTransferInput,
  type EnsureKafkaTransferReport,
} from "lts-kafka";
import { startLocalLts, type LocalLts } from "lts-kafka/testing";

/** True when A and B are the same type (any is only equal to any). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

const projectId = "0123456789abcdef0123456789abcdef";
const endpoint = "http://127.0.0.1:8080/lts-proxy";
const body: RegisterDmsKafkaInstanceRequest = {
  instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6",
  kafka_name: "kafka-prod",
  connect_info: { user_name: "lts", pwd: "secret" },
};
const noSasl: ConnectInfo = {};
const transfer: CreateTransferRequest = {
  log_group_id: "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0",
  log_streams: [{ log_stream_id: "839dac89-35af-4db2-ab4a-a7dda0d0d3f8" }],
  log_transfer_info: {
    log_transfer_type: "DMS",
    log_transfer_mode: "realTime",
    log_storage_format: "RAW",
    log_transfer_status: "ENABLE",
    log_transfer_detail: { kafka_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_topic: "lts-logs" },
  },
};
const disable: UpdateTransferRequest = {
  log_transfer_id: "5ec8a5c4-6f2b-4f7a-8b8e-2c3d4e5f6a7b",
  log_transfer_info: {
    log_storage_format: "RAW",
    log_transfer_status: "DISABLE",
    log_transfer_detail: { kafka_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_topic: "lts-logs" },
  },
};

export async function positives(): Promise<void> {
  await ready();
  await ready(new URL("https://cdn.example.com/lts_kafka_bg.wasm"));

  const withToken = new LtsClient({ projectId, region: "cn-north-4", credentials: { token: "t" } });
  const withKeys = new LtsClient({ projectId, endpoint, credentials: { ak: "AK", sk: "SK" } });
  const withTempKeys = new LtsClient({ projectId, endpoint, credentials: { ak: "AK", sk: "SK", securityToken: "ST" } });
  const refresh: Credentials = async () => ({ token: await Promise.resolve("fresh-token") });
  const withProvider = new LtsClient({ projectId, endpoint, credentials: refresh });
  const options: LtsClientOptions = {
    projectId,
    endpoint,
    credentials: () => ({ ak: "AK", sk: "SK" }),
    fetch: (url, init) => fetch(url, init),
  };
  const withFetch = new LtsClient(options);
  const seen: AttemptRecord[] = [];
  const observed = new LtsClient({
    projectId,
    endpoint,
    credentials: { token: "t" },
    onAttempt: (record) => {
      assertType<Equal<typeof record, AttemptRecord>>(true);
      assertType<Equal<typeof record.status, number | null>>(true);
      assertType<Equal<typeof record.retryInMs, number | null>>(true);
      const failed: LtsErrorName | null = record.error;
      void failed;
      seen.push(record);
    },
  });
  void observed;

  for (const client of [withToken, withKeys, withTempKeys, withProvider, withFetch]) {
    try {
      const out = await client.registerDmsKafkaInstance(
        { ...body, connect_info: noSasl },
        { signal: AbortSignal.timeout(5_000) },
      );
      assertType<Equal<typeof out, RegisterDmsKafkaInstanceOutput>>(true);
      assertType<Equal<typeof out.instance_id, string>>(true);
      assertType<Equal<typeof out.requestId, string | null>>(true);
      const id: string = out.instance_id;
      const requestId: string | null = out.requestId;
      void id;
      void requestId;
    } catch (e: unknown) {
      if (isLtsError(e)) {
        assertType<Equal<typeof e, LtsError>>(true);
        assertType<Equal<typeof e.code, string | null>>(true);
        assertType<Equal<typeof e.status, number | null>>(true);
        assertType<Equal<typeof e.issues, ValidationIssue[] | undefined>>(true);
        assertType<Equal<typeof e.name, LtsErrorName>>(true);
        assertType<Equal<typeof e.retryable, boolean>>(true);
        const where: string[] = (e.issues ?? []).map((i) => `${i.path}: ${i.rule} ${i.limit ?? ""}`);
        void where;
        if (e.name === "LtsApiError" && e.code === "LTS.1711") console.log(e.status, e.requestId);
        // @ts-expect-error: lts-kafka throws no error with this name
        if (e.name === "LtsNopeError") console.log("never");
        const message: string = e.message;
        void message;
      }
      if (e instanceof LtsApiError) {
        assertType<Equal<typeof e.name, "LtsApiError">>(true);
      }
      if (e instanceof LtsValidationError) {
        const issues: ValidationIssue[] | undefined = e.issues;
        void issues;
      }
    }
  }

  const preview: RequestPreview = withToken.buildRegisterDmsKafkaInstanceRequest(body);
  const method: "POST" = preview.method;
  void method;

  const issues = validateRegisterDmsKafkaInstance({ kafka_name: 123 });
  assertType<Equal<typeof issues, ValidationIssue[]>>(true);
  const rules: ValidationIssue["rule"][] = issues.map((i) => i.rule);
  void rules;

  // The transfers and the onboarding.
  const created = await withKeys.createTransfer(transfer, { timeoutMs: 5_000 });
  assertType<Equal<typeof created, TransferOutput>>(true);
  const transferId: string = created.log_transfer_id;
  const createdAt: number | undefined = created.log_transfer_info.log_create_time;
  void createdAt;
  const listed = await withKeys.listTransfers({ log_transfer_type: "DMS" });
  assertType<Equal<typeof listed, ListTransfersOutput>>(true);
  const everything = await withKeys.listTransfers();
  for (const t of everything.log_transfers) {
    const topic: string | undefined = t.log_transfer_info.log_transfer_detail.kafka_topic;
    void topic;
  }
  const updated = await withKeys.updateTransfer({ ...disable, log_transfer_id: transferId });
  assertType<Equal<typeof updated, TransferOutput>>(true);
  const deleted = await withKeys.deleteTransfer({ log_transfer_id: transferId }, { retry: { maxAttempts: 2 } });
  assertType<Equal<typeof deleted, DeletedTransfer>>(true);
  const id2: string = deleted.log_transfer_id;
  const gone: Transfer | null = deleted.log_transfer;
  void id2;
  void gone;
  // A listed transfer spread into an update, a part of one, and the status helpers.
  const first = everything.log_transfers[0];
  if (first !== undefined) {
    const spread = await withKeys.updateTransfer({
      ...first,
      log_transfer_info: { ...first.log_transfer_info, log_storage_format: "RAW", log_transfer_status: "DISABLE", log_transfer_detail: { kafka_id: "k", kafka_topic: "t" } },
    });
    void spread;
  }
  const partial = await withKeys.updateTransfer({ log_transfer_id: transferId, log_transfer_info: { log_transfer_status: "ENABLE" } });
  assertType<Equal<typeof partial, TransferOutput>>(true);
  const enabled: TransferOutput = await withKeys.enableTransfer(transferId);
  const disabled: TransferOutput = await withKeys.disableTransfer(transferId, { timeoutMs: 1000 });
  void enabled;
  void disabled;
  // @ts-expect-error a region that is not known and not a string
  new LtsClient({ projectId, region: 42, credentials: { token: "t" } });
  const described: LtsClientDescription = withKeys.toJSON();
  void described;
  const transferPreview = withKeys.buildDeleteTransferRequest({ log_transfer_id: transferId });
  const del: "DELETE" = transferPreview.method;
  const noBody: null = transferPreview.body;
  void del;
  void noBody;
  const createIssues = validateCreateTransfer({ log_streams: [] });
  const updateIssues = validateUpdateTransfer(disable);
  const moreIssues: ValidationIssue[] = [
    ...validateListTransfersQuery({ log_transfer_type: "DMS" }),
    ...validateDeleteTransfer({ log_transfer_id: transferId }),
    ...validateEnsureKafkaTransfer({}),
  ];
  void moreIssues;
  assertType<Equal<typeof createIssues, ValidationIssue[]>>(true);
  assertType<Equal<typeof updateIssues, ValidationIssue[]>>(true);
  const onboard: EnsureKafkaTransferInput = {
    instance: body,
    log_group_id: transfer.log_group_id,
    log_streams: transfer.log_streams,
    kafka_topic: "lts-logs",
  };
  const report = await withToken.ensureKafkaTransfer(onboard);
  assertType<Equal<typeof report, EnsureKafkaTransferReport>>(true);
  const registration: "registered" | "already_registered" | "skipped" = report.registration;
  void registration;
  for (const stream of report.streams) {
    if (stream.outcome === "delivered_elsewhere") {
      const elsewhere: string | null = stream.destination.kafka_topic;
      void elsewhere;
    }
  }
  await withToken.ensureKafkaTransfer({ kafka_id: "3f4a92ff", log_group_id: "g", log_streams: [], kafka_topic: "t" });
  try {
    await withToken.ensureKafkaTransfer(onboard);
  } catch (e: unknown) {
    if (isLtsError(e)) {
      const step: "groups" | "streams" | "register" | "list" | "create" | undefined = e.step;
      const done: EnsureKafkaTransferReport | undefined = e.done;
      const name: LtsErrorName = e.name;
      void step;
      void done;
      void name;
    }
  }

  withToken.free();

  const lts: LocalLts = await startLocalLts({ tokens: { t: projectId }, prefix: "/lts-proxy" });
  const url: string = lts.url;
  void url;
  await lts.close();
}

export function negatives(): void {
  // @ts-expect-error: kafka_name is a string
  const wrongName: RegisterDmsKafkaInstanceRequest = { instance_id: "i", kafka_name: 123, connect_info: {} };
  void wrongName;

  // @ts-expect-error: credentials are required
  new LtsClient({ projectId, endpoint });

  // @ts-expect-error: a token and an access key cannot be mixed
  new LtsClient({ projectId, endpoint, credentials: { token: "t", ak: "AK" } });

  // @ts-expect-error: half a key pair
  new LtsClient({ projectId, endpoint, credentials: { ak: "AK" } });

  const client = new LtsClient({ projectId, endpoint, credentials: { token: "t" } });
  // @ts-expect-error: connect_info is required
  void client.registerDmsKafkaInstance({ instance_id: "i", kafka_name: "k" });

  // @ts-expect-error: projectId, not project_id
  new LtsClient({ project_id: projectId, endpoint, credentials: { token: "t" } });

  // @ts-expect-error: onAttempt is a function
  new LtsClient({ projectId, endpoint, credentials: { token: "t" }, onAttempt: "log" });

  // @ts-expect-error: createTransfer makes DMS transfers only
  void client.createTransfer({ ...transfer, log_transfer_info: { ...transfer.log_transfer_info, log_transfer_type: "OBS" } });

  // @ts-expect-error: a DMS transfer is realTime
  void client.createTransfer({ ...transfer, log_transfer_info: { ...transfer.log_transfer_info, log_transfer_mode: "cycle" } });

  // @ts-expect-error: EXCEPTION is the service's status, never a request's
  void client.updateTransfer({ ...disable, log_transfer_info: { ...disable.log_transfer_info, log_transfer_status: "EXCEPTION" } });

  // @ts-expect-error: the destination is required
  void client.createTransfer({ log_group_id: "g", log_streams: [{ log_stream_id: "s" }], log_transfer_info: { log_transfer_type: "DMS", log_transfer_mode: "realTime", log_storage_format: "RAW", log_transfer_status: "ENABLE" } });

  // @ts-expect-error: an update names the transfer
  void client.updateTransfer({ log_transfer_info: disable.log_transfer_info });

  // @ts-expect-error: a stream is an object with its id
  void client.createTransfer({ ...transfer, log_streams: ["839dac89-35af-4db2-ab4a-a7dda0d0d3f8"] });

  // @ts-expect-error: the list filters are the three documented ones
  void client.listTransfers({ log_group_id: "g" });

  // @ts-expect-error: delete takes { log_transfer_id }
  void client.deleteTransfer("5ec8a5c4-6f2b-4f7a-8b8e-2c3d4e5f6a7b");

  // @ts-expect-error: ensureKafkaTransfer needs the instance or its kafka_id
  void client.ensureKafkaTransfer({ log_group_id: "g", log_streams: [], kafka_topic: "t" });

  // @ts-expect-error: the instance or its kafka_id, not both
  void client.ensureKafkaTransfer({ instance: body, kafka_id: "k", log_group_id: "g", log_streams: [], kafka_topic: "t" });

  // @ts-expect-error: the topic is required
  void client.ensureKafkaTransfer({ kafka_id: "k", log_group_id: "g", log_streams: [] });
}

void positives;
void negatives;
