//! Front matter: the optional metadata block at the top of a document (DESIGN.md, "Formats:
//! Documents").
//!
//! ```text
//! ---
//! title: รายงานการประชุมสภาเทศบาล
//! kind: minutes
//! date: 17 ธันวาคม 2567
//! ---
//! body …
//! ```
//!
//! The block opens with a `---` line as the file's first line (after an optional byte order mark)
//! and closes with the next `---` line. Inside, every line is `key: value` (keys are
//! case-insensitive; the value may be quoted), blank or a `#` comment. The keys `title`, `kind`,
//! `org`, `date`, `source` and `license` fill [`Metadata`]'s fields; any other key is kept in
//! [`Metadata::extra`]. An empty value counts as absent.
//!
//! Errors name the 1-based line of the file: a block never closed, a line without `:`, an empty
//! or repeated key, a misspelt key, an unknown `kind`. A `date` that [`parse_date`] refuses
//! (`2024-13-45`, `2024`) is not an error: a typo in a date should not take a document out of
//! every count, so the date is left out (the document is then dated as if its front matter gave
//! none) and the problem is listed in [`FrontMatter::warnings`]. Line ends may be LF
//! or CRLF; the body keeps its own bytes untouched, and [`FrontMatter::body_first_line`] tells
//! which line of the file it starts on, so passages cite lines of the original file.
//!
//! A change here that alters what an index stores for some file bumps
//! [`CORPUS_RULES_VERSION`](super::CORPUS_RULES_VERSION), so existing indexes read every document again.

use std::collections::BTreeMap;

use super::date::{parse_date, Date};
use super::document::Kind;
use crate::normalize::normalize;

/// The line that opens and closes the block.
const FENCE: &str = "---";

/// The metadata a document's front matter gives; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `title:` (normalized).
    pub title: Option<String>,
    /// `kind:` — one of policy, minutes, law, essay, news, other.
    pub kind: Option<Kind>,
    /// `org:`, the body that issued the document (normalized), e.g. เทศบาลนครขอนแก่น.
    pub org: Option<String>,
    /// `date:`, ISO or Thai, Buddhist Era converted to Common Era.
    pub date: Option<Date>,
    /// `source:`, a URL or a citation.
    pub source: Option<String>,
    /// `license:`.
    pub license: Option<String>,
    /// Every other key (lower-cased) with its value (normalized).
    pub extra: BTreeMap<String, String>,
}

/// A document's text split into its metadata and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The metadata; all `None` (and `extra` empty) when the text has no front matter.
    pub metadata: Metadata,
    /// Whether the text opened with a front-matter block.
    pub present: bool,
    /// The text after the block (after the byte order mark when there is no block).
    pub body: &'a str,
    /// The byte offset of `body` in the text.
    pub body_offset: usize,
    /// The 1-based line of the text on which `body` starts.
    pub body_first_line: usize,
    /// Problems that did not stop the block being read (a `date` that is not a date, left out).
    pub warnings: Vec<FrontMatterError>,
}

/// A malformed front-matter block: the 1-based line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct FrontMatterError {
    /// 1-based line number in the text.
    pub line: usize,
    /// What is wrong with the line.
    pub reason: String,
}

/// One line of the text: its 1-based number, its content without the line end, and where the next
/// line starts.
struct Line<'a> {
    number: usize,
    content: &'a str,
    next: usize,
}

