// The admin console: a form that registers a DMS Kafka instance with LTS through lts-kafka,
// then the next step (transfers.js): deliver log streams to it, and the project's DMS
// transfers. Validation, the request preview and the request itself all come from the library
// (the same wasm rules a server would use), never from a copy of the rules in this file.
//
// The project ID may be left empty: the client is then built with the region and without a
// project, and finds it through IAM (GET /v3/projects or /v3/auth/projects) before its first
// request, or when "Find project" asks; IAM is reached at the endpoint the form names, which
// the console's proxy answers for both services. The project found is shown once known.
//
// Where requests go is the operator's choice alone: the endpoint starts as this page's
// same-origin proxy, a link's ?endpoint= is only offered (nothing is filled until the operator
// says so), and the endpoint a token or signature will go to is shown next to every button
// that sends one.
//
// The package is imported by its path, not through an import map: an import map is an inline
// script, which the page's Content-Security-Policy does not allow.
import { LtsClient, ready, validateRegisterDmsKafkaInstance, isLtsError, knownRegions } from "./lts-kafka/index.js";
import { CHOOSE_PROJECT, copyCurl, previewText, renderError, renderResult } from "./ui.js";
import { startDelivery } from "./transfers.js";
import { connectAllowed, connectSources, policyNote, proposedEndpoint, whoIsAt } from "./endpoint.js";

const $ = (id) => document.getElementById(id);
const form = $("register-form");
const LIMITS = { instance_id: 36, kafka_name: 256 };
// Fields the user has touched: their errors show while typing; the others after a submit.
const touched = new Set();
let inFlight = false;
// A "Find project" in progress.
let projectInFlight = false;
// Each known region's endpoint, to show where a region's requests go.
const regionEndpoints = new Map();
// What the page's own policy lets it connect to (null: no policy in the page), and the origins
// the browser has refused so far (a policy sent as a header only is known by its refusals).
let pageConnectSources = null;
const refusedOrigins = new Set();
// The next step: it uses the client the form above describes.
const delivery = startDelivery(() => {
  const { options } = readForm();
  return clientFor(options).client;
}, () => form.elements.auth.value === "aksk");

function value(id) {
  return $(id).value;
}

/** The client options and the request body, as the form says now. */
function readForm() {
  const auth = form.elements.auth.value;
  const credentials =
    auth === "token"
      ? { token: value("token") }
      : { ak: value("ak"), sk: value("sk"), ...(value("securityToken") ? { securityToken: value("securityToken") } : {}) };
  const endpoint = value("endpoint").trim();
  const projectId = value("projectId");
  const options = { credentials };
  // Empty: found from the region (the region is then needed even with an endpoint).
  if (projectId !== "") options.projectId = projectId;
  if (endpoint) {
    options.endpoint = endpoint;
    // The same URL for IAM: the console's proxy forwards IAM's project lists beside LTS's paths.
    if (projectId === "") {
      options.iamEndpoint = endpoint;
      if (value("region")) options.region = value("region");
    }
  } else if (value("region")) options.region = value("region");
  const body = {
    instance_id: value("instance_id"),
    kafka_name: value("kafka_name"),
    connect_info: $("sasl").checked ? { user_name: value("user_name"), pwd: value("pwd") } : {},
  };
  return { options, body };
}

/** The client for the current options, or the configuration issues. */
function clientFor(options) {
  try {
    return { client: new LtsClient(options), issues: [] };
  } catch (e) {
    if (isLtsError(e) && e.issues) return { client: null, issues: e.issues };
    return { client: null, issues: [{ path: "", rule: "format", message: String(e.message ?? e) }] };
  }
}

// Where each issue path is shown: the endpoints' issues by the endpoint.
function errorElementFor(path) {
  const target = path === "region" || path === "iamEndpoint" || path.startsWith("endpoints") ? "endpoint" : path;
  return (
    form.querySelector(`[data-error-for="${CSS.escape(target)}"]`) ??
    form.querySelector(`[data-error-for="${CSS.escape(target.split(".")[0])}"]`)
  );
}

