// Validates the Kafka instance as it is typed (the library's own rules, in wasm), then
// registers it and delivers a log stream to it through the same-origin proxy at /lts/.
import { ready, LtsClient, isLtsError, validateRegisterDmsKafkaInstance } from "lts-kafka";

const form = /** @type {HTMLFormElement} */ (document.querySelector("#onboard"));
const issuesList = /** @type {HTMLUListElement} */ (document.querySelector("#issues"));
const submit = /** @type {HTMLButtonElement} */ (form.querySelector("button"));
const result = /** @type {HTMLPreElement} */ (document.querySelector("#result"));

/** A field of the form, as text. */
function field(/** @type {string} */ name) {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value : "";
}

/** @returns {import("lts-kafka").RegisterDmsKafkaInstanceRequest} */
function registration() {
  const [user_name, pwd] = [field("user_name"), field("pwd")];
  // {} for an instance without SASL; both fields for SASL_SSL.
  return { instance_id: field("instance_id"), kafka_name: field("kafka_name"), connect_info: user_name || pwd ? { user_name, pwd } : {} };
}

function showIssues() {
  const issues = validateRegisterDmsKafkaInstance(registration());
  issuesList.replaceChildren(
    ...issues.map((i) => Object.assign(document.createElement("li"), { textContent: i.message })),
  );
  submit.disabled = issues.length > 0;
  return issues;
}

/** The report, with its request ids (not enumerable: named here). */
async function onboard() {
  const client = new LtsClient({
    projectId: field("project_id"),
    endpoint: new URL("/lts", location.origin).href,
    credentials: { token: field("token") },
  });
  const report = await client.ensureKafkaTransfer({
    instance: registration(),
    log_group_id: field("log_group_id"),
    log_streams: [{ log_stream_id: field("log_stream_id") }],
    kafka_topic: field("kafka_topic"),
  });
  return { ...report, requestIds: report.requestIds };
}

// The synchronous validator needs the wasm loaded first.
ready().then(enableForm, (e) => {
  result.textContent = e.message;
});

function enableForm() {
  form.addEventListener("input", showIssues);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (showIssues().length > 0) return;
    submit.disabled = true;
    result.textContent = "Working…";
    try {
      result.textContent = JSON.stringify(await onboard(), null, 2);
    } catch (e) {
      // An lts-kafka error never holds the token or the Kafka password.
      const error = isLtsError(e)
        ? { name: e.name, code: e.code, status: e.status, message: e.message, requestId: e.requestId, step: e.step }
        : { name: "Error", message: String(e) };
      result.textContent = JSON.stringify({ error }, null, 2);
      if (!isLtsError(e)) throw e;
    } finally {
      submit.disabled = false;
    }
  });
  showIssues();
}
