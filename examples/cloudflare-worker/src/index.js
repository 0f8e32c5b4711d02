// POST /onboard registers a DMS Kafka instance with LTS and delivers log streams to it, as a
// DMS transfer. It is safe to call again: the answer then says what already existed.
//
//   curl -X POST https://<worker>/onboard -H "Authorization: Bearer $ONBOARD_KEY" \
//     -d '{"instance":{"instance_id":"…","kafka_name":"…","connect_info":{}},
//          "log_group_id":"…","log_streams":[{"log_stream_id":"…"}],"kafka_topic":"lts-logs"}'
import { LtsClient, LtsConfigError, isLtsError } from "lts-kafka";

/**
 * The worker's settings: [vars] in wrangler.toml, and secrets (`wrangler secret put`, or
 * .dev.vars for `wrangler dev`).
 * @typedef {object} Env
 * @property {string} [LTS_PROJECT_ID] the project the credentials belong to
 * @property {string} [LTS_REGION] cn-north-4, ...
 * @property {string} [LTS_ENDPOINT] a base URL; wins over LTS_REGION
 * @property {string} [LTS_AK] secret: an access key pair's id ...
 * @property {string} [LTS_SK] secret: ... and its secret key
 * @property {string} [LTS_TOKEN] secret: or an IAM user token
 * @property {string} [ONBOARD_KEY] secret: the key callers must present
 */

export default {
  /**
   * @param {Request} request
   * @param {Env} env
   * @returns {Promise<Response>}
   */
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/onboard") {
      return Response.json({ error: "not found" }, { status: 404 });
    }
    if (request.method !== "POST") {
      return Response.json({ error: "use POST" }, { status: 405, headers: { allow: "POST" } });
    }
    // Whoever can call this route acts with the LTS credentials: only holders of the key may.
    if (!(await hasKey(request, env.ONBOARD_KEY))) {
      return Response.json({ error: "unauthorized" }, { status: 401 });
    }
    let input;
    try {
      input = await request.json();
    } catch {
      return Response.json({ error: "the body must be JSON" }, { status: 400 });
    }

    try {
      // LTS_ENDPOINT, when set, wins over LTS_REGION.
      const client = new LtsClient({
        projectId: env.LTS_PROJECT_ID ?? "",
        endpoint: env.LTS_ENDPOINT || undefined,
        region: env.LTS_REGION || undefined,
        credentials: credentialsOf(env),
      });
      // The body is ensureKafkaTransfer's input as it is: the library checks every field
      // before anything is sent, and refuses unknown ones.
      const report = await client.ensureKafkaTransfer(input);
      // Not complete: a stream delivers to another instance or topic, or its transfer is not
      // enabled (report.streams says which). The request ids are not enumerable: named here.
      return Response.json({ ...report, requestIds: report.requestIds }, { status: report.complete ? 200 : 409 });
    } catch (e) {
      if (!isLtsError(e)) throw e;
      // An lts-kafka error never holds a credential or the Kafka password.
      const { name, code, status, message, requestId, step, issues } = e;
      const error = { name, code, status, message, requestId, step, issues };
      const answer = name === "LtsValidationError" ? 400 : name === "LtsConfigError" ? 500 : 502;
      return Response.json({ error }, { status: answer });
    }
  },
};

/**
 * The LTS credentials the secrets hold: an access key pair, or an IAM token (it lasts 24
 * hours, so a deployed worker is better given a key pair). Both kinds, or neither, is a setting
 * to fix: an LtsConfigError that says so (and half a pair is refused by the client).
 * @param {Env} env
 * @returns {import("lts-kafka").StaticCredentials}
 */
function credentialsOf({ LTS_TOKEN: token, LTS_AK: ak, LTS_SK: sk }) {
  if (token && (ak || sk)) throw new LtsConfigError("set the secrets LTS_AK and LTS_SK, or LTS_TOKEN, not both");
  if (token) return { token };
  if (!ak && !sk) throw new LtsConfigError("set the secrets LTS_AK and LTS_SK (or LTS_TOKEN)");
  return { ak: ak ?? "", sk: sk ?? "" };
}

/**
 * Whether the request carries `Authorization: Bearer <key>`, compared in constant time.
 * @param {Request} request
 * @param {string | undefined} key
 */
async function hasKey(request, key) {
  if (!key) return false;
  const digest = (/** @type {string} */ text) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const given = await digest(request.headers.get("authorization") ?? "");
  // Workers' own addition to SubtleCrypto.
  const subtle = /** @type {SubtleCrypto & { timingSafeEqual(a: ArrayBuffer, b: ArrayBuffer): boolean }} */ (crypto.subtle);
  return subtle.timingSafeEqual(given, await digest(`Bearer ${key}`));
}