function inputFor(element) {
  const id = element.id.replace(/-error$/, "");
  return $(id);
}

function showIssues(issues, showAll) {
  const messages = new Map();
  for (const issue of issues) {
    const el = errorElementFor(issue.path);
    if (!el) continue;
    if (!messages.has(el)) messages.set(el, []);
    messages.get(el).push(issue.message);
  }
  for (const el of form.querySelectorAll("[data-error-for]")) {
    const input = inputFor(el);
    const key = input?.name || el.dataset.errorFor;
    const visible = showAll || touched.has(key) || touched.has(el.dataset.errorFor);
    const text = visible ? (messages.get(el) ?? []).join(" ") : "";
    el.textContent = text;
    if (input) input.setAttribute("aria-invalid", text ? "true" : "false");
  }
}

function updateCounters() {
  for (const [id, limit] of Object.entries(LIMITS)) {
    // String.length counts UTF-16 code units, the unit the library and maxlength count.
    const n = value(id).length;
    const counter = $(`${id}-counter`);
    counter.textContent = `${n} / ${limit}`;
    counter.classList.toggle("over", n > limit || n === 0);
  }
}

let currentPreview = null;

/** The project the client knows: the projectId option, or the one found from the region; null before. */
function knownProject(client) {
  const id = client?.toJSON().projectId;
  return typeof id === "string" ? id : null;
}

const PROJECT_NEEDED = "The preview needs the project ID: Find project asks IAM for it, or type it.";

function renderPreview(client, body, bodyIssues) {
  const pre = $("preview");
  currentPreview = null;
  if (!client || bodyIssues.length > 0) {
    pre.textContent = "The preview appears when every field is valid.";
    $("copy-curl").disabled = true;
    return;
  }
  if (knownProject(client) === null) {
    pre.textContent = PROJECT_NEEDED;
    $("copy-curl").disabled = true;
    return;
  }
  try {
    pre.textContent = previewText(client.buildRegisterDmsKafkaInstanceRequest(body));
    currentPreview = { client, body };
    $("copy-curl").disabled = false;
  } catch (e) {
    pre.textContent = `No preview: ${e.message}`;
    $("copy-curl").disabled = true;
  }
}

/** Validates everything and refreshes errors, counters and the preview; true when valid. */
function refresh(showAll = false) {
  // A copied command describes the form as it was: hide it once the form changes.
  $("curl").hidden = true;
  $("copy-status").textContent = "";
  const { options, body } = readForm();
  const bodyIssues = validateRegisterDmsKafkaInstance(body);
  const { client, issues: configIssues } = clientFor(options);
  showIssues([...configIssues, ...bodyIssues], showAll);
  updateCounters();
  renderPreview(client, body, bodyIssues);
  showProject(client, options);
  showTarget(options, client);
  return { client, options, body, valid: client !== null && bodyIssues.length === 0, issues: [...configIssues, ...bodyIssues] };
}

// --- where requests go --------------------------------------------------------------------

