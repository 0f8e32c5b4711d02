// The endpoint's verifier against the official signer's vectors (tests/signing-vectors/):
// it must rebuild each canonical request and accept each signature.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { canonicalRequest, stringToSign, signature, parseAuthorization, verify } from "./signature.mjs";

const { vectors } = JSON.parse(readFileSync(new URL("../signing-vectors/vectors.json", import.meta.url), "utf8"));

test("the verifier reproduces every official vector and accepts its Authorization", () => {
  assert.ok(vectors.length >= 13);
  for (const v of vectors) {
    const headers = {};
    for (const [name, value] of v.headers) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(v.expected.headers_added)) {
      headers[name.toLowerCase()] ??= value;
    }
    const url = v.query ? `${v.path}?${v.query}` : v.path;
    const request = { method: v.method, url, headers, body: Buffer.from(v.body, "utf8") };
    const auth = parseAuthorization(v.expected.authorization);
    assert.ok(auth, v.name);
    const canonical = canonicalRequest(request, auth.signedHeaders);
    if (v.expected.canonical_request !== null) assert.equal(canonical, v.expected.canonical_request, v.name);
    const date = headers["x-sdk-date"].trim();
    assert.equal(signature(v.sk, stringToSign(date, canonical)), v.expected.signature, v.name);
    assert.ok(verify(request, auth, v.sk, date), v.name);
    assert.ok(!verify(request, auth, v.sk + "x", date), `${v.name}: a wrong SK must fail`);
  }
});
