//! Search: a tantivy index of passages, built and updated from a corpus folder, and queried with
//! Thai-aware queries.
//!
//! Pipeline position: corpus documents ─passages─> [`build`] (tokenized by [`tokenizer`], the
//! segmenter as tantivy tokenizer `thai`) ─> an index folder ─> [`search`] (queries built by
//! [`query`], snippets by [`snippet`]).
//!
//! - [`tokenizer`]: the `thai` tokenizer: words, sub-words of compounds at the same position,
//!   Latin lower-cased, Thai digits folded; [`bigram`]: the bigram baseline.
//! - [`schema`]: one tantivy document per passage; the fields and what they are for.
//! - [`build`]: building and incrementally updating an index folder, committed once per run.
//! - [`manifest`]: `ruammue-index.json`, the tokenizer and dictionary version an index was built
//!   with; a mismatch is refused with a rebuild hint.
//! - [`query`]: turning what a user typed into a tantivy query that survives segmentation
//!   differences.
//! - [`search`]: [`PassageIndex`]: open, filter, rank, cite, highlight.
//! - [`snippet`]: the passage window shown under a hit, with exact highlight ranges.

pub mod bigram;
pub mod build;
pub mod manifest;
pub mod query;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod tokenizer;

use std::path::PathBuf;

pub use build::{
    build_index, extracted, load_document, BuildOptions, BuildReport, ConceptTagging, FileWarning, Progress,
    SkippedFile,
};
pub use query::QueryOptions;
pub use schema::Analyzer;
pub use search::{Hit, PassageIndex, SearchPage, SearchRequest, StoredPassage};
pub use snippet::Snippet;
pub use tokenizer::{ThaiTokenizer, TOKENIZER_NAME, TOKENIZER_VERSION};

/// What can go wrong building, opening or searching an index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// tantivy failed (disk full, a corrupt or locked index, …).
    #[error("{context}: {source}")]
    Tantivy {
        /// What ruammue was doing.
        context: String,
        /// tantivy's error.
        #[source]
        source: tantivy::TantivyError,
    },
    /// A file or folder of the index could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// There is no index in the folder.
    #[error("no index at {}: build one with `ruammue index [CORPUS_DIR] --index {}`", dir.display(), dir.display())]
    Missing {
        /// The index folder.
        dir: PathBuf,
    },
    /// The folder holds files but not a ruammue index; ruammue will not write into it.
    #[error("{} is not empty and is not a ruammue index: choose another --index folder", dir.display())]
    NotAnIndex {
        /// The folder.
        dir: PathBuf,
    },
    /// Another run is building or updating the same index.
    #[error("another `ruammue index` is building or updating {}: wait until it finishes (the index stays searchable meanwhile)", dir.display())]
    Busy {
        /// The index folder.
        dir: PathBuf,
    },
    /// The index was built by another tokenizer, dictionary or schema version.
    #[error("the index at {} was built with {found}, but this ruammue uses {expected}: rebuild it with `{rebuild}`", dir.display())]
    VersionMismatch {
        /// The index folder.
        dir: PathBuf,
        /// What the index records.
        found: String,
        /// What this program produces.
        expected: String,
        /// The command that rebuilds it, with the corpus folder the index records.
        rebuild: String,
    },
    /// The index was built from another corpus folder: updating it would remove that folder's
    /// documents.
    #[error(
        "the index at {} was built from {}, not {}: updating it would remove the documents of {}; rebuild it with `ruammue index {} --rebuild --index {}`, or index into another folder with --index",
        dir.display(),
        built_from.display(),
        corpus.display(),
        built_from.display(),
        corpus.display(),
        dir.display()
    )]
    OtherCorpus {
        /// The index folder.
        dir: PathBuf,
        /// The corpus folder the index records.
        built_from: PathBuf,
        /// The corpus folder of this run.
        corpus: PathBuf,
    },
    /// The index's concept tags were made by another concept tagger (taxonomy or model).
    #[error(
        "the concept tags in the index at {} come from {found}, but this run tags with {expected}: rebuild it with `{rebuild}` (or index with the same taxonomy and model)",
        dir.display()
    )]
    ConceptsMismatch {
        /// The index folder.
        dir: PathBuf,
        /// The tagger the index records.
        found: String,
        /// The tagger of this run.
        expected: String,
        /// The command that rebuilds it, with the corpus folder the index records.
        rebuild: String,
    },
    /// `ruammue-index.json` is missing or unreadable.
    #[error("{}: {reason}: rebuild the index with `ruammue index --rebuild`", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The index's schema is not the passage schema.
    #[error("not a ruammue passage index: {reason}")]
    Schema {
        /// What is missing.
        reason: String,
    },
    /// The corpus folder does not exist.
    #[error("corpus folder {} does not exist", path.display())]
    CorpusMissing {
        /// The folder.
        path: PathBuf,
    },
    /// The run was stopped before it committed; the previous index is unchanged.
    #[error("indexing stopped after {done} files; the previous index is unchanged")]
    Cancelled {
        /// Files processed before the stop.
        done: usize,
    },
    /// The query has no searchable word.
    #[error("the query `{query}` has no word to search for")]
    EmptyQuery {
        /// The query.
        query: String,
    },
}

impl IndexError {
    /// A tantivy error with what ruammue was doing.
    pub(crate) fn tantivy(context: impl Into<String>) -> impl FnOnce(tantivy::TantivyError) -> IndexError {
        let context = context.into();
        move |source| IndexError::Tantivy { context, source }
    }
}
