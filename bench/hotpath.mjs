// Section 4, the hot path without I/O: validate + build (+ sign) through the wasm boundary
// (validateRegisterDmsKafkaInstance + buildRegisterDmsKafkaInstanceRequest, which validates
// again, as a caller previewing a request does) vs the plain-JS baseline doing the same
// (validate() + its build, which validates again). AK/SK in the baseline is WebCrypto, which
// is asynchronous: measured one at a time (await each) and with 64 in flight; a synchronous
// node:crypto signer (Node only, not portable) is shown for reference.
import { createHash, createHmac } from "node:crypto";
import { LtsClient, validateRegisterDmsKafkaInstance } from "../pkg/node.js";
import { PlainLtsClient, sdkDate, validate } from "./baseline.mjs";
import { AK, PROJECT, SK, TOKEN } from "./percall.mjs";
import { fmtNum, fmtRatio, mdTable, median } from "./lib.mjs";

const ENDPOINT = "https://lts.cn-north-4.myhuaweicloud.com";
const BODIES = Array.from({ length: 1024 }, (_, i) => ({
  instance_id: `3f4a92ff-7f65-489f-a36a-${String(i).padStart(12, "0")}`,
  kafka_name: "kafka-prod",
  connect_info: { user_name: "lts", pwd: "kafka-password" },
}));
const MASK = BODIES.length - 1;

/** The baseline with node:crypto's synchronous HMAC instead of WebCrypto (reference only). */
class NodeCryptoClient extends PlainLtsClient {
  constructor(options) {
    super(options);
    this.sk = options.credentials.sk;
  }
  buildSignedRequestSync(body, now = Date.now()) {
    const issues = validate(body);
    if (issues.length) throw new Error("invalid");
    const json = JSON.stringify(body);
    const date = sdkDate(now);
    const ct = "application/json;charset=utf8";
    const signed = "content-type;host;x-project-id;x-sdk-date";
    const canonical =
      `POST\n${this.canonicalUri}\n\ncontent-type:${ct}\nhost:${this.host}\nx-project-id:${this.projectId}\nx-sdk-date:${date}\n\n` +
      `${signed}\n${createHash("sha256").update(json).digest("hex")}`;
    const sts = `SDK-HMAC-SHA256\n${date}\n${createHash("sha256").update(canonical).digest("hex")}`;
    const sig = createHmac("sha256", this.sk).update(sts).digest("hex");
    return {
      method: "POST",
      url: this.url,
      headers: { "Content-Type": ct, "X-Project-Id": this.projectId, "X-Sdk-Date": date, Authorization: `SDK-HMAC-SHA256 Access=${this.ak}, SignedHeaders=${signed}, Signature=${sig}` },
      body: json,
    };
  }
}

let sink = 0;

// An in-memory fetch: answers 201 with the instance id at once, no socket. Both clients get the
// same one (`fetch` option), so a full registerDmsKafkaInstance call is measured without the
// runtime's HTTP stack and the endpoint: the clients' own per-call cost (plus building a Response).
const ANSWER_HEADERS = { "content-type": "application/json;charset=utf-8", "x-request-id": "0123456789abcdef0123456789abcdef" };
async function memoryFetch(url, init) {
  const id = JSON.parse(init.body).instance_id;
  return new Response(`{"instance_id":${JSON.stringify(id)}}`, { status: 201, headers: ANSWER_HEADERS });
}

function variants() {
  const oursToken = new LtsClient({ projectId: PROJECT, endpoint: ENDPOINT, credentials: { token: TOKEN } });
  const oursSigned = new LtsClient({ projectId: PROJECT, endpoint: ENDPOINT, credentials: { ak: AK, sk: SK } });
  const plainToken = new PlainLtsClient({ projectId: PROJECT, endpoint: ENDPOINT, credentials: { token: TOKEN } });
  const plainSigned = new PlainLtsClient({ projectId: PROJECT, endpoint: ENDPOINT, credentials: { ak: AK, sk: SK } });
  const nodeSigned = new NodeCryptoClient({ projectId: PROJECT, endpoint: ENDPOINT, credentials: { ak: AK, sk: SK } });
  const mem = (C, credentials) => new C({ projectId: PROJECT, endpoint: "http://127.0.0.1:9", credentials, fetch: memoryFetch });
  const memOursToken = mem(LtsClient, { token: TOKEN });
  const memPlainToken = mem(PlainLtsClient, { token: TOKEN });
  const memOursSigned = mem(LtsClient, { ak: AK, sk: SK });
  const memPlainSigned = mem(PlainLtsClient, { ak: AK, sk: SK });
  const registerLoop = (client) => async (k) => {
    for (let i = 0; i < k; i++) {
      const b = BODIES[i & MASK];
      const out = await client.registerDmsKafkaInstance(b);
      if (out.instance_id !== b.instance_id) throw new Error("in-memory fetch: wrong instance_id");
      sink += out.requestId.length;
    }
  };
  const sync = (fn) => (k) => {
    for (let i = 0; i < k; i++) fn(BODIES[i & MASK]);
  };
  const inFlight = (n, fn) => async (k) => {
    let next = 0;
    const worker = async () => {
      while (next < k) await fn(BODIES[next++ & MASK]);
    };
    await Promise.all(Array.from({ length: n }, worker));
  };
  return {
    "validate: ours": sync((b) => (sink += validateRegisterDmsKafkaInstance(b).length)),
    "validate: baseline": sync((b) => (sink += validate(b).length)),
    "token, validate + build: ours": sync((b) => {
      sink += validateRegisterDmsKafkaInstance(b).length;
      sink += oursToken.buildRegisterDmsKafkaInstanceRequest(b).body.length;
    }),
    "token, validate + build: baseline": sync((b) => {
      sink += validate(b).length;
      sink += plainToken.buildTokenRequest(b).body.length;
    }),
    "AK/SK, validate + build + sign: ours (sync)": sync((b) => {
      sink += validateRegisterDmsKafkaInstance(b).length;
      sink += oursSigned.buildRegisterDmsKafkaInstanceRequest(b).headers.Authorization.length;
    }),
    "AK/SK, validate + build + sign: baseline WebCrypto, awaited one by one": async (k) => {
      for (let i = 0; i < k; i++) {
        const b = BODIES[i & MASK];
        sink += validate(b).length;
        sink += (await plainSigned.buildSignedRequest(b)).headers.Authorization.length;
      }
    },
    "AK/SK, validate + build + sign: baseline WebCrypto, 64 in flight": inFlight(64, async (b) => {
      sink += validate(b).length;
      sink += (await plainSigned.buildSignedRequest(b)).headers.Authorization.length;
    }),
    "AK/SK, validate + build + sign: baseline node:crypto (sync, Node only; reference)": sync((b) => {
      sink += validate(b).length;
      sink += nodeSigned.buildSignedRequestSync(b).headers.Authorization.length;
    }),
    "token, registerDmsKafkaInstance with an in-memory fetch: ours": registerLoop(memOursToken),
    "token, registerDmsKafkaInstance with an in-memory fetch: baseline": registerLoop(memPlainToken),
    "AK/SK, registerDmsKafkaInstance with an in-memory fetch: ours": registerLoop(memOursSigned),
    "AK/SK, registerDmsKafkaInstance with an in-memory fetch: baseline (WebCrypto)": registerLoop(memPlainSigned),
  };
}

