// The log transfers of the local LTS endpoint (/v2/{project_id}/transfers): create (POST), list
// (GET), update (PUT), delete (DELETE), as the contract's tables say (transfer-api.md): the
// body's rules, the log groups and streams the endpoint was started with, the registered Kafka
// instances, one DMS transfer per stream, and the error codes and messages the service
// answers with. State is per project. No dependencies.
import { randomUUID } from "node:crypto";

export const TRANSFER_ERRORS = {
  invalidBody: [400, "LTS.0009", "Failed to validate the request body"],
  notInList: [400, "LTS.1901", "is not in the list"],
  groupMissing: [400, "LTS.0201", "The log group does not existed"],
  streamMissing: [400, "LTS.0208", "Log stream id does not exist"],
  streamTaken: [400, "LTS.0207", "Log stream id is associated by transfer"],
  transferMissing: [400, "LTS.0009", "The Field transfer id is invalid or missing."],
  agencyMissing: [400, "LTS.0009", "The Field beAgency domain id is invalid or missing."],
  // The service's code for a kafka_id never registered is not published: an assumption.
  kafkaNotRegistered: [400, "LTS.1712", "The Kafka instance has not been registered"],
};

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TRANSFER_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})$/;
const TOPIC = /^[A-Za-z][A-Za-z0-9._-]{2,199}$/;
const OBS_PERIODS = new Set(["2min", "5min", "30min", "1hour", "3hour", "6hour", "12hour"]);
const AGENCY = ["agency_domain_id", "agency_domain_name", "agency_name", "agency_project_id", "be_agency_domain_id", "be_agency_project_id"];
const DETAIL = {
  DMS: ["kafka_id", "kafka_topic", "lts_tags", "stream_tags", "struct_fields", "invalid_field_value", "tags"],
  OBS: ["obs_period", "obs_period_unit", "obs_bucket_name", "obs_encrypted_id", "obs_encrypted_enable", "obs_dir_pre_fix_name", "obs_prefix_name", "obs_time_zone", "obs_time_zone_id", "obs_eps_id", "tags"],
  DIS: ["dis_id", "dis_name", "tags"],
};

/** log groups as given ({ [id]: { name, streams: { [id]: name } } }, or a list), as a Map. */
export function normaliseLogGroups(logGroups) {
  const groups = new Map();
  const list = Array.isArray(logGroups)
    ? logGroups
    : Object.entries(logGroups ?? {}).map(([id, g]) => ({
        log_group_id: id,
        log_group_name: g.name,
        log_streams: Object.entries(g.streams ?? {}).map(([sid, name]) => ({ log_stream_id: sid, log_stream_name: name })),
      }));
  for (const g of list) {
    groups.set(g.log_group_id, { name: g.log_group_name, streams: new Map(g.log_streams.map((s) => [s.log_stream_id, s.log_stream_name])) });
  }
  return groups;
}

// A refusal is told apart by a property only this module can write, not by its class: the
// check must hold for any value that is thrown.
const REFUSAL = Symbol("refusal");
const refuse = (error, detail) => {
  throw { [REFUSAL]: true, error, detail };
};
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v, min, max) => typeof v === "string" && v.length >= min && v.length <= max;
function oneOf(value, field, list) {
  if (!list.includes(value)) refuse(TRANSFER_ERRORS.notInList, `${field} is not in the list [${list.join(", ")}]`);
}
function onlyFields(object, fields, where) {
  for (const key of Object.keys(object)) {
    if (!fields.includes(key)) refuse(TRANSFER_ERRORS.invalidBody, `unknown field ${where}${key}`);
  }
}

function checkAgency(agency) {
  if (agency === undefined || agency === null) return null;
  if (!isObject(agency)) refuse(TRANSFER_ERRORS.invalidBody, "log_agency_transfer must be an object");
  onlyFields(agency, AGENCY, "log_agency_transfer.");
  for (const key of AGENCY) {
    const limits = key.endsWith("project_id") ? [32, 32] : [1, 128];
    if (!str(agency[key], ...limits)) {
      if (key.startsWith("be_agency")) refuse(TRANSFER_ERRORS.agencyMissing);
      refuse(TRANSFER_ERRORS.invalidBody, `The Field ${key.replaceAll("_", " ")} is invalid or missing.`);
    }
  }
  return Object.fromEntries(AGENCY.map((k) => [k, agency[k]]));
}

