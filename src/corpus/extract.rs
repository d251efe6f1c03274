//! Text extraction: the raw text of `.pdf` and `.docx` corpus files, before the rest of the
//! pipeline (`file ─extract─> text ─normalize─> …`; `.txt` and `.md` files are only decoded).
//!
//! The text returned is *raw*: the caller repairs it with [`normalize`](crate::normalize) and
//! parses it with [`Document::parse`](super::document::Document::parse). PDF and Word files have no
//! front matter, so their title is the file stem and their kind comes from the folder.
//!
//! **PDF** text comes from poppler's `pdftotext` in raw mode (`pdftotext -raw -enc UTF-8 FILE -`),
//! run as a subprocess with a time limit. The extractor was chosen by the round-trip score of
//! `../shared/tools/pdf_roundtrip.py` on the 20 PDFs made from `tests/data/pdf/tune/orig` (24,947
//! non-space characters), raw extraction scored without repair:
//!
//! | extractor | order_error | spurious spaces /1k | lost spaces /1k | phrases found |
//! |---|---|---|---|---|
//! | `pdftotext -raw` (chosen) | 0.0000 | 7.34 | 0.00 | 833/833 |
//! | `pdftotext` (reading order, the default) | 0.0087 | 19.36 | 1.32 | 747/833 |
//! | `pdftotext -layout` | 0.0041 | 19.56 | 0.88 | 751/833 |
//! | `pdf-extract` 0.12 (pure Rust) | 0.0126 | 9.54 | 0.64 | 569/833 |
//! | `lopdf` 0.36 `extract_text` (pure Rust) | 0.0126 | 45.42 | 0.64 | 569/833 |
//!
//! ("phrases found": space-separated Thai phrases of six or more characters of the originals
//! found in the extraction with all whitespace removed.) The default mode sorts glyphs by
//! position and so moves Thai marks past the next letter (`ครัง้ ที่`, `ร่างนีต` / `้ งั ้`);
//! raw mode keeps the content-stream order, which for word processors' PDFs is the typing
//! order. Both pure-Rust crates map glyphs wrongly (mai tho `้` read as sara uu `ู`, sara am
//! doubled as `ำา`, 215 NUL or U+FFFD characters): damage no repair can undo, so there is no
//! pure-Rust fallback: without `pdftotext`, a PDF is refused with [`ExtractError::NoExtractor`].
//!
//! A PDF whose text averages fewer than [`MIN_CHARS_PER_PAGE`] non-space characters a page has
//! no usable text layer (a scan): it is refused with [`ExtractError::NeedsOcr`], never indexed
//! empty. Form feeds (page ends) are removed, so paragraphs run on across pages; where each page
//! starts is kept beside the text ([`Extracted::pages`], a [`PageBreaks`] that normalization and
//! repair do not disturb), so passages can cite their pages. Word files have no reliable pages
//! (they are laid out by the program that opens them): their text has none.
//!
//! **DOCX** text is read from `word/document.xml` inside the zip container: runs' `w:t` text
//! concatenated, `w:tab` a tab, `w:br` and `w:cr` a line break, `w:noBreakHyphen` a hyphen;
//! deleted text of tracked changes, field codes and the fallback copy of text boxes are left
//! out; a table is one block of lines, a row a line with its cells separated by tabs (a cell's
//! paragraphs, and a table nested in it, joined by spaces). Paragraphs become lines. A
//! document that separates its paragraphs with empty paragraphs (typed with Enter twice, or
//! converted from text) keeps that layout: each paragraph a line, each run of empty paragraphs
//! one blank line. Otherwise (paragraph spacing instead of empty paragraphs) paragraphs are
//! separated by a blank line, so the passage splitter sees them. `word/document.xml` is read
//! up to [`MAX_DOCX_XML_BYTES`] uncompressed (a zip bomb stops there, with an error).
//!
//! Invariants: every error names the file; extraction never panics on any input; a successful
//! PDF or DOCX extraction is never empty or blank.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::decode::decode;
use super::page::PageBreaks;
use super::walk::Format;

/// The most uncompressed bytes of `word/document.xml` read from a `.docx` (200 MiB).
pub const MAX_DOCX_XML_BYTES: u64 = 200 * 1024 * 1024;

/// The most bytes of text taken from `pdftotext` for one PDF (256 MiB).
pub const MAX_PDF_TEXT_BYTES: u64 = 256 * 1024 * 1024;

/// A PDF whose text averages fewer non-space characters than this per page needs OCR.
pub const MIN_CHARS_PER_PAGE: usize = 20;

/// How long `pdftotext` may run on one file before it is stopped.
pub const PDFTOTEXT_TIMEOUT: Duration = Duration::from_secs(120);

/// The PDF extractor's program name, looked up on `PATH`.
const PDFTOTEXT: &str = "pdftotext";

/// At most this many bytes of `pdftotext`'s error output are kept for a message.
const MAX_STDERR_BYTES: u64 = 64 * 1024;

