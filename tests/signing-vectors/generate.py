"""Generate golden SDK-HMAC-SHA256 signing vectors with Huawei's OFFICIAL Python signer.

The signatures in vectors.json / vectors-extra.json are produced by
`huaweicloudsdkcore.signer.signer.Signer` (package huaweicloudsdkcore==3.1.219
from PyPI); this script only builds the request objects and records what the
official code computes. It does not re-implement any part of the algorithm.

Re-run (from the repository root):

    python3 -m venv /tmp/sigvenv \
      && /tmp/sigvenv/bin/pip install huaweicloudsdkcore==3.1.219 \
      && /tmp/sigvenv/bin/python tests/signing-vectors/generate.py

Output (deterministic: fixed dates, keys and bodies; no clock, no randomness):
  tests/signing-vectors/vectors.json        the vectors our Rust signer must reproduce
  tests/signing-vectors/vectors-extra.json  official-SDK behaviours beyond our client's
                                            use (UNSIGNED-PAYLOAD for non-JSON bodies,
                                            X-Sdk-Date added from the clock, headers
                                            added by BasicCredentials)

How each vector is fed to the official code (mirrors
huaweicloudsdkcore.client.Client.build_future_request):
  * SdkRequest(method, schema=scheme, host=host, resource_path=path, ...):
    `host` is the URL's netloc (host[:port]); the Signer adds `Host: <host>`
    itself when no Host header (any case) is present.
  * `path` is passed unchanged as resource_path (the SDK passes the
    already-percent-encoded path: it quotes path params with quote(v, safe='')).
  * `query` (raw wire string) is split on '&', then on the first '=', and each
    side is percent-decoded with urllib.parse.unquote (NOT unquote_plus: '+'
    stays '+'); a key without '=' becomes (key, ""). The SDK takes decoded
    (key, value) tuples in SdkRequest.query_params; it never parses a raw query.
  * headers: a dict in the given order; the body: the exact str (the Signer
    UTF-8-encodes it).
  * canonical_request / string_to_sign: recorded by wrapping
    Signer._process_canonical_request / Signer._process_string_to_sign during
    the call to Signer.sign (the wrappers only call the originals and record
    their return values).
  * headers_added: every header (other than Authorization, reported in
    `authorization`) that the official code added, or whose value it changed.
    The Signer stores non-ASCII values as UTF-8 bytes decoded as ISO-8859-1 (a
    `requests` idiom); we undo that before comparing/recording, so values are
    the real text whose UTF-8 bytes go on the wire.
"""

import contextlib
import json
import os
import sys
from datetime import datetime
from urllib.parse import unquote

import huaweicloudsdkcore
import huaweicloudsdkcore.signer.signer as signer_module
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

PINNED_VERSION = "3.1.219"
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Fixed inputs
# ---------------------------------------------------------------------------
PROJECT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
HOST = "lts.cn-north-4.myhuaweicloud.com"
PATH = "/v2/%s/lts/dms/kafka-instance" % PROJECT
CT = "application/json;charset=utf8"
DATE = "20261130T120000Z"
AK = "HPUAEXAMPLEAK0000001"
SK = "LtsKafkaExampleSecretKey0123456789abcdef"  # 40 chars
SK40 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0"  # 40 chars
SK60 = "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-_.~Zy9Xw8Vu7Ts6Rq5Po4Nm"  # 60 chars
assert len(SK) == 40 and len(SK40) == 40 and len(SK60) == 60, (len(SK), len(SK40), len(SK60))

TOKEN = (
    "gQpjbi1ub3J0aC00iYxT0tFTl9UWVBFIjoiU0VTU0lPTl9UT0tFTiIsImV4cCI6MTc5NjA0MjQwMH0"
    "XaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789+/AbCdEfGhIjKlMnOpQrStUvWxYz9876543210+/"
    "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEwggKXBgkqhkiG9w0BBwGgggKI"
    "BIIChHsidG9rZW4iOnsiZXhwaXJlc19hdCI6IjIwMjYtMTItMDFUMTI6MDA6MDAuMDAwMDAwWiJ9fQ=="
)

