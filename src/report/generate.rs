//! Running a report over a corpus folder: list the files, tag each document's passages in
//! parallel, stream the passage rows to `passages.csv` (which opens with a UTF-8 byte order mark,
//! for Excel), fold the counts into [`Aggregates`], then write `summary.json`, `codebook.qdc` and
//! `report.html`.
//!
//! Pipeline position: the entry point of `report`, over `corpus` (listing), `index::load_document`
//! (the one place file formats are told apart, so every format it reads reaches the report) and
//! `classify` (the tagger). **Memory stays bounded**: files are processed in parallel chunks of a
//! few dozen; a chunk's rows are written out before the next chunk starts, and only the
//! per-document counts and a bounded top-K of passages per concept are kept. A file that cannot
//! be read or parsed is recorded as skipped, with its reason, and the run goes on.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::aggregate::{
    format_date, odd_dates_message, Aggregates, Counts, DocumentInfo, DocumentResult, Excerpt, OddDate, TopPassages,
};
use super::codebook::codebook;
use super::html::{page, PageOptions};
use super::period::Granularity;
use super::spreadsheet::serialize_text_cell;
use super::summary::summary_json;
use super::svg::ConceptLabel;
use super::{ReportError, Result};
use crate::classify::{ConceptTag, ConceptTagger, Taxonomy};
use crate::corpus::{corpus_files, CorpusError, CorpusFile, Date, Document, PageSpan, Progress};
use crate::index::{load_document, FileWarning, SkippedFile};

/// The files a report writes in its output folder.
pub const FILES: [&str; 4] = ["report.html", "passages.csv", "summary.json", "codebook.qdc"];

/// Called as a run advances (from several threads).
pub type ProgressFn<'a> = &'a (dyn Fn(&Progress<'_>) + Sync);

/// How to report.
#[derive(Clone, Copy)]
pub struct ReportOptions<'a> {
    /// The tagger (its concepts must be the taxonomy's).
    pub tagger: &'a ConceptTagger,
    /// The taxonomy (names, definitions, cues for the page and the codebook).
    pub taxonomy: &'a Taxonomy,
    /// Passages shown per concept.
    pub top_passages: usize,
    /// Documents shown in the heat map (those with the most tagged passages).
    pub heatmap_rows: usize,
    /// Organisations profiled (those with the most passages).
    pub profiles: usize,
    /// Files tagged in parallel before their rows are written (bounds memory).
    pub chunk_files: usize,
    /// The trend chart's periods; `None` chooses them from the span of the dates.
    pub period: Option<Granularity>,
    /// The day of the report: documents dated after it are flagged as probable typos.
    pub today: Date,
    /// Progress reports.
    pub progress: Option<ProgressFn<'a>>,
}

impl<'a> ReportOptions<'a> {
    /// The defaults: 5 passages per concept, 60 heat-map rows, 12 profiles, chunks of 32 files,
    /// periods chosen from the dates, today's date (UTC).
    pub fn new(tagger: &'a ConceptTagger, taxonomy: &'a Taxonomy) -> ReportOptions<'a> {
        ReportOptions {
            tagger,
            taxonomy,
            top_passages: 5,
            heatmap_rows: 60,
            profiles: 12,
            chunk_files: 32,
            period: None,
            today: time::OffsetDateTime::now_utc().date(),
            progress: None,
        }
    }
}

impl std::fmt::Debug for ReportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportOptions")
            .field("top_passages", &self.top_passages)
            .field("heatmap_rows", &self.heatmap_rows)
            .field("profiles", &self.profiles)
            .field("chunk_files", &self.chunk_files)
            .field("period", &self.period)
            .field("today", &self.today)
            .finish_non_exhaustive()
    }
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSummary {
    /// The output folder.
    pub out: PathBuf,
    /// Documents reported.
    pub documents: u64,
    /// Their passages.
    pub passages: u64,
    /// Passages with at least one concept.
    pub tagged: u64,
    /// Files that could not be read, with the reason.
    pub skipped: Vec<SkippedFile>,
    /// Files passed over because ruammue does not read their format (not an error).
    pub not_read: Vec<PathBuf>,
    /// Files read despite a problem (a front-matter date left out), in corpus order.
    pub warnings: Vec<FileWarning>,
    /// Documents dated after the day of the report or before 1900 (probably typos).
    pub odd_dates: Vec<OddDate>,
}

