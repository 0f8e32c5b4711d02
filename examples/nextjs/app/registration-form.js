"use client";

import { useEffect, useState } from "react";
import { ready, validateRegisterDmsKafkaInstance } from "lts-kafka";

/** @typedef {{ state: "loading" | "ready" } | { state: "failed", message: string }} ValidatorState */
/** @typedef {"instance_id" | "kafka_name"} FieldName */

export default function RegistrationForm() {
  // In the browser the wasm is fetched on first use: the synchronous validator works only once
  // ready() has resolved. On the server this component renders the "loading" state.
  const [validator, setValidator] = useState(/** @type {ValidatorState} */ ({ state: "loading" }));
  const [body, setBody] = useState({ instance_id: "", kafka_name: "" });

  useEffect(() => {
    let mounted = true;
    ready().then(
      () => mounted && setValidator({ state: "ready" }),
      (e) => mounted && setValidator({ state: "failed", message: String(e?.message ?? e) }),
    );
    return () => {
      mounted = false;
    };
  }, []);

  const issues =
    validator.state === "ready" ? validateRegisterDmsKafkaInstance({ ...body, connect_info: {} }) : [];
  const field = (/** @type {FieldName} */ name) => ({
    id: name,
    name,
    value: body[name],
    onChange: (/** @type {import("react").ChangeEvent<HTMLInputElement>} */ e) => setBody({ ...body, [name]: e.target.value }),
    "aria-describedby": "issues",
  });

  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <p>
        <label htmlFor="instance_id">Kafka instance id</label> <input {...field("instance_id")} />
      </p>
      <p>
        <label htmlFor="kafka_name">Kafka instance name</label> <input {...field("kafka_name")} />
      </p>
      <section id="issues" aria-live="polite" data-state={validator.state}>
        {validator.state === "loading" && <p>Loading the validator…</p>}
        {validator.state === "failed" && <p>The validator did not load: {validator.message}</p>}
        {validator.state === "ready" && issues.length === 0 && <p>The body is valid.</p>}
        {issues.length > 0 && (
          <ul>
            {issues.map((issue) => (
              <li key={`${issue.path} ${issue.rule}`} data-path={issue.path}>
                <code>{issue.path}</code>: {issue.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </form>
  );
}
