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

/// The version of the rules that turn a file into what an index stores: how a document is cut
/// into passages ([`passage`], [`markdown`]) and how its metadata is read (title, kind,
/// organisation and date: [`document`], [`front_matter`], [`date`]), and how extracted PDF text is
/// repaired before that (`index::load_document`).
///
/// **Bump it whenever such a change alters what is stored for some file** — a passage's text,
/// number, lines or heading, or a document's title, kind, org or date. `ruammue index` records it
/// in the index manifest; an update of an index written with another version (or before it was
/// recorded) reads every document again, not only the files whose content changed, so no
/// passage keeps the cuts of an older release. Changes to the tokenizer or the dictionary have
/// their own versions, which require a rebuild.
///
/// History: 1, the first recorded rules; 2, a Markdown heading followed by a blank line opens the
/// paragraph below it instead of standing as a passage of its own.
pub const CORPUS_RULES_VERSION: u32 = 2;
