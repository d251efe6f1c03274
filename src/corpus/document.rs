//! Documents: one corpus file read, decoded, split from its front matter and normalized.
//!
//! Pipeline position: bytes ─[`decode`](super::decode)─> text ─[front matter](super::front_matter)
//! ─[`normalize`](crate::normalize)─> [`Document::body`] ─[passages](super::passage)─> passages.
//!
//! Invariants of a loaded [`Document`]:
//! - `id` is the path relative to the corpus root with `/` separators (stable across platforms);
//! - `body` is normalized text and is not empty or whitespace-only;
//! - line `n` of `body` (1-based) is line `body_first_line + n - 1` of the file, because front
//!   matter is removed as whole lines and normalization keeps line breaks;
//! - `pages` is `Some` only for a PDF ([`Document::with_pages`]): where its pages start in
//!   `body`, which [`Document::passages`] turns into each passage's pages.
//!
//! Metadata defaults when the front matter does not give it: the title is the file stem; the
//! kind comes from the nearest enclosing folder named after a kind (`laws/` or `law/` → law,
//! `minutes/`, `policy/` or `policies/`, `essays/` or `essay/`, `news/`), or with a kind among the
//! words of its name (`Minutes_2567/`); else minutes when the text opens with a minutes title
//! (`รายงานการประชุม…`) or has two agenda items (`ระเบียบวาระที่ …`), since speaker turns are
//! passages only in minutes; else `other`.
//!
//! A change here that alters what an index stores for some file bumps
//! [`CORPUS_RULES_VERSION`](super::CORPUS_RULES_VERSION), so existing indexes read every document again.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use super::date::{date_from_file_name, date_in_opening_lines, Date, DateSource};
use super::decode::decode;
use super::extract::ExtractError;
use super::front_matter::{split_front_matter, FrontMatter};
use super::page::{PageBreaks, PageMap};
use super::passage::{split_passages, Passage};
use crate::normalize::normalize;

/// What a document is; the `kind` front-matter key and the `--kind` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A policy document, plan or strategy.
    Policy,
    /// Meeting minutes or a summary of a meeting (council, cabinet).
    Minutes,
    /// An act, a decree, a constitution.
    Law,
    /// An essay or an academic text.
    Essay,
    /// A news article.
    News,
    /// Anything else.
    Other,
}

impl Kind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [Kind; 6] = [Kind::Policy, Kind::Minutes, Kind::Law, Kind::Essay, Kind::News, Kind::Other];

    /// The lower-case name used in front matter, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Minutes => "minutes",
            Kind::Law => "law",
            Kind::Essay => "essay",
            Kind::News => "news",
            Kind::Other => "other",
        }
    }

    /// The kind a folder name stands for (`laws`, `law`, `minutes`, `policy`, `policies`, `essays`,
    /// `essay`, `news`; case-insensitive), if any.
    ///
    /// ```
    /// use ruammue::corpus::document::Kind;
    /// assert_eq!(Kind::from_folder_name("Laws"), Some(Kind::Law));
    /// assert_eq!(Kind::from_folder_name("cabinet"), None);
    /// ```
    pub fn from_folder_name(name: &str) -> Option<Kind> {
        match name.to_lowercase().as_str() {
            "policy" | "policies" => Some(Kind::Policy),
            "minutes" => Some(Kind::Minutes),
            "law" | "laws" => Some(Kind::Law),
            "essay" | "essays" => Some(Kind::Essay),
            "news" => Some(Kind::News),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = UnknownKind;

    /// Parses a kind name, ignoring case and surrounding spaces.
    fn from_str(text: &str) -> Result<Kind, UnknownKind> {
        let wanted = text.trim().to_lowercase();
        Kind::ALL.into_iter().find(|kind| kind.as_str() == wanted).ok_or_else(|| UnknownKind(text.trim().to_string()))
    }
}

/// A `kind` value that is not one of the kinds; its message lists them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind `{0}`: expected one of policy, minutes, law, essay, news, other")]
pub struct UnknownKind(pub String);

/// Why a corpus file could not be loaded or listed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// The file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not text in any accepted encoding (binary, or undecodable).
    #[error("{}: {reason}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why the decoder refused it.
        reason: String,
    },
    /// Malformed front matter.
    #[error("{}:{line}: front matter: {reason}", path.display())]
    FrontMatter {
        /// The file.
        path: PathBuf,
        /// 1-based line number in the file.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// The text of a PDF or Word file could not be extracted (a scan needing OCR, no
    /// `pdftotext`, a damaged file …).
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The file has no text (nothing, or only whitespace, after the front matter).
    #[error("{}: empty document (no text after the front matter)", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
}

