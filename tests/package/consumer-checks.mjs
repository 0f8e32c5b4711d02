// Checks shared by the package tests whose consumer runs the edge round (tests/package/consumers/
// edge/handler.mjs and workerd/worker.mjs): the same answer, the same requests at the endpoint.
import assert from "node:assert/strict";

export const expectedIssues = [
  ["instance_id", "min_length", 1],
  ["kafka_name", "max_length", 256],
  ["connect_info", "required", null],
];

/**
 * The checks every consumer of the edge round shares (Vercel Edge in edge-runtime, the workerd
 * consumer under wrangler dev): its JSON answer (validation, the two registrations, the typed
 * API error, the transfer round) and what reached the endpoint. `received` is what the
 * endpoint `lts` got during the round; `step(name, fn)` records each named check.
 */
export async function checkConsumerAnswer(body, { lts, received, ids, projectId, token, ak }, step) {
  assert.equal(body.error, undefined, `the consumer threw: ${JSON.stringify(body.error, null, 2)}`);
  assert.deepEqual(body.issues, expectedIssues, "validateRegisterDmsKafkaInstance is synchronous and complete");
  assert.equal(body.invalid.name, "LtsValidationError", JSON.stringify(body.invalid));
  assert.equal(body.invalid.instanceofClass, true, "instanceof LtsValidationError");
  assert.equal(body.invalid.isLtsError, true);
  assert.equal(body.invalid.requestMayHaveBeenSent, false);
  assert.deepEqual(body.invalid.issues, [
    ["kafka_name", "required"],
    ["connect_info", "required"],
  ]);

  await step("register", () => {
    assert.equal(body.token?.instance_id, ids.token, JSON.stringify(body.token));
    assert.match(body.token.requestId, /^[0-9a-f]{32}$/);
    assert.deepEqual(Object.keys(body.token).sort(), ["instance_id", "requestId"]);
    assert.deepEqual(body.tokenKeys, ["instance_id"], "requestId is not enumerable");
    assert.equal(typeof body.firstCallMs, "number");
    assert.ok(body.firstCallMs >= 0 && body.firstCallMs < 30_000, `firstCallMs ${body.firstCallMs}`);
  });
  await step("signedRegister", () => {
    assert.equal(body.signed?.instance_id, ids.signed, JSON.stringify(body.signed));
    assert.match(body.signed.requestId, /^[0-9a-f]{32}$/);
  });
  await step("apiError", () => {
    const d = body.duplicate;
    assert.equal(d?.name, "LtsApiError", JSON.stringify(d));
    assert.equal(d.instanceofClass, true, "instanceof LtsApiError");
    assert.equal(d.isLtsError, true);
    assert.equal(d.code, "LTS.1711");
    assert.equal(d.status, 400);
    assert.match(d.requestId, /^[0-9a-f]{32}$/);
    assert.equal(d.json.name, "LtsApiError");
    assert.equal(d.json.code, "LTS.1711");
  });

  // Exactly three registrations arrived (the invalid body never left the runtime): the token
  // one, the signed one, the duplicate; each with the credentials of its kind only.
  const apiPath = `/v2/${projectId}/lts/dms/kafka-instance`;
  const registrations = received.filter((r) => r.path === apiPath);
  assert.deepEqual(
    registrations.map((r) => [r.method, r.path, JSON.parse(r.body).instance_id]),
    [
      ["POST", apiPath, ids.token],
      ["POST", apiPath, ids.signed],
      ["POST", apiPath, ids.token],
    ],
  );
  const [byToken, signed] = registrations;
  assert.equal(byToken.headers["x-auth-token"], token);
  assert.equal(byToken.headers.authorization, undefined);
  assert.equal(byToken.headers["content-type"], "application/json;charset=utf8");
  assert.equal(signed.headers["x-auth-token"], undefined);
  assert.match(
    signed.headers.authorization,
    new RegExp(`^SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$`),
  );
  assert.equal(signed.headers["x-project-id"], projectId);
  assert.match(signed.headers["x-sdk-date"], /^\d{8}T\d{6}Z$/);

  await step("transfers", () => {
    const { created, listed, deleted } = body.transfer ?? {};
    assert.match(created?.log_transfer_id ?? "", /^[0-9a-f-]{36}$/, JSON.stringify(body.transfer));
    assert.equal(created.log_group_id, ids.group);
    assert.deepEqual(created.log_streams.map((x) => x.log_stream_id), [ids.stream]);
    assert.deepEqual(created.log_transfer_info.log_transfer_detail, { kafka_id: ids.token, kafka_topic: "lts-logs" });
    assert.equal(created.log_transfer_info.log_agency_transfer, null);
    assert.match(created.requestId, /^[0-9a-f]{32}$/);
    assert.deepEqual(listed.log_transfers.map((t) => t.log_transfer_id), [created.log_transfer_id]);
    assert.equal(deleted.log_transfer_id, created.log_transfer_id);
    assert.equal(deleted.log_transfer?.log_transfer_id, created.log_transfer_id);
    // The endpoint saw a create with the token, then a list and a delete signed (their queries
    // in the signature: the endpoint verifies it), and holds no transfer any more.
    const transfersPath = `/v2/${projectId}/transfers`;
    const rounds = received.filter((r) => r.path.startsWith(transfersPath)).slice(0, 3);
    assert.deepEqual(
      rounds.map((r) => [r.method, r.path, r.headers.authorization ? "signed" : r.headers["x-auth-token"] === token ? "token" : "?"]),
      [
        ["POST", transfersPath, "token"],
        ["GET", `${transfersPath}?log_transfer_type=DMS`, "signed"],
        ["DELETE", `${transfersPath}?log_transfer_id=${created.log_transfer_id}`, "signed"],
      ],
    );
    assert.equal(rounds[1].body, "");
    assert.equal(rounds[1].headers["content-type"], "application/json");
  });

  await step("discovery", () => {
    // A client with no project id, its keys from fromEnv: one IAM lookup, signed as the
    // official SDK signs it, then the group and stream found by name, the list and create of
    // the onboarding and the delete, all under the project found.
    const d = body.discovery ?? {};
    assert.equal(d.projectFound, projectId, JSON.stringify(d));
    const report = d.report;
    assert.equal(report.complete, true, JSON.stringify(report));
    assert.equal(report.log_group_id, ids.group);
    assert.deepEqual(report.streams.map((s) => [s.log_stream_id, s.outcome]), [[ids.stream, "created"]]);
    assert.equal(d.removed, report.streams[0].log_transfer_id);
    const lookups = received.filter((r) => r.path.startsWith("/v3/"));
    assert.deepEqual(lookups.map((r) => r.path), ["/v3/projects?name=cn-north-4"]);
    assert.match(lookups[0].headers.authorization, new RegExp(`^SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$`));
    const after = received.slice(received.indexOf(lookups[0]) + 1).map((r) => `${r.method} ${r.path.split("?")[0]}`);
    assert.deepEqual(after, [
      `GET /v2/${projectId}/groups`,
      `GET /v2/${projectId}/groups/${ids.group}/streams`,
      `GET /v2/${projectId}/transfers`,
      `POST /v2/${projectId}/transfers`,
      `DELETE /v2/${projectId}/transfers`,
    ]);
    assert.equal(lts.transfers.all().filter((t) => t.log_group_id === ids.group).length, 0);
  });
}
