// What both steps of the console share: the result panel, the request preview as text, and
// "copy as curl" built from a preview the library made.

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

/** The rows that describe an lts-kafka error. */
export function errorRows(error) {
  return [
    ["Error", error.name],
    ["Code", error.code],
    ["Status", error.status],
    ["Message", error.message],
    ["Request ID", error.requestId],
    ["Attempts", error.attempts > 1 ? error.attempts : null],
  ];
}

/** A preview ({ method, url, headers, body }) as the text of an HTTP request. */
export function previewText(p) {
  const headers = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join("\n");
  const body = p.body === null ? "" : `\n\n${JSON.stringify(JSON.parse(p.body), null, 2)}`;
  return `${p.method} ${p.url}\n${headers}${body}`;
}

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
// The shell variable that stands in for each masked header.
const VARIABLES = { "X-Auth-Token": "LTS_TOKEN", "X-Security-Token": "LTS_SECURITY_TOKEN", Authorization: "LTS_SIGNATURE" };

/** A curl command for a preview; masked secrets become $LTS_… placeholders. */
export function curlCommand(p, includeSecrets) {
  const lines = [`curl -X ${p.method} ${quote(p.url)}`];
  for (const [name, v] of Object.entries(p.headers)) {
    if (includeSecrets || !v.includes("***")) {
      lines.push(`  -H ${quote(`${name}: ${v}`)}`);
      continue;
    }
    lines.push(`  -H "${name}: ${v.replace("***", `$${VARIABLES[name]}`).replace(/"/g, '\\"')}"`);
  }
  if (p.body !== null) {
    const data = includeSecrets ? quote(p.body) : quote(p.body).replace(`"pwd":"***"`, `"pwd":"'"$LTS_KAFKA_PASSWORD"'"`);
    lines.push(`  --data-raw ${data}`);
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
