//! The crate's SHA-256 and HMAC-SHA256 against FIPS 180-4's examples, RFC 4231's test cases
//! and the `sha2` / `hmac` crates on arbitrary messages and keys (every length around the
//! 55/56/64-byte padding edges included).
#![cfg(not(target_arch = "wasm32"))]

use hmac::{Hmac, KeyInit, Mac};
use lts_kafka::auth::sha256::{hmac_sha256, sha256, Sha256};
use proptest::prelude::*;
use sha2::Digest;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn fips_180_4_examples() {
    for (message, digest) in [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
        ),
    ] {
        assert_eq!(hex(&sha256(message.as_bytes())), digest, "{message:?}");
    }
    // A million a's, fed in uneven pieces.
    let mut h = Sha256::default();
    let chunk = [b'a'; 997];
    let mut left = 1_000_000;
    while left > 0 {
        let n = left.min(chunk.len());
        h.update(&chunk[..n]);
        left -= n;
    }
    assert_eq!(
        hex(&h.finish()),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
}

#[test]
fn rfc_4231_test_cases() {
    let long_key = "aa".repeat(131);
    for (key, data, mac) in [
        (
            "0b".repeat(20),
            hex(b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            hex(b"Jefe"),
            hex(b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            "aa".repeat(20),
            "dd".repeat(50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819".to_owned(),
            "cd".repeat(50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (
            long_key.clone(),
            hex(b"Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            long_key,
            hex(b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ] {
        assert_eq!(hex(&hmac_sha256(&unhex(&key), &unhex(&data))), mac);
    }
}

#[test]
fn every_length_around_the_padding_edges_matches_sha2() {
    let data: Vec<u8> = (0..=300u32).map(|i| (i * 7 + 3) as u8).collect();
    for n in 0..=300 {
        assert_eq!(
            sha256(&data[..n]),
            <[u8; 32]>::from(sha2::Sha256::digest(&data[..n])),
            "{n}"
        );
    }
    for k in [0, 1, 32, 63, 64, 65, 128, 200] {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&data[..k]).unwrap();
        mac.update(&data[..100]);
        assert_eq!(
            hmac_sha256(&data[..k], &data[..100]).as_slice(),
            mac.finalize().into_bytes().as_slice()
        );
    }
}

proptest! {
    #[test]
    fn arbitrary_messages_keys_and_pieces_match_the_sha2_and_hmac_crates(
        message in prop::collection::vec(any::<u8>(), 0..600),
        key in prop::collection::vec(any::<u8>(), 0..160),
        split in 0usize..600,
    ) {
        let expected = <[u8; 32]>::from(sha2::Sha256::digest(&message));
        prop_assert_eq!(sha256(&message), expected);
        let (a, b) = message.split_at(split.min(message.len()));
        let mut h = Sha256::default();
        h.update(a);
        h.update(b);
        prop_assert_eq!(h.finish(), expected);
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
        mac.update(&message);
        let reference = mac.finalize().into_bytes().to_vec();
        prop_assert_eq!(hmac_sha256(&key, &message).to_vec(), reference);
    }
}
