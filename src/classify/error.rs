//! Errors of the `classify` module: a bad taxonomy file (with its file and line), an unknown
//! concept id (with the ids that are known, for the command line's `--concept ID`), a bad
//! labelled-passage line, and a concept model that cannot be read or does not fit the
//! dictionary and taxonomy in use.

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
    /// A model file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file that is not text in an accepted encoding (UTF-8, UTF-16 with BOM, TIS-620).
    #[error("{path}: {reason}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why it is not text.
        reason: String,
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
    /// A labelled-passage line that is not valid JSON, lacks `text`, or names an unknown concept.
    #[error("{path}:{line}: {reason}")]
    Labeled {
        /// The labelled-passage file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A concept model file that is not a valid model (bad JSON, unknown format version, bad
    /// weights).
    #[error("{path}: not a usable concept model: {reason}")]
    Model {
        /// The model file (`dictionaries/concept_model.json` for the embedded one).
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A concept model trained with another dictionary, taxonomy or feature extractor than the
    /// ones in use: its features would not mean what they meant in training.
    #[error(
        "{path}: model trained with another {what}: train one for it (`ruammue train --labeled DIR --taxonomy FILE \
         --out MODEL`, then tag with `--model MODEL`), or tag with --lexicon-only"
    )]
    ModelMismatch {
        /// The model file.
        path: PathBuf,
        /// What differs: `dictionary`, `taxonomy` or `feature extractor`.
        what: String,
    },
    /// Training data that cannot train a model (no passages, or a refused file).
    #[error("{0}")]
    Training(String),
}

/// The text of a taxonomy or labelled-passage file, decoded as documents are (UTF-8, UTF-16 with
/// BOM, TIS-620: [`decode`](crate::corpus::decode::decode)).
pub(crate) fn read_text(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| ClassifyError::Io { path: path.to_path_buf(), source })?;
    crate::corpus::decode::decode(&bytes)
        .map(|decoded| decoded.text)
        .map_err(|e| ClassifyError::Decode { path: path.to_path_buf(), reason: e.to_string() })
}