/// WordprocessingML namespaces: transitional (what Word and LibreOffice write) and strict.
const WORDML: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// The markup-compatibility namespace (`mc:AlternateContent`, `mc:Fallback`).
const MARKUP_COMPATIBILITY: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Why a file's text could not be extracted. Every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// A PDF with no usable text layer (a scan): it needs OCR before it can be indexed.
    #[error(
        "{path}: no text layer ({pages} page(s), {chars} characters of text): a scanned PDF needs OCR first \
         (e.g. `ocrmypdf -l tha IN.pdf OUT.pdf`)"
    )]
    NeedsOcr {
        /// The PDF.
        path: PathBuf,
        /// Its number of pages.
        pages: usize,
        /// The non-space characters its text layer has.
        chars: usize,
    },
    /// No PDF text extractor is installed.
    #[error(
        "{path}: reading PDF files needs pdftotext (poppler-utils), which is not installed: \
         `apt-get install poppler-utils`, `dnf install poppler-utils` or `brew install poppler`"
    )]
    NoExtractor {
        /// The PDF.
        path: PathBuf,
    },
    /// A `.docx` file that is not a readable Word document.
    #[error("{path}: not a readable .docx file: {reason}")]
    Docx {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A PDF that the extractor could not read.
    #[error("{path}: cannot extract the text of this PDF: {reason}")]
    Pdf {
        /// The file.
        path: PathBuf,
        /// What the extractor reported.
        reason: String,
    },
    /// A `.txt` or `.md` file that is not text in an accepted encoding.
    #[error("{path}: {reason}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
    },
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl ExtractError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ExtractError::NeedsOcr { path, .. }
            | ExtractError::NoExtractor { path }
            | ExtractError::Docx { path, .. }
            | ExtractError::Pdf { path, .. }
            | ExtractError::Decode { path, .. }
            | ExtractError::Io { path, .. } => path,
        }
    }
}

/// A file's extracted text and, for a PDF, where its pages start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The text (see [`extract_text`]).
    pub text: String,
    /// Where each page starts, for a PDF; `None` for other formats.
    pub pages: Option<PageBreaks>,
}

/// The text of the file at `path`, read as `format`, with a PDF's pages: what [`extract_text`]
/// returns, and the [`PageBreaks`] of a PDF.
pub fn extract(path: &Path, format: Format) -> Result<Extracted, ExtractError> {
    match format {
        Format::Pdf => extract_pdf(path, PDFTOTEXT).map(|(text, pages)| Extracted { text, pages: Some(pages) }),
        Format::Docx | Format::Text | Format::Markdown => {
            extract_text(path, format).map(|text| Extracted { text, pages: None })
        }
    }
}

/// The text of the file at `path`, read as `format`.
///
/// - [`Format::Pdf`], [`Format::Docx`]: the raw extracted text (see the [module docs](self)),
///   never blank; the caller normalizes it.
/// - [`Format::Text`], [`Format::Markdown`]: the file decoded (UTF-8, UTF-16 with a byte-order
///   mark, TIS-620), as [`Document::load`](super::document::Document::load) does, which also
///   records the encoding and is the usual way to read them.
///
/// ```no_run
/// use std::path::Path;
/// use ruammue::corpus::extract::{extract_text, ExtractError};
/// use ruammue::corpus::Format;
///
/// let path = Path::new("minutes/2567-08.pdf");
/// match extract_text(path, Format::Pdf) {
///     Ok(text) => println!("{}", ruammue::normalize::normalize(&text)),
///     Err(err @ ExtractError::NeedsOcr { .. }) => eprintln!("skipped: {err}"),
///     Err(err) => eprintln!("error: {err}"),
/// }
/// ```
pub fn extract_text(path: &Path, format: Format) -> Result<String, ExtractError> {
    match format {
        Format::Pdf => extract_pdf(path, PDFTOTEXT).map(|(text, _)| text),
        Format::Docx => extract_docx(path, MAX_DOCX_XML_BYTES),
        Format::Text | Format::Markdown => {
            let bytes = std::fs::read(path).map_err(|source| ExtractError::Io { path: path.to_path_buf(), source })?;
            decode(&bytes)
                .map(|decoded| decoded.text)
                .map_err(|err| ExtractError::Decode { path: path.to_path_buf(), reason: err.to_string() })
        }
    }
}

/// Whether `pdftotext` can be run, i.e. whether PDF files can be read. A front end may call it
/// once to warn before a run instead of reporting [`ExtractError::NoExtractor`] for every PDF.
pub fn pdf_extractor_available() -> bool {
    Command::new(PDFTOTEXT).arg("-v").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

// ---------------------------------------------------------------------------------------------
// PDF

/// Extracts a PDF's text and its page breaks with `program` (`pdftotext` or a stand-in in tests).
fn extract_pdf(path: &Path, program: &str) -> Result<(String, PageBreaks), ExtractError> {
    let pdf_error = |reason: String| ExtractError::Pdf { path: path.to_path_buf(), reason };
    // Open the file here first, so a missing or unreadable file is an I/O error, not pdftotext's.
    File::open(path).map_err(|source| ExtractError::Io { path: path.to_path_buf(), source })?;
    let child = Command::new(program)
        .args(["-raw", "-enc", "UTF-8"])
        .arg(option_safe(path).as_os_str())
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let child = match child {
        Ok(child) => child,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(ExtractError::NoExtractor { path: path.to_path_buf() })
        }
        Err(err) => return Err(pdf_error(format!("cannot run {program}: {err}"))),
    };
    let output = run_with_limits(child, PDFTOTEXT_TIMEOUT, MAX_PDF_TEXT_BYTES)
        .map_err(|err| pdf_error(format!("running {program}: {err}")))?;
    if output.timed_out {
        return Err(pdf_error(format!("{program} took longer than {} s", PDFTOTEXT_TIMEOUT.as_secs())));
    }
    if output.stdout_truncated {
        return Err(pdf_error(format!("more than {} MiB of text", MAX_PDF_TEXT_BYTES / (1024 * 1024))));
    }
    if !output.status.success() {
        return Err(pdf_error(failure_reason(program, output.status, &output.stderr)));
    }
    let raw = String::from_utf8(output.stdout).map_err(|_| pdf_error(format!("{program} did not write UTF-8")))?;
    let (text, breaks) = join_pages(&raw);
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let pages = breaks.pages();
    if chars < MIN_CHARS_PER_PAGE.saturating_mul(pages) {
        return Err(ExtractError::NeedsOcr { path: path.to_path_buf(), pages, chars });
    }
    Ok((text, breaks))
}

