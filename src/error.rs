//! The library's error type: one enum, with the context (file, line, reason) in its fields.

use std::path::PathBuf;

/// A `Result` whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Bytes that are not text in any encoding ruammue accepts.
    #[error("{path}: {reason}")]
    Decode {
        /// The file (or `-` for standard input).
        path: PathBuf,
        /// Why it was refused.
        reason: String,
    },
    /// A malformed line in a dictionary file.
    #[error("{path}:{line}: {reason}")]
    Dictionary {
        /// The dictionary file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A corpus file or folder that could not be listed, read or parsed.
    #[error(transparent)]
    Corpus(#[from] crate::corpus::CorpusError),
    /// An index that could not be built, opened or searched.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// A taxonomy or concept problem.
    #[error(transparent)]
    Classify(#[from] crate::classify::ClassifyError),
    /// A report or keyword-in-context problem.
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    /// A malformed line in a gold or evaluation file.
    #[error("{path}:{line}: {reason}")]
    Gold {
        /// The gold file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}
