// `make demo`'s Node example (tests/demo.mjs) against the bundled local endpoint: it runs to
// the end, prints each step, and leaves no transfer behind. `make build` first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("make demo's Node example registers, refuses a bad body, and runs the transfer round", () => {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const script = fileURLToPath(new URL("./demo.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [script], { env, encoding: "utf8", timeout: 60_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const out = run.stdout;
  for (const line of [
    /^2\. registered instance 3f4a92ff-7f65-489f-a36a-fadbaa0000a6 \(request id [0-9a-f]{32}\)$/m,
    /^LtsValidationError: the request was not sent: 4 problems/m,
    /^LtsApiError: kafka user or password wrong\n {2}code: {7}LTS\.1719$/m,
    /^5\. created DMS transfer [0-9a-f-]{36}: web -> 3f4a92ff-7f65-489f-a36a-fadbaa0000a6 \/ lts-logs, ENABLE/m,
    /^6\. the project's DMS transfers \(request id [0-9a-f]{32}\):\n {3}[0-9a-f-]{36} {2}app-logs: web -> .* {2}ENABLE$/m,
    /^7\. disabled it: DISABLE/m,
    /^8\. deleted it: [0-9a-f-]{36}/m,
    /^the endpoint received 6 requests \(the invalid body never left the client\); 0 transfer left$/m,
  ]) {
    assert.match(out, line);
  }
  assert.ok(!out.includes("kafka-password"), "the SASL password is masked in the preview");
});
