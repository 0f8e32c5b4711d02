// A client without a project id: the project found from the region through IAM (the local
// endpoint's /v3 routes), once for concurrent calls and for every client of the realm with the
// same credentials; LtsProjectError for none or several; log groups and streams listed and
// named by their names in the onboarding. Needs the built package (`make build`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { LtsClient, LtsProjectError, isLtsError } from "../../pkg/node.js";
import { startLocalLts } from "../local-lts/server.mjs";

const PROJECT = "5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";
const OTHER = "0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a";
const TOKEN = "tq-5647382910-wlkz-8817";
const AK = "AKDISCOVERY00001";
const SK = "sk-0011223344556677-zqpx";
const AK_NONE = "AKDISCOVERYNONE1";
const AK_TWO = "AKDISCOVERYTWO01";
const GROUP = randomUUID();
const STREAMS = [randomUUID(), randomUUID(), randomUUID()];

let lts;
before(async () => {
  lts = await startLocalLts({
    tokens: { [TOKEN]: PROJECT },
    akSk: {
      [AK]: { sk: SK, projectId: PROJECT },
      [AK_NONE]: { sk: SK, projectId: PROJECT },
      [AK_TWO]: { sk: SK, projectId: PROJECT },
    },
    projects: {
      [AK]: [
        { id: PROJECT, name: "cn-north-4" },
        { id: OTHER, name: "cn-north-4_sub" },
      ],
      [AK_NONE]: [{ id: OTHER, name: "eu-west-101" }],
      [AK_TWO]: [
        { id: PROJECT, name: "cn-north-4" },
        { id: OTHER, name: "cn-north-4" },
      ],
    },
    logGroups: {
      [GROUP]: {
        name: "discovery-app",
        streams: { [STREAMS[0]]: "nginx-access", [STREAMS[1]]: "nginx-error", [STREAMS[2]]: "worker" },
      },
    },
  });
});
after(() => lts.close());

const client = (credentials, extra = {}) =>
  new LtsClient({ region: "cn-north-4", endpoints: { lts: lts.url, iam: lts.iamUrl }, credentials, ...extra });
const iamRequests = () => lts.received.filter((r) => r.path.startsWith("/v3/"));

