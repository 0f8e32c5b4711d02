//! What keeps a request's credentials safe: the `SDK-HMAC-SHA256` signer and its SHA-256, the
//! [`secret::Secret`] type that never prints itself, and the one redactor every string leaving
//! the library passes through. Depends only on [`crate::wire`].

pub mod redact;
pub mod secret;
pub mod sha256;
pub mod sign;