/** The detail of a transfer of `type`, checked; `registered(kafka_id)` says whether the instance is registered. */
function checkDetail(type, format, detail, registered) {
  if (!isObject(detail)) refuse(TRANSFER_ERRORS.invalidBody, "log_transfer_detail must be an object");
  onlyFields(detail, DETAIL[type], "log_transfer_detail.");
  if (type === "DMS") {
    if (!str(detail.kafka_id, 1, 36)) refuse(TRANSFER_ERRORS.invalidBody, "The Field kafka id is invalid or missing.");
    if (typeof detail.kafka_topic !== "string" || !TOPIC.test(detail.kafka_topic)) {
      refuse(TRANSFER_ERRORS.invalidBody, "The Field kafka topic is invalid or missing.");
    }
    for (const key of ["lts_tags", "stream_tags", "struct_fields"]) {
      if (detail[key] !== undefined && (!Array.isArray(detail[key]) || !detail[key].every((t) => typeof t === "string"))) {
        refuse(TRANSFER_ERRORS.invalidBody, `${key} must be a list of strings`);
      }
    }
    if (!registered(detail.kafka_id)) refuse(TRANSFER_ERRORS.kafkaNotRegistered, detail.kafka_id);
  } else if (type === "OBS") {
    if (!Number.isInteger(detail.obs_period) || !["min", "hour"].includes(detail.obs_period_unit) || !OBS_PERIODS.has(`${detail.obs_period}${detail.obs_period_unit}`)) {
      refuse(TRANSFER_ERRORS.invalidBody, "obs_period and obs_period_unit must be one of 2min, 5min, 30min, 1hour, 3hour, 6hour, 12hour");
    }
    if (!str(detail.obs_bucket_name, 3, 63)) refuse(TRANSFER_ERRORS.invalidBody, "The Field obs bucket name is invalid or missing.");
  } else if (!str(detail.dis_id, 1, 64) || !str(detail.dis_name, 1, 64)) {
    refuse(TRANSFER_ERRORS.invalidBody, "The Field dis id is invalid or missing.");
  }
  void format;
  return { ...detail };
}

function checkStreams(streams, group) {
  if (!Array.isArray(streams) || streams.length === 0 || streams.length > 1000) refuse(TRANSFER_ERRORS.invalidBody, "log_streams must list 1 to 1000 streams");
  const seen = new Set();
  return streams.map((s) => {
    if (!isObject(s)) refuse(TRANSFER_ERRORS.invalidBody, "a log stream must be an object");
    onlyFields(s, ["log_stream_id", "log_stream_name"], "log_streams[].");
    if (typeof s.log_stream_id !== "string" || !UUID.test(s.log_stream_id)) refuse(TRANSFER_ERRORS.invalidBody, "The Field log stream id is invalid or missing.");
    if (s.log_stream_name !== undefined && !str(s.log_stream_name, 1, 64)) refuse(TRANSFER_ERRORS.invalidBody, "log_stream_name must be 1 to 64 characters");
    if (!group.streams.has(s.log_stream_id)) refuse(TRANSFER_ERRORS.streamMissing, s.log_stream_id);
    if (seen.has(s.log_stream_id)) refuse(TRANSFER_ERRORS.invalidBody, `log stream ${s.log_stream_id} is listed twice`);
    seen.add(s.log_stream_id);
    return { log_stream_id: s.log_stream_id, log_stream_name: group.streams.get(s.log_stream_id) };
  });
}

/**
 * The transfers of one endpoint. `groups` (from normaliseLogGroups) and `registered(projectId,
 * kafkaId)` come from the endpoint; `now()` is its clock.
 */
