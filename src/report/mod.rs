//! Batch reports over a corpus, and keyword in context.
//!
//! Pipeline position: the last stage, over `corpus` (documents and passages), `index`
//! ([`load_document`](crate::index::load_document), the one place file formats are told apart;
//! the passage index for [`kwic`] over an index) and `classify` (the concept tagger).
//!
//! - [`generate`]: runs a report: `report.html`, `passages.csv`, `summary.json`, `codebook.qdc`.
//! - [`aggregate`]: counts per document, organisation, month and concept; the top passages.
//! - [`period`]: months, quarters and years, labelled in the Buddhist and Common Eras.
//! - [`summary`], [`codebook`], [`html`], [`svg`]: the writers.
//! - [`kwic`]: keyword-in-context lines with citations.
//! - [`spreadsheet`]: CSV text cells that spreadsheets do not read as formulas.

pub mod aggregate;
pub mod codebook;
pub mod generate;
pub mod html;
pub mod kwic;
pub mod period;
pub mod spreadsheet;
pub mod summary;
pub mod svg;

use std::path::PathBuf;

pub use generate::{generate, PassageRow, ReportOptions, ReportSummary};

/// What can go wrong writing a report or a keyword-in-context listing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The corpus folder does not exist.
    #[error("no corpus at {}", path.display())]
    CorpusMissing {
        /// The folder.
        path: PathBuf,
    },
    /// The output path is a file, not a folder.
    #[error("--out {} is a file, not a folder", path.display())]
    OutNotDir {
        /// The path.
        path: PathBuf,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A CSV row could not be written.
    #[error("{}: {source}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
    /// The summary could not be serialized.
    #[error("writing summary.json: {0}")]
    Json(#[source] serde_json::Error),
    /// The keyword is empty after normalization.
    #[error("the keyword is empty")]
    EmptyTerm,
    /// The passage index could not be opened or searched.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
}

/// A `Result` whose error is [`ReportError`].
pub type Result<T, E = ReportError> = std::result::Result<T, E>;