REG_PLAIN = '{"kafka_name":"lts-kafka-prod","connect_info":{}}'
REG_SASL = ('{"kafka_name":"lts-kafka-sasl","connect_info":'
            '{"user_name":"kafka-user","pwd":"p@ss:w0rd/!"}}')
REG_UNICODE = '{"kafka_name":"\u30ab\u30d5\u30ab-prod-\u00e9-\U0001F600","connect_info":{}}'
REG_ESCAPES = ('{"kafka_name":"say \\"hi\\" \\\\ back\\\\slash\\nnew line\\ttab \\u00e9",'
               '"connect_info":{}}')


def std_headers(project=PROJECT, date=DATE, extra=None):
    h = [["Content-Type", CT], ["X-Project-Id", project], ["X-Sdk-Date", date]]
    if extra:
        h.extend(extra)
    return h


def v(name, description, body, *, method="POST", scheme="https", host=HOST, path=PATH, query="",
      headers=None, ak=AK, sk=SK, security_token=None, mode="signer", clock=None):
    return {
        "name": name,
        "description": description,
        "method": method,
        "scheme": scheme,
        "host": host,
        "path": path,
        "query": query,
        "headers": headers if headers is not None else std_headers(),
        "body": body,
        "ak": ak,
        "sk": sk,
        "security_token": security_token,
        "_mode": mode,      # internal: how the official code is invoked (not written out)
        "_clock": clock,    # internal: fixed utcnow() for mode == "clock"
    }


# The log transfers, with the exact bodies and headers lts-kafka sends (tests/transfers.rs
# builds the same requests and must produce the same Authorization).
TRANSFERS_PATH = "/v2/%s/transfers" % PROJECT
TRANSFER_CREATE = (
    '{"log_group_id":"9a7e2183-2d6d-4732-9a9b-e897fd4e49e0","log_streams":[{"log_stream_id":'
    '"839dac89-35af-4db2-ab4a-a7dda0d0d3f8","log_stream_name":"lts-stream-demo"}],"log_transfer_info":'
    '{"log_transfer_type":"DMS","log_transfer_mode":"realTime","log_storage_format":"RAW",'
    '"log_transfer_status":"ENABLE","log_transfer_detail":{"kafka_id":"3f4a92ff-7f65-489f-a36a-fadbaa0000a6",'
    '"kafka_topic":"lts-logs"}}}')
TRANSFER_UPDATE = (
    '{"log_transfer_id":"5d6e7f80-1111-4222-8333-000000000004","log_transfer_info":{"log_storage_format":'
    '"RAW","log_transfer_status":"DISABLE","log_transfer_detail":{"kafka_id":'
    '"3f4a92ff-7f65-489f-a36a-fadbaa0000a6","kafka_topic":"lts-logs"}}}')
NO_BODY_HEADERS = [["Content-Type", "application/json"], ["X-Project-Id", PROJECT], ["X-Sdk-Date", DATE]]

# The project-id lookup and the log group and stream lists lts-kafka sends while onboarding.
# IAM's lookup is signed over host;x-sdk-date only (no Content-Type, no X-Project-Id: the SDK's
# own lookup sends neither), plus X-Security-Token for temporary keys.
IAM_HOST = "iam.cn-north-4.myhuaweicloud.com"
IAM_EU_HOST = "iam.eu-west-101.myhuaweicloud.eu"
IAM_HEADERS = [["X-Sdk-Date", DATE]]
LOG_GROUP = "9a7e2183-2d6d-4732-9a9b-e897fd4e49e0"

PUB_PATH = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
ENC_PROJECT = "proj:\u00e9-01"          # decoded project id
ENC_PROJECT_WIRE = "proj%3A%C3%A9-01"   # as it goes on the wire

