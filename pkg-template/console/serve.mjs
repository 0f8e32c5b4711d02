#!/usr/bin/env node
// The lts-kafka admin console, served from the installed package (Node 20.19 or later):
//
//   node node_modules/lts-kafka/console/serve.mjs --local                 # the bundled local endpoint
//   node node_modules/lts-kafka/console/serve.mjs --region cn-north-4     # a region's LTS endpoint
//   node node_modules/lts-kafka/console/serve.mjs --endpoint https://…    # another LTS endpoint
//     [--iam-endpoint https://…] [--port N (default 8080; 0: a free one)] [--host HOST (default 127.0.0.1)] [--connect ORIGIN]...
//
// It serves the page (this directory), the package at /lts-kafka/ (the page imports
// ./lts-kafka/index.js) and a same-origin proxy at /lts-proxy/ in front of the endpoint and
// IAM's project lists (LTS and IAM answer no CORS preflight). It prints the console's URL;
// Ctrl-C stops it. See server.mjs.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommandLine } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));

await runCommandLine({
  argv: process.argv.slice(2),
  env: process.env,
  pageDir: here,
  packageDir: join(here, ".."),
  // Loaded when needed: --local starts lts-kafka/testing, --region reads the package's regions
  // and the IAM endpoint its client uses for one.
  startLocalLts: async (options) => (await import("../testing/index.js")).startLocalLts(options),
  loadPackage: () => import("../node.js"),
  defaults: { port: 8080 },
  command: "node node_modules/lts-kafka/console/serve.mjs",
});
