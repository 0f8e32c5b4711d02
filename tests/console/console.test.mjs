// The admin console in real headless Chromium (Debian's), driven by Playwright, against the
// console server (www/ + the built package + the local endpoint behind /lts-proxy).
// Screenshots go to tests/screenshots/ (not committed). `make build` first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { launchChromium } from "../chromium.mjs";
import { startConsole, DEMO } from "./serve.mjs";

const SHOTS = new URL("../screenshots/", import.meta.url).pathname;
let server;
let browser;
// The registrations the endpoint received (a registration's success also loads the transfers).
const registrations = () => server.lts.received.filter((r) => r.path.endsWith("/lts/dms/kafka-instance")).length;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startConsole();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openConsole(viewport = { width: 1000, height: 1400 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  // What the page's Content-Security-Policy refused: the flows below must need nothing it forbids.
  await page.addInitScript(() => {
    globalThis.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => globalThis.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors, violations: () => page.evaluate(() => globalThis.violations) };
}

test("the console validates live, registers, and explains API errors", async () => {
  const { page, errors, violations } = await openConsole();
  await page.screenshot({ path: `${SHOTS}empty-form.png`, fullPage: true });
  // The checklist with the exact CIDR and port is shown before the first registration.
  const checklist = await page.textContent("#checklist");
  assert.match(checklist, /198\.19\.128\.0\/17/);
  assert.match(checklist, /9011/);

  await page.fill("#projectId", DEMO.projectId);
  await page.fill("#token", DEMO.token);
  // A 37-character instance id: the rule and the count show at once, and nothing is sent.
  await page.fill("#instance_id", "x".repeat(37));
  await page.fill("#kafka_name", "kafka-prod");
  assert.equal((await page.textContent("#instance_id-error")).trim(), "instance_id must be 1 to 36 characters (got 37)");
  assert.equal(await page.textContent("#instance_id-counter"), "37 / 36");
  assert.equal(await page.getAttribute("#instance_id", "aria-invalid"), "true");
  await page.click("#register");
  assert.match(await page.textContent("#status"), /Not sent: 1 problem/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "instance_id", "focus moves to the first invalid field");
  await page.screenshot({ path: `${SHOTS}validation-error.png`, fullPage: true });
  assert.equal(server.lts.received.length, 0, "nothing reached the endpoint");

  // An id or a name with a space at either end: the library's own message, live; never trimmed.
  await page.fill("#instance_id", "4f1b2c3d-0000-4000-8000-00000000c0de ");
  await page.fill("#kafka_name", " kafka-prod");
  await page.fill("#projectId", ` ${DEMO.projectId}`);
  assert.equal(
    (await page.textContent("#instance_id-error")).trim(),
    "instance_id has a trailing space: remove it (values are sent as they are, never trimmed)",
  );
  assert.equal((await page.textContent("#kafka_name-error")).trim(), "kafka_name has a leading space: remove it (values are sent as they are, never trimmed)");
  assert.equal((await page.textContent("#projectId-error")).trim(), "projectId has a leading space: remove it (values are sent as they are, never trimmed)");
  assert.equal(await page.getAttribute("#kafka_name", "aria-invalid"), "true");
  assert.match(await page.textContent("#preview"), /appears when every field is valid/);
  await page.fill("#projectId", DEMO.projectId);
  await page.fill("#kafka_name", "kafka-prod");
  assert.equal((await page.textContent("#kafka_name-error")).trim(), "");

  // Next to the button: where the token goes (the same-origin proxy unless the operator changes it).
  assert.equal(await page.textContent("#register-target"), `The token goes to ${server.url}lts-proxy (this page's own server).`);

  // The preview shows the request exactly, secrets masked.
  const id = "4f1b2c3d-0000-4000-8000-00000000c0de";
  await page.fill("#instance_id", id);
  assert.equal(await page.textContent("#instance_id-counter"), "36 / 36");
  assert.equal((await page.textContent("#instance_id-error")).trim(), "");
  const preview = await page.textContent("#preview");
  assert.match(preview, new RegExp(`^POST ${server.url}lts-proxy/v2/${DEMO.projectId}/lts/dms/kafka-instance`));
  assert.match(preview, /X-Auth-Token: \*\*\*/);
  assert.ok(!preview.includes(DEMO.token));

  // Copy as curl: placeholders unless "include secrets" is ticked.
  await page.click("#copy-curl");
  const curl = await page.textContent("#curl");
  assert.match(curl, /-H 'X-Auth-Token: '"\$LTS_TOKEN"/);
  assert.ok(!curl.includes(DEMO.token));
  await page.check("#include-secrets");
  await page.click("#copy-curl");
  assert.ok((await page.textContent("#curl")).includes(DEMO.token));

  // Register: progress, then the instance id and request id.
  await page.click("#register");
  await page.waitForSelector(".result.success");
  const success = await page.textContent("#result");
  assert.match(success, new RegExp(id));
  assert.match(await page.textContent('[data-field="request-id"]'), /^[0-9a-f]{32}$/);
  assert.equal(registrations(), 1);
  await page.screenshot({ path: `${SHOTS}success.png`, fullPage: true });

  // Again: the duplicate registration error, with its hint.
  await page.click("#register");
  await page.waitForSelector(".result.failure");
  assert.equal(await page.textContent('[data-field="code"]'), "LTS.1711");
  assert.match(await page.textContent("#result .hint"), /already registered/);
  await page.screenshot({ path: `${SHOTS}api-error-duplicate.png`, fullPage: true });
  // Registered before: the page offers the next step for that instance.
  await page.fill("#kafka_id", "another-instance");
  await page.click("#deliver-anyway");
  assert.equal(await page.isVisible("#deliver"), true);
  assert.equal(await page.inputValue("#kafka_id"), id);

  // Wrong SASL credentials: LTS.1719 and what to check.
  await page.fill("#instance_id", DEMO.saslInstanceId);
  await page.check("#sasl");
  await page.fill("#user_name", DEMO.saslUser);
  await page.fill("#pwd", "not-the-password");
  assert.ok(!(await page.textContent("#preview")).includes("not-the-password"));
  await page.click("#register");
  await page.waitForFunction(() => document.querySelector('[data-field="code"]')?.textContent === "LTS.1719");
  assert.match(await page.textContent("#result .hint"), /SASL user name or password is wrong/);
  assert.match(await page.textContent('[data-field="request-id"]'), /^[0-9a-f]{32}$/);
  await page.screenshot({ path: `${SHOTS}api-error-sasl.png`, fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(await violations(), []);
  await page.close();
});

test("after a registration the console delivers a log group's streams, picked by name, to a topic, and enables, disables and deletes transfers", async () => {
  const [web, worker] = Object.keys(DEMO.logStreams);
  // A transfer made elsewhere whose topic was deleted: the service marks it EXCEPTION.
  const broken = {
    log_group_id: "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e",
    log_group_name: "old-logs",
    log_streams: [{ log_stream_id: "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", log_stream_name: "legacy" }],
    log_transfer_id: "7c6b5a49-3827-4165-9e8d-7c6b5a493827",
    log_transfer_info: {
      log_create_time: 1751299200000,
      log_storage_format: "RAW",
      log_agency_transfer: null,
      log_transfer_detail: { kafka_id: "gone-kafka", kafka_topic: "gone-topic" },
      log_transfer_mode: "realTime",
      log_transfer_status: "EXCEPTION",
      log_transfer_type: "DMS",
    },
  };
  server.lts.transfers.seed(DEMO.projectId, broken);
  const { page, errors, violations } = await openConsole();
  const kafkaId = "8f1b2c3d-0000-4000-8000-00000000da7a";
  await page.fill("#projectId", DEMO.projectId);
  await page.fill("#token", DEMO.token);
  await page.fill("#instance_id", kafkaId);
  await page.fill("#kafka_name", "kafka-logs");
  await page.click("#register");
  await page.waitForSelector(".result.success");

  // The next step opens for the registered instance, with the project's log groups (by name,
  // each with its id) and its DMS transfers.
  assert.equal(await page.isVisible("#deliver"), true);
  assert.equal(await page.inputValue("#kafka_id"), kafkaId);
  assert.equal(await page.evaluate(() => document.activeElement.id), "log_group");
  await page.waitForSelector(`#log_group option[value="${DEMO.logGroupId}"]`, { state: "attached" });
  assert.equal(await page.textContent(`#log_group option[value="${DEMO.logGroupId}"]`), `${DEMO.logGroupName} — ${DEMO.logGroupId}`);
  assert.match(await page.textContent("#lists-status"), /^1 log group \(request id [0-9a-f]{32}\)\.$/);
  await page.waitForSelector(`tr[data-transfer-id="${broken.log_transfer_id}"]`);
  const brokenStatus = await page.textContent(`tr[data-transfer-id="${broken.log_transfer_id}"] .status`);
  assert.match(brokenStatus, /^EXCEPTION.*Kafka instance or topic is gone/);

  // Pasted ids (advanced), validated live: a stream twice and a topic that starts with a digit;
  // nothing is sent.
  const sent = () => server.lts.received.filter((r) => r.path.includes("/transfers") && r.method !== "GET").length;
  await page.check('input[name="pick"][value="ids"]');
  assert.equal(await page.isVisible("#log_group"), false);
  await page.fill("#log_group_id", DEMO.logGroupId);
  await page.fill("#log_streams", `${web}\n${web}`);
  await page.fill("#kafka_topic", "9-logs");
  assert.match(await page.textContent("#log_streams-error"), /log_streams\[1\]\.log_stream_id/);
  assert.match(await page.textContent("#kafka_topic-error"), /letter/);
  assert.equal(await page.getAttribute("#kafka_topic", "aria-invalid"), "true");
  assert.match(await page.textContent("#transfer-preview"), /appears when every field is valid/);
  await page.click("#create-transfer");
  assert.match(await page.textContent("#transfer-status"), /Not sent: 2 problems/);
  assert.equal(sent(), 0);
  await page.locator("#deliver").screenshot({ path: `${SHOTS}transfer-validation.png` });

  // A pasted log group id or topic with a space at an end: the library's message, nothing trimmed.
  await page.fill("#log_group_id", ` ${DEMO.logGroupId}`);
  await page.fill("#kafka_topic", "app-logs.v1\t");
  assert.equal((await page.textContent("#log_group_id-error")).trim(), "log_group_id has a leading space: remove it (values are sent as they are, never trimmed)");
  assert.equal((await page.textContent("#kafka_topic-error")).trim(), "kafka_topic has a trailing tab: remove it (values are sent as they are, never trimmed)");
  await page.fill("#log_group_id", DEMO.logGroupId);

  // Back to the lists: the group by its name, then two of its streams by name.
  await page.check('input[name="pick"][value="list"]');
  await page.fill("#kafka_topic", "app-logs.v1");
  await page.selectOption("#log_group", { label: `${DEMO.logGroupName} — ${DEMO.logGroupId}` });
  await page.waitForSelector(`#stream-list input[value="${worker}"]`);
  assert.match(await page.textContent("#stream-list"), new RegExp(`web ${web}.*worker ${worker}`));
  assert.match(await page.textContent("#stream-list-error"), /log_streams must list 1 to 1000 streams \(got 0\)/);
  await page.check(`#stream-list input[value="${web}"]`);
  await page.check(`#stream-list input[value="${worker}"]`);
  assert.equal((await page.textContent("#stream-list-error")).trim(), "");

  // The preview is the creation lts-kafka sends when the streams need one, by id; copy as curl keeps the token out.
  const preview = await page.textContent("#transfer-preview");
  assert.match(preview, new RegExp(`^POST ${server.url}lts-proxy/v2/${DEMO.projectId}/transfers\n`));
  assert.match(preview, /"kafka_topic": "app-logs.v1"/);
  assert.ok(preview.includes(`"log_stream_id": "${web}"`) && preview.includes(`"log_stream_id": "${worker}"`), preview);
  assert.match(preview, /X-Auth-Token: \*\*\*/);
  assert.match(await page.textContent("#transfer-preview-note"), /only for the streams no DMS transfer delivers yet/);
  await page.click("#transfer-copy-curl");
  const curl = await page.textContent("#transfer-curl");
  assert.match(curl, /-H 'X-Auth-Token: '"\$LTS_TOKEN"/);
  assert.match(curl, /--data-raw '\{"log_group_id":/);
  assert.ok(!curl.includes(DEMO.token));

  // Delivered by ensureKafkaTransfer, by name: the group and streams found, the transfers
  // listed, one transfer created; the report gives each stream's name, id and outcome.
  const from = server.lts.received.length;
  await page.click("#create-transfer");
  await page.waitForSelector("#transfer-result.success");
  const onboarding = server.lts.received.slice(from);
  assert.deepEqual(
    onboarding.map((r) => `${r.method} ${r.path.replace(/\?.*/, "")}`),
    [
      `GET /lts-proxy/v2/${DEMO.projectId}/groups`,
      `GET /lts-proxy/v2/${DEMO.projectId}/groups/${DEMO.logGroupId}/streams`,
      `GET /lts-proxy/v2/${DEMO.projectId}/transfers`,
      `POST /lts-proxy/v2/${DEMO.projectId}/transfers`,
      // The table again.
      `GET /lts-proxy/v2/${DEMO.projectId}/transfers`,
    ],
  );
  const created = JSON.parse(onboarding[3].body);
  assert.deepEqual(JSON.parse(preview.slice(preview.indexOf("\n\n"))), created, "the preview showed the creation as it was sent");
  assert.equal(created.log_group_id, DEMO.logGroupId);
  assert.deepEqual(created.log_streams, [
    { log_stream_id: web, log_stream_name: "web" },
    { log_stream_id: worker, log_stream_name: "worker" },
  ]);
  assert.deepEqual(created.log_transfer_info.log_transfer_detail, { kafka_id: kafkaId, kafka_topic: "app-logs.v1" });
  assert.deepEqual([created.log_transfer_info.log_storage_format, created.log_transfer_info.log_transfer_status], ["RAW", "ENABLE"]);
  const transferId = await page.textContent('#transfer-result [data-field="transfer-id"]');
  assert.match(transferId, /^[0-9a-f-]{36}$/);
  assert.equal(await page.textContent('#transfer-result [data-field="log-group"]'), `${DEMO.logGroupName} (${DEMO.logGroupId})`);
  assert.equal(await page.textContent('#transfer-result [data-field="streams"]'), "web, worker");
  assert.match(await page.textContent('#transfer-result [data-field="complete"]'), /^yes/);
  assert.match(await page.textContent('#transfer-result [data-field="request-id"]'), /^[0-9a-f]{32}$/);
  assert.equal(await page.textContent(`#transfer-result li[data-stream-id="${web}"]`), `web ${web}: created, in transfer ${transferId} (ENABLE)`);
  assert.equal(await page.textContent(`#transfer-result li[data-stream-id="${worker}"]`), `worker ${worker}: created, in transfer ${transferId} (ENABLE)`);
  const row = `tr[data-transfer-id="${transferId}"]`;
  await page.waitForSelector(row);
  assert.equal(await page.textContent(`${row} .status`), "ENABLE");
  assert.match(await page.textContent(row), /app-logs.*web, worker.*8f1b2c3d-0000-4000-8000-00000000da7a \/ app-logs\.v1/);
  await page.screenshot({ path: `${SHOTS}transfers-page.png`, fullPage: true });
  await page.locator("#transfers").screenshot({ path: `${SHOTS}transfers-table.png` });

  // Disable, then enable (disableTransfer, enableTransfer: the library reads the transfer, then
  // sends its format and destination again with the status): the service's state follows, and
  // the status line says what happened, with the request id.
  const stored = () => server.lts.transfers.all().find((t) => t.log_transfer_id === transferId);
  const sentFrom = server.lts.received.length;
  await page.click(`${row} button:text("Disable")`);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "DISABLE", `${row} .status`);
  assert.equal(stored().log_transfer_info.log_transfer_status, "DISABLE");
  await page.waitForFunction(() => /is now DISABLE/.test(document.querySelector("#transfers-status").textContent));
  assert.match(await page.textContent("#transfers-status"), /^The transfer of web, worker is now DISABLE \(request id [0-9a-f]{32}\)\.$/);
  const update = server.lts.received.slice(sentFrom);
  assert.deepEqual(
    update.map((r) => `${r.method} ${r.path.replace(/\?.*/, "")}`),
    ["GET", "PUT", "GET"].map((m) => `${m} /lts-proxy/v2/${DEMO.projectId}/transfers`),
    "read, update, then the table again",
  );
  assert.deepEqual(JSON.parse(update[1].body).log_transfer_info, {
    log_storage_format: "RAW",
    log_transfer_status: "DISABLE",
    log_transfer_detail: { kafka_id: kafkaId, kafka_topic: "app-logs.v1" },
  });
  await page.click(`${row} button:text("Enable")`);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "ENABLE", `${row} .status`);
  assert.equal(stored().log_transfer_info.log_transfer_status, "ENABLE");
  await page.waitForFunction(() => /is now ENABLE/.test(document.querySelector("#transfers-status").textContent));

  // The same streams again, every stream of the group this time: already delivered, nothing created.
  const posts = () => server.lts.received.filter((r) => r.method === "POST" && r.path.endsWith("/transfers")).length;
  const postsBefore = posts();
  await page.check("#all_streams");
  assert.equal(await page.isDisabled(`#stream-list input[value="${web}"]`), true);
  await page.click("#create-transfer");
  await page.waitForFunction(() => /already delivered/.test(document.querySelector("#transfer-result")?.textContent ?? ""));
  assert.equal(await page.textContent(`#transfer-result li[data-stream-id="${web}"]`), `web ${web}: already delivered, by transfer ${transferId} (ENABLE)`);
  assert.match(await page.textContent('#transfer-result [data-field="complete"]'), /^yes/);
  assert.equal(posts(), postsBefore);

  // As JSON the console creates the transfer itself (createTransfer): the same streams are the
  // service's LTS.0207, explained.
  await page.selectOption("#log_storage_format", "JSON");
  assert.match(await page.textContent("#transfer-preview-note"), /^Exactly what will be sent/);
  assert.match(await page.textContent("#transfer-preview"), /"log_storage_format": "JSON"/);
  await page.click("#create-transfer");
  await page.waitForSelector("#transfer-result.failure");
  assert.equal(await page.textContent('#transfer-result [data-field="code"]'), "LTS.0207");
  assert.match(await page.textContent("#transfer-result .hint"), /already has a DMS transfer/);
  assert.equal(posts(), postsBefore + 1);

  // Delete asks first: keeping it sends nothing; confirming deletes it.
  const deletes = () => server.lts.received.filter((r) => r.method === "DELETE").length;
  await page.click(`${row} button:text("Delete")`);
  assert.equal(await page.isVisible("#confirm-delete"), true);
  assert.match(await page.textContent("#confirm-text"), /web, worker stop going to app-logs\.v1/);
  await page.screenshot({ path: `${SHOTS}transfer-confirm-delete.png` });
  await page.click('#confirm-delete button[value="cancel"]');
  assert.equal(await page.isVisible("#confirm-delete"), false);
  assert.equal(deletes(), 0);
  assert.ok(stored());
  await page.click(`${row} button:text("Delete")`);
  await page.click("#confirm-delete-button");
  await page.waitForSelector(row, { state: "detached" });
  assert.equal(deletes(), 1);
  // What deleteTransfer resolved to: the id, the deleted transfer's streams, the request id.
  await page.waitForFunction(() => /^Deleted/.test(document.querySelector("#transfers-status").textContent));
  assert.match(
    await page.textContent("#transfers-status"),
    new RegExp(`^Deleted the transfer ${transferId} of web, worker \\(request id [0-9a-f]{32}\\)\\.$`),
  );
  assert.equal(stored(), undefined);
  assert.deepEqual(
    server.lts.transfers.all().map((t) => t.log_transfer_id),
    [broken.log_transfer_id],
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(await violations(), []);
  await page.close();
});

test("the project ID left empty is found from the region through the proxy's IAM paths, shown, and used: with Find project or on the first request, with a token or AK/SK", async () => {
  const iamRequests = () => server.lts.received.filter((r) => r.path.includes("/v3/")).map((r) => `${r.method} ${r.path}`);
  const before = iamRequests().length;
  const { page, errors, violations } = await openConsole();
  assert.match(await page.textContent("#projectId-rule"), /Leave it empty to find it from the region/);
  await page.selectOption("#region", DEMO.region);
  await page.fill("#token", DEMO.token);
  await page.fill("#instance_id", "9a1b2c3d-0000-4000-8000-0000000f1d01");
  await page.fill("#kafka_name", "kafka-found");
  // Not known yet: the preview says how to get it; the token goes to the proxy for both services.
  assert.match(await page.textContent("#project-found"), /^Not known yet: found from cn-north-4 on the first request, or now with Find project\.$/);
  assert.match(await page.textContent("#preview"), /needs the project ID: Find project asks IAM for it/);
  assert.equal(await page.textContent("#register-target"), `The token goes to ${server.url}lts-proxy (this page's own server).`);
  await page.click("#find-project");
  await page.waitForSelector("#project-resolved");
  assert.equal(await page.textContent("#project-resolved"), DEMO.projectId);
  assert.match(await page.textContent("#project-found"), /^Found from cn-north-4 through IAM: /);
  assert.deepEqual(iamRequests().slice(before), ["GET /lts-proxy/v3/auth/projects"]);
  assert.match(await page.textContent("#preview"), new RegExp(`^POST ${server.url}lts-proxy/v2/${DEMO.projectId}/lts/dms/kafka-instance`));
  await page.click("#register");
  await page.waitForSelector(".result.success");
  assert.equal(iamRequests().length - before, 1, "the project found is not asked for again");
  await page.screenshot({ path: `${SHOTS}project-found.png`, fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(await violations(), []);
  await page.close();

  // AK/SK, and no Find project: the first request finds it (GET /v3/projects?name=, signed for
  // the page's own path, which the proxy keeps), then the result shows it.
  const signed = await openConsole();
  await signed.page.selectOption("#region", DEMO.region);
  await signed.page.check('input[name="auth"][value="aksk"]');
  await signed.page.fill("#ak", DEMO.ak);
  await signed.page.fill("#sk", DEMO.sk);
  await signed.page.fill("#instance_id", "9a1b2c3d-0000-4000-8000-0000000f1d02");
  await signed.page.fill("#kafka_name", "kafka-found");
  const from = server.lts.received.length;
  await signed.page.click("#register");
  await signed.page.waitForSelector(".result.success");
  const requests = server.lts.received.slice(from).map((r) => `${r.method} ${r.path} ${r.headers.authorization?.split(",")[1]?.trim() ?? "-"}`);
  assert.deepEqual(requests.slice(0, 2), [
    `GET /lts-proxy/v3/projects?name=${DEMO.region} SignedHeaders=host;x-sdk-date`,
    `POST /lts-proxy/v2/${DEMO.projectId}/lts/dms/kafka-instance SignedHeaders=content-type;host;x-project-id;x-sdk-date`,
  ]);
  // Then the next step's lists, which load at once (in either order).
  assert.deepEqual(requests.slice(2).sort(), [
    `GET /lts-proxy/v2/${DEMO.projectId}/groups SignedHeaders=content-type;host;x-project-id;x-sdk-date`,
    `GET /lts-proxy/v2/${DEMO.projectId}/transfers?log_transfer_type=DMS SignedHeaders=content-type;host;x-project-id;x-sdk-date`,
  ]);
  await signed.page.waitForSelector("#project-resolved");
  assert.equal(await signed.page.textContent("#project-resolved"), DEMO.projectId);
  assert.deepEqual(signed.errors, []);
  assert.deepEqual(await signed.violations(), []);
  await signed.page.close();
});

test("IAM listing several projects named as the region is an LtsProjectError shown with their ids; choosing one fills the project ID and the registration goes on", async () => {
  const other = "fedcba9876543210fedcba9876543210";
  const site = await startConsole({
    ltsOptions: { projects: { [DEMO.token]: [{ id: DEMO.projectId, name: DEMO.region }, { id: other, name: DEMO.region }] } },
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  try {
    await page.goto(site.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption("#region", DEMO.region);
    await page.fill("#token", DEMO.token);
    await page.fill("#instance_id", "9a1b2c3d-0000-4000-8000-0000000f1d03");
    await page.fill("#kafka_name", "kafka-chosen");
    // On the first request: the registration is not sent, and the error lists both projects.
    await page.click("#register");
    await page.waitForSelector("#result.failure");
    assert.equal(await page.textContent('#result [data-field="error"]'), "LtsProjectError");
    assert.equal(await page.textContent('#result [data-field="projects"]'), `${DEMO.projectId}, ${other}`);
    assert.equal(await page.textContent('#result [data-field="region"]'), DEMO.region);
    assert.equal(await page.textContent('#result [data-field="iam-endpoint"]'), `${site.url}lts-proxy`);
    assert.match(await page.textContent('#result [data-field="iam-trace-id"]'), /^[0-9a-f]{32}$/);
    assert.match(await page.textContent("#result .hint"), /Several projects are named as the region/);
    assert.deepEqual(
      await page.$$eval("#result .project-choices button", (buttons) => buttons.map((b) => b.textContent)),
      [`Use project ${DEMO.projectId}`, `Use project ${other}`],
    );
    assert.equal(site.lts.received.filter((r) => r.path.includes("/v2/")).length, 0, "nothing was sent to LTS");
    // Find project says the same by the field.
    await page.click("#find-project");
    await page.waitForSelector("#project-result.failure");
    assert.equal(await page.textContent('#project-result [data-field="projects"]'), `${DEMO.projectId}, ${other}`);
    await page.screenshot({ path: `${SHOTS}project-several.png`, fullPage: true });
    // Chosen: the field holds it, the error goes, and the registration goes to that project.
    await page.click(`#project-result button[data-project-id="${DEMO.projectId}"]`);
    assert.equal(await page.inputValue("#projectId"), DEMO.projectId);
    assert.equal(await page.textContent("#project-result"), "");
    assert.equal(await page.textContent("#project-found"), "");
    assert.equal(await page.isDisabled("#find-project"), true);
    await page.click("#register");
    await page.waitForSelector("#result.success");
    assert.ok(site.lts.received.some((r) => r.method === "POST" && r.path === `/lts-proxy/v2/${DEMO.projectId}/lts/dms/kafka-instance`));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test("double submission is prevented while a registration is in flight", async () => {
  const { page } = await openConsole();
  const id = "5f1b2c3d-0000-4000-8000-00000000beef";
  server.lts.queueFault({ match: id, delayMs: 800, status: 201, body: { instance_id: id } });
  const before = registrations();
  await page.fill("#projectId", DEMO.projectId);
  await page.fill("#token", DEMO.token);
  await page.fill("#instance_id", id);
  await page.fill("#kafka_name", "kafka-prod");
  await page.click("#register");
  assert.equal(await page.isDisabled("#register"), true);
  assert.equal(await page.isVisible("#progress"), true);
  await page.keyboard.press("Enter"); // a second submit from the keyboard is ignored too
  await page.waitForSelector(".result.success");
  assert.equal(registrations() - before, 1);
  await page.close();
});

test("AK/SK signing works from the page through the same-origin proxy", async () => {
  const { page, violations } = await openConsole();
  await page.fill("#projectId", DEMO.projectId);
  await page.check('input[name="auth"][value="aksk"]');
  await page.fill("#ak", DEMO.ak);
  await page.fill("#sk", DEMO.sk);
  await page.fill("#instance_id", "6f1b2c3d-0000-4000-8000-0000000051a6");
  await page.fill("#kafka_name", "kafka-signed");
  const preview = await page.textContent("#preview");
  assert.match(preview, /Authorization: SDK-HMAC-SHA256 Access=DEMOACCESSKEY0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=\*\*\*/);
  assert.ok(!preview.includes(DEMO.sk));
  assert.match(await page.textContent("#register-target"), /^The request signed with your access key goes to http:\/\/127\.0\.0\.1:\d+\/lts-proxy \(this page's own server\)\.$/);
  await page.click("#register");
  await page.waitForSelector(".result.success");
  assert.deepEqual(await violations(), []);
  await page.close();
});

test("an unreachable endpoint gets the security-group and proxy hint; the page is usable by keyboard and on a phone", async () => {
  const { page, violations } = await openConsole({ width: 375, height: 812 });
  await page.fill("#endpoint", "http://127.0.0.1:9/lts-proxy");
  // Another origin than the page's: its policy refuses it, and the page says so before sending.
  assert.match(await page.textContent("#endpoint-policy"), /--connect http:\/\/127\.0\.0\.1:9, /);
  await page.fill("#projectId", DEMO.projectId);
  await page.fill("#token", DEMO.token);
  await page.fill("#instance_id", "7f1b2c3d-0000-4000-8000-0000000000ff");
  await page.fill("#kafka_name", "kafka-prod");
  // Keyboard only: focus the button by tabbing to it, press Enter.
  await page.focus("#kafka_name");
  await page.keyboard.press("Tab"); // the SASL switch
  await page.keyboard.press("Tab"); // the register button
  assert.equal(await page.evaluate(() => document.activeElement.id), "register");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".result.failure");
  assert.equal(await page.textContent('[data-field="error"]'), "LtsNetworkError");
  const hint = await page.textContent("#result .hint");
  assert.match(hint, /198\.19\.128\.0\/17/);
  assert.match(hint, /same-origin proxy/);
  // Refused by the policy, once per attempt (a network error is retried), and nothing else.
  const refused = await violations();
  assert.ok(refused.length >= 1);
  assert.deepEqual(new Set(refused), new Set([`connect-src http://127.0.0.1:9/lts-proxy/v2/${DEMO.projectId}/lts/dms/kafka-instance`]));
  // Readable on a phone: nothing overflows horizontally.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 375px`);
  // Every input has a label.
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select")].filter((el) => el.labels.length === 0).map((el) => el.id || el.name),
  );
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.getAttribute("#result", "aria-live"), "polite");
  await page.screenshot({ path: `${SHOTS}phone-network-error.png`, fullPage: true });
  await page.close();
});

test("what the page weighs (HTML, JS, CSS, wasm; gzip)", async () => {
  const { page } = await openConsole();
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname));
  await page.close();
  const root = new URL("../../", import.meta.url).pathname;
  const fileOf = (path) => (path.startsWith("/lts-kafka/") ? `${root}pkg/${path.slice(11)}` : `${root}www/${path.slice(1)}`);
  const files = ["/index.html", ...loaded.filter((p) => !p.startsWith("/lts-proxy"))];
  const sizes = files.map((p) => {
    const data = readFileSync(fileOf(p));
    return { path: p, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  assert.ok(sizes.some((s) => s.path.endsWith(".wasm")), "the wasm was loaded");
  const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip }), { raw: 0, gzip: 0 });
  console.log(`WEIGHT files=${sizes.length} raw=${total.raw} gzip=${total.gzip} ${sizes.map((s) => `${s.path}:${s.gzip}`).join(" ")}`);
  assert.deepEqual(readdirSync(`${root}www`).sort(), ["console.css", "console.js", "endpoint.js", "hints.js", "index.html", "transfers.js", "ui.js"]);
});