MAIN = [
    v("published-example-get-vpcs",
      "Huawei's published example: GET with query, Host given explicitly, empty body; must give 7be66680...",
      "", method="GET", host="service.region.example.com", path=PUB_PATH,
      query="limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
      headers=[["Content-Type", "application/json"], ["Host", "service.region.example.com"],
               ["X-Sdk-Date", "20191115T033655Z"]],
      ak="QTWAOYTTINDUT2QVKYUC", sk="MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"),
    v("register-plain",
      "Kafka registration POST with connect_info {}; Host added by the signer from the URL host",
      REG_PLAIN),
    v("register-sasl",
      "Registration with SASL connect_info user_name/pwd (pwd has @ : / !)",
      REG_SASL),
    v("register-unicode-kafka-name",
      "kafka_name with katakana, e-acute and an astral emoji; body hashed as UTF-8 bytes",
      REG_UNICODE),
    v("project-id-percent-encoded-path",
      "Project id 'proj:\u00e9-01' sent as proj%3A%C3%A9-01 in the path (decode+re-encode is identity); "
      "X-Project-Id carries the raw UTF-8 value",
      REG_PLAIN, path="/v2/%s/lts/dms/kafka-instance" % ENC_PROJECT_WIRE,
      headers=std_headers(project=ENC_PROJECT)),
    v("path-lowercase-percent-escapes",
      "Same request as project-id-percent-encoded-path but the wire path uses lower-case escapes "
      "(%3a%c3%a9); canonical URI uses upper-case hex, so the signature is identical",
      REG_PLAIN, path="/v2/proj%3a%c3%a9-01/lts/dms/kafka-instance",
      headers=std_headers(project=ENC_PROJECT)),
    v("path-encoded-slash",
      "Wire path segment 'a%2Fb': the signer percent-decodes the whole path BEFORE splitting on '/', "
      "so %2F becomes a segment separator in the canonical URI (/a/b/), not %2F",
      REG_PLAIN, path="/v2/a%2Fb/lts/dms/kafka-instance", headers=std_headers(project="a/b")),
    v("query-multi-keys",
      "Several keys out of order, repeated key (values sorted), %20 space, reserved chars (%2F %3A %26 %3D %2B), "
      "'~' left literal, '*' and '!' encoded",
      "", method="GET", path="/v2/%s/lts/dms/kafka-instance" % PROJECT,
      query="zeta=last&tag=b&alpha=x%20y&tag=a&marker=a%2Fb%3Ac%26d%3De&tilde=~ok&sym=%2B*!&Beta=Upper",
      headers=[["Content-Type", CT], ["X-Project-Id", PROJECT], ["X-Sdk-Date", DATE]]),
    v("query-sort-decoded-order",
      "Sort order is on DECODED keys/values (Python str order), not on the encoded text: "
      "'a0' < 'a:' < 'a~' < 'z' < '{' < '\u00e9' although encoded 'a%3A' < 'a0' and '%7B','%C3%A9' < 'z'",
      "", method="GET", path="/v2/%s/lts/dms/kafka-instance" % PROJECT,
      query="%C3%A9=6&%7B=5&z=4&a~=3&a%3A=2&a0=1&k=%C3%A9&k=%7B&k=z",
      headers=[["Content-Type", CT], ["X-Project-Id", PROJECT], ["X-Sdk-Date", DATE]]),
    v("query-key-without-value",
      "Raw query 'flag&limit=10&empty=': a key without '=' is given to the SDK as (flag, '') "
      "(SdkRequest takes decoded tuples) and canonicalizes as 'flag='; the SDK itself would send 'flag='",
      "", method="GET", path="/v2/%s/lts/dms/kafka-instance" % PROJECT,
      query="flag&limit=10&empty=",
      headers=[["Content-Type", CT], ["X-Project-Id", PROJECT], ["X-Sdk-Date", DATE]]),
    v("path-trailing-slash",
      "Same as path-no-trailing-slash but the path ends with '/': canonical URI identical, so same signature",
      REG_PLAIN, path=PATH + "/"),
    v("path-no-trailing-slash",
      "Same as path-trailing-slash without the final '/': the signer appends '/' to the canonical URI",
      REG_PLAIN, path=PATH),
    v("header-values-surrounding-spaces",
      "X-Project-Id '  abc  ' and a tab-padded custom header: values are str.strip()ped (interior spaces kept); "
      "the signer also writes the trimmed values back into the request headers",
      REG_PLAIN, path="/v2/abc/lts/dms/kafka-instance",
      headers=[["Content-Type", CT], ["X-Project-Id", "  abc  "], ["X-Sdk-Date", DATE],
               ["X-Lts-Note", "\t keep  inner   spaces \t"]]),
    v("header-names-mixed-case",
      "Header names given in odd case (content-type, X-PROJECT-ID, x-sdk-date, HOST): names are lowercased; "
      "Host/X-Sdk-Date detected case-insensitively so nothing is added",
      REG_PLAIN,
      headers=[["content-type", CT], ["X-PROJECT-ID", PROJECT], ["x-sdk-date", DATE], ["HOST", HOST]]),
    v("header-name-with-underscore-not-signed",
      "A header whose NAME contains '_' (X_Trace_Id) is excluded from SignedHeaders and canonical headers",
      REG_PLAIN, headers=std_headers(extra=[["X_Trace_Id", "trace-123"]])),
    v("security-token",
      "Temporary credentials: X-Security-Token header (long base64-ish value with + / =) is signed like any header",
      REG_PLAIN, headers=std_headers(extra=[["X-Security-Token", TOKEN]]), security_token=TOKEN,
      ak="HST3EXAMPLETEMPAK001"),
    v("port-8443",
      "Non-default port: Host header value (added by the signer from the URL netloc) includes ':8443'",
      REG_PLAIN, host=HOST + ":8443"),
    v("loopback-http-port",
      "http://127.0.0.1:18080 (local mock): Host header is '127.0.0.1:18080'; scheme is not signed",
      REG_PLAIN, scheme="http", host="127.0.0.1:18080"),
    v("empty-body",
      "POST with an empty body: payload hash is SHA-256 of zero bytes (e3b0c442...)",
      ""),
    v("sk-40-chars",
      "40-character SK used directly as the HMAC key bytes",
      REG_PLAIN, sk=SK40),
    v("sk-60-chars",
      "60-character SK (includes - _ . ~) used directly as the HMAC key bytes",
      REG_PLAIN, sk=SK60),
    v("body-json-escapes",
      "Body with JSON escapes (\\\" \\\\ \\n \\t \\u00e9 as escape text): the exact body bytes are hashed",
      REG_ESCAPES),
    v("transfer-create",
      "POST /transfers: a DMS transfer's creation, as lts-kafka sends it",
      TRANSFER_CREATE, path=TRANSFERS_PATH),
    v("transfer-list-filters",
      "GET /transfers with all three filters, one of them needing %20, %2F and UTF-8 escapes; "
      "Content-Type application/json and no body, as the official SDK sends a list",
      "", method="GET", path=TRANSFERS_PATH,
      query="log_group_name=grp%20name%2F%E4%B8%AD%E6%96%87&log_stream_name=lts-stream-demo&log_transfer_type=DMS",
      headers=NO_BODY_HEADERS),
    v("transfer-list-no-filter",
      "GET /transfers without a query",
      "", method="GET", path=TRANSFERS_PATH, headers=NO_BODY_HEADERS),
    v("transfer-update",
      "PUT /transfers: a DMS transfer disabled, its detail sent again",
      TRANSFER_UPDATE, method="PUT", path=TRANSFERS_PATH),
    v("transfer-delete",
      "DELETE /transfers?log_transfer_id=...: no body, Content-Type application/json",
      "", method="DELETE", path=TRANSFERS_PATH, query="log_transfer_id=5d6e7f80-1111-4222-8333-000000000004",
      headers=NO_BODY_HEADERS),
    v("iam-list-projects-by-region",
      "GET /v3/projects?name=cn-north-4 on IAM's regional host: the project-id lookup, no Content-Type and no "
      "X-Project-Id, so SignedHeaders is host;x-sdk-date and the payload hash is that of zero bytes",
      "", method="GET", host=IAM_HOST, path="/v3/projects", query="name=cn-north-4", headers=IAM_HEADERS),
    v("iam-list-projects-security-token",
      "The same lookup with a temporary key: X-Security-Token is signed (host;x-sdk-date;x-security-token)",
      "", method="GET", host=IAM_HOST, path="/v3/projects", query="name=cn-north-4",
      headers=IAM_HEADERS + [["X-Security-Token", TOKEN]], security_token=TOKEN, ak="HST3EXAMPLETEMPAK001"),
    v("iam-list-auth-projects",
      "GET /v3/auth/projects signed with an access key (host;x-sdk-date), no query: every project of the account",
      "", method="GET", host=IAM_HOST, path="/v3/auth/projects", headers=IAM_HEADERS),
    v("iam-list-projects-eu-west-101",
      "GET /v3/projects?name=eu-west-101 on iam.eu-west-101.myhuaweicloud.eu: the host is signed, the region "
      "is in the query",
      "", method="GET", host=IAM_EU_HOST, path="/v3/projects", query="name=eu-west-101", headers=IAM_HEADERS),
    v("lts-list-log-groups",
      "GET /v2/{project_id}/groups: no query, no body, Content-Type application/json and X-Project-Id signed",
      "", method="GET", path="/v2/%s/groups" % PROJECT, headers=NO_BODY_HEADERS),
    v("lts-list-log-streams",
      "GET /v2/{project_id}/groups/{log_group_id}/streams: the streams of one group, signed as the other GETs",
      "", method="GET", path="/v2/%s/groups/%s/streams" % (PROJECT, LOG_GROUP), headers=NO_BODY_HEADERS),
]