/// A corpus document: its metadata and its normalized body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The path relative to the corpus root, with `/` separators (`laws/constitution-2560.txt`).
    pub id: String,
    /// The path the document was read from.
    pub path: PathBuf,
    /// The front-matter title, else the file stem.
    pub title: String,
    /// The front-matter kind, else the folders' or the text's (see the [module docs](self)), else `other`.
    pub kind: Kind,
    /// The issuing body.
    pub org: Option<String>,
    /// The document's date (Common Era).
    pub date: Option<Date>,
    /// Where the document comes from (URL or citation).
    pub source: Option<String>,
    /// Its licence.
    pub license: Option<String>,
    /// Front-matter keys other than the known ones.
    pub extra: BTreeMap<String, String>,
    /// The encoding the file was decoded from (e.g. `utf-8`, `windows-874`), or `pdf` / `docx`
    /// for text extracted from those formats.
    pub encoding: &'static str,
    /// The normalized text after the front matter.
    pub body: String,
    /// The 1-based line of the file on which `body` starts.
    pub body_first_line: usize,
    /// Where the pages of a PDF start in `body` ([`Document::with_pages`]); `None` for other
    /// formats.
    pub pages: Option<PageMap>,
    /// Problems of the front matter that did not stop the document being read, each as
    /// `line N: front matter: …`: a `date` that is not a date, left out, so that the document is
    /// dated as if its front matter gave none ([`Document::dated`]).
    pub warnings: Vec<String>,
}

impl Document {
    /// The document's date and where it came from: the front matter's `date`, else the first
    /// Thai date in the opening lines (a headline or dateline), else an ISO date that starts the
    /// file name. Search filters and reports date documents by this one rule.
    ///
    /// ```
    /// use std::path::Path;
    /// use ruammue::corpus::{date::DateSource, document::Document};
    ///
    /// let root = Path::new("corpus");
    /// let headline = "ข่าวประชาสัมพันธ์ วันที่ 3 มีนาคม 2566\nเนื้อหา\n";
    /// let doc = Document::parse(root, &root.join("2020-01-01.txt"), headline, "utf-8")?;
    /// assert_eq!(doc.dated().map(|(d, s)| (d.to_string(), s)), Some(("2023-03-03".into(), DateSource::Text)));
    /// let doc = Document::parse(root, &root.join("2020-01-01.txt"), "เนื้อหา\n", "utf-8")?;
    /// assert_eq!(doc.dated().map(|(_, s)| s), Some(DateSource::FileName));
    /// # Ok::<(), ruammue::corpus::document::CorpusError>(())
    /// ```
    pub fn dated(&self) -> Option<(Date, DateSource)> {
        let dated = |date: Option<Date>, source| date.map(|date| (date, source));
        dated(self.date, DateSource::FrontMatter)
            .or_else(|| dated(date_in_opening_lines(&self.body), DateSource::Text))
            .or_else(|| dated(date_from_file_name(&self.path), DateSource::FileName))
    }

