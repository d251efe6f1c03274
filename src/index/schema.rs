//! The index schema: one tantivy document per passage.
//!
//! | field | type | for |
//! |---|---|---|
//! | `doc_id` | string, stored, fast | the document id (path under the corpus root); updates delete by it |
//! | `path` | stored | the file the passage came from, for the citation |
//! | `title` | `thai` text with positions, stored | the document title, searched with a lower weight |
//! | `body` | `thai` text with positions, stored | the passage text (normalized), searched, snippets |
//! | `body_sub` | `thai_sub` text | the dictionary sub-words of the body's compounds, searched |
//! | `kind` | string, stored, fast | `--kind` |
//! | `org` | stored | the issuing body as written |
//! | `org_exact` | string | `--org` matching the whole name |
//! | `org_text` | `thai` text | `--org` matching words of the name |
//! | `org_sub` | `thai_sub` text | `--org` matching words inside longer words of the name (เทศบาล in เทศบาลตำบล) |
//! | `date` | date, indexed, stored, fast | `--since`, `--until` |
//! | `passage`, `first_line`, `last_line` | u64, stored | the citation |
//! | `page_start`, `page_end` | u64, stored, only for PDF passages | the pages in the citation |
//! | `page_breaks` | u64, stored, multi-valued | byte offsets in the passage text where a next page starts (the page of a keyword in context) |
//! | `heading` | stored | the agenda item or section the passage is under |
//! | `content_hash` | string, stored, fast | the hash of the file's bytes, for incremental updates |
//! | `concepts` | string, stored, multi-valued | concept ids, `--concept` (filled by a tagger) |
//! | `source` | stored | the front matter's `source` (a URL or citation), for citing |
//! | `license` | stored | the front matter's `license` |
//!
//! The text fields use the tokenizer named by [`Analyzer`]: `thai` for real indexes; the others
//! exist so that `ruammue eval search` compares tokenizers with everything else equal.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

use super::bigram::{BigramTokenizer, BIGRAM_TOKENIZER_NAME};
use super::tokenizer::{Output, ThaiTokenizer, TOKENIZER_NAME};
use super::IndexError;

/// The tokenizer of the sub-word field: sub-words only, at their word's position.
pub const SUB_TOKENIZER_NAME: &str = "thai_sub";

/// The tokenizer of queries: words followed by their sub-words at the same position.
pub const QUERY_TOKENIZER_NAME: &str = "thai_query";

/// A tokenizer that emits nothing.
const EMPTY_TOKENIZER_NAME: &str = "empty";

/// The version of the schema below; indexes with another are refused until rebuilt (4: pages).
pub const SCHEMA_VERSION: u32 = 4;

/// The tokenizer of the text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Analyzer {
    /// ruammue's dictionary segmenter (the `thai` tokenizer).
    #[default]
    Thai,
    /// tantivy's default tokenizer (splits at every non-alphanumeric character, so Thai is cut
    /// at every vowel and tone mark): the baseline a plain tantivy user gets.
    TantivyDefault,
    /// Character bigrams for Thai.
    Bigram,
}

impl Analyzer {
    /// The tokenizer name of the text fields.
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            Analyzer::Thai => TOKENIZER_NAME,
            Analyzer::TantivyDefault => "default",
            Analyzer::Bigram => BIGRAM_TOKENIZER_NAME,
        }
    }

    /// The tokenizer name of the sub-word field (empty for the baselines, which have no words).
    pub fn sub_tokenizer_name(self) -> &'static str {
        match self {
            Analyzer::Thai => SUB_TOKENIZER_NAME,
            Analyzer::TantivyDefault | Analyzer::Bigram => EMPTY_TOKENIZER_NAME,
        }
    }

    /// The tokenizer name that cuts queries into words with their alternates.
    pub fn query_tokenizer_name(self) -> &'static str {
        match self {
            Analyzer::Thai => QUERY_TOKENIZER_NAME,
            other => other.tokenizer_name(),
        }
    }

    /// The analyzer whose text-field tokenizer is `name`, if it is one of these.
    pub fn from_tokenizer_name(name: &str) -> Option<Analyzer> {
        [Analyzer::Thai, Analyzer::TantivyDefault, Analyzer::Bigram].into_iter().find(|a| a.tokenizer_name() == name)
    }
}

/// The fields of a passage index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Document id.
    pub doc_id: Field,
    /// File path.
    pub path: Field,
    /// Document title (searched).
    pub title: Field,
    /// Passage text (searched, snippets).
    pub body: Field,
    /// Sub-words of the passage's compounds (searched).
    pub body_sub: Field,
    /// Document kind.
    pub kind: Field,
    /// Issuing body, as written.
    pub org: Field,
    /// Issuing body, whole, for exact filtering.
    pub org_exact: Field,
    /// Issuing body, tokenized, for word filtering.
    pub org_text: Field,
    /// Sub-words of the issuing body's words, for word filtering.
    pub org_sub: Field,
    /// Document date.
    pub date: Field,
    /// Passage number.
    pub passage: Field,
    /// First line of the passage in the file.
    pub first_line: Field,
    /// Last line of the passage in the file.
    pub last_line: Field,
    /// First page of a PDF passage.
    pub page_start: Field,
    /// Last page of a PDF passage.
    pub page_end: Field,
    /// Where in a PDF passage's text a next page starts.
    pub page_breaks: Field,
    /// Heading the passage is under.
    pub heading: Field,
    /// Hash of the file's bytes.
    pub content_hash: Field,
    /// Concept ids.
    pub concepts: Field,
    /// The document's source (URL or citation).
    pub source: Field,
    /// The document's licence.
    pub license: Field,
}