EXTRA = [
    v("unsigned-payload-non-json-content-type",
      "Content-Type text/plain: the signer ADDS 'X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD' (signed) and uses the "
      "literal 'UNSIGNED-PAYLOAD' instead of the body hash",
      "plain text body",
      headers=[["Content-Type", "text/plain"], ["X-Project-Id", PROJECT], ["X-Sdk-Date", DATE]]),
    v("unsigned-payload-content-type-leading-space",
      "Content-Type ' application/json' (leading space): the prefix test runs on the untrimmed value, so the "
      "signer treats it as non-JSON and switches to UNSIGNED-PAYLOAD",
      REG_PLAIN,
      headers=[["Content-Type", " application/json"], ["X-Project-Id", PROJECT], ["X-Sdk-Date", DATE]]),
    v("sdk-date-added-by-signer",
      "No X-Sdk-Date given: the signer adds it from datetime.utcnow() (pinned here to 2026-11-30 12:00:00 "
      "by patching the signer module's clock)",
      REG_PLAIN, headers=[["Content-Type", CT], ["X-Project-Id", PROJECT]], clock=datetime(2026, 11, 30, 12, 0, 0),
      mode="clock"),
    v("credentials-add-token-and-project-id",
      "Official BasicCredentials(ak, sk, project_id).with_security_token(tok).sign_request(): it adds "
      "X-Project-Id and X-Security-Token before signing; same signature as vector security-token",
      REG_PLAIN, headers=[["Content-Type", CT], ["X-Sdk-Date", DATE]], security_token=TOKEN,
      ak="HST3EXAMPLETEMPAK001", mode="credentials"),
]