test("concurrent first calls of clients with the same access key share one IAM lookup", async () => {
  lts.received.length = 0;
  const records = [];
  const a = client({ ak: AK, sk: SK }, { onAttempt: (r) => records.push(r) });
  const b = client({ ak: AK, sk: SK });
  const results = await Promise.all([a.listLogGroups(), a.listLogGroups(), b.listLogGroups(), a.resolveProjectId()]);
  assert.equal(results[3], PROJECT);
  for (const r of results.slice(0, 3)) assert.deepEqual(r.log_groups.map((g) => g.log_group_name), ["discovery-app"]);
  const iam = iamRequests();
  assert.equal(iam.length, 1, JSON.stringify(iam.map((r) => r.path)));
  assert.equal(iam[0].path, "/v3/projects?name=cn-north-4");
  assert.equal(iam[0].headers["content-type"], undefined);
  assert.equal(iam[0].headers["x-project-id"], undefined);
  assert.match(iam[0].headers.authorization, /^SDK-HMAC-SHA256 Access=AKDISCOVERY00001, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
  const lookups = records.filter((r) => r.operation === "resolveProjectId");
  assert.ok(lookups.length <= 1, JSON.stringify(records));
  assert.ok(lts.received.filter((r) => r.path === `/v2/${PROJECT}/groups`).length === 3);
  // Known now: a later client asks no more, and describes the project it found.
  const c = client({ ak: AK, sk: SK });
  assert.equal(c.toJSON().projectId, PROJECT);
  assert.equal(await c.resolveProjectId(), PROJECT);
  assert.equal(iamRequests().length, 1);
  assert.equal(c.buildListLogGroupsRequest().url, `${lts.url}/v2/${PROJECT}/groups`);
});

test("a token client finds its project among every project the token reaches", async () => {
  lts.received.length = 0;
  const c = client({ token: TOKEN });
  assert.equal(c.toJSON().projectId, null);
  assert.throws(() => c.buildListLogGroupsRequest(), (e) => e.name === "LtsConfigError" && /resolveProjectId/.test(e.message));
  assert.equal(await c.resolveProjectId(), PROJECT);
  const [iam] = iamRequests();
  assert.equal(iam.path, "/v3/auth/projects");
  assert.equal(iam.headers["x-auth-token"], TOKEN);
});

test("no project or several of the region's name is an LtsProjectError, and nothing else is sent", async () => {
  lts.received.length = 0;
  const none = await client({ ak: AK_NONE, sk: SK }).listLogGroups().catch((e) => e);
  assert.ok(none instanceof LtsProjectError && isLtsError(none), String(none));
  assert.equal(none.name, "LtsProjectError");
  assert.deepEqual(none.projectIds, []);
  assert.equal(none.region, "cn-north-4");
  assert.equal(none.iamEndpoint, lts.iamUrl);
  assert.match(none.traceId, /^[0-9a-f]{32}$/);
  assert.match(none.message, /lists no project named cn-north-4/);
  assert.equal(none.requestMayHaveBeenSent, false);
  const several = await client({ ak: AK_TWO, sk: SK }).listLogGroups().catch((e) => e);
  assert.deepEqual(several.projectIds, [PROJECT, OTHER]);
  assert.match(several.message, /pass projectId to choose one/);
  assert.deepEqual(JSON.parse(JSON.stringify(several)).projectIds, [PROJECT, OTHER]);
  assert.ok(lts.received.every((r) => r.path.startsWith("/v3/")), "no LTS request");
  // A refusal from IAM names the lookup and the trace id.
  lts.queueFault({ match: "/v3/projects", status: 403, body: { error: { code: 403, message: "You are not authorized", title: "Forbidden" } } });
  const refused = await client({ ak: "AKDISCOVERYFORB1", sk: SK }).listLogGroups().catch((e) => e);
  assert.equal(refused.name, "LtsApiError");
  assert.equal(refused.status, 403);
  assert.match(refused.message, /^IAM \(.+\) did not give the project id of region cn-north-4: You are not authorized \(X-IAM-Trace-Id=[0-9a-f]{32}\); pass projectId/);
});

test("the onboarding delivers streams named by their names, with no project id", async () => {
  lts.received.length = 0;
  const c = client({ token: TOKEN });
  const groups = await c.listLogGroups();
  const group = groups.log_groups.find((g) => g.log_group_name === "discovery-app");
  const streams = await c.listLogStreams({ log_group_id: group.log_group_id });
  assert.deepEqual(streams.log_streams.map((s) => s.log_stream_name).sort(), ["nginx-access", "nginx-error", "worker"]);
  const input = {
    instance: { instance_id: "discovery-kafka-1", kafka_name: "kafka-discovery", connect_info: {} },
    log_group_name: "discovery-app",
    log_streams: [{ log_stream_name: "nginx-access" }, { log_stream_name: "nginx-error" }],
    kafka_topic: "discovery-logs",
  };
  const report = await c.ensureKafkaTransfer(input);
  assert.equal(report.complete, true);
  assert.equal(report.log_group_id, GROUP);
  assert.equal(report.log_group_name, "discovery-app");
  assert.deepEqual(
    report.streams.map((s) => [s.log_stream_id, s.log_stream_name, s.outcome]),
    [
      [STREAMS[0], "nginx-access", "created"],
      [STREAMS[1], "nginx-error", "created"],
    ],
  );
  // Again: nothing written, the same report.
  const writes = () => lts.received.filter((r) => r.method !== "GET").length;
  const before = writes();
  const again = await c.ensureKafkaTransfer(input);
  assert.equal(again.registration, "already_registered");
  assert.deepEqual(again.streams.map((s) => s.outcome), ["already_delivered", "already_delivered"]);
  assert.equal(writes(), before + 1, "only the registration's one-shot attempt, refused");

  // An unknown name stops before the registration, with the closest names.
  const e = await c.ensureKafkaTransfer({ ...input, log_streams: [{ log_stream_name: "nginx_acces" }] }).catch((e) => e);
  assert.equal(e.name, "LtsValidationError");
  assert.equal(e.step, "streams");
  assert.match(e.issues[0].message, /the closest: "nginx-access", "nginx-error", "worker"/);
  assert.equal(writes(), before + 1);
});