/// `path` as a command-line argument that cannot be read as an option (`-x.pdf` → `./-x.pdf`).
fn option_safe(path: &Path) -> Cow<'_, Path> {
    if path.as_os_str().as_encoded_bytes().first() == Some(&b'-') {
        Cow::Owned(Path::new(".").join(path))
    } else {
        Cow::Borrowed(path)
    }
}

/// What a child process wrote and how it ended.
struct Output {
    /// How it exited (after being killed, when it timed out or wrote too much).
    status: ExitStatus,
    /// Its standard output, at most the limit.
    stdout: Vec<u8>,
    /// Whether standard output went past the limit (the process was then stopped).
    stdout_truncated: bool,
    /// Its error output (the first [`MAX_STDERR_BYTES`]).
    stderr: Vec<u8>,
    /// Whether it was stopped for running too long.
    timed_out: bool,
}

/// Waits for `child`, reading its output on two threads, and stops it after `timeout` or once
/// it has written more than `max_stdout` bytes.
fn run_with_limits(mut child: Child, timeout: Duration, max_stdout: u64) -> io::Result<Output> {
    let mut stdout_reader = child.stdout.take().map(|pipe| read_limited(pipe, max_stdout.saturating_add(1), false));
    let stderr_reader = child.stderr.take().map(|pipe| read_limited(pipe, MAX_STDERR_BYTES, true));
    let start = Instant::now();
    let mut stdout = None;
    let mut stdout_truncated = false;
    let mut timed_out = false;
    let status = loop {
        if stdout.is_none() && stdout_reader.as_ref().is_some_and(JoinHandle::is_finished) {
            // Output closed or the limit reached: in the second case, stop the process.
            let bytes = match join_reader(stdout_reader.take()) {
                Ok(bytes) => bytes,
                Err(err) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(err);
                }
            };
            stdout_truncated = bytes.len() as u64 > max_stdout;
            stdout = Some(bytes);
            if stdout_truncated {
                let _ = child.kill();
                break child.wait()?;
            }
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > timeout {
            timed_out = true;
            let _ = child.kill();
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(10));
    };
    let stdout = match stdout {
        Some(bytes) => bytes,
        None => join_reader(stdout_reader)?,
    };
    let stderr = join_reader(stderr_reader).unwrap_or_default();
    Ok(Output { status, stdout, stdout_truncated, stderr, timed_out })
}

/// Reads at most `limit` bytes of `pipe` on a new thread; with `drain`, reads and discards the
/// rest, so the process never blocks on a full pipe.
fn read_limited(mut pipe: impl Read + Send + 'static, limit: u64, drain: bool) -> JoinHandle<io::Result<Vec<u8>>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        (&mut pipe).take(limit).read_to_end(&mut bytes)?;
        if drain {
            io::copy(&mut pipe, &mut io::sink())?;
        }
        Ok(bytes)
    })
}

/// The bytes a [`read_limited`] thread read (none without a thread).
fn join_reader(handle: Option<JoinHandle<io::Result<Vec<u8>>>>) -> io::Result<Vec<u8>> {
    match handle {
        Some(handle) => handle.join().unwrap_or_else(|_| Err(io::Error::other("output reader thread failed"))),
        None => Ok(Vec::new()),
    }
}

/// A one-line reason for a failed `pdftotext` run: its last error line, else its exit status.
fn failure_reason(program: &str, status: ExitStatus, stderr: &[u8]) -> String {
    let stderr = String::from_utf8_lossy(stderr);
    let line = stderr
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .rfind(|line| line.contains("Error"))
        .or_else(|| stderr.lines().map(str::trim).rfind(|line| !line.is_empty()));
    match line {
        Some(line) => format!("{program}: {line}"),
        None => format!("{program} failed ({status})"),
    }
}

/// Removes the form feed `pdftotext` writes after each page, keeping a line break where a page
/// did not end with one, and returns the text and where its pages start (at least one page; text
/// after the last form feed is a page unless it is only whitespace).
fn join_pages(raw: &str) -> (String, PageBreaks) {
    let mut text = String::with_capacity(raw.len());
    let mut form_feeds = 0;
    for (i, page) in raw.split('\u{c}').enumerate() {
        if i > 0 {
            form_feeds += 1;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
        }
        text.push_str(page);
    }
    let last_page_unended = !raw.ends_with('\u{c}') && !raw.trim().is_empty();
    let pages = (form_feeds + usize::from(last_page_unended)).max(1);
    (text, PageBreaks::from_pages(raw.split('\u{c}').take(pages)))
}