impl ReportSummary {
    /// One line about [`ReportSummary::odd_dates`], `None` when there are none.
    pub fn odd_dates_message(&self) -> Option<String> {
        (!self.odd_dates.is_empty()).then(|| odd_dates_message(&self.odd_dates))
    }
}

/// One row of `passages.csv`: a passage, its citation and its concepts. The text cells are
/// written through [`text_cell`](super::spreadsheet::text_cell), so a spreadsheet does not read
/// them as formulas; the fields keep the text as it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageRow {
    /// The document id (path under the corpus root).
    #[serde(serialize_with = "serialize_text_cell")]
    pub document: String,
    /// The document title.
    #[serde(serialize_with = "serialize_text_cell")]
    pub title: String,
    /// The issuing body.
    #[serde(serialize_with = "serialize_text_cell")]
    pub org: String,
    /// The document kind.
    pub kind: &'static str,
    /// The document date, `YYYY-MM-DD`, or empty.
    pub date: String,
    /// The passage number.
    pub passage: u32,
    /// Its first line in the file.
    pub first_line: u32,
    /// Its last line.
    pub last_line: u32,
    /// Concept ids, `;`-separated, highest score first.
    #[serde(serialize_with = "serialize_text_cell")]
    pub concepts: String,
    /// Their scores, `;`-separated, in the same order (numbers: written as they are).
    pub scores: String,
    /// The evidence of each concept: `concept: word, word | concept: word`.
    #[serde(serialize_with = "serialize_text_cell")]
    pub evidence: String,
    /// The page of a PDF the passage starts on; empty for other formats.
    pub page_start: Option<u32>,
    /// The page of a PDF the passage ends on; empty for other formats.
    pub page_end: Option<u32>,
}

/// Writes the report of the corpus folder `corpus` into the folder `out` (created if needed).
///
/// ```no_run
/// use ruammue::classify::{ConceptTagger, Taxonomy};
/// use ruammue::report::{generate, ReportOptions};
/// let options = ReportOptions::new(ConceptTagger::embedded(), Taxonomy::embedded());
/// let summary = generate("corpus".as_ref(), "report".as_ref(), &options)?;
/// println!("{} documents, {} skipped", summary.documents, summary.skipped.len());
/// # Ok::<(), ruammue::report::ReportError>(())
/// ```
pub fn generate(corpus: &Path, out: &Path, options: &ReportOptions<'_>) -> Result<ReportSummary> {
    if !corpus.exists() {
        return Err(ReportError::CorpusMissing { path: corpus.to_path_buf() });
    }
    prepare_out(out)?;
    let listing = corpus_files(corpus);
    let concept_ids = options.tagger.concept_ids().to_vec();
    let mut all = Aggregates::new(concept_ids, options.top_passages);
    for error in &listing.errors {
        all.skip(listing_skip(corpus, error));
    }
    all.not_read = listing.not_read;
    let sizes: Vec<u64> =
        listing.files.iter().map(|f| std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0)).collect();
    report_progress(options, &Progress::Started { files: listing.files.len(), bytes: sizes.iter().sum() });
    let csv_path = out.join("passages.csv");
    let mut csv = csv_file(&csv_path)?;
    let csv_error = |source| ReportError::Csv { path: csv_path.clone(), source };
    let processed = AtomicUsize::new(0);
    for (files, sizes) in listing.files.chunks(options.chunk_files.max(1)).zip(sizes.chunks(options.chunk_files.max(1)))
    {
        let results: Vec<FileResult> = files
            .par_iter()
            .zip(sizes)
            .map(|(file, &bytes)| {
                let result = tag_file(corpus, file, options);
                let done = processed.fetch_add(1, Ordering::Relaxed) + 1;
                report_progress(options, &Progress::File { path: &file.path, bytes, done });
                result
            })
            .collect();
        for result in results {
            match result {
                Ok(TaggedFile { document, rows, warnings }) => {
                    for row in &rows {
                        csv.serialize(row).map_err(csv_error)?;
                    }
                    all.warnings.extend(warnings);
                    all.add(document);
                }
                Err(skipped) => all.skip(skipped),
            }
        }
    }
    csv.flush().map_err(|source| ReportError::Io { path: csv_path.clone(), source })?;
    drop(csv);
    report_progress(options, &Progress::Finishing);
    write_outputs(corpus, out, &all, options)?;
    let odd_dates = all.odd_dates(options.today);
    Ok(ReportSummary {
        out: out.to_path_buf(),
        documents: all.total.documents,
        passages: all.total.passages,
        tagged: all.total.tagged,
        skipped: all.skipped,
        not_read: all.not_read,
        odd_dates,
        warnings: all.warnings,
    })
}