/// Splits `text` into front matter and body.
///
/// ```
/// use ruammue::corpus::front_matter::split_front_matter;
///
/// let text = "---\r\ntitle: ร่างนโยบาย\r\ndate: 15 ม.ค. 2567\r\n---\r\nเนื้อหา\r\n";
/// let split = split_front_matter(text).unwrap();
/// assert_eq!(split.metadata.title.as_deref(), Some("ร่างนโยบาย"));
/// assert_eq!(split.metadata.date.map(|d| d.to_string()).as_deref(), Some("2024-01-15"));
/// assert_eq!(split.body, "เนื้อหา\r\n");
/// assert_eq!(split.body_first_line, 5);
///
/// let err = split_front_matter("---\ntitle ไม่มีทวิภาค\n---\n").unwrap_err();
/// assert_eq!(err.line, 2);
///
/// let typo = split_front_matter("---\ndate: 2024-13-45\n---\nเนื้อหา\n").unwrap();
/// assert_eq!((typo.metadata.date, typo.warnings[0].line), (None, 2));
/// ```
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, FrontMatterError> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = lines(text, bom);
    let fenced = lines.next().is_some_and(|first| first.content.trim_end() == FENCE);
    // A `---` line followed by Thai prose is a Markdown horizontal rule, not front matter.
    let opens =
        fenced && lines.clone().find(|line| !skipped(line.content)).is_some_and(|l| opens_metadata(l.content.trim()));
    if !opens {
        return Ok(FrontMatter {
            metadata: Metadata::default(),
            present: false,
            body: text.get(bom..).unwrap_or_default(),
            body_offset: bom,
            body_first_line: 1,
            warnings: Vec::new(),
        });
    }
    let mut metadata = Metadata::default();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut warnings = Vec::new();
    for line in lines {
        if line.content.trim_end() == FENCE {
            return Ok(FrontMatter {
                metadata,
                present: true,
                body: text.get(line.next..).unwrap_or_default(),
                body_offset: line.next,
                body_first_line: line.number + 1,
                warnings,
            });
        }
        if let Some(reason) = parse_line(&line, &mut metadata, &mut seen)? {
            warnings.push(FrontMatterError { line: line.number, reason });
        }
    }
    Err(FrontMatterError { line: 1, reason: "the front matter opened here is never closed by a `---` line".into() })
}

/// A blank line or a `#` comment of the front matter.
fn skipped(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

/// Whether the first line after an opening `---` that is not blank or a comment starts front
/// matter: keys are ASCII (`title`, `date` …), so a line that begins with anything else (Thai
/// prose, `หมายเหตุ: …`) reads as text after a horizontal rule, while a misspelt key (`title
/// ไม่มีทวิภาค`, `dat: …`) is still front matter and reported.
fn opens_metadata(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii())
}

/// The lines of `text` from byte `from` on.
fn lines(text: &str, from: usize) -> impl Iterator<Item = Line<'_>> + Clone {
    let rest = text.get(from..).unwrap_or_default();
    rest.split_inclusive('\n')
        .scan(from, |offset, raw| {
            *offset += raw.len();
            Some((raw, *offset))
        })
        .enumerate()
        .map(|(index, (raw, next))| Line {
            number: index + 1,
            content: raw.strip_suffix('\n').unwrap_or(raw).trim_end_matches('\r'),
            next,
        })
}

/// Reads one line inside the block into `metadata`; `Ok(Some(warning))` when its value was left
/// out (see [`set`]).
fn parse_line(
    line: &Line<'_>,
    metadata: &mut Metadata,
    seen: &mut BTreeMap<String, usize>,
) -> Result<Option<String>, FrontMatterError> {
    let content = line.content.trim();
    if skipped(content) {
        return Ok(None);
    }
    let error = |reason: String| FrontMatterError { line: line.number, reason };
    let (key, value) =
        content.split_once(':').ok_or_else(|| error(format!("expected `key: value`, found `{content}`")))?;
    let key = key.trim().to_lowercase();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return Err(error(format!("`{}` is not a key", key.trim())));
    }
    if let Some(first) = seen.insert(key.clone(), line.number) {
        return Err(error(format!("`{key}` is repeated (first given on line {first})")));
    }
    let value = normalize(unquote(value.trim()));
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    set(metadata, &key, value).map_err(error)
}

/// The keys the front matter knows; any other is kept in [`Metadata::extra`].
const KNOWN_KEYS: [&str; 6] = ["title", "kind", "org", "date", "source", "license"];

