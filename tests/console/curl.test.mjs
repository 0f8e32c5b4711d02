// "Copy as curl" (www/ui.js) run by a real shell: bash reads the generated text with a stub
// `curl` first on PATH that prints the arguments it received as JSON. The arguments must be
// exactly the intended ones, and nothing hidden in a value (command substitution, backticks,
// `;`, a line break, quotes) may run: each payload would create a marker file.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { curlCommand } from "../../www/ui.js";
import { curlStub, PLACEHOLDER_VALUES as ENV } from "./shell.mjs";

let shell;
let marker;
before(() => {
  shell = curlStub();
  marker = shell.marker;
});
after(() => shell.remove());
// Each test starts without the marker, so one that fails leaves no trace in the next.
beforeEach(() => shell.reset());
const runInBash = (text) => shell.run(text);

// Values someone else may choose, each of which runs `touch <marker>` if the shell evaluates it.
const payloads = (m) => [
  `$(touch ${m})`,
  `\`touch ${m}\``,
  `x; touch ${m}`,
  `x\ntouch ${m}\n`,
  `x'; touch ${m}; '`,
  `x'$(touch ${m})'`,
  `x"; touch ${m}; "`,
  `x\\'; touch ${m} #`,
  `x && touch ${m} || true`,
  "$LTS_TOKEN ${HOME} ***",
];
// An AK is one line of printable ASCII without spaces (the library's rule), so its payloads
// reach the shell without spaces; an AK may even hold "***", the mask.
const akPayloads = (m) => [
  `AK$(touch\${IFS}${m})`,
  `AK\`touch\${IFS}${m}\``,
  `AK;touch\${IFS}${m}`,
  `AK';touch\${IFS}${m};'`,
  `AK";touch\${IFS}${m};"`,
  "AK***",
];

/** A masked preview as the library makes it, and the argv curl must receive for it. */
function registration({
  ak = "DEMOACCESSKEY0000001",
  url = "https://lts.example.com/v2/p/lts/dms/kafka-instance",
  instance = "i-1",
  name = "kafka",
  user = "lts",
  sasl = true,
}) {
  const body = (pwd) =>
    JSON.stringify({ instance_id: instance, kafka_name: name, connect_info: sasl ? { user_name: user, pwd } : {} });
  const auth = (signature) => `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=${signature}`;
  const preview = {
    method: "POST",
    url,
    headers: {
      "Content-Type": "application/json;charset=utf-8",
      "X-Sdk-Date": "20250101T000000Z",
      Authorization: auth("***"),
      "X-Security-Token": "***",
    },
    body: body("***"),
  };
  const argv = [
    "-X", "POST", url,
    "-H", "Content-Type: application/json;charset=utf-8",
    "-H", "X-Sdk-Date: 20250101T000000Z",
    "-H", `Authorization: ${auth(ENV.LTS_SIGNATURE)}`,
    "-H", `X-Security-Token: ${ENV.LTS_SECURITY_TOKEN}`,
    "--data-raw", body(ENV.LTS_KAFKA_PASSWORD),
  ];
  return { preview, argv };
}

const cases = () => [
  ...akPayloads(marker).map((ak) => ({ field: "AK", value: ak, ...registration({ ak }) })),
  ...payloads(marker).flatMap((p) => [
    { field: "endpoint", value: p, ...registration({ url: `https://lts.example.com/${p}/v2/p/lts/dms/kafka-instance` }) },
    { field: "instance_id", value: p, ...registration({ instance: p }) },
    { field: "kafka_name", value: p, ...registration({ name: p }) },
    { field: "user_name", value: p, ...registration({ user: p }) },
  ]),
];

test("copy as curl quotes every value: bash passes exactly the intended arguments and runs nothing hidden in them", () => {
  for (const { field, value, preview, argv } of cases()) {
    const text = curlCommand(preview, false);
    assert.deepEqual(runInBash(text), [argv], `${field} = ${JSON.stringify(value)}:\n${text}`);
    assert.equal(shell.ran(), false, `${field} = ${JSON.stringify(value)} ran a command:\n${text}`);
  }
});

test("copy as curl with secrets included quotes the secrets too", () => {
  const { preview } = registration({ ak: `AK$(touch\${IFS}${marker})`, user: `$(touch ${marker})` });
  const secret = `s3cr'et$(touch ${marker})\`x\``;
  const revealed = {
    ...preview,
    headers: { ...preview.headers, Authorization: preview.headers.Authorization.replace("***", "abc"), "X-Security-Token": secret },
    body: preview.body.replace('"pwd":"***"', `"pwd":${JSON.stringify(secret)}`),
  };
  const [argv] = runInBash(curlCommand(revealed, true));
  assert.equal(argv[argv.indexOf(`X-Security-Token: ${secret}`)], `X-Security-Token: ${secret}`);
  assert.equal(argv.at(-1), revealed.body);
  assert.equal(shell.ran(), false);
});

test("a token request's curl names $LTS_TOKEN, and a body without a password has no variable", () => {
  const preview = {
    method: "GET",
    url: "https://lts.example.com/v2/p/transfers?log_transfer_type=DMS",
    headers: { "Content-Type": "application/json", "X-Auth-Token": "***" },
    body: null,
  };
  const text = curlCommand(preview, false);
  assert.match(text, /-H 'X-Auth-Token: '"\$LTS_TOKEN"/);
  assert.deepEqual(runInBash(text), [["-X", "GET", preview.url, "-H", "Content-Type: application/json", "-H", `X-Auth-Token: ${ENV.LTS_TOKEN}`]]);
  const transfer = { ...preview, method: "POST", body: JSON.stringify({ log_group_id: "g", note: '"pwd":"***" in a value' }) };
  assert.deepEqual(runInBash(curlCommand(transfer, false))[0].at(-1), transfer.body);
  assert.equal(shell.ran(), false);
});
