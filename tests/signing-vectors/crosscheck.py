"""Independent cross-check of vectors.json / vectors-extra.json (stdlib only, no SDK).

Re-computes every signature by following the 5 steps of our contract doc
literally (hashlib/hmac), and prints where that written-out scheme disagrees with
the official signer's output stored in the vectors. Run: python3 tests/signing-vectors/crosscheck.py

Literal reading of the doc used here (deliberately NOT adjusted to the SDK):
  * canonical URI: percent-decode path, split on '/', encode each segment keeping
    only A-Za-z0-9-_.~ (upper-case hex), join with '/', ensure trailing '/'.
  * canonical query: split raw query on '&' and first '=', decode, ENCODE, then sort
    the encoded (k, v) pairs, join 'k=v' with '&'.
  * signed headers: every header given plus Host (= vector host) when none is given,
    names lowercased, values trimmed (str.strip), sorted.
  * body hash: sha256 of the body's UTF-8 bytes.
"""
import hashlib
import hmac
import json
import os
import sys
from urllib.parse import unquote

HERE = os.path.dirname(os.path.abspath(__file__))
UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def enc(s):
    return "".join(chr(b) if b in UNRESERVED else "%%%02X" % b for b in s.encode("utf-8"))


def canonical_uri(path):
    out = "/".join(enc(seg) for seg in unquote(path).split("/"))
    return out if out.endswith("/") else out + "/"


def canonical_query(q):
    if not q:
        return ""
    pairs = []
    for part in q.split("&"):
        k, _, val = part.partition("=")
        pairs.append((enc(unquote(k)), enc(unquote(val))))
    pairs.sort()
    return "&".join("%s=%s" % p for p in pairs)


def sign(vec):
    hdrs = {k.lower(): val.strip() for k, val in vec["headers"]}
    hdrs.setdefault("host", vec["host"])
    names = sorted(hdrs)
    canon_headers = "".join("%s:%s\n" % (n, hdrs[n]) for n in names)
    cr = "\n".join([vec["method"].upper(), canonical_uri(vec["path"]), canonical_query(vec["query"]),
                    canon_headers, ";".join(names),
                    hashlib.sha256(vec["body"].encode("utf-8")).hexdigest()])
    date = hdrs["x-sdk-date"] if "x-sdk-date" in hdrs else vec["expected"]["headers_added"].get("X-Sdk-Date")
    sts = "SDK-HMAC-SHA256\n%s\n%s" % (date, hashlib.sha256(cr.encode("utf-8")).hexdigest())
    sig = hmac.new(vec["sk"].encode("utf-8"), sts.encode("utf-8"), hashlib.sha256).hexdigest()
    return cr, ";".join(names), sig


def main():
    bad = 0
    for fn in ("vectors.json", "vectors-extra.json"):
        for vec in json.load(open(os.path.join(HERE, fn), encoding="utf-8"))["vectors"]:
            cr, names, sig = sign(vec)
            exp = vec["expected"]
            ok = sig == exp["signature"]
            auth = "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s" % (vec["ak"], names, sig)
            if ok:
                assert auth == exp["authorization"] and cr == exp["canonical_request"]
            print("%-5s %s/%s" % ("ok" if ok else "DIFF", fn, vec["name"]))
            if not ok:
                bad += 1
                a, b = cr.split("\n"), exp["canonical_request"].split("\n")
                for i in range(max(len(a), len(b))):
                    la = a[i] if i < len(a) else "<none>"
                    lb = b[i] if i < len(b) else "<none>"
                    if la != lb:
                        print("      line %d  doc: %s\n              sdk: %s" % (i + 1, la, lb))
    print("%d disagreement(s)" % bad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
