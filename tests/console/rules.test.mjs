// The console's rules that need no browser: the hint for an error (www/hints.js) and what a
// link and the page's policy decide about where requests go (www/endpoint.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hintFor, HINTS_BY_NAME } from "../../www/hints.js";
import { connectAllowed, connectSources, proposedEndpoint, whoIsAt } from "../../www/endpoint.js";
import { consolePolicy } from "./serve.mjs";
import { startLocalLts } from "../local-lts/server.mjs";

test("an error code named like an Object.prototype member gets the hint of the error's name, never an inherited value", () => {
  const apiHint = HINTS_BY_NAME.get("LtsApiError");
  for (const code of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"]) {
    assert.equal(hintFor({ name: "LtsApiError", code }), apiHint, code);
    assert.equal(hintFor({ name: code, code }), "", `name ${code}`);
  }
  assert.match(hintFor({ name: "LtsApiError", code: "LTS.1711" }), /already registered/);
  assert.equal(hintFor({ name: "LtsApiError", code: 1711 }), apiHint, "a code that is no string");
  assert.equal(hintFor({}), "");
});

test("the errors lts-kafka throws for a timeout and an abort (names TimeoutError, AbortError) get their hints", async () => {
  // The real errors, from the built package: the hints are keyed by the names it gives them.
  const { LtsClient, isLtsError } = await import("../../pkg/node.js");
  const lts = await startLocalLts({ tokens: { "rules-token-0123456789": "0123456789abcdef0123456789abcdef" } });
  try {
    lts.queueFault({ delayMs: 5000, status: 201 });
    const client = new LtsClient({
      projectId: "0123456789abcdef0123456789abcdef",
      endpoint: lts.url,
      credentials: { token: "rules-token-0123456789" },
      timeoutMs: 100,
      retry: false,
    });
    const body = { instance_id: "1f1b2c3d-0000-4000-8000-00000000717e", kafka_name: "kafka-prod", connect_info: {} };
    const timedOut = await client.registerDmsKafkaInstance(body).catch((e) => e);
    const aborted = await client.registerDmsKafkaInstance(body, { signal: AbortSignal.abort() }).catch((e) => e);
    assert.ok(isLtsError(timedOut) && isLtsError(aborted));
    assert.deepEqual([timedOut.name, aborted.name], ["TimeoutError", "AbortError"]);
    assert.match(hintFor(timedOut), /^No complete answer in time\. .*198\.19\.128\.0\/17/);
    assert.equal(hintFor(aborted), "The request was cancelled.");
  } finally {
    await lts.close();
  }
});

test("a link only proposes an endpoint: ?endpoint= is read as text, and only that parameter", () => {
  const cases = [
    ["", null],
    ["?endpoint=", null],
    ["?endpoint=%20%20", null],
    ["?endpoint=https%3A%2F%2Fattacker.example%2Flts-proxy", "https://attacker.example/lts-proxy"],
    ["?projectId=x&token=y", null],
    ["?endpoint=+https://a.example+", "https://a.example"],
  ];
  for (const [search, proposed] of cases) assert.equal(proposedEndpoint(search), proposed, search);
});

test("who is at an endpoint: this page's server, another site by its host, or not a URL", () => {
  const page = "http://127.0.0.1:8080";
  assert.equal(whoIsAt("http://127.0.0.1:8080/lts-proxy", page), "this page's own server");
  assert.equal(whoIsAt("http://127.0.0.1:9090/lts-proxy", page), "another site: 127.0.0.1:9090");
  assert.equal(whoIsAt("https://user@attacker.example/x", page), "another site: attacker.example");
  assert.equal(whoIsAt("not a url", page), "not a URL");
});

test("the page's connect-src is read as the browser reads it, for the forms its policies use", () => {
  const page = "http://127.0.0.1:8080";
  const own = connectSources(consolePolicy());
  assert.deepEqual(own, ["'self'"]);
  const chosen = connectSources(consolePolicy(["http://127.0.0.1:9090", "https://*.myhuaweicloud.com"]));
  const cases = [
    [own, "http://127.0.0.1:8080/lts-proxy", true],
    [own, "http://127.0.0.1:9090/lts-proxy", false],
    [own, "http://localhost:8080/lts-proxy", false],
    [own, "https://lts.cn-north-4.myhuaweicloud.com", false],
    [chosen, "http://127.0.0.1:9090/lts-proxy", true],
    [chosen, "http://127.0.0.1:9091/lts-proxy", false],
    [chosen, "https://lts.cn-north-4.myhuaweicloud.com", true],
    [chosen, "https://myhuaweicloud.com", false],
    [chosen, "http://lts.cn-north-4.myhuaweicloud.com", false],
    [chosen, "https://lts.cn-north-4.myhuaweicloud.com:8443", false],
    [["https:"], "https://anything.example", true],
    [["https://lts.example.com"], "https://lts.example.com/path", true],
    [["https://lts.example.com:443"], "https://lts.example.com/path", true],
    [["lts.example.com"], "http://lts.example.com/", true],
    [["lts.example.com"], "https://lts.example.com/", true],
    [["'none'"], "http://127.0.0.1:8080/", false],
    [["'unsafe-inline'"], "http://127.0.0.1:8080/", false],
    [own, "not a url", false],
  ];
  for (const [sources, url, allowed] of cases) assert.equal(connectAllowed(sources, url, page), allowed, `${sources} ${url}`);
  assert.deepEqual(connectSources("default-src 'self' https://a.example; script-src 'self'"), ["'self'", "https://a.example"]);
  assert.deepEqual(connectSources("connect-src https://first.example; connect-src https://second.example"), ["https://first.example"]);
  assert.equal(connectSources("script-src 'self'"), null);
});

test("index.html carries the server's policy in a meta element, so a page served by any static server keeps it", () => {
  const html = readFileSync(new URL("../../www/index.html", import.meta.url), "utf8");
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/gi)];
  assert.equal(metas.length, 1);
  assert.equal(metas[0][1], consolePolicy());
  // It comes before anything it governs.
  assert.ok(metas[0].index < html.indexOf("<link"), "the policy precedes the stylesheet");
  assert.ok(metas[0].index < html.indexOf("<script"), "the policy precedes the scripts");
  // Nothing inline for the policy to refuse: no inline script, style or handler.
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, "an inline script (an import map is one)");
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, "an inline style or event handler");
  assert.match(html, /<meta name="referrer" content="no-referrer">/);
});
