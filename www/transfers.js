// The console's second step: make a log group's streams go to the registered Kafka instance
// and a topic (a DMS transfer), and the project's DMS transfers, each of which can be enabled,
// disabled or deleted. Rules, previews and requests come from lts-kafka. Ids and names are
// read as typed: one with a space at either end gets the library's own message, never a trim.
//
// The group and its streams are picked from the project's lists (listLogGroups, then
// listLogStreams for the group chosen), or their ids pasted. RAW goes through
// ensureKafkaTransfer, by name (or by id when pasted): it finds them, lists the DMS transfers
// and creates one only for the streams no DMS transfer delivers yet, and its report gives each
// stream's name, id and outcome. ensureKafkaTransfer creates RAW transfers only, so JSON is
// one createTransfer, by id (the ids of the names picked come from the same lists).
// The package by its path: the page's Content-Security-Policy allows no inline import map.
import { isLtsError, validateCreateTransfer, validateEnsureKafkaTransfer } from "./lts-kafka/index.js";
import { previewText, copyCurl, renderError, renderResult } from "./ui.js";

const $ = (id) => document.getElementById(id);
const EXCEPTION = "The Kafka instance or topic is gone: delete this transfer and create it again.";

/** A value of the service's answer as text: strings and finite numbers as they are. */
function text(value, missing = "") {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return missing;
}

/** A transfer's streams, by name where the service gave one. */
function streamNames(t) {
  const streams = Array.isArray(t?.log_streams) ? t.log_streams : [];
  return streams.map((s) => text(s?.log_stream_name ?? s?.log_stream_id, "?")).join(", ");
}

/**
 * A creation time (milliseconds since the epoch) as "YYYY-MM-DD hh:mm UTC"; "—" when it is
 * absent or no date (1e20 is a number, but past the last date a Date can hold).
 */