/// Names of the fields, in schema order.
const NAMES: [&str; 22] = [
    "doc_id",
    "path",
    "title",
    "body",
    "body_sub",
    "kind",
    "org",
    "org_exact",
    "org_text",
    "org_sub",
    "date",
    "passage",
    "first_line",
    "last_line",
    "page_start",
    "page_end",
    "page_breaks",
    "heading",
    "content_hash",
    "concepts",
    "source",
    "license",
];

/// The schema of a passage index whose text fields use `analyzer`.
pub fn build_schema(analyzer: Analyzer) -> Schema {
    let text_field = |tokenizer: &str, stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let searched = |stored: bool| text_field(analyzer.tokenizer_name(), stored);
    let mut builder = Schema::builder();
    builder.add_text_field("doc_id", STRING | STORED | FAST);
    builder.add_text_field("path", STORED);
    builder.add_text_field("title", searched(true));
    builder.add_text_field("body", searched(true));
    builder.add_text_field("body_sub", text_field(analyzer.sub_tokenizer_name(), false));
    builder.add_text_field("kind", STRING | STORED | FAST);
    builder.add_text_field("org", STORED);
    builder.add_text_field("org_exact", STRING);
    builder.add_text_field("org_text", searched(false));
    builder.add_text_field("org_sub", text_field(analyzer.sub_tokenizer_name(), false));
    builder.add_date_field(
        "date",
        DateOptions::default().set_indexed().set_stored().set_fast().set_precision(DateTimePrecision::Seconds),
    );
    builder.add_u64_field("passage", STORED);
    builder.add_u64_field("first_line", STORED);
    builder.add_u64_field("last_line", STORED);
    builder.add_u64_field("page_start", STORED);
    builder.add_u64_field("page_end", STORED);
    builder.add_u64_field("page_breaks", STORED);
    builder.add_text_field("heading", STORED);
    builder.add_text_field("content_hash", STRING | STORED | FAST);
    builder.add_text_field("concepts", STRING | STORED);
    builder.add_text_field("source", STORED);
    builder.add_text_field("license", STORED);
    builder.build()
}

impl Fields {
    /// The fields of `schema`, or an error naming the first one missing (an index that is not a
    /// ruammue passage index).
    pub fn from_schema(schema: &Schema) -> Result<Fields, IndexError> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| IndexError::Schema { reason: format!("the index has no `{name}` field") })
        };
        let [doc_id, path, title, body, body_sub, kind, org, org_exact, org_text, org_sub, date, passage, first_line, last_line, page_start, page_end, page_breaks, heading, content_hash, concepts, source, license] =
            NAMES;
        Ok(Fields {
            doc_id: get(doc_id)?,
            path: get(path)?,
            title: get(title)?,
            body: get(body)?,
            body_sub: get(body_sub)?,
            kind: get(kind)?,
            org: get(org)?,
            org_exact: get(org_exact)?,
            org_text: get(org_text)?,
            org_sub: get(org_sub)?,
            date: get(date)?,
            passage: get(passage)?,
            first_line: get(first_line)?,
            last_line: get(last_line)?,
            page_start: get(page_start)?,
            page_end: get(page_end)?,
            page_breaks: get(page_breaks)?,
            heading: get(heading)?,
            content_hash: get(content_hash)?,
            concepts: get(concepts)?,
            source: get(source)?,
            license: get(license)?,
        })
    }
}

/// Registers ruammue's tokenizers on `index` (tantivy's `default` is always there): `tokenizer`
/// as `thai` with words only, as `thai_sub` with sub-words only, as `thai_query` with both.
pub fn register_tokenizers(index: &Index, tokenizer: &ThaiTokenizer) {
    let manager = index.tokenizers();
    manager.register(TOKENIZER_NAME, TextAnalyzer::from(tokenizer.with_output(Output::Words)));
    manager.register(SUB_TOKENIZER_NAME, TextAnalyzer::from(tokenizer.with_output(Output::SubWords)));
    manager.register(QUERY_TOKENIZER_NAME, TextAnalyzer::from(tokenizer.with_output(Output::WordsAndSubWords)));
    manager.register(EMPTY_TOKENIZER_NAME, TextAnalyzer::default());
    index.tokenizers().register(BIGRAM_TOKENIZER_NAME, TextAnalyzer::from(BigramTokenizer));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    #[test]
    fn every_named_field_is_in_the_schema() {
        let schema = build_schema(Analyzer::Thai);
        let fields = Fields::from_schema(&schema).unwrap();
        assert_eq!(schema.get_field_name(fields.body), "body");
        assert_eq!(schema.fields().count(), NAMES.len());
    }

    #[test]
    fn a_foreign_schema_is_refused_with_the_missing_field() {
        let mut builder = Schema::builder();
        builder.add_text_field("doc_id", STRING);
        let err = Fields::from_schema(&builder.build()).unwrap_err();
        assert!(err.to_string().contains("`path`"), "{err}");
    }
}
