// `make demo`'s Node example (tests/demo.mjs) against the bundled local endpoint: it runs to
// the end, prints each step, and leaves no transfer behind. `make build` first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("make demo's Node example onboards by name with no project id, registers, refuses a bad body, and runs the transfer round", () => {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const script = fileURLToPath(new URL("./demo.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [script], { env, encoding: "utf8", timeout: 60_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const out = run.stdout;
  for (const line of [
    /^1\. a client from the region and the environment found project 0123456789abcdef0123456789abcdef through IAM$/m,
    /^2\. onboarded app-logs \/ nginx-access by name:\n {3}registration: registered; group app-logs 9a7e2183-2d6d-4732-9a9b-e897fd4e49e0; complete: true\n {3}nginx-access 2f9c6a4e-8b1d-4c3a-9e7f-5d0b1a2c3e4f: created/m,
    /^3\. the same again: already_registered, already_delivered; 1 write attempted/m,
    /^5\. registered instance 3f4a92ff-7f65-489f-a36a-fadbaa0000a6 \(request id [0-9a-f]{32}\)$/m,
    /^LtsValidationError: the request was not sent: 4 problems/m,
    /^LtsApiError: kafka user or password wrong\n {2}code: {7}LTS\.1719$/m,
    /^8\. created DMS transfer [0-9a-f-]{36}: web -> 3f4a92ff-7f65-489f-a36a-fadbaa0000a6 \/ lts-logs, ENABLE/m,
    /^9\. the project's DMS transfers \(request id [0-9a-f]{32}\):\n(?: {3}.*\n)* {3}[0-9a-f-]{36} {2}app-logs: web -> .* {2}ENABLE$/m,
    /^10\. disabled it: DISABLE/m,
    /^11\. deleted it: [0-9a-f-]{36}/m,
    /^the endpoint received 11 requests for the onboarding by name \(1 IAM lookup\) and 6 after \(the invalid body never left the client\); 1 transfer left \(the one onboarded\)$/m,
  ]) {
    assert.match(out, line);
  }
  assert.ok(!out.includes("kafka-password"), "the SASL password is masked in the preview");
});