// ---------------------------------------------------------------------------------------------
// DOCX

/// Extracts the text of a `.docx`, reading at most `max_xml` bytes of `word/document.xml`.
fn extract_docx(path: &Path, max_xml: u64) -> Result<String, ExtractError> {
    let docx_error = |reason: String| ExtractError::Docx { path: path.to_path_buf(), reason };
    let file = File::open(path).map_err(|source| ExtractError::Io { path: path.to_path_buf(), source })?;
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(archive) => archive,
        Err(zip::result::ZipError::Io(source)) => return Err(ExtractError::Io { path: path.to_path_buf(), source }),
        Err(err) => return Err(docx_error(not_a_zip(path, &err))),
    };
    let part = match archive.by_name("word/document.xml") {
        Ok(part) => part,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(docx_error("a zip file without word/document.xml (not a Word document)".to_string()))
        }
        Err(err) => return Err(docx_error(format!("word/document.xml: {err}"))),
    };
    if part.size() > max_xml {
        return Err(docx_error(format!(
            "word/document.xml is {} bytes uncompressed, more than the limit of {max_xml}",
            part.size()
        )));
    }
    let reader = BufReader::new(Limited { inner: part, left: max_xml, limit: max_xml });
    let paragraphs = docx_paragraphs(reader).map_err(|reason| docx_error(format!("word/document.xml: {reason}")))?;
    let text = join_paragraphs(&paragraphs);
    if text.trim().is_empty() {
        return Err(docx_error("the document has no text".to_string()));
    }
    Ok(text)
}

/// Why a file is not a zip archive, with a hint when it is an OLE compound file (an old `.doc`,
/// or a password-protected `.docx`, which Word stores encrypted in one).
fn not_a_zip(path: &Path, err: &zip::result::ZipError) -> String {
    let mut magic = [0u8; 8];
    let ole = File::open(path).and_then(|mut file| file.read_exact(&mut magic)).is_ok()
        && magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if ole {
        "an OLE compound file, not a zip: an old Word .doc or a password-protected .docx \
         (save it as .docx without a password)"
            .to_string()
    } else {
        format!("not a zip archive ({err})")
    }
}

/// A reader that fails once more than `limit` bytes have been read from it.
struct Limited<R> {
    /// The reader.
    inner: R,
    /// Bytes that may still be read.
    left: u64,
    /// The limit, for the message.
    limit: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let n64 = u64::try_from(n).unwrap_or(u64::MAX);
        if n64 > self.left {
            return Err(io::Error::other(format!("more than {} bytes uncompressed", self.limit)));
        }
        self.left -= n64;
        Ok(n)
    }
}

/// Where the parser is inside a table row: the finished cells and the one being read.
#[derive(Default)]
struct Row {
    /// Finished cells' text.
    cells: Vec<String>,
    /// The current cell's text.
    cell: String,
}

