//! ruammue — a Thai-language policy text analyzer.
//!
//! The pipeline: bytes ─[`corpus`] decode─> text ─[`normalize`]─> clean text ─[`segment`]─> tokens,
//! measured by [`eval`]. Modules depend downward only: `eval` → `segment` → `normalize`;
//! `corpus` (decoding) sits beside `normalize`.
#![deny(missing_docs)]

pub mod classify;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod index;
pub mod normalize;
pub mod segment;

pub use error::{Error, Result};
