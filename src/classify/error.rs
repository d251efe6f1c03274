//! Errors of the `classify` module: a bad taxonomy file (with its file and line) and an unknown
//! concept id (with the ids that are known, for the command line's `--concept ID`).

use std::path::PathBuf;

/// A `Result` whose error is a [`ClassifyError`].
pub type Result<T, E = ClassifyError> = std::result::Result<T, E>;

/// Everything that can go wrong while loading a taxonomy or naming a concept.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClassifyError {
    /// A taxonomy file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A taxonomy file that is not valid TOML, has an unknown key, or breaks a rule (duplicate
    /// id, empty cue list, id not in snake_case, empty cue, bad weight).
    #[error("{path}:{line}: {reason}")]
    Taxonomy {
        /// The taxonomy file (`dictionaries/concepts.toml` for the embedded one).
        path: PathBuf,
        /// 1-based line number of the offending value.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A concept id that the taxonomy does not define.
    #[error("unknown concept `{id}` (known: {})", .known.join(", "))]
    UnknownConcept {
        /// The id asked for.
        id: String,
        /// The ids the taxonomy defines, in taxonomy order.
        known: Vec<String>,
    },
}
