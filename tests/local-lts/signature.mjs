// The API gateway's side of SDK-HMAC-SHA256: rebuild the canonical request from what arrived
// and check the signature. Written independently of the Rust signer, from the contract.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function encode(bytes) {
  let out = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += UNRESERVED.test(c) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function decode(text) {
  const out = [];
  const src = Buffer.from(text, "utf8");
  for (let i = 0; i < src.length; i++) {
    const hex = src.subarray(i + 1, i + 3).toString("latin1");
    if (src[i] === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(src[i]);
    }
  }
  return out;
}

// Decoding gives text, as the official signer's unquote does (invalid UTF-8 -> U+FFFD).
const decodeText = (text) => Buffer.from(decode(text)).toString("utf8");
const byUtf8 = (a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

export function canonicalUri(path) {
  // The whole path is decoded before it is split, so %2F separates segments.
  const uri = decodeText(path)
    .split("/")
    .map((segment) => encode(Buffer.from(segment, "utf8")))
    .join("/");
  return uri.endsWith("/") ? uri : uri + "/";
}

export function canonicalQuery(query) {
  return query
    .split("&")
    .filter((p) => p !== "")
    .map((pair) => {
      const at = pair.indexOf("=");
      const [k, v] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
      return [decodeText(k), decodeText(v)];
    })
    // Sorted on the decoded text in code-point order (UTF-8 byte order), then encoded.
    .sort((a, b) => byUtf8(a[0], b[0]) || byUtf8(a[1], b[1]))
    .map(([k, v]) => `${encode(Buffer.from(k, "utf8"))}=${encode(Buffer.from(v, "utf8"))}`)
    .join("&");
}

// Python's str.strip(): white space and the separators U+001C..U+001F.
const trimValue = (v) => v.replace(/^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$/g, "");

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/**
 * The canonical request for `{ method, url (path and query as received), headers (lower-case
 * names -> values), body (Buffer) }`, signing `signedHeaders` (lower-case names).
 */
export function canonicalRequest({ method, url, headers, body }, signedHeaders) {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q + 1);
  const names = [...signedHeaders].sort();
  const canonicalHeaders = names.map((n) => `${n}:${trimValue(String(headers[n] ?? ""))}\n`).join("");
  return [method, canonicalUri(path), canonicalQuery(query), canonicalHeaders, names.join(";"), sha256(body)].join("\n");
}

export function stringToSign(sdkDate, canonical) {
  return `SDK-HMAC-SHA256\n${sdkDate}\n${sha256(canonical)}`;
}

export function signature(sk, toSign) {
  return createHmac("sha256", Buffer.from(sk, "utf8")).update(toSign).digest("hex");
}

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;

/** Parses an Authorization header; null when it is not SDK-HMAC-SHA256. */
export function parseAuthorization(value) {
  const m = AUTHORIZATION.exec(value ?? "");
  return m ? { ak: m[1], signedHeaders: m[2].split(";"), signature: m[3].toLowerCase() } : null;
}

/** `YYYYMMDDTHHMMSSZ` -> milliseconds since the epoch, or NaN. */
export function parseSdkDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/** Whether `given` (hex) is the signature of the request with `sk`. Constant-time compare. */
export function verify(request, auth, sk, sdkDate) {
  const expected = signature(sk, stringToSign(sdkDate, canonicalRequest(request, auth.signedHeaders)));
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(auth.signature, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
