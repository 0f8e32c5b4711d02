// Runs a "Copy as curl" text the way an operator does, pasted into bash, with a stub `curl`
// first on PATH that prints the arguments it received as one JSON line per call. A marker
// file in the same directory is what the payloads of the tests try to create.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the $LTS_… placeholders hold when the command runs; shell syntax in them stays text. */
export const PLACEHOLDER_VALUES = {
  LTS_TOKEN: "token-$(touch VALUE)-`x`;'\"",
  LTS_SECURITY_TOKEN: "security token with spaces",
  LTS_SIGNATURE: "0123abcd",
  LTS_KAFKA_PASSWORD: "pass word$HOME",
};

/** A directory with the stub; { marker, ran(), run(text), remove() }. */
export function curlStub() {
  const dir = mkdtempSync(join(tmpdir(), "lts-console-curl-"));
  const marker = join(dir, "ran");
  mkdirSync(join(dir, "bin"));
  const stub = join(dir, "bin", "curl");
  writeFileSync(stub, `#!${process.execPath}\nprocess.stdout.write(JSON.stringify(process.argv.slice(2)) + "\\n");\n`);
  chmodSync(stub, 0o755);
  return {
    marker,
    /** Whether a payload created the marker. */
    ran: () => existsSync(marker),
    /** Forgets the marker, so one case's trace does not fail the next. */
    reset: () => rmSync(marker, { force: true }),
    /** Runs `text` in bash; the argv lists the stub printed, one per curl call. */
    run(text) {
      const out = spawnSync("bash", ["--noprofile", "--norc"], {
        input: `${text}\n`,
        cwd: dir,
        env: { PATH: `${join(dir, "bin")}:/usr/bin:/bin`, HOME: dir, ...PLACEHOLDER_VALUES },
        encoding: "utf8",
        timeout: 10_000,
      });
      assert.equal(out.status, 0, `bash failed: ${out.stderr}`);
      return out.stdout.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
