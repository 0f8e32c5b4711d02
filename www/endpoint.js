// Where the console's requests go, and what may choose it. Every request carries the token, or
// a signature made with the operator's key, so its destination is the operator's decision on
// this page: a link may propose an endpoint, never set one, and the page's
// Content-Security-Policy bounds where the browser lets it connect at all. Nothing here
// touches the page, so the rules can be checked outside a browser.

/** The endpoint a link proposes with ?endpoint=, or null. A proposal only: nothing uses it. */
export function proposedEndpoint(search) {
  const value = new URLSearchParams(search).get("endpoint");
  return value === null || value.trim() === "" ? null : value.trim();
}

/** Who is at `url`, as the operator should read it next to the endpoint. */
export function whoIsAt(url, pageOrigin) {
  const parsed = parse(url);
  if (!parsed) return "not a URL";
  return parsed.origin === pageOrigin ? "this page's own server" : `another site: ${parsed.host}`;
}

/**
 * The source list that governs fetch in a policy's text: connect-src, or default-src when the
 * policy has no connect-src; null when it has neither (nothing restricts it).
 */
export function connectSources(policy) {
  const directives = new Map();
  for (const part of String(policy).split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // A directive given twice counts once: the first (CSP Level 3, "parse a serialized CSP").
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives.get("connect-src") ?? directives.get("default-src") ?? null;
}

/**
 * Whether `sources` (from connectSources) let a page at `pageOrigin` fetch `url`. It knows the
 * forms these policies use: 'self', 'none', *, a scheme, and hosts with an optional scheme,
 * "*." wildcard and port. A source's path is not compared; where the browser is stricter than
 * this, its securitypolicyviolation event still tells the operator.
 */
export function connectAllowed(sources, url, pageOrigin) {
  const target = parse(url);
  const page = parse(pageOrigin);
  if (!target || !page) return false;
  return sources.some((source) => sourceMatches(source, target, page));
}

function parse(url) {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

// A plain http source also allows the https form of the same target (CSP's upgrade rule).
const schemeMatches = (scheme, target) => target.protocol === scheme || (scheme === "http:" && target.protocol === "https:");
const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|\*\.[^:/]+|\[[^\]]+\]|[^:/*]+)(?::(\d+|\*))?(\/.*)?$/;

function sourceMatches(source, target, page) {
  const lower = source.toLowerCase();
  if (lower === "'self'") return target.origin === page.origin;
  if (lower === "*") return target.protocol === "http:" || target.protocol === "https:";
  if (/^[a-z][a-z0-9+.-]*:$/.test(lower)) return schemeMatches(lower, target);
  const m = HOST_SOURCE.exec(lower);
  if (!m || lower.startsWith("'")) return false;
  const [, scheme, host, port] = m;
  if (!schemeMatches(scheme ? `${scheme}:` : page.protocol, target)) return false;
  const hostname = target.hostname.toLowerCase();
  if (host.startsWith("*.") ? !hostname.endsWith(host.slice(1)) : host !== "*" && host !== hostname) return false;
  // No port in the source: the scheme's default port, which URL writes as "".
  if (port === undefined) return target.port === "";
  return port === "*" || target.port === port || (target.port === "" && port === (target.protocol === "https:" ? "443" : "80"));
}

/** What an operator can do when the page's policy refuses `origin`. */
export function policyNote(origin) {
  return (
    `This page's Content-Security-Policy does not let it connect to ${origin}: the browser will ` +
    `refuse these requests. To use this endpoint, start the console server with --connect ${origin}, ` +
    "or add that origin to connect-src in the policy at the top of index.html."
  );
}
