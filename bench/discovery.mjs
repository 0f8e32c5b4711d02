// Section 3b, the project found from the region: a client without a project id makes one IAM
// lookup before its first call, and none after. Each round uses a fresh access key (the lookup
// is cached per realm by access key, region and IAM endpoint), so every first call pays it:
// first call (lookup + operation), the same client's next call, and a client given the project
// id, each a listLogGroups() against the local endpoint in its own process. Then `concurrent`
// first calls of one fresh key: how many lookups reached IAM.
import { LtsClient } from "../pkg/node.js";
import { fmtNum, fmtRatio, mdTable, median, p90 } from "./lib.mjs";
import { PROJECT } from "./ids.mjs";

export const keyOf = (i) => `BENCHDISC${String(i).padStart(6, "0")}`;
export const DISCOVERY_SK = "bench-discovery-sk-0011223344556677";

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function discovery({ endpoint, rounds, concurrent }) {
  const options = (i, extra = {}) => ({
    region: "cn-north-4",
    endpoints: { lts: endpoint.url, iam: endpoint.url },
    credentials: { ak: keyOf(i), sk: DISCOVERY_SK },
    ...extra,
  });
  // Warm the process (wasm compiled, sockets open) on a key of its own.
  await new LtsClient(options(rounds + 1)).listLogGroups();
  const first = [];
  const later = [];
  const given = [];
  for (let i = 0; i < rounds; i++) {
    const client = new LtsClient(options(i));
    first.push(await timed(() => client.listLogGroups()));
    later.push(await timed(() => client.listLogGroups()));
    const withProject = new LtsClient(options(i, { projectId: PROJECT }));
    given.push(await timed(() => withProject.listLogGroups()));
  }
  await endpoint.reset();
  const burst = new LtsClient(options(rounds + 2));
  await Promise.all(Array.from({ length: concurrent }, () => burst.listLogGroups()));
  const res = await fetch(`${endpoint.url}/__control/received?match=/v3/`);
  const lookups = (await res.json()).length;

  const row = (label, xs) => [label, fmtNum(median(xs), 2), fmtNum(p90(xs), 2)];
  const markdown =
    mdTable(
      ["call (listLogGroups, AK/SK, local endpoint)", "median ms", "p90 ms"],
      [row("first call, no project id (IAM lookup + the call)", first), row("the same client's next call", later), row("first call, project id given", given)],
    ) +
    `\n\nThe lookup adds ${fmtNum(median(first) - median(given), 2)} ms to a client's first call (median; ` +
    `first/later ${fmtRatio(median(first) / median(later))}); ${rounds} rounds, a fresh access key each. ` +
    `${concurrent} concurrent first calls of one fresh client sent ${lookups} lookup${lookups === 1 ? "" : "s"} to IAM.`;
  return {
    data: { rounds, firstMs: first, laterMs: later, givenMs: given, concurrent, lookups },
    markdown,
    checks: [
      ["first call median", median(first)],
      ["later call median", median(later)],
      ["given call median", median(given)],
      ["lookups of a burst", lookups],
    ],
  };
}
