//! The formats data crosses the library's edges in: JSON (answers read, results and errors
//! written), the description of a JavaScript value (`input.js`), and the text helpers both use.
//! Depends on nothing else in the crate.

pub mod input;
pub mod json;
pub mod text;