/** The endpoint the form sends to: the one typed in, or the region's; null when neither. */
function targetOf(options) {
  return options.endpoint ?? regionEndpoints.get(options.region) ?? null;
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Next to every button that sends: where the token or signature goes (and IAM's endpoint when
 * the project is to be found there and it is another); and whether the page may connect there.
 */
function showTarget(options, client = null) {
  const url = targetOf(options);
  const description = client?.toJSON() ?? null;
  const iam = options.projectId === undefined && description?.iamEndpoint && description.iamEndpoint !== url ? description.iamEndpoint : null;
  const what = form.elements.auth.value === "aksk" ? "The request signed with your access key goes to " : "The token goes to ";
  for (const el of document.querySelectorAll("[data-send-target]")) {
    el.replaceChildren();
    if (url === null) {
      el.textContent = "No endpoint yet: give one, or a region. Nothing can be sent.";
      continue;
    }
    const code = document.createElement("code");
    code.textContent = url;
    el.append(what, code, ` (${whoIsAt(url, location.origin)})`);
    if (iam !== null) {
      const iamCode = document.createElement("code");
      iamCode.textContent = iam;
      el.append(", and to find the project to ", iamCode, ` (${whoIsAt(iam, location.origin)})`);
    }
    el.append(".");
  }
  const refused = [url, iam].find((u) => {
    const origin = u === null ? null : originOf(u);
    return origin !== null && (refusedOrigins.has(origin) || (pageConnectSources !== null && !connectAllowed(pageConnectSources, u, location.origin)));
  });
  $("endpoint-policy").textContent = refused ? policyNote(originOf(refused)) : "";
}

// --- the project -------------------------------------------------------------------------------

/** By the project field: the project found from the region once known, or how it will be. */
function showProject(client, options) {
  const found = $("project-found");
  found.replaceChildren();
  const given = options.projectId !== undefined;
  $("find-project").disabled = given || client === null || projectInFlight;
  if (given || client === null) return;
  const id = knownProject(client);
  if (id === null) {
    found.textContent = `Not known yet: found from ${options.region} on the first request, or now with Find project.`;
    return;
  }
  const code = document.createElement("code");
  code.id = "project-resolved";
  code.textContent = id;
  found.append(`Found from ${options.region} through IAM: `, code);
}

/** Asks IAM for the project named as the region (resolveProjectId), and shows what it found. */
async function findProject() {
  if (projectInFlight) return;
  touched.add("projectId");
  touched.add("region");
  const { client, options } = refresh();
  if (client === null || options.projectId !== undefined) return;
  projectInFlight = true;
  $("find-project").disabled = true;
  $("project-found").textContent = `Asking IAM for the project named ${options.region}…`;
  $("project-result").replaceChildren();
  try {
    await client.resolveProjectId();
  } catch (e) {
    const error = isLtsError(e) ? e : { name: "Error", message: String(e?.message ?? e) };
    renderError($("project-result"), "Project not found", error);
  } finally {
    projectInFlight = false;
    refresh();
  }
}

/** A project chosen among several IAM listed: it fills the project ID field. */
function chooseProject(id) {
  $("projectId").value = id;
  touched.add("projectId");
  $("project-result").replaceChildren();
  $("project-result").className = "result";
  refresh();
  $("status").textContent = `Project ID set to ${id}.`;
  $("projectId").focus();
}

/** A link's ?endpoint= is shown, and used only when the operator chooses it. */
function offerLinkEndpoint(proposed) {
  if (proposed === null || proposed === value("endpoint").trim()) return;
  $("link-endpoint-url").textContent = proposed;
  $("link-endpoint-host").textContent = `(${whoIsAt(proposed, location.origin)})`;
  $("link-endpoint").hidden = false;
  const answered = () => {
    $("link-endpoint").hidden = true;
    $("link-endpoint-use").removeEventListener("click", use);
    $("link-endpoint-ignore").removeEventListener("click", answered);
    $("endpoint").focus();
  };
  const use = () => {
    $("endpoint").value = proposed;
    touched.add("endpoint");
    answered();
    refresh();
  };
  $("link-endpoint-use").addEventListener("click", use);
  $("link-endpoint-ignore").addEventListener("click", answered);
}

// --- copy as curl -------------------------------------------------------------------------

function copyRegistrationCurl() {
  if (!currentPreview) return;
  const { client, body } = currentPreview;
  return copyCurl({
    build: (options) => client.buildRegisterDmsKafkaInstanceRequest(body, options),
    includeSecrets: $("include-secrets").checked,
    signed: form.elements.auth.value === "aksk",
    output: $("curl"),
    status: $("copy-status"),
  });
}

// --- sending -------------------------------------------------------------------------------

async function submit(event) {
  event.preventDefault();
  if (inFlight) return;
  for (const el of form.elements) if (el.name) touched.add(el.name);
  const { client, body, valid, issues } = refresh(true);
  $("project-result").replaceChildren();
  if (!valid) {
    $("status").textContent = `Not sent: ${issues.length} problem${issues.length === 1 ? "" : "s"} to fix.`;
    const first = form.querySelector('[aria-invalid="true"]');
    first?.focus();
    return;
  }
  inFlight = true;
  $("register").disabled = true;
  $("progress").hidden = false;
  form.setAttribute("aria-busy", "true");
  $("status").textContent = "Registering…";
  try {
    const out = await client.registerDmsKafkaInstance(body);
    renderResult($("result"), "success", "Registered", [["Instance ID", out.instance_id], ["Request ID", out.requestId]], null);
    $("checklist").classList.add("done");
    delivery.open(out.instance_id);
  } catch (e) {
    const error = isLtsError(e) ? e : { name: "Error", message: String(e?.message ?? e) };
    renderError($("result"), "Not registered", error);
    // Registered before: the next step is open to it.
    if (error.code === "LTS.1711") offerDelivery(body.instance_id);
  } finally {
    inFlight = false;
    $("register").disabled = false;
    $("progress").hidden = true;
    form.removeAttribute("aria-busy");
    $("status").textContent = "";
    // A project found on the way is shown, and the preview can be made.
    if ($("projectId").value === "") refresh();
  }
}

/** A button in the result that goes on to deliver logs to an instance registered before. */
function offerDelivery(instanceId) {
  const button = document.createElement("button");
  button.type = "button";
  button.id = "deliver-anyway";
  button.textContent = "Deliver logs to this instance";
  button.addEventListener("click", () => delivery.open(instanceId));
  $("result").append(button);
}

// --- wiring --------------------------------------------------------------------------------

function syncVisibility() {
  const auth = form.elements.auth.value;
  for (const el of document.querySelectorAll("[data-auth]")) el.hidden = el.dataset.auth !== auth;
  for (const el of document.querySelectorAll("[data-sasl]")) el.hidden = !$("sasl").checked;
}

async function start() {
  await ready();
  const select = $("region");
  for (const { region, endpoint } of knownRegions()) {
    regionEndpoints.set(region, endpoint);
    const option = document.createElement("option");
    option.value = region;
    option.textContent = region;
    select.append(option);
  }
  // The same-origin proxy, always; a link's endpoint is only offered.
  $("endpoint").value = new URL("lts-proxy", location.href).href.replace(/\/$/, "");
  const policy = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
  pageConnectSources = policy ? connectSources(policy.content) : null;
  document.addEventListener("securitypolicyviolation", (e) => {
    if (e.effectiveDirective !== "connect-src") return;
    const origin = originOf(e.blockedURI);
    if (origin === null || refusedOrigins.has(origin)) return;
    refusedOrigins.add(origin);
    const { options } = readForm();
    showTarget(options, clientFor(options).client);
  });
  offerLinkEndpoint(proposedEndpoint(location.search));
  form.addEventListener("input", (e) => {
    if (e.target.name) touched.add(e.target.name);
    syncVisibility();
    refresh();
  });
  form.addEventListener("change", () => {
    syncVisibility();
    refresh();
  });
  form.addEventListener("submit", submit);
  $("copy-curl").addEventListener("click", copyRegistrationCurl);
  $("find-project").addEventListener("click", findProject);
  document.addEventListener(CHOOSE_PROJECT, (e) => {
    if (typeof e.detail === "string") chooseProject(e.detail);
  });
  syncVisibility();
  refresh();
  document.body.dataset.ready = "true";
}

start().catch((e) => {
  $("result").className = "result failure";
  $("result").textContent = `The console could not start: ${e.message}`;
});
