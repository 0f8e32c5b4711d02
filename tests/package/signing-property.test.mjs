// Property: for random project ids, names, bodies, credentials and endpoints, the endpoint's
// verifier accepts what the client signs, and rejects it (401 APIGW.0301) when any signed byte
// is changed on the way. The client is the built package; the changes are made by an
// injected fetch between the client and the endpoint.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { LtsClient } from "../../pkg/node.js";
import { startLocalLts } from "../local-lts/server.mjs";

const ITERATIONS = Number(process.env.SIGNING_PROPERTY_ITERATIONS ?? 150);
const SEED = Number(process.env.SIGNING_PROPERTY_SEED ?? 20261130);

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const PROJECT_CHARS = [..."abcdef0123456789ABCXYZ-_.~:@!$&'()*+,;=[]"];
// No control characters: validation refuses them in ids and names.
const TEXT_CHARS = [..."abcXYZ 0189-_\"\\/?#%&=+é中カフカ😀🚀"];
const randomString = (chars, min, max) => {
  let s = "";
  const target = int(min, max);
  while (s.length < target) {
    const c = pick(chars);
    if (s.length + c.length <= max) s += c;
    else s += "a";
  }
  // Ids and names never start or end with whitespace (the library refuses that by name).
  return s.slice(0, max).replace(/^\s/, "x").replace(/\s$/, "x");
};

const KEYS = {
  permanent: { ak: "AKPROPERTY0000000001", sk: "sk-property-permanent-9876543210" },
  temporary: { ak: "AKPROPERTY0000000002", sk: "sk-property-temporary-9876543210", securityToken: "st-" + "Q".repeat(300) },
};
let endpoints;
before(async () => {
  const akSk = {
    [KEYS.permanent.ak]: { sk: KEYS.permanent.sk, projectId: "-" },
    [KEYS.temporary.ak]: { sk: KEYS.temporary.sk, projectId: "-", securityToken: KEYS.temporary.securityToken },
  };
  endpoints = [await startLocalLts({ akSk }), await startLocalLts({ akSk, prefix: "/lts-proxy/v1.2~x" })];
});
after(() => Promise.all(endpoints.map((e) => e.close())));

function changeOneChar(text, mustBeAlnum) {
  // Never a hex digit of a %XX escape: %3A and %3a are the same byte, not a change.
  const escapes = new Set([...text.matchAll(/%[0-9A-Fa-f]{2}/g)].flatMap((m) => [m.index + 1, m.index + 2]));
  const positions = [...text.matchAll(mustBeAlnum ? /[A-Za-z0-9]/g : /[^\s]/g)]
    .map((m) => m.index)
    .filter((i) => !escapes.has(i));
  const at = pick(positions);
  const old = text[at];
  const replacement = /[0-9]/.test(old) ? String((+old + 1) % 10) : old === "a" ? "b" : "a";
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

const MUTATIONS = {
  body: (req) => ({ ...req, body: changeOneChar(req.body, false) }),
  path: (req) => {
    const u = new URL(req.url);
    const segments = u.pathname.split("/");
    const i = segments.indexOf("v2") + 1; // the project id segment
    segments[i] = changeOneChar(segments[i], true);
    u.pathname = segments.join("/");
    return { ...req, url: u.toString() };
  },
  host: (req) => ({ ...req, url: req.url.replace("//127.0.0.1:", "//localhost:") }),
  "x-sdk-date": (req) => ({ ...req, headers: { ...req.headers, "X-Sdk-Date": changeOneChar(req.headers["X-Sdk-Date"].slice(0, 15), true) + "Z" } }),
  "x-project-id": (req) => ({ ...req, headers: { ...req.headers, "X-Project-Id": req.headers["X-Project-Id"] + "x" } }),
  "content-type": (req) => ({ ...req, headers: { ...req.headers, "Content-Type": "application/json;charset=UTF-8" } }),
  "x-security-token": (req) =>
    req.headers["X-Security-Token"] === undefined
      ? null
      : { ...req, headers: { ...req.headers, "X-Security-Token": changeOneChar(req.headers["X-Security-Token"], true) } },
};

test(`signed requests are accepted and any changed signed byte is rejected (${ITERATIONS} cases, seed ${SEED})`, async () => {
  const counts = {};
  for (let i = 0; i < ITERATIONS; i++) {
    const lts = pick(endpoints);
    const keys = pick([KEYS.permanent, KEYS.temporary]);
    const projectId = randomString(PROJECT_CHARS, 1, 40);
    lts.akSk.get(keys.ak).projectId = projectId;
    const body = {
      instance_id: randomString(TEXT_CHARS, 1, 36),
      kafka_name: randomString(TEXT_CHARS, 1, 256),
      connect_info: {},
    };
    let mutation = null;
    const fetchBetween = (url, init) => {
      let req = { url, headers: init.headers, body: init.body };
      if (mutation) req = MUTATIONS[mutation](req);
      return fetch(req.url, { ...init, headers: req.headers, body: req.body });
    };
    const client = new LtsClient({ projectId, endpoint: lts.url, credentials: { ...keys }, fetch: fetchBetween });
    const context = JSON.stringify({ i, projectId, body, prefix: lts.url });

    const out = await client.registerDmsKafkaInstance(body).catch((e) => e);
    assert.equal(out.instance_id, body.instance_id, `unchanged request refused: ${out.message} ${context}`);

    mutation = pick(Object.keys(MUTATIONS));
    if (mutation === "x-security-token" && keys.securityToken === undefined) mutation = "body";
    counts[mutation] = (counts[mutation] ?? 0) + 1;
    const second = { ...body, instance_id: randomString(TEXT_CHARS, 1, 36) };
    const refused = await client.registerDmsKafkaInstance(second).then(
      () => null,
      (e) => e,
    );
    assert.ok(refused, `a request with a changed ${mutation} was accepted: ${context}`);
    assert.equal(refused.status, 401, `${mutation}: ${refused.message} ${context}`);
    assert.equal(refused.code, "APIGW.0301", mutation);
  }
  for (const m of Object.keys(MUTATIONS)) assert.ok(counts[m] > 0, `mutation ${m} never drawn`);
});
