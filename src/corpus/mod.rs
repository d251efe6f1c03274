//! Documents: decoding bytes into text, metadata (front matter, dates, kinds), the walk over a
//! corpus folder, and the split of a document into citable passages.

pub mod date;
pub mod decode;
pub mod document;
pub mod extract;
pub mod front_matter;
pub mod markdown;
pub mod page;
pub mod passage;
pub mod walk;

pub use date::{parse_date, Date, DateError};
pub use document::{CorpusError, Document, Kind, UnknownKind};
pub use extract::{extract, extract_text, ExtractError, Extracted};
pub use front_matter::{split_front_matter, FrontMatter, FrontMatterError, Metadata};
pub use page::{PageBreaks, PageMap, PageSpan};
pub use passage::{split_passages, Passage, MAX_PASSAGE_CHARS};
pub use walk::{corpus_files, CorpusFile, CorpusFiles, Format, Progress};
