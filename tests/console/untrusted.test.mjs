// The console in headless Chromium facing what others choose: a link that names an endpoint,
// a site that frames the page, a service answer with an odd value or error code, and values
// that end up in a shell through "Copy as curl". Each case starts its own console server, so
// nothing here depends on the state console.test.mjs leaves.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { launchChromium } from "../chromium.mjs";
import { startLocalLts } from "../local-lts/server.mjs";
import { startConsole, DEMO } from "./serve.mjs";
import { curlStub, PLACEHOLDER_VALUES } from "./shell.mjs";

const SHOTS = new URL("../screenshots/", import.meta.url).pathname;
let browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** Listens on a free port of 127.0.0.1; resolves to its origin. */
async function listen(server) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

/**
 * Another endpoint on its own port: a local LTS that answers CORS, behind a front that
 * records every request that reaches it, preflights included (what a page would leak first).
 */
async function startOtherEndpoint() {
  const lts = await startLocalLts({ prefix: "/lts-proxy", cors: true, tokens: { [DEMO.token]: DEMO.projectId } });
  const seen = [];
  const front = createServer((req, res) => {
    seen.push({ method: req.method, path: req.url, token: req.headers["x-auth-token"] });
    const upstream = httpRequest({ host: "127.0.0.1", port: lts.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  const origin = await listen(front);
  return {
    origin,
    endpoint: `${origin}/lts-proxy`,
    seen,
    async close() {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
      await lts.close();
    },
  };
}

async function openPage(url) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors };
}

async function fillRegistration(page, instanceId) {
  await page.fill("#projectId", DEMO.projectId);
  await page.fill("#token", DEMO.token);
  await page.fill("#instance_id", instanceId);
  await page.fill("#kafka_name", "kafka-prod");
}

const registrationsAt = (lts) => lts.received.filter((r) => r.path.endsWith("/lts/dms/kafka-instance")).length;

test("a link's ?endpoint= is only offered: nothing goes there until the operator chooses it, then the endpoint shown is the one used", async () => {
  const other = await startOtherEndpoint();
  // The page's policy allows the other origin: what keeps the token home is the page itself.
  const site = await startConsole({ connect: [other.origin] });
  try {
    const own = `${site.url}lts-proxy`;
    const { page, errors } = await openPage(`${site.url}?endpoint=${encodeURIComponent(other.endpoint)}`);
    // The operator types a token and registers without answering the banner: it goes to the
    // same-origin proxy, and the other endpoint sees nothing at all (not even a preflight).
    await fillRegistration(page, "1a1b2c3d-0000-4000-8000-0000000011nk");
    await page.click("#register");
    await page.waitForSelector(".result.success, .result.failure");
    assert.deepEqual(other.seen, [], "the other endpoint saw no request");
    assert.equal(registrationsAt(site.lts), 1);
    assert.equal(await page.inputValue("#endpoint"), own, "nothing was filled in");

    // What the page shows meanwhile: the banner, and the default endpoint by every send button.
    assert.equal(await page.isVisible("#link-endpoint"), true, "the banner asks");
    assert.equal(await page.textContent("#link-endpoint-url"), other.endpoint);
    assert.match(await page.textContent("#link-endpoint"), /This link asks to send requests to/);
    assert.equal(await page.textContent("#link-endpoint-host"), `(another site: ${new URL(other.origin).host})`);
    for (const id of ["register-target", "transfer-target", "transfers-target"]) {
      assert.equal(await page.textContent(`#${id} code`), own, id);
    }
    assert.match(await page.textContent("#register-target"), /^The token goes to .*\(this page's own server\)\.$/);
    await page.screenshot({ path: `${SHOTS}link-endpoint.png`, fullPage: true });

    // Chosen: the field, the line by every send button, and where the request goes agree.
    await page.click("#link-endpoint-use");
    assert.equal(await page.isVisible("#link-endpoint"), false);
    assert.equal(await page.inputValue("#endpoint"), other.endpoint);
    assert.equal(await page.evaluate(() => document.activeElement.id), "endpoint");
    for (const id of ["register-target", "transfer-target", "transfers-target"]) {
      assert.equal(await page.textContent(`#${id} code`), other.endpoint, id);
    }
    assert.match(await page.textContent("#register-target"), /another site: 127\.0\.0\.1:\d+/);
    assert.equal(await page.textContent("#endpoint-policy"), "", "the policy allows it: no warning");
    await page.fill("#instance_id", "2a1b2c3d-0000-4000-8000-0000000011nk");
    await page.click("#register");
    await page.waitForFunction(() => document.querySelector('[data-field="instance-id"]')?.textContent.startsWith("2a1b"));
    const posts = other.seen.filter((r) => r.method === "POST");
    assert.deepEqual(posts, [{ method: "POST", path: `/lts-proxy/v2/${DEMO.projectId}/lts/dms/kafka-instance`, token: DEMO.token }]);
    assert.equal(registrationsAt(site.lts), 1, "nothing more went to the default");
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await site.close();
    await other.close();
  }
});

test("Ignore leaves the endpoint as it was, and the token goes nowhere else", async () => {
  const other = await startOtherEndpoint();
  const site = await startConsole({ connect: [other.origin] });
  try {
    const { page } = await openPage(`${site.url}?endpoint=${encodeURIComponent(other.endpoint)}`);
    await page.click("#link-endpoint-ignore");
    assert.equal(await page.isVisible("#link-endpoint"), false);
    assert.equal(await page.inputValue("#endpoint"), `${site.url}lts-proxy`);
    await fillRegistration(page, "3a1b2c3d-0000-4000-8000-0000000011nk");
    await page.click("#register");
    await page.waitForSelector(".result.success");
    assert.equal(registrationsAt(site.lts), 1);
    assert.deepEqual(other.seen, []);
    await page.close();
  } finally {
    await site.close();
    await other.close();
  }
});

test("under the default policy the browser refuses a chosen foreign endpoint, and the page says how to allow it", async () => {
  const other = await startOtherEndpoint();
  const site = await startConsole();
  try {
    const { page } = await openPage(`${site.url}?endpoint=${encodeURIComponent(other.endpoint)}`);
    assert.equal(await page.textContent("#endpoint-policy"), "", "no warning for the same-origin proxy");
    await page.click("#link-endpoint-use");
    const warning = await page.textContent("#endpoint-policy");
    assert.match(warning, /does not let it connect to http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(warning.includes(`--connect ${other.origin}`), warning);
    await page.locator("#register-form fieldset").first().screenshot({ path: `${SHOTS}endpoint-refused-by-policy.png` });
    await fillRegistration(page, "4a1b2c3d-0000-4000-8000-0000000011nk");
    await page.click("#register");
    await page.waitForSelector(".result.failure");
    assert.equal(await page.textContent('[data-field="error"]'), "LtsNetworkError");
    assert.deepEqual(other.seen, [], "the policy kept the request in the browser");
    await page.close();
  } finally {
    await site.close();
    await other.close();
  }
});

test("served by a plain static server (no headers), the page's own policy still keeps requests to its origin", async () => {
  const other = await startOtherEndpoint();
  const root = new URL("../../", import.meta.url);
  const types = { js: "text/javascript", css: "text/css", html: "text/html", wasm: "application/wasm" };
  // Files only, and no header but the type: what any static server does.
  const plainServer = createServer((req, res) => {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    const file = path.startsWith("/lts-kafka/") ? `pkg/${path.slice(11)}` : `www/${path === "/" ? "index.html" : path.slice(1)}`;
    try {
      const data = readFileSync(new URL(file, root));
      res.writeHead(200, { "content-type": types[file.split(".").pop()] ?? "application/octet-stream" });
      res.end(data);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  const origin = await listen(plainServer);
  try {
    const { page, errors } = await openPage(`${origin}/`);
    await page.fill("#endpoint", other.endpoint);
    assert.ok((await page.textContent("#endpoint-policy")).includes(`--connect ${other.origin}`));
    await fillRegistration(page, "9a1b2c3d-0000-4000-8000-0000000011nk");
    await page.click("#register");
    await page.waitForSelector(".result.failure");
    assert.deepEqual(other.seen, [], "the meta policy kept the request in the browser");
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    plainServer.closeAllConnections();
    await new Promise((resolve) => plainServer.close(resolve));
    await other.close();
  }
});

test("another site cannot frame the console; the page runs under its policy without a violation", async () => {
  const site = await startConsole();
  const framer = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>framer</title><iframe src="${site.url}"></iframe>`);
  });
  const framerOrigin = await listen(framer);
  try {
    const page = await browser.newPage();
    await page.goto(`${framerOrigin}/`, { waitUntil: "load" });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, "the iframe exists");
    await page.waitForFunction(() => document.querySelector("iframe") !== null);
    // The frame holds the browser's error page, never the console.
    await page.waitForTimeout(300);
    assert.equal(await frame.$("#register-form"), null, "the console loaded inside another site");
    assert.notEqual(frame.url(), site.url);
    await page.close();

    // Loaded as itself, the page records no violation of its policy while it starts and
    // validates (nothing inline; the wasm compiles under 'wasm-unsafe-eval').
    const own = await browser.newPage();
    await own.addInitScript(() => {
      globalThis.violations = [];
      document.addEventListener("securitypolicyviolation", (e) => globalThis.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await own.goto(site.url);
    await own.waitForSelector('body[data-ready="true"]');
    await own.fill("#projectId", DEMO.projectId);
    await own.fill("#token", DEMO.token);
    await own.fill("#instance_id", "5a1b2c3d-0000-4000-8000-0000000011nk");
    await own.fill("#kafka_name", "kafka-prod");
    assert.match(await own.textContent("#preview"), /^POST /);
    assert.deepEqual(await own.evaluate(() => globalThis.violations), []);
    await own.close();
  } finally {
    framer.closeAllConnections();
    await new Promise((resolve) => framer.close(resolve));
    await site.close();
  }
});

test("a transfer whose creation time is 1e20 shows as '—' and every other row stays", async () => {
  const site = await startConsole();
  const transfer = (id, group, time) => ({
    log_group_id: group,
    log_group_name: `group-${id.slice(0, 4)}`,
    log_streams: [{ log_stream_id: "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", log_stream_name: `stream-${id.slice(0, 4)}` }],
    log_transfer_id: id,
    log_transfer_info: {
      log_create_time: time,
      log_storage_format: "RAW",
      log_agency_transfer: null,
      log_transfer_detail: { kafka_id: "kafka-1", kafka_topic: "topic-1" },
      log_transfer_mode: "realTime",
      log_transfer_status: "ENABLE",
      log_transfer_type: "DMS",
    },
  });
  const bad = transfer("aaaa0000-0000-4000-8000-000000000001", "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d61", 1e20);
  const good = transfer("bbbb0000-0000-4000-8000-000000000002", "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d62", 1751299200000);
  site.lts.transfers.seed(DEMO.projectId, bad);
  site.lts.transfers.seed(DEMO.projectId, good);
  try {
    const { page, errors } = await openPage(site.url);
    await fillRegistration(page, "6a1b2c3d-0000-4000-8000-0000000011nk");
    await page.click("#register");
    // The table, or the error that replaced it.
    await page.waitForSelector(`tr[data-transfer-id="${good.log_transfer_id}"], #transfers-error.failure`);
    assert.equal(await page.textContent("#transfers-error"), "", "no error replaces the table");
    const badRow = `tr[data-transfer-id="${bad.log_transfer_id}"]`;
    assert.equal(await page.textContent(`${badRow} td.created`), "—");
    assert.equal(await page.getAttribute(`${badRow} td.created`, "title"), "100000000000000000000");
    assert.equal(await page.isVisible(`${badRow} button:text("Disable")`), true, "its actions stay");
    assert.equal(await page.textContent(`tr[data-transfer-id="${good.log_transfer_id}"] td.created`), "2025-06-30 16:00 UTC");
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await site.close();
  }
});

const API_ERROR_HINT = "The service refused the request; the message and code above say why.";

test("an error code of __proto__ or constructor shows the API error's own hint, never an inherited value", async () => {
  const site = await startConsole();
  try {
    const { page, errors } = await openPage(site.url);
    for (const [n, code] of [["7", "__proto__"], ["8", "constructor"]]) {
      const id = `${n}a1b2c3d-0000-4000-8000-0000000011nk`;
      site.lts.queueFault({ match: id, status: 400, body: { error_code: code, error_msg: "refused" } });
      await fillRegistration(page, id);
      await page.click("#register");
      await page.waitForFunction((c) => document.querySelector('#result [data-field="code"]')?.textContent === c, code);
      assert.equal(await page.textContent("#result .hint"), API_ERROR_HINT, code);
    }
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await site.close();
  }
});

test("copy as curl from the page, pasted into bash, is the request shown and runs nothing hidden in its values", async () => {
  const site = await startConsole();
  const shell = curlStub();
  try {
    const { page } = await openPage(site.url);
    // bash runs in the stub's directory, so a relative "ran" is the marker.
    const endpoint = `${site.url}lts-proxy$(touch$IFS'ran');touch$IFS'ran'`;
    const ak = "AK$(touch${IFS}ran)`touch${IFS}ran`;touch${IFS}ran";
    const values = { instance_id: "i$(touch ran)`touch ran`", kafka_name: "k'; touch ran; '\"; touch ran; \"", user_name: "u\\'$(touch ran)" };
    await page.fill("#endpoint", endpoint);
    await page.fill("#projectId", DEMO.projectId);
    await page.check('input[name="auth"][value="aksk"]');
    await page.fill("#ak", ak);
    await page.fill("#sk", DEMO.sk);
    await page.fill("#securityToken", "temporary-token");
    await page.fill("#instance_id", values.instance_id);
    await page.fill("#kafka_name", values.kafka_name);
    await page.check("#sasl");
    await page.fill("#user_name", values.user_name);
    await page.fill("#pwd", "kafka-secret");
    const preview = await page.textContent("#preview");
    assert.match(preview, /^POST /, preview);
    const [requestLine, ...rest] = preview.split("\n\n")[0].split("\n");
    const url = requestLine.slice("POST ".length);
    assert.ok(url.startsWith(endpoint), url);

    await page.click("#copy-curl");
    const [argv, ...more] = shell.run(await page.textContent("#curl"));
    assert.deepEqual(more, [], "one command");
    assert.equal(shell.ran(), false, "a value ran a command");
    assert.deepEqual(argv.slice(0, 3), ["-X", "POST", url]);
    const headers = [];
    for (let i = 3; argv[i] === "-H"; i += 2) headers.push(argv[i + 1]);
    // The preview's headers, the masked secrets replaced by what the variables hold.
    const expected = rest.map((line) =>
      line
        .replace(/^X-Security-Token: \*\*\*$/, `X-Security-Token: ${PLACEHOLDER_VALUES.LTS_SECURITY_TOKEN}`)
        .replace(/Signature=\*\*\*$/, `Signature=${PLACEHOLDER_VALUES.LTS_SIGNATURE}`),
    );
    const undated = (list) => list.map((h) => h.replace(/^X-Sdk-Date: \d{8}T\d{6}Z$/, "X-Sdk-Date: (a date)"));
    assert.deepEqual(undated(headers), undated(expected));
    assert.ok(headers.some((h) => h.startsWith(`Authorization: SDK-HMAC-SHA256 Access=${ak}, `)), headers.join("\n"));
    assert.equal(argv.at(-2), "--data-raw");
    assert.deepEqual(JSON.parse(argv.at(-1)), {
      instance_id: values.instance_id,
      kafka_name: values.kafka_name,
      connect_info: { user_name: values.user_name, pwd: PLACEHOLDER_VALUES.LTS_KAFKA_PASSWORD },
    });

    // With the secrets themselves in it, too.
    await page.check("#include-secrets");
    await page.click("#copy-curl");
    const [revealed] = shell.run(await page.textContent("#curl"));
    assert.equal(shell.ran(), false);
    assert.ok(revealed.some((a) => /^Authorization: .*Signature=[0-9a-f]{64}$/.test(a)), revealed.join("\n"));
    assert.equal(JSON.parse(revealed.at(-1)).connect_info.pwd, "kafka-secret");
    await page.close();
  } finally {
    shell.remove();
    await site.close();
  }
});