    /// Reads, decodes and parses the file at `path`, a file under the corpus folder `root`.
    ///
    /// For `.txt` and `.md` files; other formats are extracted to text first and given to
    /// [`Document::parse`].
    pub fn load(root: &Path, path: &Path) -> Result<Document, CorpusError> {
        let bytes = std::fs::read(path).map_err(|source| CorpusError::Io { path: path.to_path_buf(), source })?;
        Document::from_bytes(root, path, &bytes)
    }

    /// Decodes `bytes` (the content of `path`) and parses the text, as [`Document::load`] does.
    pub fn from_bytes(root: &Path, path: &Path, bytes: &[u8]) -> Result<Document, CorpusError> {
        if bytes.is_empty() {
            return Err(CorpusError::Empty { path: path.to_path_buf() });
        }
        let decoded =
            decode(bytes).map_err(|err| CorpusError::Decode { path: path.to_path_buf(), reason: err.to_string() })?;
        Document::parse(root, path, &decoded.text, decoded.encoding.name())
    }

    /// Builds a document from decoded `text` (front matter included) that came from `path` in the
    /// encoding named `encoding`.
    ///
    /// ```
    /// use std::path::Path;
    /// use ruammue::corpus::document::{Document, Kind};
    ///
    /// let root = Path::new("corpus");
    /// let doc = Document::parse(root, &root.join("laws/act.txt"), "มาตรา ๑\nให้ใช้บังคับ\n", "utf-8")?;
    /// assert_eq!((doc.id.as_str(), doc.title.as_str(), doc.kind), ("laws/act.txt", "act", Kind::Law));
    /// # Ok::<(), ruammue::corpus::document::CorpusError>(())
    /// ```
    pub fn parse(root: &Path, path: &Path, text: &str, encoding: &'static str) -> Result<Document, CorpusError> {
        let FrontMatter { metadata, body, body_first_line, warnings, .. } = split_front_matter(text)
            .map_err(|err| CorpusError::FrontMatter { path: path.to_path_buf(), line: err.line, reason: err.reason })?;
        let mut body = normalize(body);
        if super::walk::Format::from_path(path) == Some(super::walk::Format::Markdown) {
            body = super::markdown::blank_markup(&body);
        }
        if body.trim().is_empty() {
            return Err(CorpusError::Empty { path: path.to_path_buf() });
        }
        Ok(Document {
            id: document_id(root, path),
            path: path.to_path_buf(),
            title: metadata.title.unwrap_or_else(|| file_stem(path)),
            kind: metadata.kind.unwrap_or_else(|| default_kind(root, path, &body)),
            org: metadata.org,
            date: metadata.date,
            source: metadata.source,
            license: metadata.license,
            extra: metadata.extra,
            encoding,
            body,
            body_first_line,
            pages: None,
            warnings: warnings.iter().map(|w| format!("line {}: front matter: {}", w.line, w.reason)).collect(),
        })
    }

    /// Builds a document from the text extracted from a PDF or Word file at `path` (see
    /// [`extract_text`](super::extract::extract_text)), already repaired by the caller. Such files
    /// have no front matter: the title is the file stem and the kind comes from the folders;
    /// `source_format` names where the text came from (`"pdf"`, `"docx"`) in place of an encoding.
    ///
    /// ```
    /// use std::path::Path;
    /// use ruammue::corpus::document::{Document, Kind};
    ///
    /// let root = Path::new("corpus");
    /// let doc = Document::from_extracted(root, &root.join("minutes/m1.pdf"), "---\nระเบียบวาระที่ ๑\n", "pdf")?;
    /// assert_eq!((doc.title.as_str(), doc.kind, doc.encoding), ("m1", Kind::Minutes, "pdf"));
    /// assert!(doc.body.starts_with("---")); // no front matter is read from extracted text
    /// # Ok::<(), ruammue::corpus::document::CorpusError>(())
    /// ```
    pub fn from_extracted(
        root: &Path,
        path: &Path,
        text: &str,
        source_format: &'static str,
    ) -> Result<Document, CorpusError> {
        let body = normalize(text);
        if body.trim().is_empty() {
            return Err(CorpusError::Empty { path: path.to_path_buf() });
        }
        Ok(Document {
            id: document_id(root, path),
            path: path.to_path_buf(),
            title: file_stem(path),
            kind: default_kind(root, path, &body),
            org: None,
            date: None,
            source: None,
            license: None,
            extra: BTreeMap::new(),
            encoding: source_format,
            body,
            body_first_line: 1,
            pages: None,
            warnings: Vec::new(),
        })
    }

