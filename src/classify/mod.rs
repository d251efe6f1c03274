//! Concept tagging: which collaborative-governance concepts a passage is about, and why.
//!
//! Pipeline position: after `normalize` and `segment`, before `report`; `index` stores the tags as
//! facets. The concepts and their cue words come from a [`Taxonomy`] (`dictionaries/concepts.toml`
//! or a user's file). The [`LexiconScorer`] finds the cues in a normalized passage on token
//! boundaries and turns them into scored [`ConceptTag`]s, each carrying its [`Evidence`] (the
//! matched words, their byte ranges in the passage and their polarity). A supervised
//! [`ConceptModel`] (logistic regression over word n-grams and the lexicon's per-concept
//! [`LexiconScore`]s, trained on `corpus/labeled/`, shipped as `dictionaries/concept_model.json`)
//! adds its own score ([`ConceptTag::model`]); the [`ConceptTagger`] combines the two and is what
//! the command line, the index and reports use.
//!
//! Invariant: every [`Evidence`] satisfies `passage[start..end] == text`, with `start` and `end`
//! on char boundaries.

mod error;
pub mod features;
pub mod labeled;
pub mod lexicon;
pub mod model;
pub mod tagger;
pub mod taxonomy;

pub use error::{ClassifyError, Result};
pub use labeled::LabeledPassage;
pub use lexicon::{
    ConceptTag, CueMatch, Evidence, EvidenceSource, LexiconConfig, LexiconScore, LexiconScorer, Polarity,
};
pub use model::{ConceptModel, TrainConfig, TrainReport};
pub use tagger::{Assessment, ConceptTagger};
pub use taxonomy::{Concept, Cue, CueKind, Taxonomy};
