//! Vectors made with Huawei's official Python signer (`huaweicloudsdkcore` 3.1.219, class
//! `Signer`) by tests/signing-vectors/generate.py: our signer must reproduce each canonical
//! request, string to sign, signature and Authorization header byte for byte.
#![cfg(not(target_arch = "wasm32"))]

use lts_kafka::auth::sign::{authorization, sign, SigningInput};
use serde_json::Value;

const VECTORS: &str = include_str!("signing-vectors/vectors.json");

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string"))
}

#[test]
fn every_official_signer_vector_is_reproduced() {
    let file: Value = serde_json::from_str(VECTORS).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 13, "{} vectors", vectors.len());
    for v in vectors {
        let name = text(v, "name");
        // The headers given to the signer, plus those it added itself (Host, when absent).
        let mut headers: Vec<(String, String)> = v["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_owned(),
                    h[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for (added, value) in v["expected"]["headers_added"].as_object().unwrap() {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(added)) {
                headers.push((added.clone(), value.as_str().unwrap().to_owned()));
            }
        }
        // The official signer leaves out headers whose name contains '_'.
        headers.retain(|(n, _)| !n.contains('_'));
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let date = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-sdk-date"))
            .map(|(_, v)| v.trim().to_owned())
            .unwrap();
        let sig = sign(
            &SigningInput {
                method: text(v, "method"),
                path: text(v, "path"),
                query: text(v, "query"),
                headers: &pairs,
                body: text(v, "body").as_bytes(),
            },
            &date,
            text(v, "sk").as_bytes(),
        );
        let expected = &v["expected"];
        if let Some(canonical) = expected["canonical_request"].as_str() {
            assert_eq!(
                sig.canonical_request, canonical,
                "{name}: canonical request"
            );
        }
        if let Some(sts) = expected["string_to_sign"].as_str() {
            assert_eq!(sig.string_to_sign, sts, "{name}: string to sign");
        }
        assert_eq!(
            sig.signed_headers,
            text(expected, "signed_headers"),
            "{name}"
        );
        assert_eq!(
            sig.signature,
            text(expected, "signature"),
            "{name}: signature"
        );
        assert_eq!(
            authorization(text(v, "ak"), &sig.signed_headers, &sig.signature),
            text(expected, "authorization"),
            "{name}: Authorization"
        );
    }
}