    /// A document made from plain text, for tests and evaluation sets (`docs.jsonl`): no front
    /// matter is read, the title is the id, the kind `other`, and the body may be empty.
    ///
    /// ```
    /// use ruammue::corpus::document::Document;
    /// let doc = Document::from_text("d1", "ย่อหน้าแรก\n\nย่อหน้าที่สอง");
    /// assert_eq!(doc.passages().len(), 2);
    /// ```
    pub fn from_text(id: impl Into<String>, text: &str) -> Document {
        let id = id.into();
        Document {
            path: PathBuf::from(&id),
            title: id.clone(),
            id,
            kind: Kind::Other,
            org: None,
            date: None,
            source: None,
            license: None,
            extra: BTreeMap::new(),
            encoding: "utf-8",
            body: normalize(text),
            body_first_line: 1,
            pages: None,
            warnings: Vec::new(),
        }
    }

    /// The document with the pages `breaks` (counted on the text it was made from, see
    /// [`page`](super::page)) located in its body; `None` leaves it without pages.
    ///
    /// ```
    /// use std::path::Path;
    /// use ruammue::corpus::{Document, PageBreaks};
    ///
    /// let pages = ["ระเบียบวาระที่ ๑\nแจ้งเพื่อทราบ\n", "ต่อ\n\nมติที่ประชุม รับทราบ\n"];
    /// let root = Path::new("corpus");
    /// let doc = Document::from_extracted(root, &root.join("m.pdf"), &pages.concat(), "pdf")?
    ///     .with_pages(Some(&PageBreaks::from_pages(pages)));
    /// let cited: Vec<String> = doc.passages().iter().filter_map(|p| p.pages.as_ref()).map(|s| s.citation()).collect();
    /// assert_eq!(cited, ["pp. 1–2", "p. 2"]);
    /// # Ok::<(), ruammue::corpus::CorpusError>(())
    /// ```
    pub fn with_pages(mut self, breaks: Option<&PageBreaks>) -> Document {
        self.pages = breaks.map(|breaks| breaks.locate(&self.body));
        self
    }

    /// The body split into passages, with line numbers of the original file (see
    /// [`split_passages`]) and, for a PDF, their pages.
    pub fn passages(&self) -> Vec<Passage> {
        let mut passages = split_passages(&self.body, self.body_first_line, self.kind);
        if let Some(map) = &self.pages {
            for passage in &mut passages {
                passage.pages = Some(map.span(passage.start, passage.end));
            }
        }
        passages
    }
}

/// The path relative to the root, `/`-separated; the file name when `path` is the root itself,
/// and the whole path when it is not under the root.
fn document_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        parts.join("/")
    }
}

/// The file name without its extension.
fn file_stem(path: &Path) -> String {
    path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The kind of a document without one in its front matter: its folders' ([`kind_from_folders`]),
/// else its text's ([`kind_from_text`]), else `other`.
fn default_kind(root: &Path, path: &Path, body: &str) -> Kind {
    kind_from_folders(root, path).or_else(|| kind_from_text(body)).unwrap_or(Kind::Other)
}

/// The kind of the nearest folder between the file and the root named after a kind, or with a
/// kind as one of the words of its name (`Minutes_2567`, `council-minutes`); else the root's, if
/// the root is named after a kind (its name alone: a study folder such as `fake-news-study` or
/// `law-students-essays` says nothing of its documents). Folders above the root do not count.
fn kind_from_folders(root: &Path, path: &Path) -> Option<Kind> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let name = |component: Component<'_>| match component {
        Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
        _ => None,
    };
    let inside = relative.parent().into_iter().flat_map(|parent| parent.components().rev());
    inside
        .filter_map(name)
        .find_map(|folder| folder_kind(&folder))
        .or_else(|| root.components().next_back().and_then(name).and_then(|folder| Kind::from_folder_name(&folder)))
}