/// Stores one non-empty value under its key. An unknown key one edit from a known one (two for
/// keys of five letters or more; a swap of neighbours is one edit) is taken for a misspelling
/// and refused, since the value would otherwise be silently kept as extra metadata. A `date`
/// that is not a date is left out, and `Ok(Some(warning))` says why.
fn set(metadata: &mut Metadata, key: &str, value: &str) -> Result<Option<String>, String> {
    let key = if key == "licence" { "license" } else { key };
    if !KNOWN_KEYS.contains(&key) {
        let near = KNOWN_KEYS.iter().find(|known| {
            let distance = strsim::damerau_levenshtein(key, known);
            distance <= if known.len() >= 5 && key.len() >= 5 { 2 } else { 1 }
        });
        if let Some(known) = near.filter(|_| key.len() >= 3) {
            return Err(format!("unknown key `{key}`: did you mean `{known}`?"));
        }
    }
    match key {
        "title" => metadata.title = Some(value.to_string()),
        "kind" => metadata.kind = Some(value.parse::<Kind>().map_err(|err| err.to_string())?),
        "org" => metadata.org = Some(value.to_string()),
        "date" => match parse_date(value) {
            Ok(date) => metadata.date = Some(date),
            Err(err) => return Ok(Some(format!("date {err}; the date is left out"))),
        },
        "source" => metadata.source = Some(value.to_string()),
        "license" => metadata.license = Some(value.to_string()),
        _ => {
            metadata.extra.insert(key.to_string(), value.to_string());
        }
    }
    Ok(None)
}

