#!/usr/bin/env node
// Runs the local LTS endpoint until SIGTERM/SIGINT.
//
//   node tests/local-lts/cli.mjs [--port N] [--cors] [--prefix /p] [--port-file F]
//        [--token TOKEN=PROJECT_ID]... [--kafka-user INSTANCE_ID=USER:PASSWORD]...
//        [--ak AK=SK:PROJECT_ID[:SECURITY_TOKEN]]...
//        [--project TOKEN_OR_AK=PROJECT_ID:NAME]... [--region REGION] [--domain-id DOMAIN_ID]
//        [--log-group GROUP_ID=GROUP_NAME:STREAM_ID=STREAM_NAME[,STREAM_ID=STREAM_NAME]...]...
//        [--cors-origin ORIGIN]... [--control-origin ORIGIN]...
//        [--max-received N] [--max-connections N]
//
// --cors answers CORS for any origin; --cors-origin (repeatable) for the listed origins only.
// --control-origin (repeatable) lets a page of that origin use /__control/* (a browser test
// page served from another port). --project (repeatable) adds a project to what IAM lists for
// a token or access key; `--project CREDENTIAL=` alone gives it none. A credential without
// --project has its one project, named --region (cn-north-4). Prints the endpoint URL on its
// first line of output; IAM is served at the same URL.
import { writeFileSync } from "node:fs";
import { startLocalLts } from "./server.mjs";

const args = process.argv.slice(2);
const options = { tokens: {}, kafkaUsers: {}, akSk: {}, logGroups: {} };
let portFile = null;
const corsOrigins = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const value = () => {
    const v = args[++i];
    if (v === undefined) throw new Error(`${arg} needs a value`);
    return v;
  };
  const split = (v, sep) => {
    const at = v.indexOf(sep);
    if (at < 0) throw new Error(`${arg} expects A${sep}B`);
    return [v.slice(0, at), v.slice(at + 1)];
  };
  switch (arg) {
    case "--port":
      options.port = Number(value());
      break;
    case "--cors":
      options.cors = true;
      break;
    case "--cors-origin":
      corsOrigins.push(value());
      break;
    case "--control-origin":
      (options.controlOrigins ??= []).push(value());
      break;
    case "--max-received":
      options.maxReceived = Number(value());
      break;
    case "--max-connections":
      options.maxConnections = Number(value());
      break;
    case "--prefix":
      options.prefix = value();
      break;
    case "--port-file":
      portFile = value();
      break;
    case "--token": {
      const [token, project] = split(value(), "=");
      options.tokens[token] = project;
      break;
    }
    case "--ak": {
      const [ak, rest] = split(value(), "=");
      const [sk, projectId, securityToken] = rest.split(":");
      if (!sk || !projectId) throw new Error("--ak expects AK=SK:PROJECT_ID[:SECURITY_TOKEN]");
      options.akSk[ak] = { sk, projectId, ...(securityToken ? { securityToken } : {}) };
      break;
    }
    case "--log-group": {
      const [id, rest] = split(value(), "=");
      const at = rest.indexOf(":");
      const name = at < 0 ? rest : rest.slice(0, at);
      const streams = {};
      for (const pair of at < 0 ? [] : rest.slice(at + 1).split(",").filter(Boolean)) {
        const [sid, sname] = split(pair, "=");
        streams[sid] = sname;
      }
      options.logGroups[id] = { name, streams };
      break;
    }
    case "--project": {
      const [credential, project] = split(value(), "=");
      const list = ((options.projects ??= {})[credential] ??= []);
      if (project !== "") {
        const [id, name] = split(project, ":");
        list.push({ id, name });
      }
      break;
    }
    case "--region":
      options.region = value();
      break;
    case "--domain-id":
      options.domainId = value();
      break;
    case "--kafka-user": {
      const [id, creds] = split(value(), "=");
      const [user_name, pwd] = split(creds, ":");
      options.kafkaUsers[id] = { user_name, pwd };
      break;
    }
    default:
      console.error(`unknown argument ${arg}`);
      process.exit(2);
  }
}

if (corsOrigins.length > 0) options.cors = corsOrigins;

let lts;
try {
  lts = await startLocalLts(options);
} catch (e) {
  console.error(String(e?.message ?? e));
  process.exit(2);
}
if (portFile) writeFileSync(portFile, String(lts.port));
console.log(lts.url);
const stop = async () => {
  await lts.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