function createdAt(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "—";
  const date = new Date(ms);
  // Past year 9999 the ISO form grows a sign and more digits; such a time is no real one.
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) return "—";
  return `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** The stream ids of the text area: one per line (commas and spaces also separate). */
function pastedStreamIds() {
  return $("log_streams")
    .value.split(/[\s,]+/)
    .filter((s) => s !== "");
}

/** How the group and streams are given: "list" (picked by name) or "ids" (pasted). */
function pickMode() {
  return $("transfer-form").elements.pick.value === "ids" ? "ids" : "list";
}

/** The group picked in the list: { id, name }, or null. */
function pickedGroup() {
  const option = $("log_group").selectedOptions[0];
  return option && option.value !== "" ? { id: option.value, name: option.dataset.name ?? "" } : null;
}

/** The streams ticked in the list, { id, name } each, or every one listed when "all" is ticked. */
function pickedStreams() {
  const boxes = [...$("stream-list").querySelectorAll('input[type="checkbox"]')];
  return boxes.filter((b) => $("all_streams").checked || b.checked).map((b) => ({ id: b.value, name: b.dataset.name ?? "" }));
}

/**
 * What the form asks for, as { kind, body, create }: kind "ensure" (RAW: ensureKafkaTransfer's
 * input, by name from the lists or by pasted id) or "create" (JSON: createTransfer's body);
 * `create` is the creation body either way, by id, for the preview and curl (null when the
 * ids are not known: no group picked).
 */
function readTransfer() {
  const kafka_id = $("kafka_id").value;
  const kafka_topic = $("kafka_topic").value;
  const log_transfer_status = $("transfer_enabled").checked ? "ENABLE" : "DISABLE";
  const format = $("log_storage_format").value;
  const byList = pickMode() === "list";
  const group = byList ? pickedGroup() : { id: $("log_group_id").value };
  // From the lists, each stream's name goes with its id, as ensureKafkaTransfer sends it.
  const streamRefs = byList
    ? pickedStreams().map((s) => ({ log_stream_id: s.id, log_stream_name: s.name }))
    : pastedStreamIds().map((log_stream_id) => ({ log_stream_id }));
  const create =
    group === null
      ? null
      : {
          log_group_id: group.id,
          log_streams: streamRefs,
          log_transfer_info: {
            log_storage_format: format,
            log_transfer_status,
            log_transfer_detail: { kafka_id, kafka_topic },
          },
        };
  if (format !== "RAW") {
    // createTransfer takes ids: with nothing picked, an empty id gets the library's message.
    return { kind: "create", body: create ?? emptyGroupCreate(kafka_id, kafka_topic, format, log_transfer_status), create };
  }
  const target = byList
    ? {
        log_group_name: group?.name ?? "",
        log_streams: $("all_streams").checked ? "all" : pickedStreams().map((s) => ({ log_stream_name: s.name })),
      }
    : { log_group_id: group.id, log_streams: streamRefs };
  return { kind: "ensure", body: { kafka_id, ...target, kafka_topic, log_transfer_status }, create };
}

/** createTransfer's body with no group: what the library says about it is what the form shows. */
function emptyGroupCreate(kafka_id, kafka_topic, log_storage_format, log_transfer_status) {
  return { log_group_id: "", log_streams: [], log_transfer_info: { log_storage_format, log_transfer_status, log_transfer_detail: { kafka_id, kafka_topic } } };
}

/** What a request id adds to a sentence: " (request id …)", or nothing when none came. */
function requestIdNote(out) {
  const id = out?.requestId;
  return typeof id === "string" && id !== "" ? ` (request id ${id})` : "";
}

// createTransfer's paths, as the fields the form shows them by (ensureKafkaTransfer's names).
const CREATE_PATHS = new Map([
  ["log_transfer_info.log_transfer_detail.kafka_id", "kafka_id"],
  ["log_transfer_info.log_transfer_detail.kafka_topic", "kafka_topic"],
  ["log_transfer_info.log_storage_format", "log_storage_format"],
]);

// Where each issue path is shown: the longest data-error-for prefix of it (indexes dropped),
// among the fields on show; a group picked from the list shows its id's issues by the list.
function errorElementFor(path) {
  let plain = path.replace(/\[\d+\]/g, "");
  for (const [from, to] of CREATE_PATHS) if (plain === from || plain.startsWith(`${from}.`)) plain = to + plain.slice(from.length);
  if (pickMode() === "list" && plain === "log_group_id") plain = "log_group_name";
  let best = null;
  for (const el of document.querySelectorAll("#transfer-form [data-error-for]")) {
    const key = el.dataset.errorFor;
    if (key === "" || el.closest("[hidden]")) continue;
    if ((plain === key || plain.startsWith(`${key}.`)) && (!best || key.length > best.dataset.errorFor.length)) best = el;
  }
  return best ?? $("log_transfer_info-error");
}

/** The streams of a report (ensureKafkaTransfer's), one line each: name, id and what happened. */
function reportList(report) {
  const list = document.createElement("ul");
  list.className = "report-streams";
  for (const s of Array.isArray(report?.streams) ? report.streams : []) {
    const item = document.createElement("li");
    item.dataset.streamId = text(s?.log_stream_id);
    item.dataset.outcome = text(s?.outcome);
    const name = document.createElement("strong");
    name.textContent = text(s?.log_stream_name, "(no name)");
    const id = document.createElement("code");
    id.textContent = text(s?.log_stream_id, "?");
    item.append(name, " ", id, `: ${outcomeText(s)}`);
    list.append(item);
  }
  return list;
}

function outcomeText(s) {
  switch (s?.outcome) {
    case "created":
      return `created, in transfer ${text(s.log_transfer_id, "?")} (${text(s.log_transfer_status, "?")})`;
    case "already_delivered":
      return `already delivered, by transfer ${text(s.log_transfer_id, "?")} (${text(s.log_transfer_status, "?")})`;
    case "delivered_elsewhere":
      return (
        `delivered elsewhere, by transfer ${text(s.log_transfer_id, "?")} to ` +
        `${text(s.destination?.kafka_id, "?")} / ${text(s.destination?.kafka_topic, "?")}: a stream has one DMS transfer; ` +
        "delete or change that one first"
      );
    case "not_created":
      return "not created";
    default:
      return text(s?.outcome, "?");
  }
}

/** The rows of a report: the group by name and id, the destination, the transfers, the request ids. */
function reportRows(report) {
  const streams = Array.isArray(report?.streams) ? report.streams : [];
  const transferIds = [...new Set(streams.map((s) => text(s?.log_transfer_id)).filter((id) => id !== ""))];
  const groupName = text(report?.log_group_name);
  const groupId = text(report?.log_group_id);
  return [
    ["Log group", groupName && groupId ? `${groupName} (${groupId})` : groupName || groupId],
    ["Destination", `${text(report?.kafka_id, "?")} / ${text(report?.kafka_topic, "?")}`],
    ["Streams", streams.map((s) => text(s?.log_stream_name ?? s?.log_stream_id, "?")).join(", ")],
    ["Transfer ID", transferIds.join(", ")],
    ["Complete", report?.complete === true ? "yes: every stream goes to this instance and topic" : "no"],
    ["Request ID", report?.requestId],
  ];
}

/**
 * Wires the step. `clientNow()` is the client the registration form describes (or null);
 * `signed()` whether it signs with AK/SK. Returns { open(kafkaId) }.
 */
export function startDelivery(clientNow, signed) {
  const form = $("transfer-form");
  const touched = new Set();
  let inFlight = false;
  // The streams listed for each group id, as the service gave them.
  let listedStreams = new Map();

  function showIssues(issues, showAll) {
    const messages = new Map();
    for (const issue of issues) {
      const el = errorElementFor(issue.path);
      if (!messages.has(el)) messages.set(el, []);
      messages.get(el).push(issue.message);
    }
    for (const el of form.querySelectorAll("[data-error-for]")) {
      const input = $(el.dataset.input ?? el.id.replace(/-error$/, ""));
      const visible = showAll || touched.has(input?.id);
      const text = visible ? (messages.get(el) ?? []).join(" ") : "";
      el.textContent = text;
      if (input) input.setAttribute("aria-invalid", text ? "true" : "false");
    }
  }

  function syncPick() {
    const mode = pickMode();
    for (const el of form.querySelectorAll("[data-pick]")) el.hidden = el.dataset.pick !== mode;
    const all = $("all_streams").checked;
    for (const box of $("stream-list").querySelectorAll('input[type="checkbox"]')) box.disabled = all;
  }

  function refresh(showAll = false) {
    syncPick();
    $("transfer-curl").hidden = true;
    $("transfer-copy-status").textContent = "";
    const { kind, body, create } = readTransfer();
    const issues = kind === "ensure" ? validateEnsureKafkaTransfer(body) : validateCreateTransfer(body);
    const client = clientNow();
    showIssues(issues, showAll);
    $("transfer-preview-note").textContent =
      kind === "ensure"
        ? "The transfer it creates when a stream needs one. Before it, lts-kafka finds the group and the streams " +
          "(GET …/groups, …/streams), lists the project's DMS transfers (GET …/transfers), and sends this only " +
          "for the streams no DMS transfer delivers yet. Secrets are masked."
        : "Exactly what will be sent; secrets are masked.";
    const pre = $("transfer-preview");
    let preview = null;
    if (!client) pre.textContent = "Fix the endpoint, project or credentials of the registration form first.";
    else if (issues.length > 0 || create === null) pre.textContent = "The preview appears when every field is valid.";
    else if (client.toJSON().projectId === null) pre.textContent = "The preview needs the project ID: Find project asks IAM for it, or type it.";
    else {
      try {
        preview = client.buildCreateTransferRequest(create);
        pre.textContent = previewText(preview);
      } catch (e) {
        pre.textContent = `No preview: ${e.message}`;
      }
    }
    $("transfer-copy-curl").disabled = preview === null;
    return { client, kind, body, create, issues, previewable: preview !== null };
  }

  // --- the lists of groups and streams -------------------------------------------------------

  async function listing(what, fn) {
    $("lists-status").textContent = `${what}…`;
    $("lists-error").replaceChildren();
    $("lists-error").className = "result";
    try {
      $("lists-status").textContent = await fn();
    } catch (e) {
      const error = isLtsError(e) ? e : { name: "Error", message: String(e?.message ?? e) };
      $("lists-status").textContent = "";
      renderError($("lists-error"), `${what} failed`, error);
    }
  }

  /** The project's log groups in the select, by name with the id; the choice kept when it still exists. */
  function loadGroups() {
    const client = clientNow();
    if (!client) return Promise.resolve();
    return listing("Loading the log groups", async () => {
      const listed = await client.listLogGroups();
      const groups = Array.isArray(listed.log_groups) ? listed.log_groups : [];
      const select = $("log_group");
      const before = select.value;
      const placeholder = document.createElement("option");
      placeholder.value = "";
      placeholder.textContent = groups.length === 0 ? "— no log group in this project —" : "— choose a log group —";
      select.replaceChildren(placeholder);
      for (const g of groups) {
        const id = text(g?.log_group_id);
        if (id === "") continue;
        const option = document.createElement("option");
        option.value = id;
        option.dataset.name = text(g?.log_group_name);
        option.textContent = `${text(g?.log_group_name, "(no name)")} — ${id}`;
        select.append(option);
      }
      listedStreams = new Map();
      select.value = [...select.options].some((o) => o.value === before) ? before : "";
      await loadStreams();
      refresh();
      return `${groups.length} log group${groups.length === 1 ? "" : "s"}${requestIdNote(listed)}.`;
    });
  }

  /** The picked group's streams as checkboxes, each by name with the id. */
  async function loadStreams() {
    const group = pickedGroup();
    const box = $("stream-list");
    if (group === null) {
      box.replaceChildren(note("Choose a log group first."));
      return;
    }
    const client = clientNow();
    if (!client) return;
    let streams = listedStreams.get(group.id);
    if (!streams) {
      box.replaceChildren(note("Loading the streams…"));
      const listed = await client.listLogStreams({ log_group_id: group.id });
      streams = Array.isArray(listed.log_streams) ? listed.log_streams : [];
      listedStreams.set(group.id, streams);
    }
    // The group may have changed while its streams were loading.
    if (pickedGroup()?.id !== group.id) return;
    const boxes = [];
    for (const s of streams) {
      const id = text(s?.log_stream_id);
      if (id === "") continue;
      const label = document.createElement("label");
      label.className = "inline stream";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.name = "log_stream";
      input.value = id;
      input.dataset.name = text(s?.log_stream_name);
      const code = document.createElement("code");
      code.textContent = id;
      label.append(input, ` ${text(s?.log_stream_name, "(no name)")} `, code);
      boxes.push(label);
    }
    box.replaceChildren(...(boxes.length > 0 ? boxes : [note("This group has no stream.")]));
  }

  function note(sentence) {
    const p = document.createElement("p");
    p.className = "rule";
    p.textContent = sentence;
    return p;
  }

  async function groupChosen() {
    touched.add("log_group");
    await listing("Loading the streams", async () => {
      await loadStreams();
      const n = $("stream-list").querySelectorAll('input[type="checkbox"]').length;
      return pickedGroup() === null ? "" : `${n} stream${n === 1 ? "" : "s"} in ${pickedGroup().name}.`;
    });
    refresh();
  }

  // --- sending -------------------------------------------------------------------------------

  async function deliver(event) {
    event.preventDefault();
    if (inFlight) return;
    for (const el of form.elements) if (el.id) touched.add(el.id);
    touched.add("stream-list");
    const { client, kind, body, issues } = refresh(true);
    if (!client || issues.length > 0) {
      $("transfer-status").textContent = `Not sent: ${issues.length} problem${issues.length === 1 ? "" : "s"} to fix.`;
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    inFlight = true;
    $("create-transfer").disabled = true;
    $("transfer-progress").hidden = false;
    form.setAttribute("aria-busy", "true");
    try {
      if (kind === "ensure") {
        const report = await client.ensureKafkaTransfer(body);
        renderResult(
          $("transfer-result"),
          report.complete ? "success" : "failure",
          report.complete ? "The streams go to the topic" : "Not every stream goes to the topic",
          reportRows(report),
        );
        $("transfer-result").append(reportList(report));
      } else {
        const t = await client.createTransfer(body);
        const info = t.log_transfer_info ?? {};
        const detail = info.log_transfer_detail ?? {};
        renderResult($("transfer-result"), "success", "Transfer created", [
          ["Transfer ID", t.log_transfer_id],
          ["Log group", text(t.log_group_name) ? `${text(t.log_group_name)} (${text(t.log_group_id)})` : text(t.log_group_id)],
          ["Streams", streamNames(t)],
          ["Destination", `${text(detail.kafka_id, "?")} / ${text(detail.kafka_topic, "?")}`],
          ["Status", text(info.log_transfer_status)],
          ["Request ID", t.requestId],
        ]);
      }
      await loadTransfers();
    } catch (e) {
      const error = isLtsError(e) ? e : { name: "Error", message: String(e?.message ?? e) };
      renderError($("transfer-result"), "Not delivered", error);
      // What an onboarding had done when it failed.
      if (error.done && Array.isArray(error.done.streams) && error.done.streams.length > 0) $("transfer-result").append(reportList(error.done));
    } finally {
      inFlight = false;
      $("create-transfer").disabled = false;
      $("transfer-progress").hidden = true;
      form.removeAttribute("aria-busy");
      $("transfer-status").textContent = "";
      // A project found on the way makes the preview possible.
      refresh();
    }
  }

  // --- the table -----------------------------------------------------------------------------

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.append(td);
    return td;
  }

  function actionButton(label, onClick, className) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.className = className ?? "secondary";
    button.addEventListener("click", onClick);
    return button;
  }

  function renderTable(transfers) {
    const list = Array.isArray(transfers) ? transfers : [];
    const tbody = $("transfers-table").tBodies[0];
    tbody.replaceChildren();
    $("transfers-empty").hidden = list.length > 0;
    $("transfers-table").hidden = list.length === 0;
    // Each row is built on its own: one transfer the page cannot read (a value out of range,
    // a field missing) shows as such and leaves the others, and their actions, in place.
    for (const t of list) {
      let row;
      try {
        row = transferRow(t);
      } catch {
        row = unreadableRow(t);
      }
      tbody.append(row);
    }
  }

  function transferRow(t) {
    const info = t.log_transfer_info ?? {};
    const detail = info.log_transfer_detail ?? {};
    const row = document.createElement("tr");
    row.dataset.transferId = text(t.log_transfer_id);
    const streams = streamNames(t);
    cell(row, text(t.log_group_name ?? t.log_group_id));
    cell(row, streams);
    cell(row, `${text(detail.kafka_id, "?")} / ${text(detail.kafka_topic, "?")}`, "id");
    cell(row, text(info.log_storage_format));
    const status = text(info.log_transfer_status);
    const statusCell = cell(row, status, `status status-${status.toLowerCase()}`);
    if (status === "EXCEPTION") {
      const why = document.createElement("span");
      why.className = "why";
      why.textContent = EXCEPTION;
      statusCell.append(why);
    }
    const created = cell(row, createdAt(info.log_create_time), "created");
    if (info.log_create_time !== undefined && info.log_create_time !== null) created.title = String(info.log_create_time);
    const actions = cell(row, "", "row-actions");
    if (status === "ENABLE") actions.append(actionButton("Disable", () => setStatus(t, false)));
    if (status === "DISABLE") actions.append(actionButton("Enable", () => setStatus(t, true)));
    actions.append(actionButton("Delete", () => confirmDelete(t), "danger"));
    for (const b of actions.querySelectorAll("button")) b.setAttribute("aria-label", `${b.textContent} the transfer of ${streams}`);
    return row;
  }

  // A row for a transfer that could not be shown: its id when it has one, and a Delete button
  // when that id is usable, so a broken entry can still be removed.
  function unreadableRow(t) {
    const row = document.createElement("tr");
    const id = typeof t?.log_transfer_id === "string" ? t.log_transfer_id : "";
    if (id) row.dataset.transferId = id;
    row.className = "unreadable";
    const td = cell(row, `This transfer could not be shown${id ? ` (${id})` : ""}.`);
    td.colSpan = 6;
    const actions = cell(row, "", "row-actions");
    if (id) {
      const button = actionButton("Delete", () => confirmDelete(t), "danger");
      button.setAttribute("aria-label", `Delete the transfer ${id}`);
      actions.append(button);
    }
    return row;
  }

  // Runs one request of the table: progress in the status line, then the sentence `fn`
  // resolves to (with the request id), or the error with its hint. Resolves to that sentence,
  // or null when it failed.
  async function run(what, fn) {
    $("transfers-status").textContent = `${what}…`;
    try {
      const done = await fn();
      $("transfers-status").textContent = done;
      $("transfers-error").replaceChildren();
      $("transfers-error").className = "result";
      return done;
    } catch (e) {
      const error = isLtsError(e) ? e : { name: "Error", message: String(e?.message ?? e) };
      $("transfers-status").textContent = "";
      renderError($("transfers-error"), `${what} failed`, error);
      return null;
    }
  }

  /** The client the registration form describes, or an error that says what to fix there. */
  function requireClient() {
    const c = clientNow();
    if (!c) throw new Error("Fix the endpoint, project or credentials of the registration form first.");
    return c;
  }

  function loadTransfers() {
    if (!clientNow()) return Promise.resolve(null);
    return run("Loading the transfers", async () => {
      const listed = await requireClient().listTransfers({ log_transfer_type: "DMS" });
      renderTable(listed.log_transfers);
      const n = Array.isArray(listed.log_transfers) ? listed.log_transfers.length : 0;
      return `${n} DMS transfer${n === 1 ? "" : "s"}${requestIdNote(listed)}.`;
    });
  }

  /** An action on a row, then the table again; the action's sentence stays in the status line. */
  async function act(what, fn) {
    const done = await run(what, fn);
    if (done === null) return;
    await loadTransfers();
    $("transfers-status").textContent = done;
  }

  // lts-kafka reads the transfer first and sends its format and destination again.
  function setStatus(t, enable) {
    const streams = streamNames(t) || text(t.log_transfer_id);
    return act(enable ? "Enabling" : "Disabling", async () => {
      const updated = enable ? await requireClient().enableTransfer(t.log_transfer_id) : await requireClient().disableTransfer(t.log_transfer_id);
      const status = text(updated.log_transfer_info?.log_transfer_status, enable ? "ENABLE" : "DISABLE");
      return `The transfer of ${streams} is now ${status}${requestIdNote(updated)}.`;
    });
  }

  function confirmDelete(t) {
    const dialog = $("confirm-delete");
    const streams = streamNames(t) || "this transfer";
    $("confirm-text").textContent =
      `The logs of ${streams} stop going to ${text(t.log_transfer_info?.log_transfer_detail?.kafka_topic, "Kafka")}. ` +
      "The logs already delivered stay in Kafka.";
    dialog.returnValue = "";
    dialog.addEventListener(
      "close",
      () => {
        if (dialog.returnValue !== "delete") return;
        act("Deleting", async () => {
          const deleted = await requireClient().deleteTransfer({ log_transfer_id: t.log_transfer_id });
          // The service describes what it deleted, or answers with no body (log_transfer null).
          const what = streamNames(deleted.log_transfer ?? t) || "its streams";
          return `Deleted the transfer ${text(deleted.log_transfer_id)} of ${what}${requestIdNote(deleted)}.`;
        });
      },
      { once: true },
    );
    dialog.showModal();
  }

  // --- wiring --------------------------------------------------------------------------------

  form.addEventListener("input", (e) => {
    if (e.target.id) touched.add(e.target.id);
    if (e.target.name === "log_stream" || e.target.id === "all_streams") touched.add("stream-list");
    refresh();
  });
  form.addEventListener("change", (e) => {
    if (e.target.id === "log_group") groupChosen();
    else refresh();
  });
  form.addEventListener("submit", deliver);
  $("refresh-transfers").addEventListener("click", loadTransfers);
  $("load-groups").addEventListener("click", loadGroups);
  $("transfer-copy-curl").addEventListener("click", () => {
    const { client, create, previewable } = refresh();
    if (!previewable) return;
    return copyCurl({
      build: (options) => client.buildCreateTransferRequest(create, options),
      includeSecrets: $("transfer-include-secrets").checked,
      signed: signed(),
      output: $("transfer-curl"),
      status: $("transfer-copy-status"),
    });
  });

  return {
    /** Shows the step for this instance and loads the project's log groups and DMS transfers. */
    open(kafkaId) {
      $("deliver").hidden = false;
      $("transfers").hidden = false;
      $("kafka_id").value = kafkaId;
      refresh();
      $("deliver").scrollIntoView?.({ block: "start" });
      (pickMode() === "list" ? $("log_group") : $("log_group_id")).focus();
      return Promise.all([loadGroups(), loadTransfers()]);
    },
  };
}
