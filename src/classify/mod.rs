//! Concept tagging: which collaborative-governance concepts a passage is about, and why.
//!
//! Pipeline position: after `normalize` and `segment`, before `report`; `index` stores the tags as
//! facets. The concepts and their cue words come from a [`Taxonomy`] (`dictionaries/concepts.toml`
//! or a user's file). The [`LexiconScorer`] finds the cues in a normalized passage on token
//! boundaries and turns them into scored [`ConceptTag`]s, each carrying its [`Evidence`] (the
//! matched words, their byte ranges in the passage and their polarity). A supervised model adds
//! its own score beside the lexicon's ([`ConceptTag::model`]), using the lexicon's per-concept
//! [`LexiconScore`]s as features.
//!
//! Invariant: every [`Evidence`] satisfies `passage[start..end] == text`, with `start` and `end`
//! on char boundaries.

mod error;
pub mod lexicon;
pub mod taxonomy;

pub use error::{ClassifyError, Result};
pub use lexicon::{ConceptTag, Evidence, LexiconConfig, LexiconScore, LexiconScorer, Polarity};
pub use taxonomy::{Concept, Cue, CueKind, Taxonomy};