fn report_progress(options: &ReportOptions<'_>, event: &Progress<'_>) {
    if let Some(progress) = options.progress {
        progress(event);
    }
}

/// Makes sure `out` is a folder that exists, refusing a file.
fn prepare_out(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(ReportError::OutNotDir { path: out.to_path_buf() });
    }
    std::fs::create_dir_all(out).map_err(|source| ReportError::Io { path: out.to_path_buf(), source })
}

/// The byte order mark that starts the report's CSV files.
const UTF8_BOM: &[u8] = "\u{feff}".as_bytes();

/// A CSV writer into a new file at `path` that starts with a UTF-8 byte order mark: without it,
/// Excel on Windows opens a double-clicked CSV in the local code page and garbles the Thai. (The
/// `csv` crate skips the mark; Python's `csv` module needs the file opened with
/// `encoding="utf-8-sig"`.)
fn csv_file(path: &Path) -> Result<csv::Writer<BufWriter<File>>> {
    let io = |source| ReportError::Io { path: path.to_path_buf(), source };
    let mut file = BufWriter::new(File::create(path).map_err(io)?);
    file.write_all(UTF8_BOM).map_err(io)?;
    Ok(csv::Writer::from_writer(file))
}

fn write_outputs(corpus: &Path, out: &Path, all: &Aggregates, options: &ReportOptions<'_>) -> Result<()> {
    let concepts = concept_labels(options);
    let corpus_name = corpus.display().to_string();
    let page_options = PageOptions {
        corpus: &corpus_name,
        concepts: &concepts,
        heatmap_rows: options.heatmap_rows,
        profiles: options.profiles,
        period: options.period,
        today: options.today,
    };
    let summary = summary_json(all, &page_options)?;
    write_file(&out.join("summary.json"), summary.as_bytes())?;
    write_file(&out.join("codebook.qdc"), codebook(options.taxonomy).as_bytes())?;
    write_file(&out.join("report.html"), page(all, &page_options).as_bytes())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| ReportError::Io { path: path.to_path_buf(), source };
    let mut file = BufWriter::new(File::create(path).map_err(io)?);
    file.write_all(bytes).map_err(io)?;
    file.flush().map_err(io)
}

/// The tagger's concepts with the taxonomy's names (the id when the taxonomy lacks one).
fn concept_labels(options: &ReportOptions<'_>) -> Vec<ConceptLabel> {
    options
        .tagger
        .concept_ids()
        .iter()
        .map(|id| match options.taxonomy.get(id) {
            Some(c) => ConceptLabel { id: id.clone(), th: c.th.clone(), en: c.en.clone() },
            None => ConceptLabel { id: id.clone(), th: id.clone(), en: id.clone() },
        })
        .collect()
}

/// A file read and tagged: its counts, its rows of `passages.csv`, and its warnings.
struct TaggedFile {
    document: DocumentResult,
    rows: Vec<PassageRow>,
    warnings: Vec<FileWarning>,
}

type FileResult = std::result::Result<TaggedFile, SkippedFile>;

/// Reads one corpus file into a document, or says (on one line, without the path) why it is
/// skipped.
pub(super) fn read_document(corpus: &Path, file: &CorpusFile) -> std::result::Result<Document, SkippedFile> {
    let skipped = |reason: String| SkippedFile { path: file.path.clone(), reason: one_line(&reason) };
    let bytes = std::fs::read(&file.path).map_err(|err| skipped(format!("cannot read: {err}")))?;
    load_document(corpus, file, &bytes).map_err(|err| skipped(strip_path(&err, &file.path)))
}

