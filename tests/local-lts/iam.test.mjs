// IAM on the local endpoint: the two project lists a client derives its project id from
// (contract §3), the credentials it takes, Keystone's error shape and X-IAM-Trace-Id, and the
// faults, records and locks IAM shares with LTS.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startLocalLts, IAM_ERRORS, LIMITS } from "./server.mjs";
import { canonicalRequest, signature, stringToSign } from "./signature.mjs";

const DATE = "20261130T120000Z";
const DATE_MS = Date.UTC(2026, 10, 30, 12, 0, 0);
const P = "0123456789abcdef0123456789abcdef";
const TOKEN = "tok-iam-" + "a".repeat(40);
const TOKEN_MANY = "tok-iam-" + "b".repeat(40);
const KEYS = {
  one: { ak: "AKIAMONE000000000001", sk: "sk-iam-one-0123456789" },
  none: { ak: "AKIAMNONE00000000002", sk: "sk-iam-none-0123456789" },
  many: { ak: "AKIAMMANY00000000003", sk: "sk-iam-many-0123456789" },
  temp: { ak: "AKIAMTEMP00000000004", sk: "sk-iam-temp-0123456789", securityToken: "st-" + "c".repeat(60) },
};
const [P2, P3, P4, P5, P6] = ["2", "3", "4", "5", "6"].map((d) => d.repeat(32));
const MANY = [
  { id: P2, name: "cn-north-4" },
  { id: P3, name: "cn-north-4_sub" },
  { id: P4, name: "MOS" },
  { id: P5, name: "cn-north-4", domain_id: "f".repeat(32), enabled: false, description: "a second project named after the region" },
  { id: P6, name: "eu-west-101" },
];
const KEYSTONE_401 = { error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" } };
let clock = DATE_MS;
let lts;

before(async () => {
  lts = await startLocalLts({
    now: () => clock,
    tokens: { [TOKEN]: P, [TOKEN_MANY]: P2 },
    akSk: {
      [KEYS.one.ak]: { sk: KEYS.one.sk, projectId: P },
      [KEYS.none.ak]: { sk: KEYS.none.sk, projectId: P },
      [KEYS.many.ak]: { sk: KEYS.many.sk, projectId: P2 },
      [KEYS.temp.ak]: { sk: KEYS.temp.sk, projectId: P, securityToken: KEYS.temp.securityToken },
    },
    projects: { [KEYS.none.ak]: [], [KEYS.many.ak]: MANY, [TOKEN_MANY]: MANY },
  });
});
after(() => lts.close());
beforeEach(() => {
  lts.reset();
  clock = DATE_MS;
});

/**
 * Headers for a request signed as the SDK signs it: every given header plus Host and
 * X-Sdk-Date, or only `signed` when given (names in lower case).
 */
function signedHeaders(key, { method = "GET", path, query = "", headers = {}, signed, date = DATE, sk = key.sk, body = "" }) {
  const all = { host: new URL(lts.url).host, "x-sdk-date": date, ...headers };
  if (key.securityToken !== undefined) all["x-security-token"] ??= key.securityToken;
  const names = signed ?? Object.keys(all).sort();
  const url = query ? `${path}?${query}` : path;
  const canonical = canonicalRequest({ method, url, headers: all, body: Buffer.from(body) }, names);
  const sig = signature(sk, stringToSign(date, canonical));
  const { host, ...sent } = all;
  void host;
  return { ...sent, authorization: `SDK-HMAC-SHA256 Access=${key.ak}, SignedHeaders=${names.join(";")}, Signature=${sig}` };
}

async function call(path, { method = "GET", query = "", headers = {}, body } = {}) {
  const res = await fetch(`${lts.url}${path}${query ? `?${query}` : ""}`, { method, headers, body });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** A GET with a body, which fetch cannot send. */
function getWithBody(path, headers, body) {
  return new Promise((resolve, reject) => {
    const framed = { ...headers, "content-length": String(Buffer.byteLength(body)) };
    const req = http.request(`${lts.url}${path}`, { method: "GET", headers: framed, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** GET /v3/projects signed with `key`. */
const lookup = (key, query = "name=cn-north-4", options = {}) =>
  call("/v3/projects", { query, headers: signedHeaders(key, { path: "/v3/projects", query, ...options }) });
const ids = (r) => r.json.projects.map((p) => p.id);

test("an access key without a projects entry has one project: its project id, named after region, every ProjectResult field", async () => {
  const r = await lookup(KEYS.one);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {
    links: { self: `${lts.url}/v3/projects?name=cn-north-4`, previous: null, next: null },
    projects: [
      {
        id: P,
        name: "cn-north-4",
        domain_id: LIMITS.defaults.domainId,
        parent_id: LIMITS.defaults.domainId,
        enabled: true,
        is_domain: false,
        description: "",
        links: { self: `${lts.url}/v3/projects/${P}`, previous: null, next: null },
      },
    ],
  });
  assert.match(LIMITS.defaults.domainId, /^[0-9a-f]{32}$/);
  assert.match(r.headers.get("x-iam-trace-id"), /^[0-9a-f]{32}$/);
  assert.match(r.headers.get("x-request-id"), /^[0-9a-f]{32}$/);
  assert.notEqual(r.headers.get("x-iam-trace-id"), r.headers.get("x-request-id"));
  assert.deepEqual(ids(await lookup(KEYS.one, "name=eu-west-101")), []);
  assert.deepEqual(ids(await lookup(KEYS.one, "")), [P]);
});

test("the region name is matched exactly: none, one, or more than one project, never a prefix, a sub-project or another case", async () => {
  for (const [query, expected] of [
    ["name=cn-north-4", [P2, P5]],
    ["name=eu-west-101", [P6]],
    ["name=cn-north-4_sub", [P3]],
    ["name=MOS", [P4]],
    ["name=cn-north", []],
    ["name=CN-NORTH-4", []],
    ["name=cn-north-4%20", []],
    ["name=", []],
    ["", [P2, P3, P4, P5, P6]],
  ]) {
    const r = await lookup(KEYS.many, query);
    assert.equal(r.status, 200, query);
    assert.deepEqual(ids(r), expected, query);
  }
  assert.deepEqual(ids(await lookup(KEYS.none)), []);
  assert.deepEqual(ids(await lookup(KEYS.none, "")), []);
});

test("a project's defaults and given fields: a sub-project's parent is its region's project, given fields are kept", async () => {
  const { projects } = (await lookup(KEYS.many, "")).json;
  const byId = Object.fromEntries(projects.map((p) => [p.id, p]));
  assert.equal(byId[P3].parent_id, P2);
  assert.equal(byId[P2].parent_id, LIMITS.defaults.domainId);
  assert.deepEqual([byId[P5].domain_id, byId[P5].parent_id, byId[P5].enabled, byId[P5].description], ["f".repeat(32), "f".repeat(32), false, "a second project named after the region"]);
  assert.ok(projects.every((p) => p.is_domain === false));
  assert.deepEqual(ids(await lookup(KEYS.many, "enabled=false")), [P5]);
  assert.deepEqual(ids(await lookup(KEYS.many, `name=cn-north-4&domain_id=${"f".repeat(32)}`)), [P5]);
  assert.deepEqual(ids(await lookup(KEYS.many, `parent_id=${P2}`)), [P3]);
  assert.deepEqual(ids(await lookup(KEYS.many, "is_domain=true")), []);
  assert.deepEqual(ids(await lookup(KEYS.many, "page=2&per_page=2")), [P4, P5]);
});

test("the signature is required and verified, its query included; every refusal is Keystone's 401 with the IAM ids", async () => {
  const good = signedHeaders(KEYS.one, { path: "/v3/projects", query: "name=cn-north-4" });
  const cases = [
    ["no credential", "name=cn-north-4", {}],
    ["a wrong secret key", "name=cn-north-4", signedHeaders(KEYS.one, { path: "/v3/projects", query: "name=cn-north-4", sk: "wrong" })],
    ["the query changed after signing", "name=eu-west-101", good],
    ["the query dropped after signing", "", good],
    ["an unknown access key", "name=cn-north-4", signedHeaders({ ak: "AKUNKNOWN", sk: "x" }, { path: "/v3/projects", query: "name=cn-north-4" })],
    ["x-sdk-date not signed", "name=cn-north-4", signedHeaders(KEYS.one, { path: "/v3/projects", query: "name=cn-north-4", signed: ["host"] })],
    ["host not signed", "name=cn-north-4", signedHeaders(KEYS.one, { path: "/v3/projects", query: "name=cn-north-4", signed: ["x-sdk-date"] })],
    ["a date 16 minutes old", "name=cn-north-4", signedHeaders(KEYS.one, { path: "/v3/projects", query: "name=cn-north-4", date: "20261130T114400Z" })],
    ["not SDK-HMAC-SHA256", "name=cn-north-4", { authorization: "Bearer abc" }],
  ];
  for (const [what, query, headers] of cases) {
    const r = await call("/v3/projects", { query, headers });
    assert.equal(r.status, 401, what);
    assert.deepEqual(r.json, KEYSTONE_401, what);
    assert.match(r.headers.get("x-iam-trace-id") ?? "", /^[0-9a-f]{32}$/, what);
    assert.match(r.headers.get("x-request-id") ?? "", /^[0-9a-f]{32}$/, what);
  }
  assert.deepEqual(IAM_ERRORS.unauthorized, [401, KEYSTONE_401.error.message, "Unauthorized"]);
});

test("SignedHeaders may name more than host;x-sdk-date: the SDK's user-agent, IamClient's content-type and x-domain-id", async () => {
  const extra = { "user-agent": "os/Linux python/3.11.7", "content-type": "application/json", "x-domain-id": LIMITS.defaults.domainId };
  const r = await call("/v3/projects", { query: "name=cn-north-4", headers: signedHeaders(KEYS.one, { path: "/v3/projects", query: "name=cn-north-4", headers: extra }) });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(ids(r), [P]);
  // A header named in SignedHeaders must have been sent.
  const missing = signedHeaders(KEYS.one, { path: "/v3/projects", query: "name=cn-north-4", headers: { "x-domain-id": "d" } });
  delete missing["x-domain-id"];
  assert.equal((await call("/v3/projects", { query: "name=cn-north-4", headers: missing })).status, 401);
});

test("a temporary key signs X-Security-Token; without it, unsigned or with another one, it is refused", async () => {
  assert.deepEqual(ids(await lookup(KEYS.temp)), [P]);
  const q = { path: "/v3/projects", query: "name=cn-north-4" };
  const withoutToken = signedHeaders({ ...KEYS.temp, securityToken: undefined }, q);
  const unsigned = signedHeaders(KEYS.temp, { ...q, signed: ["host", "x-sdk-date"] });
  const another = signedHeaders({ ...KEYS.temp, securityToken: "st-other" }, q);
  const onPermanent = signedHeaders({ ...KEYS.one, securityToken: "st-any" }, q);
  for (const [what, headers] of [["no token", withoutToken], ["unsigned", unsigned], ["another token", another], ["a token with a permanent key", onPermanent]]) {
    const r = await call("/v3/projects", { query: "name=cn-north-4", headers });
    assert.deepEqual([r.status, r.json], [401, KEYSTONE_401], what);
  }
});

test("a token lists every project it has, in every region, on /v3/auth/projects; a token without an entry has its one project", async () => {
  const many = await call("/v3/auth/projects", { headers: { "content-type": "application/json", "x-auth-token": TOKEN_MANY } });
  assert.equal(many.status, 200);
  assert.deepEqual(ids(many), [P2, P3, P4, P5, P6]);
  assert.deepEqual(many.json.links, { self: `${lts.url}/v3/auth/projects` });
  assert.deepEqual(many.json.projects[0].links, { self: `${lts.url}/v3/projects/${P2}` });
  assert.deepEqual(Object.keys(many.json.projects[0]).sort(), ["description", "domain_id", "enabled", "id", "is_domain", "links", "name", "parent_id"]);
  assert.match(many.headers.get("x-iam-trace-id"), /^[0-9a-f]{32}$/);
  const one = await call("/v3/auth/projects", { headers: { "content-type": "application/json;charset=utf8", "x-auth-token": TOKEN } });
  assert.deepEqual(one.json.projects.map((p) => [p.id, p.name]), [[P, "cn-north-4"]]);
  // The token works on /v3/projects too, filtered by name as for an access key.
  const byName = await call("/v3/projects", { query: "name=cn-north-4", headers: { "x-auth-token": TOKEN_MANY } });
  assert.deepEqual(ids(byName), [P2, P5]);
});

test("/v3/auth/projects also takes an access key's signature (unverified live, allowed here)", async () => {
  const r = await call("/v3/auth/projects", { headers: signedHeaders(KEYS.many, { path: "/v3/auth/projects" }) });
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r), [P2, P3, P4, P5, P6]);
  const bad = await call("/v3/auth/projects", { headers: signedHeaders(KEYS.many, { path: "/v3/auth/projects", sk: "wrong" }) });
  assert.deepEqual([bad.status, bad.json], [401, KEYSTONE_401]);
});

test("a missing, empty or unknown token gets Keystone's 401 with X-IAM-Trace-Id and X-Request-Id", async () => {
  for (const headers of [{}, { "x-auth-token": "" }, { "x-auth-token": "not-a-token" }, { "x-auth-token": P }]) {
    const r = await call("/v3/auth/projects", { headers: { "content-type": "application/json", ...headers } });
    assert.equal(r.status, 401);
    assert.equal(r.text, JSON.stringify(KEYSTONE_401));
    assert.match(r.headers.get("x-iam-trace-id"), /^[0-9a-f]{32}$/);
    assert.match(r.headers.get("x-request-id"), /^[0-9a-f]{32}$/);
  }
});

test("an unknown /v3 path is Keystone's 404, another method on a known one Keystone's 405", async () => {
  const auth = { "x-auth-token": TOKEN };
  for (const path of ["/v3", "/v3/", "/v3/auth/domains", "/v3/projects/" + P, "/v3/projects/", "/v3/auth/projects/x", "/v3/regions"]) {
    const r = await call(path, { headers: auth });
    assert.equal(r.status, 404, path);
    assert.deepEqual(r.json, { error: { code: 404, message: "The resource could not be found.", title: "Not Found" } }, path);
    assert.match(r.headers.get("x-iam-trace-id"), /^[0-9a-f]{32}$/, path);
  }
  for (const [method, path] of [["POST", "/v3/projects"], ["DELETE", "/v3/auth/projects"], ["PUT", "/v3/projects"], ["OPTIONS", "/v3/projects"]]) {
    const r = await call(path, { method, headers: auth, body: method === "POST" || method === "PUT" ? "{}" : undefined });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.deepEqual(r.json, { error: { code: 405, message: "The method is not allowed for the requested URL.", title: "Method Not Allowed" } });
    assert.equal(r.headers.get("allow"), "GET");
  }
});

test("the query and the request are checked: Keystone's 400 names the rule", async () => {
  for (const [query, rule] of [
    ["names=cn-north-4", /Unknown query parameter names \(known: name, /],
    ["name=a&name=b", /The query parameter name is given more than once\./],
    ["enabled=yes", /enabled must be true or false/],
    ["page=1", /page and per_page must be given together/],
    ["page=0&per_page=10", /page must be an integer of at least 1/],
    ["page=1&per_page=5001", /per_page must be an integer from 1 to 5000/],
  ]) {
    const r = await lookup(KEYS.one, query);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.error.code, 400);
    assert.equal(r.json.error.title, "Bad Request");
    assert.match(r.json.error.message, rule, query);
  }
  const query = await call("/v3/auth/projects", { query: "name=cn-north-4", headers: { "x-auth-token": TOKEN } });
  assert.deepEqual([query.status, /takes none/.test(query.json.error.message)], [400, true]);
  const contentType = await call("/v3/auth/projects", { headers: { "x-auth-token": TOKEN, "content-type": "text/plain" } });
  assert.equal(contentType.status, 400);
  assert.match(contentType.json.error.message, /Content-Type must be application\/json, or absent/);
});

test("faults apply to IAM: a queued 403 and a 500 over HTTP are answered once, with X-IAM-Trace-Id", async () => {
  const body = { error: { code: 403, message: "You are not authorized to perform the requested action.", title: "Forbidden" } };
  lts.queueFault({ match: "/v3/projects", status: 403, body });
  const forbidden = await lookup(KEYS.one);
  assert.equal(forbidden.status, 403);
  assert.deepEqual(forbidden.json, body);
  assert.match(forbidden.headers.get("x-iam-trace-id"), /^[0-9a-f]{32}$/);
  assert.equal((await lookup(KEYS.one)).status, 200);

  const queued = await fetch(`${lts.origin}/__control/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ match: "/v3/auth/projects", status: 500, body: "" }),
  });
  assert.equal(queued.status, 200);
  // The fault waits for its path: an LTS-bound IAM lookup elsewhere is untouched.
  assert.equal((await lookup(KEYS.one)).status, 200);
  const failed = await call("/v3/auth/projects", { headers: { "x-auth-token": TOKEN } });
  assert.equal(failed.status, 500);
  assert.match(failed.headers.get("x-iam-trace-id"), /^[0-9a-f]{32}$/);

  // requestId: null leaves out the ids IAM sends (the SDK then prints X-IAM-Trace-Id=None).
  lts.queueFault({ match: "/v3/projects", status: 200, body: { projects: [] }, requestId: null });
  const bare = await lookup(KEYS.one);
  assert.deepEqual([bare.headers.get("x-iam-trace-id"), bare.headers.get("x-request-id")], [null, null]);
});

test("IAM requests are recorded in received like the others, also over the control route", async () => {
  await lookup(KEYS.one);
  await call("/v3/auth/projects", { headers: { "x-auth-token": TOKEN } });
  assert.deepEqual(lts.received.map((r) => [r.method, r.path]), [["GET", "/v3/projects?name=cn-north-4"], ["GET", "/v3/auth/projects"]]);
  assert.equal(lts.received[0].headers["x-sdk-date"], DATE);
  const recorded = await (await fetch(`${lts.origin}/__control/received?match=/v3/auth`)).json();
  assert.deepEqual(recorded.map((r) => r.path), ["/v3/auth/projects"]);
});

test("bad IAM signatures count toward the same lock as LTS's: after more than 5 the key is refused everywhere for 5 minutes", async () => {
  for (let i = 0; i < 6; i++) assert.equal((await lookup(KEYS.one, "name=cn-north-4", { sk: "wrong" })).status, 401);
  assert.deepEqual([(await lookup(KEYS.one)).status], [401]);
  const ltsPath = `/v2/${P}/groups`;
  const ltsHeaders = signedHeaders(KEYS.one, { path: ltsPath, headers: { "content-type": "application/json", "x-project-id": P } });
  const locked = await call(ltsPath, { headers: ltsHeaders });
  assert.equal(locked.status, 401);
  assert.match(locked.json.error_msg, /locked for 5 minutes/);
  clock = DATE_MS + 5 * 60 * 1000 + 1000;
  const later = { date: "20261130T120501Z" };
  assert.equal((await lookup(KEYS.one, "name=cn-north-4", later)).status, 200);
});

test("an access key signs LTS requests for every project IAM lists for it; a token stays scoped to its one project", async () => {
  const ltsCall = (key, project) => {
    const path = `/v2/${project}/groups`;
    return call(path, { headers: signedHeaders(key, { path, headers: { "content-type": "application/json", "x-project-id": project } }) });
  };
  for (const project of [P2, P3, P6]) assert.equal((await ltsCall(KEYS.many, project)).status, 200, project);
  assert.equal((await ltsCall(KEYS.many, P)).json.error_code, "LTS.0403");
  assert.equal((await ltsCall(KEYS.one, P2)).json.error_code, "LTS.0403");
  const tokenCall = await call(`/v2/${P3}/groups`, { headers: { "content-type": "application/json", "x-auth-token": TOKEN_MANY } });
  assert.deepEqual([tokenCall.status, tokenCall.json.error_code], [403, "LTS.0403"]);
});

test("hostile input on /v3 is answered in JSON and the endpoint keeps serving", async () => {
  const auth = { "x-auth-token": TOKEN };
  // Malformed percent-encoding is read leniently, as the signer reads it: no match, no crash.
  for (const query of ["name=%E0%A4%A", "name=%", "name=%zz", "name=%C0%80", "name=%00"]) {
    const r = await call("/v3/projects", { query, headers: auth });
    assert.equal(r.status, 200, query);
    assert.deepEqual(r.json.projects, [], query);
  }
  for (const query of ["%=%", "%ff%fe=1", "=x", "&&&"]) {
    const r = await call("/v3/projects", { query, headers: auth });
    assert.ok([200, 400].includes(r.status) && r.json !== null, query);
  }
  const signedOdd = await lookup(KEYS.one, "name=%E0%A4%A");
  assert.deepEqual([signedOdd.status, signedOdd.json.projects], [200, []]);
  const huge = await call("/v3/projects", { query: `name=${"n".repeat(8000)}`, headers: auth });
  assert.deepEqual([huge.status, huge.json.projects], [200, []]);
  // Past Node's header limit: a JSON 431 from the endpoint, not a dropped connection.
  const tooLong = await call("/v3/projects", { query: `name=${"n".repeat(20_000)}`, headers: auth });
  assert.equal(tooLong.status, 431);
  assert.equal(tooLong.json.error_code, "LOCAL.0431");
  const longToken = await call("/v3/auth/projects", { headers: { "x-auth-token": "t".repeat(10_000) } });
  assert.deepEqual([longToken.status, longToken.json], [401, KEYSTONE_401]);
  const withBody = await getWithBody(`/v3/projects?name=cn-north-4`, { ...auth, "content-type": "application/json" }, "{}");
  assert.equal(withBody.status, 400);
  assert.match(withBody.json.error.message, /A GET takes no body/);
  assert.deepEqual(ids(await lookup(KEYS.one)), [P]);
});

test("projects, region and domainId are checked at start: a TypeError naming the option and the rule, never a token", async () => {
  const base = { tokens: { [TOKEN]: P }, akSk: { [KEYS.one.ak]: { sk: KEYS.one.sk, projectId: P } } };
  const cases = [
    [{ projects: [] }, /projects must be an object of tokens or access keys to lists/],
    [{ projects: { "not-a-credential": [] } }, /projects entry 1 of 1: the key must be a token of tokens or an access key of akSk/],
    [{ projects: { [TOKEN]: {} } }, /projects entry 1 of 1 must be a list of at most 1000 projects/],
    [{ projects: { [TOKEN]: Array.from({ length: 1001 }, (_, i) => ({ id: `p${i}`, name: "r" })) } }, /at most 1000 projects/],
    [{ projects: { [TOKEN]: ["p"] } }, /projects entry 1 of 1, project 1 must be an object/],
    [{ projects: { [TOKEN]: [{ name: "cn-north-4" }] } }, /project 1: id must be a string of 1 to 128 characters/],
    [{ projects: { [TOKEN]: [{ id: P, name: "r" }, { id: P }] } }, /project 2: name must be a string of 0 to 128 characters/],
    [{ projects: { [TOKEN]: [{ id: P, name: "r", region: "x" }] } }, /unknown field region \(known: id, name, domain_id, parent_id, enabled, description\)/],
    [{ projects: { [TOKEN]: [{ id: P, name: "r", enabled: "yes" }] } }, /enabled must be true or false/],
    [{ projects: { [TOKEN]: [{ id: P, name: "r", domain_id: "" }] } }, /domain_id must be a string of 1 to 128 characters/],
    [{ region: "" }, /region must be a string of 1 to 64 characters/],
    [{ region: 4 }, /region must be a string of 1 to 64 characters/],
    [{ domainId: "" }, /domainId must be a string of 1 to 128 characters/],
  ];
  for (const [extra, message] of cases) {
    await assert.rejects(
      startLocalLts({ ...base, ...extra }),
      (e) => e.name === "TypeError" && message.test(e.message) && !e.message.includes(TOKEN) && e.message.startsWith("startLocalLts: "),
      JSON.stringify(extra).slice(0, 200),
    );
  }
});

test("region names a credential's default project, domainId its account, and a prefix mounts IAM with the API", async () => {
  const eu = await startLocalLts({ tokens: { [TOKEN]: P }, region: "eu-west-101", domainId: "e".repeat(32), prefix: "/proxy" });
  try {
    assert.equal(eu.iamUrl, eu.url);
    const r = await fetch(`${eu.iamUrl}/v3/projects?name=eu-west-101`, { headers: { "x-auth-token": TOKEN } });
    const { projects } = await r.json();
    assert.deepEqual(projects.map((p) => [p.id, p.name, p.domain_id]), [[P, "eu-west-101", "e".repeat(32)]]);
    assert.equal(projects[0].links.self, `${eu.url}/v3/projects/${P}`);
    const bare = await fetch(`${eu.origin}/v3/projects`, { headers: { "x-auth-token": TOKEN } });
    assert.equal(bare.status, 404);
    assert.equal((await bare.json()).error_code, "APIGW.0101");
  } finally {
    await eu.close();
  }
});

test("with cors, IAM answers expose X-IAM-Trace-Id and preflights allow IAM's headers", async () => {
  const open = await startLocalLts({ cors: true, tokens: { [TOKEN]: P } });
  try {
    const pre = await fetch(`${open.url}/v3/auth/projects`, { method: "OPTIONS", headers: { Origin: "http://127.0.0.1:1" } });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get("access-control-allow-headers"), /x-auth-token/);
    assert.match(pre.headers.get("access-control-allow-headers"), /x-domain-id/);
    const r = await fetch(`${open.url}/v3/auth/projects`, { headers: { Origin: "http://127.0.0.1:1", "x-auth-token": TOKEN } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get("access-control-expose-headers"), /x-iam-trace-id/);
  } finally {
    await open.close();
  }
});