/// The text of each paragraph (and table row) of a WordprocessingML document, in order.
fn docx_paragraphs(reader: impl io::BufRead) -> Result<Vec<String>, String> {
    let mut xml = NsReader::from_reader(reader);
    let mut buf = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut open: Vec<String> = Vec::new(); // open paragraphs (text boxes nest them)
    let mut rows: Vec<Row> = Vec::new(); // open table rows (tables nest in cells)
    let mut tables: Vec<Vec<String>> = Vec::new(); // the finished rows of each open table
    let mut depth: usize = 0; // open elements
    let mut runs: usize = 0; // open w:r elements
    let mut text: usize = 0; // open w:t elements
    let mut skipped: usize = 0; // open elements whose content is left out
    loop {
        let (wordml, fallback, event) = match xml.read_resolved_event_into(&mut buf) {
            Ok((ns, event)) => {
                let ns = match ns {
                    ResolveResult::Bound(ns) => ns.into_inner(),
                    _ => "",
                };
                (WORDML.contains(&ns), ns == MARKUP_COMPATIBILITY, event)
            }
            Err(err) => return Err(format!("broken XML near byte {}: {err}", xml.error_position())),
        };
        match event {
            Event::Start(start) => {
                depth += 1;
                let name = local_name(&start);
                if skipped > 0 || (fallback && name == "Fallback") || (wordml && is_skipped(name)) {
                    skipped += 1;
                } else if wordml {
                    match name {
                        "p" => open.push(String::new()),
                        "r" => runs += 1,
                        "t" => text += 1,
                        "tr" => rows.push(Row::default()),
                        "tbl" => tables.push(Vec::new()),
                        _ => push_inline(&mut open, runs, name),
                    }
                }
            }
            Event::Empty(start) => {
                let name = local_name(&start);
                if skipped == 0 && wordml {
                    match name {
                        "p" => emit(String::new(), &mut paragraphs, &mut rows),
                        "tc" => {
                            if let Some(row) = rows.last_mut() {
                                row.cells.push(String::new());
                            }
                        }
                        _ => push_inline(&mut open, runs, name),
                    }
                }
            }
            Event::End(end) => {
                depth = depth.checked_sub(1).ok_or("an end tag without a start tag")?;
                if skipped > 0 {
                    skipped -= 1;
                } else if wordml {
                    match end.local_name().into_inner() {
                        "p" => {
                            let paragraph = open.pop().unwrap_or_default();
                            emit(paragraph, &mut paragraphs, &mut rows);
                        }
                        "r" => runs = runs.saturating_sub(1),
                        "t" => text = text.saturating_sub(1),
                        "tc" => {
                            if let Some(row) = rows.last_mut() {
                                let cell = std::mem::take(&mut row.cell);
                                row.cells.push(cell);
                            }
                        }
                        "tr" => {
                            let row = rows.pop().unwrap_or_default();
                            let line = row.cells.iter().map(|cell| cell.trim()).collect::<Vec<_>>().join("\t");
                            match tables.last_mut() {
                                Some(table) => table.push(line.trim_end().to_string()),
                                None => emit(line.trim_end().to_string(), &mut paragraphs, &mut rows),
                            }
                        }
                        "tbl" => {
                            let table = tables.pop().unwrap_or_default();
                            emit(table.join("\n"), &mut paragraphs, &mut rows);
                        }
                        _ => {}
                    }
                }
            }
            Event::Text(chars) if text > 0 && skipped == 0 => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph.push_str(&chars.xml10_content());
                }
            }
            Event::CData(chars) if text > 0 && skipped == 0 => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph.push_str(&chars.xml10_content());
                }
            }
            Event::GeneralRef(reference) if text > 0 && skipped == 0 => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_xml_entity(&reference).map(str::to_string),
                    Err(err) => {
                        return Err(format!("bad character reference near byte {}: {err}", xml.buffer_position()))
                    }
                };
                match (resolved, open.last_mut()) {
                    (Some(resolved), Some(paragraph)) => paragraph.push_str(&resolved),
                    (None, _) => return Err(format!("unknown entity &{};", &*reference)),
                    (Some(_), None) => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if depth > 0 {
        return Err("the XML ends inside an element (a truncated file?)".to_string());
    }
    Ok(paragraphs)
}

/// The local part of an element's name (`w:p` → `p`), empty if it is not UTF-8.
fn local_name<'a>(start: &'a BytesStart<'_>) -> &'a str {
    start.local_name().into_inner()
}

/// WordprocessingML elements whose content is not the document's text: deleted and moved-away
/// text of tracked changes, and field codes (`PAGE`, `TOC \\o`). (The copies of text boxes kept
/// for old readers, under `mc:Fallback`, are checked by the caller.)
fn is_skipped(name: &str) -> bool {
    matches!(name, "moveFrom" | "delText" | "instrText")
}

/// Appends the character a run-level element stands for (`w:tab`, `w:br`, …) to the innermost
/// open paragraph; elements outside a run (tab stops in paragraph properties) are not text.
fn push_inline(open: &mut [String], runs: usize, name: &str) {
    if runs == 0 {
        return;
    }
    let c = match name {
        "tab" | "ptab" => '\t',
        "br" | "cr" => '\n',
        "noBreakHyphen" => '-',
        _ => return,
    };
    if let Some(paragraph) = open.last_mut() {
        paragraph.push(c);
    }
}

/// A finished paragraph (or table) goes into the current table cell, on one line, or else into
/// the document's paragraphs.
fn emit(paragraph: String, paragraphs: &mut Vec<String>, rows: &mut [Row]) {
    match rows.last_mut() {
        Some(row) => {
            for line in paragraph.split('\n').map(str::trim).filter(|line| !line.is_empty()) {
                if !row.cell.is_empty() {
                    row.cell.push(' ');
                }
                row.cell.push_str(line);
            }
        }
        None => paragraphs.push(paragraph),
    }
}