/// The kind a folder name stands for: the whole name, or else one of its words.
fn folder_kind(name: &str) -> Option<Kind> {
    Kind::from_folder_name(name).or_else(|| name.split(|c: char| !c.is_alphanumeric()).find_map(Kind::from_folder_name))
}

/// How many non-empty lines at the top of a text [`kind_from_text`] reads for a minutes title.
const TITLE_LINES: usize = 5;

/// Titles that open meeting minutes.
const MINUTES_TITLES: [&str; 3] = ["รายงานการประชุม", "บันทึกการประชุม", "บันทึกรายงานการประชุม"];

/// Minutes recognised by their text, so that a minutes file outside a `minutes` folder still has
/// its speaker turns cut into passages: one of the first lines opens with a minutes title
/// (`รายงานการประชุมสภาเทศบาล…`), or two lines or more open agenda items written in full
/// (`ระเบียบวาระที่ 1`; a bare `วาระที่ 1` also numbers the sessions of a conference that a
/// Cabinet summary reports on).
fn kind_from_text(body: &str) -> Option<Kind> {
    let mut opening = body.lines().map(str::trim).filter(|line| !line.is_empty()).take(TITLE_LINES);
    let titled = opening.any(|line| MINUTES_TITLES.iter().any(|title| line.starts_with(title)));
    let agenda_item = |line: &str| line.starts_with("ระเบียบวาระ") && super::passage::is_agenda_item(line);
    let agenda_items = || body.lines().filter(|line| agenda_item(line.trim())).take(2).count();
    (titled || agenda_items() == 2).then_some(Kind::Minutes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use time::macros::date;

    fn parse(path: &str, text: &str) -> Result<Document, CorpusError> {
        Document::parse(Path::new("corpus"), &Path::new("corpus").join(path), text, "utf-8")
    }

    #[test]
    fn a_file_with_old_mac_line_ends_keeps_its_front_matter_and_lines() {
        let bytes = "---\rtitle: รายงาน\rkind: minutes\r---\rบรรทัดแรก\r\rบรรทัดที่สาม\r".as_bytes();
        let doc = Document::from_bytes(Path::new("corpus"), Path::new("corpus/a.txt"), bytes).unwrap();
        assert_eq!((doc.title.as_str(), doc.kind), ("รายงาน", Kind::Minutes));
        let lines: Vec<u32> = doc.passages().iter().map(|p| p.first_line).collect();
        assert_eq!(lines, [5, 7]);
    }

    #[test]
    fn kind_parses_case_insensitively_and_lists_kinds_on_error() {
        assert_eq!(" Minutes ".parse::<Kind>(), Ok(Kind::Minutes));
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        let err = "report".parse::<Kind>().unwrap_err();
        assert_eq!(err.to_string(), "unknown kind `report`: expected one of policy, minutes, law, essay, news, other");
    }

    #[test]
    fn kind_serializes_lowercase() {
        assert_eq!(serde_json::to_string(&Kind::Law).unwrap(), "\"law\"");
        assert_eq!(serde_json::from_str::<Kind>("\"essay\"").unwrap(), Kind::Essay);
    }

    #[test]
    fn front_matter_fills_metadata_and_body_first_line() {
        let doc = parse(
            "misc/a.md",
            "---\ntitle: นโยบาย\nkind: policy\norg: เทศบาล\ndate: 2024-01-15\nsource: s\nlicense: l\nx: y\n---\nเนื้อหา\n",
        )
        .unwrap();
        assert_eq!(doc.id, "misc/a.md");
        assert_eq!(doc.title, "นโยบาย");
        assert_eq!(doc.kind, Kind::Policy);
        assert_eq!(doc.org.as_deref(), Some("เทศบาล"));
        assert_eq!(doc.date, Some(date!(2024 - 01 - 15)));
        assert_eq!((doc.source.as_deref(), doc.license.as_deref()), (Some("s"), Some("l")));
        assert_eq!(doc.extra.get("x").map(String::as_str), Some("y"));
        assert_eq!(doc.body, "เนื้อหา\n");
        assert_eq!(doc.body_first_line, 10);
    }

    #[test]
    fn defaults_come_from_the_path() {
        let cases = [
            ("laws/act.txt", Kind::Law),
            ("law/act.txt", Kind::Law),
            ("minutes/cabinet/2024.txt", Kind::Minutes),
            ("policy/plan.md", Kind::Policy),
            ("essays/x/y.txt", Kind::Essay),
            ("news/n.txt", Kind::News),
            ("misc/m.txt", Kind::Other),
            ("laws/minutes/m.txt", Kind::Minutes),
            ("top.txt", Kind::Other),
            ("Minutes_2567/m.txt", Kind::Minutes),
            ("council-minutes/2024/m.txt", Kind::Minutes),
            ("newsletters/n.txt", Kind::Other),
        ];
        for (path, kind) in cases {
            let doc = parse(path, "ข้อความ").unwrap();
            assert_eq!(doc.kind, kind, "{path}");
            assert_eq!(doc.id, path);
        }
        assert_eq!(parse("laws/act.txt", "ก").unwrap().title, "act");
        let in_laws_root = Document::parse(Path::new("x/laws"), Path::new("x/laws/a.txt"), "ก", "utf-8");
        assert_eq!(in_laws_root.unwrap().kind, Kind::Law);
        let above_root = Document::parse(Path::new("laws/x"), Path::new("laws/x/a.txt"), "ก", "utf-8");
        assert_eq!(above_root.unwrap().kind, Kind::Other);
        let study = Path::new("law-students-essays");
        let in_study = Document::parse(study, &study.join("drafts/x.txt"), "ก", "utf-8");
        assert_eq!(in_study.unwrap().kind, Kind::Other, "the root counts by its whole name only");
    }

    #[test]
    fn minutes_are_recognised_by_their_text_outside_a_minutes_folder() {
        let titled = "รายงานการประชุมสภาเทศบาลตำบลเจ็ด\nวันที่ 5 ม.ค. 2567\n\nเปิดประชุม";
        let agenda = "ผู้มาประชุม\n\nระเบียบวาระที่ 1 เรื่องแจ้ง\nรับทราบ\n\nระเบียบวาระที่ 2 เรื่องพิจารณา\n";
        for text in [titled, agenda] {
            assert_eq!(parse("council/br.txt", text).unwrap().kind, Kind::Minutes, "{text}");
        }
        let one_item = "ข่าวการประชุม\nระเบียบวาระที่ 1 ของการประชุมสุดยอดอาเซียน";
        assert_eq!(parse("council/n.txt", one_item).unwrap().kind, Kind::Other);
        let late_title = "ข่าว\nก\nข\nค\nง\nรายงานการประชุมสภา";
        assert_eq!(parse("council/n.txt", late_title).unwrap().kind, Kind::Other);
        assert_eq!(parse("news/n.txt", titled).unwrap().kind, Kind::News, "folders come first");
        let conference = "สรุปผลการประชุม\nวาระที่ 1 Balance in all aspects\nวาระที่ 2 Sustainability\n";
        assert_eq!(parse("cabinet/c.txt", conference).unwrap().kind, Kind::Other, "sessions, not agenda items");
        let pdf = Document::from_extracted(Path::new("c"), Path::new("c/a.pdf"), titled, "pdf").unwrap();
        assert_eq!(pdf.kind, Kind::Minutes);
    }

    #[test]
    fn front_matter_without_kind_or_title_still_uses_defaults() {
        let doc = parse("minutes/m.txt", "---\norg: สภา\n---\nข้อความ\n").unwrap();
        assert_eq!((doc.title.as_str(), doc.kind), ("m", Kind::Minutes));
    }

    #[test]
    fn id_when_path_is_root_or_outside() {
        let file = Path::new("/data/a.txt");
        assert_eq!(document_id(file, file), "a.txt");
        assert_eq!(document_id(Path::new("/other"), file), "data/a.txt");
    }

    #[test]
    fn empty_documents_are_refused() {
        for text in ["", "   \n\u{a0}\n", "---\ntitle: t\n---\n", "---\ntitle: t\n---\n \n"] {
            assert!(matches!(parse("a.txt", text), Err(CorpusError::Empty { .. })), "{text:?}");
        }
        let empty = Document::from_bytes(Path::new("."), Path::new("./e.txt"), b"");
        assert!(matches!(empty, Err(CorpusError::Empty { .. })));
    }

    #[test]
    fn front_matter_error_names_file_and_line() {
        let err = parse("a.txt", "---\ntitle: t\nkind: report\n---\nก\n").unwrap_err();
        assert!(matches!(err, CorpusError::FrontMatter { line: 3, .. }), "{err:?}");
        assert!(err.to_string().starts_with("corpus/a.txt:3: front matter: unknown kind"), "{err}");
    }

    #[test]
    fn a_bad_front_matter_date_is_a_warning_and_the_date_falls_back_to_the_text_then_the_file_name() {
        let text = "---\ntitle: ประชุม\ndate: 2024-13-45\n---\nประชุมสภา วันที่ 3 มีนาคม 2566\nเนื้อหา\n";
        let doc = parse("2020-01-01-a.txt", text).unwrap();
        assert_eq!((doc.title.as_str(), doc.date), ("ประชุม", None));
        assert_eq!(doc.warnings.len(), 1);
        assert!(doc.warnings[0].starts_with("line 3: front matter: date `2024-13-45`"), "{}", doc.warnings[0]);
        assert_eq!(doc.dated(), Some((date!(2023 - 03 - 03), DateSource::Text)));
        let doc = parse("2020-01-01-a.txt", "---\ndate: 2024\n---\nเนื้อหา\n").unwrap();
        assert_eq!(doc.dated(), Some((date!(2020 - 01 - 01), DateSource::FileName)));
        assert!(parse("a.txt", "---\ndate: 2024-01-15\n---\nก\n").unwrap().warnings.is_empty());
    }

    #[test]
    fn load_reads_and_reports_io_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("laws").join("a.txt");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "\u{feff}---\r\ntitle: ก\r\n---\r\nมาตรา ๑\r\n").unwrap();
        let doc = Document::load(dir.path(), &path).unwrap();
        assert_eq!((doc.id.as_str(), doc.kind, doc.body_first_line), ("laws/a.txt", Kind::Law, 4));
        let missing = Document::load(dir.path(), &dir.path().join("missing.txt"));
        assert!(matches!(missing, Err(CorpusError::Io { .. })));
    }

    #[test]
    fn loads_every_bundled_document() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let listing = super::super::walk::corpus_files(&root);
        assert!(listing.errors.is_empty(), "{:?}", listing.errors);
        assert!(listing.files.len() >= 20, "{}", listing.files.len());
        for file in &listing.files {
            let doc = Document::load(&root, &file.path).unwrap();
            assert!(doc.date.is_some(), "{}", doc.id);
            assert!(doc.source.is_some() && doc.license.is_some(), "{}", doc.id);
            assert_ne!(doc.kind, Kind::Other, "{}", doc.id);
        }
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Document>();
        check::<Kind>();
        check::<CorpusError>();
        check::<crate::corpus::passage::Passage>();
        check::<crate::corpus::walk::CorpusFiles>();
    }
}