# ---------------------------------------------------------------------------
# Calling the official code
# ---------------------------------------------------------------------------
def parse_query(raw):
    """Raw wire query -> decoded (key, value) tuples, as SdkRequest.query_params expects."""
    out = []
    if raw == "":
        return out
    for part in raw.split("&"):
        if "=" in part:
            k, val = part.split("=", 1)
        else:
            k, val = part, ""
        out.append((unquote(k), unquote(val)))
    return out


class _Creds:
    def __init__(self, ak, sk):
        self.ak = ak
        self.sk = sk


@contextlib.contextmanager
def record_internals(store):
    """Wrap the official Signer methods so the values it computes are recorded (not recomputed)."""
    orig_cr = Signer._process_canonical_request
    orig_sts = Signer._process_string_to_sign

    def cr(self, request, signed_headers):
        out = orig_cr(self, request, signed_headers)
        store["canonical_request"] = out
        return out

    def sts(self, canonical_request, t):
        out = orig_sts(self, canonical_request, t)
        store["string_to_sign"] = out
        return out

    Signer._process_canonical_request = cr
    Signer._process_string_to_sign = sts
    try:
        yield
    finally:
        Signer._process_canonical_request = orig_cr
        Signer._process_string_to_sign = orig_sts


@contextlib.contextmanager
def fixed_clock(when):
    if when is None:
        yield
        return

    class _FixedDatetime(datetime):
        @classmethod
        def utcnow(cls):
            return when

    orig = signer_module.datetime
    signer_module.datetime = _FixedDatetime
    try:
        yield
    finally:
        signer_module.datetime = orig