/// Joins paragraphs into text (see the [module docs](self)): when empty paragraphs separate
/// text paragraphs often enough (one run of them per ten text paragraphs or more), paragraphs
/// are lines and each run of empty ones one blank line; otherwise paragraphs are separated by a
/// blank line. Empty paragraphs at the start and end are dropped.
fn join_paragraphs(paragraphs: &[String]) -> String {
    let blank = |p: &String| p.trim().is_empty();
    let full = paragraphs.iter().filter(|p| !blank(p)).count();
    let first = paragraphs.iter().position(|p| !blank(p));
    let last = paragraphs.iter().rposition(|p| !blank(p));
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let body = paragraphs.get(first..=last).unwrap_or_default();
    let separators = body.windows(2).filter(|pair| matches!(pair, [a, b] if !blank(a) && blank(b))).count();
    let keep_layout = separators > 0 && separators.saturating_mul(10) >= full;
    let mut text = String::new();
    let mut after_blank = false;
    for paragraph in body {
        if blank(paragraph) {
            after_blank = true;
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
            if after_blank || !keep_layout {
                text.push('\n');
            }
        }
        text.push_str(paragraph);
        after_blank = false;
    }
    text.push('\n');
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::normalize::normalize;

    /// The fixtures (see tests/data/ingest/README.md).
    fn fixture(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest").join(rel)
    }

    const TXT: &str = "txt/minutes/nong-bua-thong.txt";
    const PDF: &str = "pdf/minutes/nong-bua-thong.pdf";
    const DOCX: &str = "docx/minutes/nong-bua-thong.docx";
    const SCAN: &str = "scan/minutes/nong-bua-thong-scan.pdf";

    /// Five distinctive phrases of the minutes (agenda items and speakers' words).
    const PHRASES: [&str; 5] = [
        "ร่างเทศบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "การเลือกคณะกรรมการแปรญัตติและกำหนดระยะเวลาเสนอคำแปรญัตติ",
        "ชาวบ้านถามว่าไปเวทีประชาคมแล้วได้อะไรครับ",
        "ขอให้เปิดเผยราคากลางด้วยค่ะ",
        "ไฟกิ่งถนนหน้าวัดโพธิ์ศรีดับ ๔ จุด",
    ];

    fn without_spaces(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// Lines with their runs of whitespace collapsed to one space, blank lines kept.
    fn lines_modulo_spaces(text: &str) -> Vec<String> {
        text.trim().lines().map(|line| line.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
    }

    /// Skips a test (with a message) when pdftotext is not installed; CI installs poppler-utils.
    macro_rules! require_pdftotext {
        () => {
            if !pdf_extractor_available() {
                eprintln!("skipped: pdftotext (poppler-utils) is not installed");
                return;
            }
        };
    }

    /// A `.docx` in a temporary folder whose `word/document.xml` is `body` inside `w:body`.
    fn docx_with(body: &str) -> (tempfile::TempDir, PathBuf) {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
        );
        zip_with(&[("word/document.xml", xml.as_bytes())])
    }

    fn zip_with(entries: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.docx");
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
        (dir, path)
    }

    #[test]
    fn docx_fixture_has_the_original_paragraphs() {
        let original = std::fs::read_to_string(fixture(TXT)).unwrap();
        let text = extract_text(&fixture(DOCX), Format::Docx).unwrap();
        assert_eq!(lines_modulo_spaces(&text), lines_modulo_spaces(&original));
    }

    #[test]
    fn pdf_fixture_keeps_every_character_in_order() {
        require_pdftotext!();
        let original = std::fs::read_to_string(fixture(TXT)).unwrap();
        let text = extract_text(&fixture(PDF), Format::Pdf).unwrap();
        assert!(!text.contains('\u{c}'), "form feeds are removed");
        assert_eq!(without_spaces(&text), without_spaces(&original));
    }

    #[test]
    fn pdf_fixture_contains_the_test_phrases_after_normalize() {
        require_pdftotext!();
        let text = without_spaces(&normalize(&extract_text(&fixture(PDF), Format::Pdf).unwrap()));
        for phrase in PHRASES {
            assert!(text.contains(&without_spaces(phrase)), "{phrase} not found in the PDF's text");
        }
    }

    #[test]
    fn image_only_pdf_needs_ocr() {
        require_pdftotext!();
        let err = extract_text(&fixture(SCAN), Format::Pdf).unwrap_err();
        assert!(matches!(&err, ExtractError::NeedsOcr { pages: 2, chars: 0, .. }), "{err:?}");
        assert_eq!(err.path(), fixture(SCAN));
        assert!(err.to_string().contains("OCR"), "{err}");
    }

    #[test]
    fn missing_pdftotext_is_reported_with_the_package_to_install() {
        let err = extract_pdf(&fixture(PDF), "ruammue-no-such-pdftotext").unwrap_err();
        assert!(matches!(err, ExtractError::NoExtractor { .. }), "{err:?}");
        assert!(err.to_string().contains("poppler-utils") && err.to_string().contains("nong-bua-thong.pdf"));
    }

    #[cfg(unix)]
    #[test]
    fn slow_or_flooding_extractors_are_stopped() {
        let spawn = |script: &str| {
            Command::new("sh").args(["-c", script]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
        };
        let out = run_with_limits(spawn("exec sleep 10"), Duration::from_millis(100), 1000).unwrap();
        assert!(out.timed_out && !out.status.success());
        let out = run_with_limits(spawn("yes ก"), Duration::from_secs(30), 1000).unwrap();
        assert!(out.stdout_truncated && !out.timed_out && out.stdout.len() == 1001);
        // A flood on standard error neither blocks the process nor is kept whole.
        let out = run_with_limits(spawn("head -c 300000 /dev/zero >&2; echo done"), Duration::from_secs(30), 1000);
        let out = out.unwrap();
        assert!(out.status.success() && !out.stdout_truncated && out.stdout == b"done\n");
        assert_eq!(out.stderr.len() as u64, MAX_STDERR_BYTES);
    }

    #[cfg(unix)]
    #[test]
    fn failure_reason_is_the_last_error_line() {
        use std::os::unix::process::ExitStatusExt;
        let status = ExitStatus::from_raw(1 << 8); // exit code 1
        let stderr = b"Syntax Warning: May not be a PDF file\nSyntax Error: Couldn't read xref table\n\n";
        assert_eq!(failure_reason("pdftotext", status, stderr), "pdftotext: Syntax Error: Couldn't read xref table");
        assert_eq!(failure_reason("pdftotext", status, b"odd message\n"), "pdftotext: odd message");
        assert!(failure_reason("pdftotext", status, b"").starts_with("pdftotext failed (exit status: 1"));
    }

    #[test]
    fn broken_pdf_is_a_pdf_error_naming_the_file() {
        require_pdftotext!();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("-broken.pdf"); // also: a name that looks like an option
        std::fs::write(&path, b"%PDF-1.4\nnot really a PDF\n").unwrap();
        let err = extract_text(&path, Format::Pdf).unwrap_err();
        assert!(matches!(err, ExtractError::Pdf { .. }), "{err:?}");
        assert!(err.to_string().contains("-broken.pdf"), "{err}");
    }

    #[test]
    fn missing_files_are_io_errors() {
        for format in [Format::Pdf, Format::Docx, Format::Text] {
            let err = extract_text(Path::new("no/such/file"), format).unwrap_err();
            assert!(matches!(err, ExtractError::Io { .. }), "{format:?}: {err:?}");
        }
    }

    #[test]
    fn docx_that_is_not_a_zip_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.docx");
        std::fs::write(&path, "ข้อความธรรมดา ไม่ใช่ไฟล์ Word").unwrap();
        let err = extract_text(&path, Format::Docx).unwrap_err();
        assert!(matches!(err, ExtractError::Docx { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("notes.docx") && message.contains("not a zip"), "{message}");

        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.resize(1024, 0);
        std::fs::write(&path, ole).unwrap();
        let message = extract_text(&path, Format::Docx).unwrap_err().to_string();
        assert!(message.contains("password-protected"), "{message}");
    }

    #[test]
    fn zip_without_document_xml_is_a_clear_error() {
        let (_dir, path) = zip_with(&[("mimetype", b"application/epub+zip")]);
        let message = extract_text(&path, Format::Docx).unwrap_err().to_string();
        assert!(message.contains("without word/document.xml"), "{message}");
    }

    #[test]
    fn broken_xml_is_a_clear_error() {
        let (_dir, path) = docx_with("<w:p><w:r><w:t>ข้อความ</w:r></w:p>");
        let err = extract_text(&path, Format::Docx).unwrap_err();
        assert!(matches!(err, ExtractError::Docx { .. }) && err.to_string().contains("broken XML"), "{err}");

        let (_dir, path) = zip_with(&[("word/document.xml", b"<w:document xmlns:w='x'><w:body><w:p>")]);
        let err = extract_text(&path, Format::Docx).unwrap_err();
        assert!(err.to_string().contains("word/document.xml"), "{err}");
    }

    #[test]
    fn docx_bigger_than_the_limit_is_refused() {
        let paragraph = "<w:p><w:r><w:t>การมีส่วนร่วมของประชาชน</w:t></w:r></w:p>".repeat(2000);
        let (_dir, path) = docx_with(&paragraph);
        assert!(extract_docx(&path, MAX_DOCX_XML_BYTES).is_ok());
        let message = extract_docx(&path, 10_000).unwrap_err().to_string();
        assert!(message.contains("more than the limit"), "{message}");
    }

    #[test]
    fn limited_reader_stops_a_lying_size() {
        let mut reader = Limited { inner: &[0u8; 100][..], left: 10, limit: 10 };
        let mut out = Vec::new();
        let err = reader.read_to_end(&mut out).unwrap_err();
        assert!(err.to_string().contains("more than 10 bytes"), "{err}");
    }

    #[test]
    fn docx_runs_tabs_breaks_and_entities() {
        let (_dir, path) = docx_with(concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>"#,
            r#"<w:r><w:t>ระเบียบวาระ</w:t></w:r><w:r><w:t xml:space="preserve">ที่ ๑ </w:t></w:r>"#,
            r#"<w:r><w:tab/><w:t>A &amp; B &#x0E01;</w:t><w:br/><w:t>บรรทัดใหม่</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>ย่อหน้าสอง</w:t></w:r></w:p>"#,
        ));
        let text = extract_text(&path, Format::Docx).unwrap();
        assert_eq!(text, "ระเบียบวาระที่ ๑ \tA & B ก\nบรรทัดใหม่\n\nย่อหน้าสอง\n");
    }

    #[test]
    fn docx_leaves_out_deleted_text_field_codes_and_fallbacks() {
        let (_dir, path) = docx_with(concat!(
            r#"<w:p><w:del><w:r><w:delText>ลบแล้ว</w:delText></w:r></w:del>"#,
            r#"<w:ins><w:r><w:t>เพิ่ม</w:t></w:r></w:ins>"#,
            r#"<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>๓</w:t></w:r>"#,
            r#"<w:moveFrom><w:r><w:t>ย้ายออก</w:t></w:r></w:moveFrom></w:p>"#,
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>"#,
            r#"<w:p><w:r><w:t>กล่องข้อความ</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>กล่องข้อความ</w:t></w:r></w:p>"#,
            r#"</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
            r#"<w:r><w:t>หลังกล่อง</w:t></w:r></w:p>"#,
        ));
        let text = extract_text(&path, Format::Docx).unwrap();
        assert_eq!(text, "เพิ่ม๓\n\nกล่องข้อความ\n\nหลังกล่อง\n");
    }

    #[test]
    fn docx_table_rows_are_lines_with_tab_separated_cells() {
        let cell = |text: &str| format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>");
        let row = |a: &str, b: &str| format!("<w:tr>{}{}</w:tr>", cell(a), cell(b));
        let body = format!(
            "<w:p><w:r><w:t>ผู้มาประชุม</w:t></w:r></w:p><w:tbl>{}{}</w:tbl>",
            row("๑", "นายประเสริฐ บุญมาก"),
            row("๒", "นางสาวอรุณี ทองคำ")
        );
        let (_dir, path) = docx_with(&body);
        let text = extract_text(&path, Format::Docx).unwrap();
        assert_eq!(text, "ผู้มาประชุม\n\n๑\tนายประเสริฐ บุญมาก\n๒\tนางสาวอรุณี ทองคำ\n");
    }

    #[test]
    fn empty_docx_is_an_error() {
        let (_dir, path) = docx_with("<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>");
        let message = extract_text(&path, Format::Docx).unwrap_err().to_string();
        assert!(message.contains("no text"), "{message}");
    }

    #[test]
    fn paragraph_layout_follows_the_documents_use_of_empty_paragraphs() {
        let p = |s: &str| s.to_string();
        // Empty paragraphs as separators: the author's layout is kept.
        let typed = [p(""), p("หัวเรื่อง"), p("บรรทัดหนึ่ง"), p(""), p(""), p("บรรทัดสอง"), p("")];
        assert_eq!(join_paragraphs(&typed), "หัวเรื่อง\nบรรทัดหนึ่ง\n\nบรรทัดสอง\n");
        // No empty paragraphs (or too few): a blank line between paragraphs.
        let mut spaced: Vec<String> = (0..20).map(|i| format!("ย่อหน้า {i}")).collect();
        assert!(join_paragraphs(&spaced).starts_with("ย่อหน้า 0\n\nย่อหน้า 1\n\n"));
        spaced.insert(1, p(""));
        assert!(join_paragraphs(&spaced).starts_with("ย่อหน้า 0\n\nย่อหน้า 1\n\nย่อหน้า 2"));
        assert_eq!(join_paragraphs(&[p(" "), p("")]), "");
    }

    #[test]
    fn pages_are_joined_without_form_feeds() {
        let joined = |raw: &str| {
            let (text, breaks) = join_pages(raw);
            (text, breaks.pages())
        };
        assert_eq!(joined("หน้าหนึ่ง\n\u{c}หน้าสอง\n\u{c}"), ("หน้าหนึ่ง\nหน้าสอง\n".to_string(), 2));
        assert_eq!(joined("ก\u{c}ข\u{c}"), ("ก\nข\n".to_string(), 2));
        assert_eq!(joined("\u{c}\u{c}\u{c}"), (String::new(), 3));
        assert_eq!(joined(""), (String::new(), 1));
        assert_eq!(joined("ไม่มีฟอร์มฟีด"), ("ไม่มีฟอร์มฟีด".to_string(), 1));
    }

    #[test]
    fn page_breaks_are_found_again_in_the_joined_text() {
        // Page 1 ends without a line break, page 2 is empty, page 3 starts with a leading vowel.
        let (text, breaks) = join_pages("มติที่ประชุม รับทราบ\u{c}\u{c}เลิกประชุม เวลา ๑๖.๐๐ น.\n\u{c}");
        assert_eq!(text, "มติที่ประชุม รับทราบ\nเลิกประชุม เวลา ๑๖.๐๐ น.\n");
        let map = breaks.locate(&text);
        assert_eq!((breaks.pages(), map.page_at(0), map.page_at(text.find("เลิก").unwrap())), (3, 1, 3));
        assert_eq!(map.page_at(text.find('\n').unwrap()), 1);
    }

    #[test]
    fn pdf_fixture_has_four_pages_and_docx_none() {
        require_pdftotext!();
        let pdf = extract(&fixture(PDF), Format::Pdf).unwrap();
        assert_eq!(pdf.text, extract_text(&fixture(PDF), Format::Pdf).unwrap());
        let map = pdf.pages.as_ref().map(|breaks| breaks.locate(&pdf.text)).unwrap();
        assert_eq!(map.pages(), 4);
        // Page 3 opens with a speaker turn (tests/data/ingest: pdftotext -raw, line 43).
        let turn = pdf.text.find("นายชาตรี อินทร์แก้ว (ผู้อำนวยการกองช่าง): ถนนช่วงที่").unwrap();
        assert_eq!((map.page_at(turn - 1), map.page_at(turn)), (2, 3));
        assert_eq!(extract(&fixture(DOCX), Format::Docx).unwrap().pages, None);
        assert_eq!(extract(&fixture(TXT), Format::Text).unwrap().pages, None);
    }

    #[test]
    fn text_formats_are_decoded() {
        let text = extract_text(&fixture(TXT), Format::Text).unwrap();
        assert!(text.starts_with("รายงานการประชุมสภาเทศบาลตำบลหนองบัวทอง"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("binary.md");
        std::fs::write(&path, [0u8, 1, 2, 3, 0, 0]).unwrap();
        assert!(matches!(extract_text(&path, Format::Markdown), Err(ExtractError::Decode { .. })));
    }

    #[test]
    fn errors_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<ExtractError>();
    }
}