/// Reads, tags and sums one file, or says why it was skipped.
fn tag_file(corpus: &Path, file: &CorpusFile, options: &ReportOptions<'_>) -> FileResult {
    let document = read_document(corpus, file)?;
    let info = document_info(&document);
    let ids = options.tagger.concept_ids();
    let mut counts = Counts::new(ids.len());
    counts.documents = 1;
    let mut top: Vec<TopPassages> = ids.iter().map(|_| TopPassages::new(options.top_passages)).collect();
    let mut rows = Vec::new();
    for passage in document.passages() {
        let tags = options.tagger.tag(&passage.text);
        let positions: Vec<usize> = tags.iter().filter_map(|t| ids.iter().position(|id| *id == t.concept)).collect();
        counts.add_passage(&positions);
        for (tag, &position) in tags.iter().zip(&positions) {
            if let Some(list) = top.get_mut(position).filter(|list| list.would_keep(tag.score)) {
                list.offer(excerpt(&info, &passage, tag));
            }
        }
        rows.push(passage_row(&info, &passage, &tags));
    }
    let warnings = FileWarning::of(&document);
    Ok(TaggedFile { document: DocumentResult { info, counts, top }, rows, warnings })
}

fn document_info(document: &Document) -> DocumentInfo {
    let (date, date_source) = document.dated().unzip();
    DocumentInfo {
        id: document.id.clone(),
        path: document.path.clone(),
        title: document.title.clone(),
        org: document.org.clone(),
        kind: document.kind,
        date,
        date_source,
    }
}

fn excerpt(info: &DocumentInfo, passage: &crate::corpus::Passage, tag: &ConceptTag) -> Excerpt {
    let mut evidence: Vec<(usize, usize)> = tag.evidence.iter().map(|e| (e.start, e.end)).collect();
    evidence.sort_unstable();
    Excerpt {
        score: tag.score,
        document: info.id.clone(),
        title: info.title.clone(),
        date: info.date,
        path: info.path.clone(),
        passage: passage.number,
        first_line: passage.first_line,
        last_line: passage.last_line,
        pages: passage.pages.as_ref().map(PageSpan::citation),
        text: passage.text.clone(),
        evidence,
    }
}

fn passage_row(info: &DocumentInfo, passage: &crate::corpus::Passage, tags: &[ConceptTag]) -> PassageRow {
    let join = |f: &dyn Fn(&ConceptTag) -> String, sep: &str| tags.iter().map(f).collect::<Vec<_>>().join(sep);
    PassageRow {
        document: info.id.clone(),
        title: info.title.clone(),
        org: info.org.clone().unwrap_or_default(),
        kind: info.kind.as_str(),
        date: info.date.map(format_date).unwrap_or_default(),
        passage: passage.number,
        first_line: passage.first_line,
        last_line: passage.last_line,
        concepts: join(&|t| t.concept.clone(), ";"),
        scores: join(&|t| format!("{:.3}", t.score), ";"),
        evidence: join(
            &|t| {
                let words: Vec<&str> = t.evidence.iter().map(|e| e.text.as_str()).collect();
                format!("{}: {}", t.concept, words.join(", "))
            },
            " | ",
        ),
        page_start: passage.pages.as_ref().map(|pages| pages.first),
        page_end: passage.pages.as_ref().map(PageSpan::last),
    }
}

/// A listing error as a skipped entry.
pub(super) fn listing_skip(corpus: &Path, error: &CorpusError) -> SkippedFile {
    let path = match error {
        CorpusError::Io { path, .. } | CorpusError::Decode { path, .. } => path.clone(),
        _ => corpus.to_path_buf(),
    };
    SkippedFile { reason: one_line(&strip_path(error, &path)), path }
}

/// An error message without its leading `path: ` (the report shows the path beside it).
fn strip_path(error: &CorpusError, path: &Path) -> String {
    let message = error.to_string();
    let shown = path.display().to_string();
    let Some(rest) = message.strip_prefix(&shown) else { return message };
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    match rest.get(digits..).and_then(|after| after.strip_prefix(':')) {
        Some(after) if digits > 0 => format!("line {}: {}", rest.get(..digits).unwrap_or(""), after.trim()),
        _ => rest.trim().to_string(),
    }
}

/// A message on one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
