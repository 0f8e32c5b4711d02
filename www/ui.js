// What both steps of the console share: the result panel, errors (with the projects to choose
// from when IAM lists several), the request preview as text, and "copy as curl" built from a
// preview the library made.
import { hintFor } from "./hints.js";

/** The event a "Use this project" button sends on document; its detail is the project id. */
export const CHOOSE_PROJECT = "lts-kafka-console:choose-project";

/** Shows a result (a title, label/value rows, a hint) in `element`. */
export function renderResult(element, kind, title, rows, hint) {
  element.replaceChildren();
  element.className = `result ${kind}`;
  const heading = document.createElement("h2");
  heading.textContent = title;
  element.append(heading);
  const dl = document.createElement("dl");
  for (const [label, text] of rows) {
    if (text === null || text === undefined || text === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = String(text);
    dd.dataset.field = label.toLowerCase().replace(/\s+/g, "-");
    dl.append(dt, dd);
  }
  element.append(dl);
  if (hint) {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = hint;
    element.append(p);
  }
}

/** The rows that describe an lts-kafka error (an LtsProjectError's region, IAM and projects too). */
export function errorRows(error) {
  const projects = Array.isArray(error.projectIds) ? error.projectIds.filter((id) => typeof id === "string") : [];
  return [
    ["Error", error.name],
    ["Code", error.code],
    ["Status", error.status],
    ["Message", error.message],
    ["Request ID", error.requestId],
    ["Attempts", error.attempts > 1 ? error.attempts : null],
    ["Region", typeof error.region === "string" ? error.region : null],
    ["IAM endpoint", typeof error.iamEndpoint === "string" ? error.iamEndpoint : null],
    ["IAM trace ID", typeof error.traceId === "string" ? error.traceId : null],
    ["Projects", projects.length > 0 ? projects.join(", ") : null],
  ];
}

/**
 * Shows an error in `element` with its hint; when IAM listed several projects named as the
 * region, a button per project that fills the project ID (the CHOOSE_PROJECT event).
 */
export function renderError(element, title, error) {
  renderResult(element, "failure", title, errorRows(error), hintFor(error));
  const ids = error.name === "LtsProjectError" && Array.isArray(error.projectIds) ? error.projectIds.filter((id) => typeof id === "string") : [];
  if (ids.length < 2) return;
  const list = document.createElement("ul");
  list.className = "project-choices";
  for (const id of ids) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.dataset.projectId = id;
    button.textContent = `Use project ${id}`;
    button.addEventListener("click", () => document.dispatchEvent(new CustomEvent(CHOOSE_PROJECT, { detail: id })));
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  }
  element.append(list);
}

/** A preview ({ method, url, headers, body }) as the text of an HTTP request. */
export function previewText(p) {
  const headers = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join("\n");
  const body = p.body === null ? "" : `\n\n${JSON.stringify(JSON.parse(p.body), null, 2)}`;
  return `${p.method} ${p.url}\n${headers}${body}`;
}

// The command is text an operator pastes into a shell, and every value in it (the URL, the AK
// inside Authorization, ids, names) is chosen by someone else. Each literal goes inside single
// quotes, the one quoting in which a POSIX shell expands nothing ($( ), backticks, $VAR, ;,
// newlines); a single quote itself is written '\''. A masked secret becomes a reference to
// a fixed variable name, "$LTS_…", outside the quotes and next to them, so it is one word.
const MASK = "***";
const singleQuoted = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
// The shell variable that stands in for each masked header, and for the Kafka password.
const VARIABLES = new Map([
  ["X-Auth-Token", "LTS_TOKEN"],
  ["X-Security-Token", "LTS_SECURITY_TOKEN"],
  ["Authorization", "LTS_SIGNATURE"],
]);
const PASSWORD_VARIABLE = "LTS_KAFKA_PASSWORD";

/**
 * One shell word for `text`: single-quoted, except the "***" of the last `context` in it,
 * which becomes "$variable". The last one: the AK before a signature, or a name in a body,
 * may itself contain "***"; the library writes the masked secret after them.
 */
function wordWithVariable(text, context, variable) {
  const at = text.lastIndexOf(context);
  if (at < 0) return singleQuoted(text);
  const mask = at + context.indexOf(MASK);
  const before = text.slice(0, mask);
  const after = text.slice(mask + MASK.length);
  return `${before ? singleQuoted(before) : ""}"$${variable}"${after ? singleQuoted(after) : ""}`;
}

/** A curl command for a preview; masked secrets become $LTS_… placeholders. */
export function curlCommand(p, includeSecrets) {
  const lines = [`curl -X ${singleQuoted(String(p.method))} ${singleQuoted(String(p.url))}`];
  for (const [name, v] of Object.entries(p.headers)) {
    const header = `${name}: ${v}`;
    const variable = VARIABLES.get(name);
    const masked = !includeSecrets && variable !== undefined && String(v).endsWith(MASK);
    lines.push(`  -H ${masked ? wordWithVariable(header, MASK, variable) : singleQuoted(header)}`);
  }
  if (p.body !== null && p.body !== undefined) {
    // The masked body writes the password as "pwd":"***", the only place where that text can
    // stand unescaped in JSON (inside a string every quote is \"); the variable's value goes
    // between those quotes as it is.
    const body = String(p.body);
    lines.push(`  --data-raw ${includeSecrets ? singleQuoted(body) : wordWithVariable(body, `"pwd":"${MASK}"`, PASSWORD_VARIABLE)}`);
  }
  return lines.join(" \\\n");
}

/**
 * Shows the curl command for `build({ revealSecrets })` in `output`, copies it when the page
 * may, and says what the user must know in `status`.
 */
export async function copyCurl({ build, includeSecrets, signed, output, status }) {
  const text = curlCommand(build({ revealSecrets: includeSecrets }), includeSecrets);
  output.textContent = text;
  output.hidden = false;
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    copied = false;
  }
  status.textContent =
    (copied ? "Copied." : "Shown below; copy it from there.") +
    (includeSecrets ? " It contains secrets." : " Set the $LTS_… variables first.") +
    (signed ? " A signed request is valid for 15 minutes." : "");
}