def wire_text(value):
    """Undo the Signer's utf-8 -> iso-8859-1 re-decoding of header values."""
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def run(vec):
    names = [h[0] for h in vec["headers"]]
    assert len(set(n.lower() for n in names)) == len(names), "duplicate header names in %s" % vec["name"]
    given = {k: val for k, val in vec["headers"]}
    req = SdkRequest(method=vec["method"], schema=vec["scheme"], host=vec["host"], resource_path=vec["path"],
                     query_params=parse_query(vec["query"]), header_params=dict(given), body=vec["body"])
    store = {}
    with record_internals(store), fixed_clock(vec["_clock"]):
        if vec["_mode"] == "credentials":
            creds = BasicCredentials(vec["ak"], vec["sk"], PROJECT).with_security_token(vec["security_token"])
            req = creds.sign_request(req)
        else:
            req = Signer(_Creds(vec["ak"], vec["sk"])).sign(req)

    auth = req.header_params["Authorization"]
    prefix = "SDK-HMAC-SHA256 Access=%s, SignedHeaders=" % vec["ak"]
    assert auth.startswith(prefix), auth
    signed_headers, sig = auth[len(prefix):].split(", Signature=")
    assert len(sig) == 64 and all(c in "0123456789abcdef" for c in sig), sig

    added = {}
    for k, val in req.header_params.items():
        if k == "Authorization":
            continue
        val = wire_text(val)
        if k not in given or given[k] != val:
            added[k] = val

    out = {key: vec[key] for key in ("name", "description", "method", "scheme", "host", "path", "query",
                                     "headers", "body", "ak", "sk", "security_token")}
    out["expected"] = {
        "canonical_request": store.get("canonical_request"),
        "string_to_sign": store.get("string_to_sign"),
        "signed_headers": signed_headers,
        "signature": sig,
        "authorization": auth,
        "headers_added": added,
    }
    return out


def write(filename, vectors, note):
    doc = {
        "generator": "tests/signing-vectors/generate.py",
        "signer": "huaweicloudsdkcore==%s huaweicloudsdkcore/signer/signer.py Signer (SDK-HMAC-SHA256)"
                  % huaweicloudsdkcore_version(),
        "note": note,
        "vectors": vectors,
    }
    path = os.path.join(HERE, filename)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote %s (%d vectors)" % (path, len(vectors)))


def huaweicloudsdkcore_version():
    try:
        from importlib.metadata import version
        return version("huaweicloudsdkcore")
    except Exception:  # pragma: no cover
        return getattr(huaweicloudsdkcore, "__version__", "unknown")


def main():
    ver = huaweicloudsdkcore_version()
    if ver != PINNED_VERSION:
        sys.exit("huaweicloudsdkcore %s installed, %s required" % (ver, PINNED_VERSION))

    main_vecs = [run(x) for x in MAIN]
    extra_vecs = [run(x) for x in EXTRA]

    by_name = {x["name"]: x for x in main_vecs + extra_vecs}
    pub = by_name["published-example-get-vpcs"]["expected"]["signature"]
    want = "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    if pub != want:
        sys.exit("published example mismatch: %s != %s" % (pub, want))
    # Pairs that must sign identically (checked, not assumed).
    for a, b in [("path-trailing-slash", "path-no-trailing-slash"),
                 ("project-id-percent-encoded-path", "path-lowercase-percent-escapes"),
                 ("security-token", "credentials-add-token-and-project-id")]:
        if by_name[a]["expected"]["signature"] != by_name[b]["expected"]["signature"]:
            sys.exit("expected %s and %s to sign identically" % (a, b))

    common = ("Produced by the official Signer; see generate.py docstring for how inputs are fed to it. "
              "headers_added excludes Authorization (see expected.authorization).")
    write("vectors.json", main_vecs, common)
    write("vectors-extra.json", extra_vecs,
          common + " These cover official-SDK behaviours outside lts-kafka's request shape.")
    print("published example OK:", pub)


if __name__ == "__main__":
    main()
