//! The project id when the client options leave it out: found from the region before a call's
//! first request, and cached for every client of this JavaScript realm (one wasm instance)
//! that has the same credentials, region and IAM endpoint.
//!
//! The cache key is a hash of the access key (or of the token), the region and the IAM
//! endpoint: a secret is never a key in the clear, and a credentials function that returns new
//! temporary keys for the same access key finds the same entry. A lookup in progress is marked,
//! so a call that needs the same project waits for it (the shell's `J` action) instead of
//! asking IAM again; the call that made the lookup announces its end (`N`).
//!
//! Which request finds the project is IAM's ([`crate::services::iam`]); its answer reaches the
//! call as [`ProjectMatches`], and the call decides (exactly one, or an error).

use std::cell::RefCell;

use crate::auth::sha256::Sha256;
use crate::pipeline::answer::Answer;
use crate::pipeline::error::ApiError;
use crate::pipeline::operation::{Method, Operation, Outcome, Output, RetrySafety};
use crate::wire::json::write_str;

/// How many projects one realm remembers (the oldest goes first).
const CACHE_ENTRIES: usize = 64;

/// The cache key of a project: 16 bytes of a SHA-256, never a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectKey([u8; 16]);

impl ProjectKey {
    /// The key of `identity` (the access key, or the token) in `region` at `iam`.
    pub fn of(kind: &str, identity: &str, region: &str, iam: &str) -> ProjectKey {
        let mut h = Sha256::default();
        for part in [kind, identity, region, iam] {
            h.update(part.as_bytes());
            // A separator no part can hold, so ("ab", "c") and ("a", "bc") differ.
            h.update(&[0]);
        }
        let digest = h.finish();
        let mut key = [0u8; 16];
        key.copy_from_slice(digest.get(..16).unwrap_or(&[0; 16]));
        ProjectKey(key)
    }

    /// The key as 32 lower-case hex digits (how the shell names a lookup in progress).
    pub fn hex(&self) -> String {
        crate::auth::sign::hex(&self.0)
    }
}

/// What the cache holds for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cached {
    /// The project id.
    Known(String),
    /// A call is asking IAM now.
    InFlight,
    /// Nothing: this call asks.
    Absent,
}

thread_local! {
    static PROJECTS: RefCell<Vec<(ProjectKey, Option<String>)>> = const { RefCell::new(Vec::new()) };
}

/// What the realm's cache holds for `key`.
pub fn cached(key: ProjectKey) -> Cached {
    PROJECTS.with(|p| match p.borrow().iter().find(|(k, _)| *k == key) {
        Some((_, Some(id))) => Cached::Known(id.clone()),
        Some((_, None)) => Cached::InFlight,
        None => Cached::Absent,
    })
}

/// Marks a lookup of `key` in progress (unless one is known or in progress already).
pub fn mark_in_flight(key: ProjectKey) {
    store(key, None);
}

/// Remembers `id` for `key`.
pub fn remember(key: ProjectKey, id: &str) {
    store(key, Some(id.to_owned()));
}

/// Forgets a lookup in progress for `key` (it failed, or its call ended): the next call asks.
pub fn forget_in_flight(key: ProjectKey) {
    PROJECTS.with(|p| p.borrow_mut().retain(|(k, v)| *k != key || v.is_some()));
}

/// Empties the realm's cache (for tests).
pub fn clear_project_cache() {
    PROJECTS.with(|p| p.borrow_mut().clear());
}

fn store(key: ProjectKey, value: Option<String>) {
    PROJECTS.with(|p| {
        let mut p = p.borrow_mut();
        p.retain(|(k, _)| *k != key);
        if p.len() >= CACHE_ENTRIES {
            p.remove(0);
        }
        p.push((key, value));
    });
}

/// The projects IAM listed under the region's name (an IAM operation's result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectMatches {
    /// The ids of the projects whose name is the region, in IAM's order.
    pub ids: Vec<String>,
}

impl Outcome for ProjectMatches {
    fn to_json(&self) -> String {
        let mut out = String::from("[");
        for (i, id) in self.ids.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(&mut out, id);
        }
        out.push(']');
        out
    }
}

/// The project id as JavaScript receives it from `resolveProjectId()`: a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectId(pub String);

impl Outcome for ProjectId {
    fn to_json(&self) -> String {
        let mut out = String::new();
        write_str(&mut out, &self.0);
        out
    }
}

/// `resolveProjectId()`: the project id, found as any call finds it, then the call ends
/// without a request of its own.
pub struct ResolveProjectId;

impl Operation for ResolveProjectId {
    fn name(&self) -> &'static str {
        "resolveProjectId"
    }
    fn method(&self) -> Method {
        Method::Get
    }
    fn path(&self) -> std::borrow::Cow<'_, str> {
        "".into()
    }
    fn body(&self) -> Option<String> {
        None
    }
    fn safety(&self) -> RetrySafety {
        RetrySafety::Read
    }
    fn parse(&self, answer: &Answer<'_>) -> Result<Output, ApiError> {
        Err(answer.not_a_result("was not expected (resolveProjectId sends no request)"))
    }
    fn result_without_request(&self, project_id: &str) -> Option<Output> {
        Some(Output::new(ProjectId(project_id.to_owned())))
    }
}
