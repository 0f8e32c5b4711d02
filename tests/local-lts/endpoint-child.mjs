// The local endpoint in a process of its own, for tests that send it what could end a process
// or fill its memory: if it dies, the test sees the exit instead of the runner dying with it.
//
//   node --expose-gc tests/local-lts/endpoint-child.mjs '<options as JSON>'
//
// Prints the endpoint's origin on its first line. Each line "stats" on stdin answers one JSON
// line: the recorded log's size and the heap after a collection. `"faultFor": "by-marker"` in the
// options installs a faultFor that misbehaves as the request body asks (see below).
import { createInterface } from "node:readline";
import { startLocalLts } from "./server.mjs";

const options = JSON.parse(process.argv[2] ?? "{}");
if (options.faultFor === "by-marker") {
  options.faultFor = (request) => {
    if (request.body.includes("ff-invalid-status")) return { status: 99 };
    if (request.body.includes("ff-header-newline")) return { status: 500, headers: { "x-a": "a\r\nb" } };
    if (request.body.includes("ff-huge-body")) return { bodyBytes: 2 ** 40 };
    // A thrown message that quotes the body, as JSON.parse's do: it must not reach the client.
    if (request.body.includes("ff-throws")) throw new SyntaxError(`cannot read ${request.body}`);
    if (request.body.includes("ff-promise")) return Promise.reject(new Error("decided too late"));
    return null;
  };
}

const lts = await startLocalLts(options);
console.log(lts.origin);

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() !== "stats") return;
  globalThis.gc?.();
  const memory = process.memoryUsage();
  console.log(
    JSON.stringify({
      received: lts.received.length,
      bodyChars: lts.received.reduce((sum, r) => sum + r.body.length, 0),
      longestBody: lts.received.reduce((max, r) => Math.max(max, r.body.length), 0),
      truncated: lts.received.filter((r) => r.bodyTruncated === true).length,
      heapUsed: memory.heapUsed,
      external: memory.external,
    }),
  );
});
