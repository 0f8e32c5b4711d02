import RegistrationForm from "./registration-form";

export default function Page() {
  return (
    <main>
      <h1>Register a DMS Kafka instance with LTS</h1>
      <p>
        The body is checked in the browser, by the same rules the service applies; registering
        happens on the server (<code>POST /api/node</code> or <code>POST /api/edge</code>), where
        the token stays.
      </p>
      <RegistrationForm />
    </main>
  );
}