async function timed(fn, k) {
  const t0 = performance.now();
  await fn(k);
  return performance.now() - t0;
}

export async function hotPath({ rounds, sampleMs }) {
  const v = variants();
  const names = Object.keys(v);
  // Calibrate: ops per sample so that each sample lasts about sampleMs (after a warm-up).
  const ops = {};
  for (const n of names) {
    await timed(v[n], 2000);
    const ms = await timed(v[n], 2000);
    ops[n] = Math.max(500, Math.round((2000 * sampleMs) / Math.max(ms, 0.01)));
  }
  const rates = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(r + i) % names.length];
      const ms = await timed(v[n], ops[n]);
      rates[n].push(ops[n] / (ms / 1000));
    }
  }
  const data = { rounds, sampleMs, sink: sink % 1000, variants: {} };
  for (const n of names) data.variants[n] = { opsPerSecond: median(rates[n]), usPerOp: 1e6 / median(rates[n]), opsPerSample: ops[n] };
  const pair = (ours, base) => data.variants[base].opsPerSecond / data.variants[ours].opsPerSecond;
  data.ratios = {
    validate: pair("validate: ours", "validate: baseline"),
    token: pair("token, validate + build: ours", "token, validate + build: baseline"),
    akskVsWebCryptoSequential: pair(names[4], names[5]),
    akskVsWebCrypto64: pair(names[4], names[6]),
    akskVsNodeCrypto: pair(names[4], names[7]),
    registerTokenInMemory: pair(names[8], names[9]),
    registerAkskInMemory: pair(names[10], names[11]),
  };
  const ratioFor = {
    "validate: baseline": data.ratios.validate,
    "token, validate + build: baseline": data.ratios.token,
    [names[5]]: data.ratios.akskVsWebCryptoSequential,
    [names[6]]: data.ratios.akskVsWebCrypto64,
    [names[7]]: data.ratios.akskVsNodeCrypto,
    [names[9]]: data.ratios.registerTokenInMemory,
    [names[11]]: data.ratios.registerAkskInMemory,
  };
  const rows = names.map((n) => [
    n,
    fmtNum(data.variants[n].opsPerSecond),
    fmtNum(data.variants[n].usPerOp, 2),
    ratioFor[n] === undefined ? "" : fmtRatio(ratioFor[n]),
  ]);
  const markdown = [
    `Median of ${rounds} interleaved samples of about ${sampleMs} ms each (rotating order), 1 024 distinct SASL bodies. ` +
      "\"ours\" = `validateRegisterDmsKafkaInstance` + `client.buildRegisterDmsKafkaInstanceRequest` (the preview, which " +
      "validates again and masks secrets); baseline = `validate()` + its build (which validates again). The last column is " +
      "ours' time per op ÷ that baseline's (above 1: ours slower). WebCrypto has no synchronous API: the baseline's signed " +
      "build is a promise (three awaits: body hash, canonical-request hash, HMAC); ours signs synchronously in wasm. " +
      "The last four rows are whole `registerDmsKafkaInstance` calls (awaited one at a time) with an in-memory `fetch` " +
      "given to both clients (it answers 201 at once, building a `Response`): each client's own per-call cost, the " +
      "runtime's HTTP stack and the endpoint left out.",
    "",
    mdTable(["operation", "ops/s", "µs/op", "ours ÷ baseline (time)"], rows),
  ].join("\n");
  const checks = names.map((n) => [`hot path: ${n}`, data.variants[n].opsPerSecond]);
  return { data, markdown, checks };
}
