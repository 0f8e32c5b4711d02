// The credential providers as the browser entry (index.js) has them: a web page or a browser's
// worker is refused, as providers.js refuses it, without carrying the file and environment
// readers into every browser bundle.
import { LtsCredentialsError } from "./errors.js";

function refuse(what) {
  throw new LtsCredentialsError(
    `${what} refuses to run in a browser: an access key pair in a web page can be read by anyone ` +
      "who opens it, and it does not expire. Give the page a short-lived IAM token from its user " +
      "(credentials: { token } or a function returning one), or call LTS from a backend that holds the keys.",
    { code: "BROWSER_REFUSED" },
  );
}

/** Refused in a browser (see providers.js for Node, Deno, Bun and workers). */
export function fromEnv() {
  refuse("fromEnv");
}

/** Refused in a browser (see providers.js for Node, Deno and Bun). */
export function fromProfile() {
  refuse("fromProfile");
}
