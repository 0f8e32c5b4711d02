// The admin console in real headless Chromium (Debian's), driven by Playwright, against the
// console server (www/ + the built package + the local endpoint behind /lts-proxy).
// Screenshots go to tests/screenshots/ (not committed). `make build` first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startConsole, DEMO } from "./serve.mjs";

const SHOTS = new URL("../screenshots/", import.meta.url).pathname;
let server;
let browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startConsole();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openConsole(viewport = { width: 1000, height: 1400 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors };
}

test("the console validates live, registers, and explains API errors", async () => {
  const { page, errors } = await openConsole();
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
  assert.match(curl, /-H "X-Auth-Token: \$LTS_TOKEN"/);
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
  assert.equal(server.lts.received.length, 1);
  await page.screenshot({ path: `${SHOTS}success.png`, fullPage: true });

  // Again: the duplicate registration error, with its hint.
  await page.click("#register");
  await page.waitForSelector(".result.failure");
  assert.equal(await page.textContent('[data-field="code"]'), "LTS.1711");
  assert.match(await page.textContent("#result .hint"), /already registered/);
  await page.screenshot({ path: `${SHOTS}api-error-duplicate.png`, fullPage: true });

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
  await page.close();
});

test("double submission is prevented while a registration is in flight", async () => {
  const { page } = await openConsole();
  const id = "5f1b2c3d-0000-4000-8000-00000000beef";
  server.lts.queueFault({ match: id, delayMs: 800, status: 201, body: { instance_id: id } });
  const before = server.lts.received.length;
  await page.fill("#projectId", DEMO.projectId);
  await page.fill("#token", DEMO.token);
  await page.fill("#instance_id", id);
  await page.fill("#kafka_name", "kafka-prod");
  await page.click("#register");
  assert.equal(await page.isDisabled("#register"), true);
  assert.equal(await page.isVisible("#progress"), true);
  await page.keyboard.press("Enter"); // a second submit from the keyboard is ignored too
  await page.waitForSelector(".result.success");
  assert.equal(server.lts.received.length - before, 1);
  await page.close();
});

test("AK/SK signing works from the page through the same-origin proxy", async () => {
  const { page } = await openConsole();
  await page.fill("#projectId", DEMO.projectId);
  await page.check('input[name="auth"][value="aksk"]');
  await page.fill("#ak", DEMO.ak);
  await page.fill("#sk", DEMO.sk);
  await page.fill("#instance_id", "6f1b2c3d-0000-4000-8000-0000000051a6");
  await page.fill("#kafka_name", "kafka-signed");
  const preview = await page.textContent("#preview");
  assert.match(preview, /Authorization: SDK-HMAC-SHA256 Access=DEMOACCESSKEY0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=\*\*\*/);
  assert.ok(!preview.includes(DEMO.sk));
  await page.click("#register");
  await page.waitForSelector(".result.success");
  await page.close();
});

test("an unreachable endpoint gets the security-group and proxy hint; the page is usable by keyboard and on a phone", async () => {
  const { page } = await openConsole({ width: 375, height: 812 });
  await page.fill("#endpoint", "http://127.0.0.1:9/lts-proxy");
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
  assert.deepEqual(readdirSync(`${root}www`).sort(), ["console.css", "console.js", "hints.js", "index.html"]);
});
