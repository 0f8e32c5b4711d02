// A TypeScript consumer of the installed package (strict). Positive uses must compile; every
// `@ts-expect-error` line must be an error (an unused one fails tsc), so the negatives are real.
import {
  LtsClient,
  LtsApiError,
  LtsValidationError,
  isLtsError,
  ready,
  validateRegisterDmsKafkaInstance,
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
}

void positives;
void negatives;
