// The console's second step: deliver a log group's streams to the registered Kafka instance
// and a topic (a DMS transfer), and the project's DMS transfers, each of which can be enabled,
// disabled or deleted. Rules, previews and requests come from lts-kafka. Ids and names are
// read as typed: one with a space at either end gets the library's own message, never a trim.
// The package by its path: the page's Content-Security-Policy allows no inline import map.
import { isLtsError, validateCreateTransfer } from "./lts-kafka/index.js";
import { hintFor } from "./hints.js";
import { copyCurl, errorRows, previewText, renderResult } from "./ui.js";

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
function streamIds() {
  return $("log_streams")
    .value.split(/[\s,]+/)
    .filter((s) => s !== "")
    .map((log_stream_id) => ({ log_stream_id }));
}

/** The creation body; lts-kafka adds log_transfer_type DMS and log_transfer_mode realTime. */
function readTransfer() {
  return {
    log_group_id: $("log_group_id").value,
    log_streams: streamIds(),
    log_transfer_info: {
      log_storage_format: $("log_storage_format").value,
      log_transfer_status: $("transfer_enabled").checked ? "ENABLE" : "DISABLE",
      log_transfer_detail: { kafka_id: $("kafka_id").value, kafka_topic: $("kafka_topic").value },
    },
  };
}

/** What a request id adds to a sentence: " (request id …)", or nothing when none came. */
function requestIdNote(out) {
  const id = out?.requestId;
  return typeof id === "string" && id !== "" ? ` (request id ${id})` : "";
}

// Where each issue path is shown: the longest data-error-for prefix of it (indexes dropped).
function errorElementFor(path) {
  const plain = path.replace(/\[\d+\]/g, "");
  let best = null;
  for (const el of document.querySelectorAll("#transfer-form [data-error-for]")) {
    const key = el.dataset.errorFor;
    if ((plain === key || plain.startsWith(`${key}.`)) && (!best || key.length > best.dataset.errorFor.length)) best = el;
  }
  return best ?? $("log_transfer_info-error");
}

/**
 * Wires the step. `clientNow()` is the client the registration form describes (or null);
 * `signed()` whether it signs with AK/SK. Returns { open(kafkaId) }.
 */
export function startDelivery(clientNow, signed) {
  const form = $("transfer-form");
  const touched = new Set();
  let inFlight = false;

  function showIssues(issues, showAll) {
    const messages = new Map();
    for (const issue of issues) {
      const el = errorElementFor(issue.path);
      if (!messages.has(el)) messages.set(el, []);
      messages.get(el).push(issue.message);
    }
    for (const el of form.querySelectorAll("[data-error-for]")) {
      const input = $(el.id.replace(/-error$/, ""));
      const visible = showAll || touched.has(input?.id);
      const text = visible ? (messages.get(el) ?? []).join(" ") : "";
      el.textContent = text;
      if (input) input.setAttribute("aria-invalid", text ? "true" : "false");
    }
  }

  function refresh(showAll = false) {
    $("transfer-curl").hidden = true;
    $("transfer-copy-status").textContent = "";
    const body = readTransfer();
    const issues = validateCreateTransfer(body);
    const client = clientNow();
    showIssues(issues, showAll);
    const pre = $("transfer-preview");
    if (!client || issues.length > 0) {
      pre.textContent = client
        ? "The preview appears when every field is valid."
        : "Fix the endpoint, project or credentials of the registration form first.";
      $("transfer-copy-curl").disabled = true;
    } else {
      pre.textContent = previewText(client.buildCreateTransferRequest(body));
      $("transfer-copy-curl").disabled = false;
    }
    return { client, body, issues };
  }

  async function create(event) {
    event.preventDefault();
    if (inFlight) return;
    for (const el of form.elements) if (el.id) touched.add(el.id);
    const { client, body, issues } = refresh(true);
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
      const t = await client.createTransfer(body);
      const info = t.log_transfer_info ?? {};
      const detail = info.log_transfer_detail ?? {};
      renderResult($("transfer-result"), "success", "Transfer created", [
        ["Transfer ID", t.log_transfer_id],
        ["Streams", streamNames(t)],
        ["Destination", `${text(detail.kafka_id, "?")} / ${text(detail.kafka_topic, "?")}`],
        ["Status", text(info.log_transfer_status)],
        ["Request ID", t.requestId],
      ]);
      await loadTransfers();
    } catch (e) {
      const error = isLtsError(e) ? e : { name: "Error", message: String(e?.message ?? e) };
      renderResult($("transfer-result"), "failure", "Not created", errorRows(error), hintFor(error));
    } finally {
      inFlight = false;
      $("create-transfer").disabled = false;
      $("transfer-progress").hidden = true;
      form.removeAttribute("aria-busy");
      $("transfer-status").textContent = "";
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
      renderResult($("transfers-error"), "failure", `${what} failed`, errorRows(error), hintFor(error));
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
    refresh();
  });
  form.addEventListener("change", () => refresh());
  form.addEventListener("submit", create);
  $("refresh-transfers").addEventListener("click", loadTransfers);
  $("transfer-copy-curl").addEventListener("click", () => {
    const { client, body, issues } = refresh();
    if (!client || issues.length > 0) return;
    return copyCurl({
      build: (options) => client.buildCreateTransferRequest(body, options),
      includeSecrets: $("transfer-include-secrets").checked,
      signed: signed(),
      output: $("transfer-curl"),
      status: $("transfer-copy-status"),
    });
  });

  return {
    /** Shows the step for this instance and loads the project's DMS transfers. */
    open(kafkaId) {
      $("deliver").hidden = false;
      $("transfers").hidden = false;
      $("kafka_id").value = kafkaId;
      refresh();
      $("deliver").scrollIntoView?.({ block: "start" });
      $("log_group_id").focus();
      return loadTransfers();
    },
  };
}