export function transferStore({ groups, registered, now }) {
  const transfers = new Map(); // "projectId\nid" -> { projectId, transfer }
  const ofProject = (projectId) => [...transfers.values()].filter((t) => t.projectId === projectId).map((t) => t.transfer);

  function create(projectId, body) {
    if (!isObject(body)) refuse(TRANSFER_ERRORS.invalidBody, "the body must be a JSON object");
    onlyFields(body, ["log_group_id", "log_streams", "log_transfer_info"], "");
    if (typeof body.log_group_id !== "string" || !UUID.test(body.log_group_id)) refuse(TRANSFER_ERRORS.invalidBody, "The Field log group id is invalid or missing.");
    const group = groups.get(body.log_group_id);
    if (!group) refuse(TRANSFER_ERRORS.groupMissing);
    const streams = checkStreams(body.log_streams, group);
    const info = body.log_transfer_info;
    if (!isObject(info)) refuse(TRANSFER_ERRORS.invalidBody, "log_transfer_info must be an object");
    onlyFields(info, ["log_transfer_type", "log_transfer_mode", "log_storage_format", "log_transfer_status", "log_agency_transfer", "log_transfer_detail"], "log_transfer_info.");
    oneOf(info.log_transfer_type, "log_transfer_type", ["OBS", "DIS", "DMS"]);
    oneOf(info.log_transfer_mode, "log_transfer_mode", info.log_transfer_type === "OBS" ? ["cycle"] : ["realTime"]);
    oneOf(info.log_storage_format, "log_storage_format", ["RAW", "JSON"]);
    oneOf(info.log_transfer_status, "log_transfer_status", ["ENABLE", "DISABLE"]);
    const agency = checkAgency(info.log_agency_transfer);
    const detail = checkDetail(info.log_transfer_type, info.log_storage_format, info.log_transfer_detail, (id) => registered(projectId, id));
    // One transfer per destination type per stream.
    for (const t of ofProject(projectId)) {
      if (t.log_transfer_info.log_transfer_type !== info.log_transfer_type) continue;
      const taken = streams.find((s) => t.log_streams.some((o) => o.log_stream_id === s.log_stream_id));
      if (taken) refuse(TRANSFER_ERRORS.streamTaken, taken.log_stream_id);
    }
    const transfer = {
      log_group_id: body.log_group_id,
      log_group_name: group.name,
      log_streams: streams,
      log_transfer_id: randomUUID(),
      log_transfer_info: {
        log_create_time: Math.floor(now()),
        log_storage_format: info.log_storage_format,
        log_agency_transfer: agency,
        log_transfer_detail: detail,
        log_transfer_mode: info.log_transfer_mode,
        log_transfer_status: info.log_transfer_status,
        log_transfer_type: info.log_transfer_type,
      },
    };
    transfers.set(`${projectId}\n${transfer.log_transfer_id}`, { projectId, transfer });
    return transfer;
  }

  function list(projectId, query) {
    for (const key of query.keys()) {
      if (!["log_transfer_type", "log_group_name", "log_stream_name", "offset", "limit"].includes(key)) {
        refuse(TRANSFER_ERRORS.invalidBody, `unknown query parameter ${key}`);
      }
    }
    const type = query.get("log_transfer_type");
    if (type !== null) oneOf(type, "log_transfer_type", ["OBS", "DIS", "DMS"]);
    for (const [key, max] of [["offset", 1024], ["limit", 100]]) {
      const v = query.get(key);
      if (v !== null && !(/^\d+$/.test(v) && Number(v) <= max)) refuse(TRANSFER_ERRORS.invalidBody, `${key} must be 0 to ${max}`);
    }
    const group = query.get("log_group_name");
    const stream = query.get("log_stream_name");
    for (const name of [group, stream]) {
      if (name !== null && !str(name, 1, 64)) refuse(TRANSFER_ERRORS.invalidBody, "a name filter must be 1 to 64 characters");
    }
    // offset and limit are accepted and ignored: the newest API has no paging.
    return ofProject(projectId).filter(
      (t) =>
        (type === null || t.log_transfer_info.log_transfer_type === type) &&
        (group === null || t.log_group_name === group) &&
        (stream === null || t.log_streams.some((s) => s.log_stream_name === stream)),
    );
  }

  function find(projectId, id) {
    if (typeof id !== "string" || !TRANSFER_ID.test(id)) refuse(TRANSFER_ERRORS.transferMissing);
    const entry = transfers.get(`${projectId}\n${id}`);
    if (!entry) refuse(TRANSFER_ERRORS.transferMissing);
    return entry.transfer;
  }

  function update(projectId, body) {
    if (!isObject(body)) refuse(TRANSFER_ERRORS.invalidBody, "the body must be a JSON object");
    onlyFields(body, ["log_transfer_id", "log_group_id", "log_streams", "log_transfer_info"], "");
    const transfer = find(projectId, body.log_transfer_id);
    if (body.log_group_id !== undefined && body.log_group_id !== transfer.log_group_id) {
      refuse(TRANSFER_ERRORS.invalidBody, "The Field log group id is invalid or missing.");
    }
    const streams = body.log_streams === undefined ? transfer.log_streams : checkStreams(body.log_streams, groups.get(transfer.log_group_id));
    const info = body.log_transfer_info;
    if (!isObject(info)) refuse(TRANSFER_ERRORS.invalidBody, "log_transfer_info must be an object");
    onlyFields(info, ["log_storage_format", "log_transfer_status", "log_transfer_detail"], "log_transfer_info.");
    oneOf(info.log_storage_format, "log_storage_format", ["RAW", "JSON"]);
    oneOf(info.log_transfer_status, "log_transfer_status", ["ENABLE", "DISABLE"]);
    const type = transfer.log_transfer_info.log_transfer_type;
    const detail = checkDetail(type, info.log_storage_format, info.log_transfer_detail, (id) => registered(projectId, id));
    Object.assign(transfer, { log_streams: streams });
    Object.assign(transfer.log_transfer_info, {
      log_storage_format: info.log_storage_format,
      log_transfer_status: info.log_transfer_status,
      log_transfer_detail: detail,
    });
    return transfer;
  }

  function remove(projectId, query) {
    for (const key of query.keys()) {
      if (key !== "log_transfer_id") refuse(TRANSFER_ERRORS.invalidBody, `unknown query parameter ${key}`);
    }
    const transfer = find(projectId, query.get("log_transfer_id"));
    transfers.delete(`${projectId}\n${transfer.log_transfer_id}`);
    return transfer;
  }

  return {
    create,
    list,
    update,
    remove,
    /** Adds a transfer as it is (of any type), as if it had been made in the console. */
    seed(projectId, transfer) {
      transfers.set(`${projectId}\n${transfer.log_transfer_id}`, { projectId, transfer: structuredClone(transfer) });
    },
    /** Sets a transfer's status as the service does (EXCEPTION when its Kafka topic is gone). */
    setStatus(projectId, id, status) {
      find(projectId, id).log_transfer_info.log_transfer_status = status;
    },
    all: () => [...transfers.values()].map((t) => t.transfer),
    clear: () => transfers.clear(),
  };
}

/** Runs `fn`; a refusal becomes [error, detail], anything else is thrown. */
export function refusalOf(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    if (typeof e === "object" && e !== null && e[REFUSAL] === true) return { refusal: [e.error, e.detail] };
    throw e;
  }
}