/// Removes one pair of matching surrounding quotes (`"…"` or `'…'`).
fn unquote(value: &str) -> &str {
    ['"', '\'']
        .iter()
        .find_map(|quote| value.strip_prefix(*quote).and_then(|v| v.strip_suffix(*quote)))
        .unwrap_or(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use time::macros::date;

    #[track_caller]
    fn error_line(text: &str) -> (usize, String) {
        match split_front_matter(text) {
            Ok(split) => panic!("expected an error for {text:?}, got {split:?}"),
            Err(err) => (err.line, err.reason),
        }
    }

    #[test]
    fn reads_every_known_key_and_keeps_others() {
        let text = "---\ntitle: รายงานการประชุม\nkind: minutes\norg: เทศบาลนครขอนแก่น\n\
                    date: ๑๗ ธันวาคม ๒๕๖๗\nsource: https://example.org/a:b\nlicense: CC0-1.0\n\
                    Speaker: \"นายสมชาย\"\n---\nเนื้อหา\n";
        let split = split_front_matter(text).unwrap();
        let meta = &split.metadata;
        assert!(split.present);
        assert_eq!(meta.title.as_deref(), Some("รายงานการประชุม"));
        assert_eq!(meta.kind, Some(Kind::Minutes));
        assert_eq!(meta.org.as_deref(), Some("เทศบาลนครขอนแก่น"));
        assert_eq!(meta.date, Some(date!(2024 - 12 - 17)));
        assert_eq!(meta.source.as_deref(), Some("https://example.org/a:b"));
        assert_eq!(meta.license.as_deref(), Some("CC0-1.0"));
        assert_eq!(meta.extra.get("speaker").map(String::as_str), Some("นายสมชาย"));
        assert_eq!(split.body, "เนื้อหา\n");
        assert_eq!(split.body_first_line, 10);
        assert_eq!(&text[split.body_offset..], split.body);
    }

    #[test]
    fn no_front_matter_means_whole_text_is_body() {
        let split = split_front_matter("เนื้อหา\n---\n").unwrap();
        assert!(!split.present);
        assert_eq!(split.metadata, Metadata::default());
        assert_eq!(split.body, "เนื้อหา\n---\n");
        assert_eq!((split.body_offset, split.body_first_line), (0, 1));
    }

    #[test]
    fn byte_order_mark_and_crlf_are_accepted() {
        let text = "\u{feff}---\r\ntitle: ก\r\n---  \r\nบรรทัดแรก\r\n";
        let split = split_front_matter(text).unwrap();
        assert_eq!(split.metadata.title.as_deref(), Some("ก"));
        assert_eq!(split.body, "บรรทัดแรก\r\n");
        assert_eq!(split.body_first_line, 4);
        let plain = split_front_matter("\u{feff}ข้อความ").unwrap();
        assert_eq!((plain.body, plain.body_offset), ("ข้อความ", 3));
    }

    #[test]
    fn blank_lines_comments_and_empty_values_are_skipped() {
        let split = split_front_matter("---\n\n# a comment\norg:\ntitle: ''\n---\n").unwrap();
        assert_eq!(split.metadata, Metadata::default());
        assert_eq!(split.body, "");
        assert_eq!(split.body_first_line, 7);
    }

    #[test]
    fn front_matter_at_end_of_text_without_newline() {
        let text = "---\ntitle: ก\n---";
        let split = split_front_matter(text).unwrap();
        assert_eq!(split.body, "");
        assert_eq!(split.body_offset, text.len());
        assert_eq!(split.body_first_line, 4);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(error_line("---\ntitle: ก\nเนื้อหา\n").0, 3);
        let (line, reason) = error_line("---\ntitle: ก\n");
        assert_eq!(line, 1);
        assert!(reason.contains("never closed"), "{reason}");
        let (line, reason) = error_line("---\nkind: report\n---\n");
        assert_eq!(line, 2);
        assert!(reason.contains("policy, minutes, law, essay, news, other"), "{reason}");
        let (line, reason) = error_line("---\ntitle: ก\nTitle: ข\n---\n");
        assert_eq!(line, 3);
        assert!(reason.contains("line 2"), "{reason}");
        assert_eq!(error_line("---\n: value\n---\n").0, 2);
        assert_eq!(error_line("---\nmy key: value\n---\n").0, 2);
    }

    #[test]
    fn a_rule_before_thai_prose_is_text_but_a_misspelt_key_is_an_error() {
        let text = "---\nการมีส่วนร่วมของประชาชนเป็นสิ่งสำคัญ\n---\nย่อหน้าที่สอง\n";
        let split = split_front_matter(text).unwrap();
        assert!(!split.present);
        assert_eq!(split.body, text);
        assert!(split_front_matter("---\n\n# comment\ntitle ไม่มีทวิภาค\n---\n").is_err());
        let note = "---\nหมายเหตุ: ประชาชนมีส่วนร่วม\n---\nการเจรจา\n";
        assert!(split_front_matter(note).is_ok_and(|s| !s.present && s.body == note), "Thai prose with a colon");
    }

    #[test]
    fn a_misspelt_key_is_an_error_and_other_keys_are_kept() {
        for (typo, known) in [("dat", "date"), ("kidn", "kind"), ("titel", "title"), ("sourse", "source")] {
            let err = split_front_matter(&format!("---\n{typo}: x\n---\nก\n")).unwrap_err();
            assert_eq!((err.line, err.reason), (2, format!("unknown key `{typo}`: did you mean `{known}`?")));
        }
        let split = split_front_matter("---\nurl: https://x\nauthor: ก\nlicence: CC0\n---\nก\n").unwrap();
        assert_eq!(split.metadata.extra.keys().collect::<Vec<_>>(), ["author", "url"]);
        assert_eq!(split.metadata.license.as_deref(), Some("CC0"));
    }

    #[test]
    fn a_date_that_is_not_a_date_is_left_out_with_a_warning_naming_line_and_value() {
        for (date, why) in [("31 กุมภาพันธ์ 2567", "no day 31"), ("2024-13-45", "no month 13"), ("2024", "is not a date")]
        {
            let text = format!("---\r\ntitle: ก\r\ndate: {date}\r\nkind: minutes\r\n---\r\nเนื้อหา\r\n");
            let split = split_front_matter(&text).unwrap();
            assert_eq!(split.metadata.date, None);
            assert_eq!((split.metadata.title.as_deref(), split.metadata.kind), (Some("ก"), Some(Kind::Minutes)));
            assert_eq!((split.body, split.body_first_line), ("เนื้อหา\r\n", 6));
            let [warning] = split.warnings.as_slice() else { panic!("{:?}", split.warnings) };
            assert_eq!(warning.line, 3);
            assert!(warning.reason.contains(date) && warning.reason.contains(why), "{}", warning.reason);
        }
        let good = split_front_matter("---\ndate: 2024-01-15\n---\nก\n").unwrap();
        assert!(good.warnings.is_empty());
    }

    #[test]
    fn error_display_has_line_and_reason() {
        let err = split_front_matter("---\nbroken\n---\n").unwrap_err();
        assert_eq!(err.to_string(), "line 2: expected `key: value`, found `broken`");
    }
}
