// Validates the Kafka instance as it is typed (the library's own rules, in wasm), then
// registers it and delivers a log stream to it through the same-origin proxy at /lts/.
import { ready, LtsClient, isLtsError, validateRegisterDmsKafkaInstance } from "lts-kafka";

const form = document.querySelector("#onboard");
const issuesList = document.querySelector("#issues");
const submit = form.querySelector("button");
const result = document.querySelector("#result");

function registration() {
  const { instance_id, kafka_name, user_name, pwd } = Object.fromEntries(new FormData(form));
  // {} for an instance without SASL; both fields for SASL_SSL.
  return { instance_id, kafka_name, connect_info: user_name || pwd ? { user_name, pwd } : {} };
}

function showIssues() {
  const issues = validateRegisterDmsKafkaInstance(registration());
  issuesList.replaceChildren(
    ...issues.map((i) => Object.assign(document.createElement("li"), { textContent: i.message })),
  );
  submit.disabled = issues.length > 0;
  return issues;
}

async function onboard() {
  const fields = Object.fromEntries(new FormData(form));
  const client = new LtsClient({
    projectId: fields.project_id,
    endpoint: new URL("/lts", location.origin).href,
    credentials: { token: fields.token },
  });
  return client.ensureKafkaTransfer({
    instance: registration(),
    log_group_id: fields.log_group_id,
    log_streams: [{ log_stream_id: fields.log_stream_id }],
    kafka_topic: fields.kafka_topic,
  });
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
      const { name, code, status, message, requestId, step } = e;
      const error = { name, code, status, message, requestId, step };
      result.textContent = JSON.stringify({ error }, null, 2);
      if (!isLtsError(e)) throw e;
    } finally {
      submit.disabled = false;
    }
  });
  showIssues();
}
