//! ruammue — a Thai-language policy text analyzer.
//!
//! The pipeline: bytes ─[`corpus`] decode─> text ─[`normalize`]─> clean text ─[`corpus`]
//! passages─> ─[`segment`]─> tokens ─> [`index`] (search) and [`classify`] (concept tags), measured
//! by [`eval`]; [`report`] aggregates tags into tables, charts and a codebook, and lists keywords
//! in context. Modules depend downward only: `report` → {`index`, `classify`, `eval`} → `segment`
//! → `normalize`; `corpus` sits beside `normalize`.
#![deny(missing_docs)]

pub mod classify;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod index;
pub mod normalize;
pub mod report;
pub mod segment;

pub use error::{Error, Result};
