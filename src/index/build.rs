//! Building and updating an index folder from a corpus folder.
//!
//! Pipeline position: [`corpus_files`] lists the documents; each file is read, hashed and, when
//! new or changed, loaded by [`load_document`] (decode, front matter, normalize), split into
//! passages and added to tantivy (whose indexing threads run the `thai` tokenizer). Files are
//! processed in parallel with rayon.
//!
//! **Incremental.** Each passage records its file's content hash (of the bytes). A file whose
//! hash is unchanged is skipped without being parsed; a changed file's passages are deleted by
//! document id and its new passages added; documents whose file is gone are deleted. A file that
//! cannot be read or parsed is reported ([`SkippedFile`]) and keeps whatever the index had for it.
//! An index whose manifest records other corpus rules ([`CORPUS_RULES_VERSION`](crate::corpus::CORPUS_RULES_VERSION): passage cutting,
//! metadata) has every file read again, changed or not ([`BuildReport::corpus_rules_reread`]); the
//! manifest takes the new version only when no file the index holds was skipped, so a file that
//! could not be read again is read again at the next run.
//!
//! **Crash safety.** tantivy only serves committed segments, so a run commits once, at the end.
//! If anything fails or the run is stopped before the commit (an error, a [`Progress`] callback
//! returning `Break`, a killed process), the writer is dropped and the previous index stays as it
//! was. A new index (or a `--rebuild`) is built in a temporary folder beside the target and
//! renamed into place only after its commit. [`Manifest`] is written after the commit.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::schema::Term;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

use super::manifest::Manifest;
use super::schema::{build_schema, register_tokenizers, Analyzer, Fields};
use super::tokenizer::ThaiTokenizer;
use super::IndexError;
use crate::corpus::passage::opens_passage;
pub use crate::corpus::Progress;
use crate::corpus::{corpus_files, extract, CorpusError, CorpusFile, Date, Document, Extracted, Format, Passage};
use crate::normalize::{Normalizer, Origin};
use crate::segment::ThaiSegmenter;

/// Turns a passage's text into concept ids.
pub type Tagger<'a> = &'a (dyn Fn(&str) -> Vec<String> + Sync);

/// The concept tagger of a run: the function, and a fingerprint of what decides its tags, which
/// the index records so that an update never mixes the tags of two taggers.
#[derive(Clone, Copy)]
pub struct ConceptTagging<'a> {
    /// Concept ids of a passage's text.
    pub tag: Tagger<'a>,
    /// Identifies the tagger (e.g. its taxonomy and model), any non-empty string.
    pub fingerprint: &'a str,
}

/// Called as a run advances; returning `Break` stops the run before it commits.
pub type ProgressFn<'a> = &'a (dyn Fn(&Progress<'_>) -> ControlFlow<()> + Sync);

/// How to build.
#[derive(Clone, Copy)]
pub struct BuildOptions<'a> {
    /// Build a new index even when one exists (needed after a version change).
    pub rebuild: bool,
    /// Concept ids for each passage; `None` leaves the `concepts` field empty.
    pub tagger: Option<ConceptTagging<'a>>,
    /// Progress reports (called from several threads).
    pub progress: Option<ProgressFn<'a>>,
    /// tantivy indexing threads; 0 means one per core, at most 4.
    pub threads: usize,
    /// tantivy's memory budget per indexing thread, in bytes (at least 15 MB).
    pub memory_per_thread: usize,
}

impl Default for BuildOptions<'_> {
    fn default() -> Self {
        BuildOptions { rebuild: false, tagger: None, progress: None, threads: 0, memory_per_thread: 64 << 20 }
    }
}

impl std::fmt::Debug for BuildOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildOptions")
            .field("rebuild", &self.rebuild)
            .field("tagger", &self.tagger.map(|t| t.fingerprint))
            .field("progress", &self.progress.is_some())
            .field("threads", &self.threads)
            .field("memory_per_thread", &self.memory_per_thread)
            .finish()
    }
}

/// A file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedFile {
    /// The file (or folder, when a folder could not be listed).
    pub path: PathBuf,
    /// Why, in one line.
    pub reason: String,
}

/// A file that was read despite a problem worth telling (a front-matter `date` that is not a
/// date, left out).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileWarning {
    /// The file.
    pub path: PathBuf,
    /// The document id of the file (its path under the corpus root).
    pub doc_id: String,
    /// The problem, in one line.
    pub warning: String,
}

impl FileWarning {
    /// The warnings of a loaded document.
    pub fn of(document: &Document) -> Vec<FileWarning> {
        let warning =
            |w: &String| FileWarning { path: document.path.clone(), doc_id: document.id.clone(), warning: one_line(w) };
        document.warnings.iter().map(warning).collect()
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BuildReport {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files re-indexed because their content changed.
    pub updated: usize,
    /// Files whose content hash was unchanged.
    pub unchanged: usize,
    /// Documents removed because their file is gone.
    pub removed: usize,
    /// Files that could not be indexed.
    pub skipped: Vec<SkippedFile>,
    /// Files indexed despite a problem (a front-matter date left out).
    pub warnings: Vec<FileWarning>,
    /// Files passed over because ruammue does not read their format (not an error).
    pub not_read: Vec<PathBuf>,
    /// Passages added by this run.
    pub passages_added: u64,
    /// Bytes of the files indexed by this run.
    pub bytes_indexed: u64,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Whether a new index folder was built (first run or `--rebuild`).
    pub created: bool,
    /// Set when the index had been built with other corpus rules than this program's
    /// [`CORPUS_RULES_VERSION`](crate::corpus::CORPUS_RULES_VERSION), so every file was read again: the version the index recorded (0
    /// when it recorded none).
    pub corpus_rules_reread: Option<u32>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

/// Reads a corpus file into a [`Document`]: the one place where file formats are told apart.
///
/// `.txt` and `.md` files are decoded and parsed (front matter, normalization). `.pdf` and
/// `.docx` files have their text extracted ([`extract`]); PDF text is then repaired with the
/// embedded dictionary ([`Normalizer`] with line joining: marks put back on their letter, spaces
/// inside words removed, words wrapped across lines joined), so a passage's line numbers count
/// the lines of the repaired text. Lines that open a passage (agenda items, resolutions,
/// speaker turns: [`opens_passage`]) are never joined to the line before. A PDF's page breaks
/// are carried into the document ([`Document::with_pages`]), so its passages cite their pages.
/// `bytes` is the file's content (the run has read it to hash it); extraction reads the file
/// again from its path.
pub fn load_document(root: &Path, file: &CorpusFile, bytes: &[u8]) -> Result<Document, CorpusError> {
    let source_format = match file.format {
        Format::Text | Format::Markdown => return Document::from_bytes(root, &file.path, bytes),
        Format::Pdf => "pdf",
        Format::Docx => "docx",
    };
    let Extracted { text, pages } = extracted(&file.path, file.format)?;
    Ok(Document::from_extracted(root, &file.path, &text, source_format)?.with_pages(pages.as_ref()))
}

/// The text of a `.pdf` or `.docx` file as [`load_document`] reads it: extracted, and for a PDF
/// repaired, with a PDF's page breaks (which repair does not move: they count kept characters).
/// Other formats are read as they are, so call this only for those two.
pub fn extracted(path: &Path, format: Format) -> Result<Extracted, CorpusError> {
    let Extracted { text, pages } = extract(path, format)?;
    let text = match format {
        Format::Pdf => {
            let segmenter = ThaiSegmenter::new();
            Normalizer::new(&segmenter)
                .join_lines(true)
                .keep_breaks_before(opens_passage)
                .origin(Origin::Pdf)
                .repair(&text)
        }
        Format::Text | Format::Markdown | Format::Docx => text,
    };
    Ok(Extracted { text, pages })
}

/// The content hash recorded for a file: its length and the 64-bit FNV-1a hash of its bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:x}-{hash:016x}", bytes.len())
}

/// Builds the index folder `dir` from the corpus folder `corpus`, or updates it (see the [module
/// docs](self)).
///
/// ```no_run
/// use ruammue::index::{build_index, BuildOptions};
/// let report = build_index("corpus".as_ref(), ".ruammue/index".as_ref(), &BuildOptions::default())?;
/// println!("{} added, {} skipped", report.added, report.skipped.len());
/// # Ok::<(), ruammue::index::IndexError>(())
/// ```
pub fn build_index(corpus: &Path, dir: &Path, options: &BuildOptions<'_>) -> Result<BuildReport, IndexError> {
    let started = Instant::now();
    if !corpus.exists() {
        return Err(IndexError::CorpusMissing { path: corpus.to_path_buf() });
    }
    let corpus_path =
        std::fs::canonicalize(corpus).map_err(|source| IndexError::Io { path: corpus.to_path_buf(), source })?;
    let tokenizer = ThaiTokenizer::new();
    let expected = Manifest::current(tokenizer.segmenter(), 0, 0)
        .with_concepts(options.tagger.map(|t| t.fingerprint))
        .with_corpus(&corpus_path);
    let _lock = RunLock::acquire(dir)?;
    let mut report = match inspect(dir)? {
        State::Present(found) if !options.rebuild => {
            found.check_compatible(&expected, dir)?;
            found.check_concepts(&expected, dir)?;
            found.check_corpus(&expected, dir)?;
            update_in_place(corpus, dir, &tokenizer, options, &expected, &found)?
        }
        State::Incomplete if !options.rebuild => {
            return Err(IndexError::Manifest {
                path: Manifest::path(dir),
                reason: "missing (an index from another program, or an interrupted first run)".to_string(),
            })
        }
        State::Foreign => return Err(IndexError::NotAnIndex { dir: dir.to_path_buf() }),
        State::Absent | State::Present(_) | State::Incomplete => {
            build_fresh(corpus, dir, &tokenizer, options, &expected)?
        }
    };
    report.elapsed = started.elapsed();
    Ok(report)
}

/// What the index folder holds.
enum State {
    /// Nothing: no folder, or an empty one.
    Absent,
    /// A ruammue index with this manifest.
    Present(Manifest),
    /// A tantivy index without a manifest.
    Incomplete,
    /// Other files.
    Foreign,
}

fn inspect(dir: &Path) -> Result<State, IndexError> {
    let io = |source| IndexError::Io { path: dir.to_path_buf(), source };
    if !dir.exists() {
        return Ok(State::Absent);
    }
    if let Some(manifest) = Manifest::read(dir)? {
        return Ok(State::Present(manifest));
    }
    if dir.join("meta.json").exists() {
        return Ok(State::Incomplete);
    }
    if std::fs::read_dir(dir).map_err(io)?.next().is_none() {
        return Ok(State::Absent);
    }
    Ok(State::Foreign)
}

/// Opens the index in `dir` for searching or updating, with ruammue's tokenizers registered.
pub(crate) fn open_index(dir: &Path, tokenizer: &ThaiTokenizer) -> Result<(Index, Fields), IndexError> {
    let index =
        Index::open_in_dir(dir).map_err(IndexError::tantivy(format!("opening the index at {}", dir.display())))?;
    register_tokenizers(&index, tokenizer);
    let fields = Fields::from_schema(&index.schema())?;
    Ok((index, fields))
}

/// A new index in a temporary folder next to `dir`, moved into place after its commit.
/// `expected` is the manifest of the run, written with the run's counts.
fn build_fresh(
    corpus: &Path,
    dir: &Path,
    tokenizer: &ThaiTokenizer,
    options: &BuildOptions<'_>,
    expected: &Manifest,
) -> Result<BuildReport, IndexError> {
    let (parent, name) = parent_and_name(dir);
    remove_leftovers(&parent, &name);
    let temporary = TemporaryDir::new(parent.join(format!(".{name}.building-{}", std::process::id())))?;
    let index = Index::create_in_dir(temporary.path(), build_schema(Analyzer::Thai))
        .map_err(IndexError::tantivy(format!("creating an index in {}", temporary.path().display())))?;
    register_tokenizers(&index, tokenizer);
    let fields = Fields::from_schema(&index.schema())?;
    let mut report = index_corpus(&index, &fields, corpus, &HashMap::new(), options)?;
    report.created = true;
    expected.with_counts(report.documents, report.passages).write(temporary.path())?;
    drop(index);
    temporary.replace(dir)?;
    Ok(report)
}

/// Updates the index in `dir` where it is; `expected` as in [`build_fresh`], `found` the
/// manifest the index has. When their corpus rules differ, every file is read again.
fn update_in_place(
    corpus: &Path,
    dir: &Path,
    tokenizer: &ThaiTokenizer,
    options: &BuildOptions<'_>,
    expected: &Manifest,
    found: &Manifest,
) -> Result<BuildReport, IndexError> {
    let (parent, name) = parent_and_name(dir);
    remove_leftovers(&parent, &name);
    let (index, fields) = open_index(dir, tokenizer)?;
    let mut existing = existing_documents(&index, &fields)?;
    let reread = !found.same_corpus_rules(expected);
    if reread {
        // No recorded hash matches a file's any more: every file is read and its passages replaced.
        existing.values_mut().for_each(String::clear);
    }
    let mut report = index_corpus(&index, &fields, corpus, &existing, options)?;
    let changed = report.added + report.updated + report.removed > 0;
    let mut manifest = expected.with_counts(report.documents, report.passages);
    if reread {
        report.corpus_rules_reread = Some(found.corpus_rules);
        if skipped_any_indexed(corpus, &report.skipped, &existing) {
            manifest = manifest.with_corpus_rules(found.corpus_rules);
        }
    }
    if changed || Manifest::read(dir)?.is_none_or(|m| m != manifest) {
        manifest.write(dir)?;
    }
    Ok(report)
}

/// Whether one of the `skipped` files or folders has passages among the `existing` documents
/// (which then keep what an earlier run stored for them).
fn skipped_any_indexed(corpus: &Path, skipped: &[SkippedFile], existing: &HashMap<String, String>) -> bool {
    skipped.iter().any(|file| {
        let id = document_id(corpus, &file.path);
        let prefix = document_id_prefix(corpus, &file.path);
        existing.keys().any(|known| *known == id || known.starts_with(prefix.as_str()))
    })
}

/// The folder an index folder is in (`.` for a bare name) and the index folder's name.
fn parent_and_name(dir: &Path) -> (PathBuf, String) {
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "index".to_string());
    (parent, name)
}

/// The lock a run holds on its index, `.NAME.lock` beside the index folder: one run at a time
/// builds or updates an index, so no run removes another's temporary folder or waits on
/// tantivy's writer lock. The operating system releases it when the process ends, however it
/// ends; the file itself stays, empty.
struct RunLock {
    _file: std::fs::File,
}

impl RunLock {
    fn acquire(dir: &Path) -> Result<RunLock, IndexError> {
        let (parent, name) = parent_and_name(dir);
        std::fs::create_dir_all(&parent).map_err(|source| IndexError::Io { path: parent.clone(), source })?;
        let path = parent.join(format!(".{name}.lock"));
        let io = |source| IndexError::Io { path: path.clone(), source };
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(IndexError::Busy { dir: dir.to_path_buf() }),
            Err(std::fs::TryLockError::Error(source)) => Err(io(source)),
        }
    }
}

/// Removes the temporary folders of earlier runs that were killed (`.NAME.building-*`,
/// `.NAME.old-*`); only called under the [`RunLock`], so no live run owns them. Failures are
/// ignored: they are only disk space.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.building-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A folder removed on drop unless [`replace`](Self::replace) moved it into place.
struct TemporaryDir {
    path: Option<PathBuf>,
}

impl TemporaryDir {
    fn new(path: PathBuf) -> Result<TemporaryDir, IndexError> {
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|source| IndexError::Io { path: path.clone(), source })?;
        }
        std::fs::create_dir_all(&path).map_err(|source| IndexError::Io { path: path.clone(), source })?;
        Ok(TemporaryDir { path: Some(path) })
    }

    fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Moves the folder to `target`, replacing what is there: the old folder is renamed aside
    /// first, then removed.
    fn replace(mut self, target: &Path) -> Result<(), IndexError> {
        let Some(path) = self.path.take() else { return Ok(()) };
        let io = |source| IndexError::Io { path: target.to_path_buf(), source };
        let mut aside = None;
        if target.exists() {
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let old = target.with_file_name(format!(".{name}.old-{}", std::process::id()));
            std::fs::rename(target, &old).map_err(io)?;
            aside = Some(old);
        }
        if let Err(source) = std::fs::rename(&path, target) {
            if let Some(old) = &aside {
                let _ = std::fs::rename(old, target);
            }
            let _ = std::fs::remove_dir_all(&path);
            return Err(io(source));
        }
        if let Some(old) = aside {
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }
}

impl Drop for TemporaryDir {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// Document id → content hash of every document in the index.
pub(crate) fn existing_documents(index: &Index, fields: &Fields) -> Result<HashMap<String, String>, IndexError> {
    let context = || "reading the index's document list".to_string();
    let reader = index.reader().map_err(IndexError::tantivy(context()))?;
    let searcher = reader.searcher();
    let schema = index.schema();
    let id_name = schema.get_field_name(fields.doc_id);
    let hash_name = schema.get_field_name(fields.content_hash);
    let mut documents = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(ids), Some(hashes)) = (
            fast.str(id_name).map_err(IndexError::tantivy(context()))?,
            fast.str(hash_name).map_err(IndexError::tantivy(context()))?,
        ) else {
            continue;
        };
        let mut pairs = std::collections::HashSet::new();
        for doc in segment.doc_ids_alive() {
            if let (Some(id), Some(hash)) = (ids.term_ords(doc).next(), hashes.term_ords(doc).next()) {
                pairs.insert((id, hash));
            }
        }
        for (id_ord, hash_ord) in pairs {
            let (mut id, mut hash) = (String::new(), String::new());
            let found = ids.ord_to_str(id_ord, &mut id).and_then(|a| Ok(a && hashes.ord_to_str(hash_ord, &mut hash)?));
            if found.map_err(|source| IndexError::Io { path: PathBuf::from("fast field"), source })? {
                documents.insert(id, hash);
            }
        }
    }
    Ok(documents)
}

/// What happened to one file.
enum Outcome {
    /// Indexed for the first time: its passages and its warnings.
    Added(u64, Vec<FileWarning>),
    /// Indexed again: its passages and its warnings.
    Updated(u64, Vec<FileWarning>),
    Unchanged,
    Skipped(SkippedFile),
}

/// Indexes the corpus into `index` (whose documents are `existing`) and commits; the writer is
/// dropped without committing on any error or stop.
fn index_corpus(
    index: &Index,
    fields: &Fields,
    corpus: &Path,
    existing: &HashMap<String, String>,
    options: &BuildOptions<'_>,
) -> Result<BuildReport, IndexError> {
    let listing = corpus_files(corpus);
    let mut report = BuildReport { not_read: listing.not_read, ..BuildReport::default() };
    let mut unreadable = Vec::new();
    for error in &listing.errors {
        let path = match error {
            CorpusError::Io { path, .. } | CorpusError::Decode { path, .. } => path.clone(),
            _ => corpus.to_path_buf(),
        };
        unreadable.push(document_id_prefix(corpus, &path));
        report.skipped.push(SkippedFile { path, reason: one_line(&error.to_string()) });
    }
    let sizes: Vec<u64> =
        listing.files.iter().map(|f| std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0)).collect();
    let progress = |event: &Progress<'_>| options.progress.map_or(ControlFlow::Continue(()), |report| report(event));
    if progress(&Progress::Started { files: listing.files.len(), bytes: sizes.iter().sum() }).is_break() {
        return Err(IndexError::Cancelled { done: 0 });
    }

    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()).min(4),
        n => n.min(8),
    };
    let budget = options.memory_per_thread.max(15 << 20).saturating_mul(threads);
    let writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(threads, budget).map_err(IndexError::tantivy("opening an index writer"))?;

    let done = AtomicUsize::new(0);
    let stopped = AtomicBool::new(false);
    let passages_added = AtomicU64::new(0);
    let bytes_indexed = AtomicU64::new(0);
    let failure: Mutex<Option<IndexError>> = Mutex::new(None);
    let seen: Mutex<Vec<String>> = Mutex::new(Vec::with_capacity(listing.files.len()));
    let outcomes: Vec<Outcome> = listing
        .files
        .par_iter()
        .zip(sizes.par_iter())
        .filter_map(|(file, &bytes)| {
            if stopped.load(Ordering::Relaxed) {
                return None;
            }
            let outcome = index_file(&writer, fields, corpus, file, existing, options, &seen);
            match outcome {
                Ok(outcome) => {
                    if let Outcome::Added(n, _) | Outcome::Updated(n, _) = outcome {
                        passages_added.fetch_add(n, Ordering::Relaxed);
                        bytes_indexed.fetch_add(bytes, Ordering::Relaxed);
                    }
                    let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if progress(&Progress::File { path: &file.path, bytes, done }).is_break() {
                        stopped.store(true, Ordering::Relaxed);
                    }
                    Some(outcome)
                }
                Err(err) => {
                    stopped.store(true, Ordering::Relaxed);
                    if let Ok(mut slot) = failure.lock() {
                        slot.get_or_insert(err);
                    }
                    None
                }
            }
        })
        .collect();
    if let Some(err) = failure.into_inner().ok().flatten() {
        return Err(err);
    }
    if stopped.load(Ordering::Relaxed) {
        return Err(IndexError::Cancelled { done: done.load(Ordering::Relaxed) });
    }
    for outcome in outcomes {
        match outcome {
            Outcome::Added(_, warnings) => {
                report.added += 1;
                report.warnings.extend(warnings);
            }
            Outcome::Updated(_, warnings) => {
                report.updated += 1;
                report.warnings.extend(warnings);
            }
            Outcome::Unchanged => report.unchanged += 1,
            Outcome::Skipped(file) => report.skipped.push(file),
        }
    }

    let seen: std::collections::HashSet<String> = seen.into_inner().unwrap_or_default().into_iter().collect();
    for id in existing.keys() {
        let listed = seen.contains(id);
        let under_unreadable = unreadable.iter().any(|prefix| prefix.is_empty() || id.starts_with(prefix.as_str()));
        if !listed && !under_unreadable {
            writer.delete_term(Term::from_field_text(fields.doc_id, id));
            report.removed += 1;
        }
    }
    report.passages_added = passages_added.into_inner();
    report.bytes_indexed = bytes_indexed.into_inner();

    let mut writer = writer;
    if report.added + report.updated + report.removed > 0 || existing.is_empty() {
        if progress(&Progress::Finishing).is_break() {
            return Err(IndexError::Cancelled { done: done.into_inner() });
        }
        writer.commit().map_err(IndexError::tantivy("committing the index"))?;
        writer.wait_merging_threads().map_err(IndexError::tantivy("merging index segments"))?;
    } else {
        drop(writer);
    }
    let documents = existing_documents(index, fields)?;
    report.documents = documents.len() as u64;
    let reader = index.reader().map_err(IndexError::tantivy("reading the index"))?;
    report.passages = reader.searcher().num_docs();
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.warnings.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
}

/// The document-id prefix of the files under `path` (a folder below the corpus root); empty for
/// the root itself.
fn document_id_prefix(corpus: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(corpus).unwrap_or(path);
    let id = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    if id.is_empty() {
        id
    } else {
        format!("{id}/")
    }
}

/// A message on one line (reasons are printed one per line).
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads, hashes and (when new or changed) indexes one file.
fn index_file(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    corpus: &Path,
    file: &CorpusFile,
    existing: &HashMap<String, String>,
    options: &BuildOptions<'_>,
    seen: &Mutex<Vec<String>>,
) -> Result<Outcome, IndexError> {
    let skipped =
        |reason: String| Ok(Outcome::Skipped(SkippedFile { path: file.path.clone(), reason: one_line(&reason) }));
    let id = document_id(corpus, &file.path);
    if let Ok(mut seen) = seen.lock() {
        seen.push(id.clone());
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(err) => return skipped(format!("cannot read: {err}")),
    };
    let hash = content_hash(&bytes);
    let previous = existing.get(&id);
    if previous == Some(&hash) {
        return Ok(Outcome::Unchanged);
    }
    let document = match load_document(corpus, file, &bytes) {
        Ok(document) => document,
        Err(err) => return skipped(strip_path(&err.to_string(), &file.path)),
    };
    drop(bytes);
    let passages = document.passages();
    let date = document.dated().map(|(date, _)| date);
    let tagger = options.tagger;
    let documents: Vec<TantivyDocument> = passages
        .iter()
        .map(|passage| {
            let concepts = tagger.map(|tagger| (tagger.tag)(&passage.text)).unwrap_or_default();
            passage_document(fields, &document, date, &hash, passage, &concepts)
        })
        .collect();
    if previous.is_some() {
        writer.delete_term(Term::from_field_text(fields.doc_id, &id));
    }
    let count = documents.len() as u64;
    for doc in documents {
        writer.add_document(doc).map_err(IndexError::tantivy("adding a passage"))?;
    }
    let warnings = FileWarning::of(&document);
    Ok(if previous.is_some() { Outcome::Updated(count, warnings) } else { Outcome::Added(count, warnings) })
}

/// The document id `Document` gives `path` under `corpus` (relative, `/`-separated).
fn document_id(corpus: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(corpus).unwrap_or(path);
    let id = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    if id.is_empty() {
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        id
    }
}

/// An error message without the leading `path: ` or `path:LINE: ` (the report prints the path
/// itself); a line number is kept as `line LINE: `.
fn strip_path(message: &str, path: &Path) -> String {
    let shown = path.display().to_string();
    let Some(rest) = message.strip_prefix(&shown) else { return message.to_string() };
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    match rest.get(digits..).and_then(|after| after.strip_prefix(':')) {
        Some(after) if digits > 0 => format!("line {}: {}", rest.get(..digits).unwrap_or(""), after.trim()),
        _ => rest.trim().to_string(),
    }
}

/// The tantivy document of one passage; `date` is the document's ([`Document::dated`], found
/// once per document: it reads the opening lines, which may be one very long line).
pub(crate) fn passage_document(
    fields: &Fields,
    document: &Document,
    date: Option<Date>,
    hash: &str,
    passage: &Passage,
    concepts: &[String],
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.doc_id, &document.id);
    doc.add_text(fields.path, document.path.to_string_lossy());
    doc.add_text(fields.title, &document.title);
    doc.add_text(fields.body, &passage.text);
    doc.add_text(fields.body_sub, &passage.text);
    doc.add_text(fields.kind, document.kind.as_str());
    if let Some(source) = &document.source {
        doc.add_text(fields.source, source);
    }
    if let Some(license) = &document.license {
        doc.add_text(fields.license, license);
    }
    if let Some(org) = &document.org {
        doc.add_text(fields.org, org);
        doc.add_text(fields.org_exact, org.trim());
        doc.add_text(fields.org_text, org);
        doc.add_text(fields.org_sub, org);
    }
    if let Some(date) = date {
        doc.add_date(fields.date, date_time(date));
    }
    doc.add_u64(fields.passage, u64::from(passage.number));
    doc.add_u64(fields.first_line, u64::from(passage.first_line));
    doc.add_u64(fields.last_line, u64::from(passage.last_line));
    if let Some(pages) = &passage.pages {
        doc.add_u64(fields.page_start, u64::from(pages.first));
        doc.add_u64(fields.page_end, u64::from(pages.last()));
        for &offset in &pages.breaks {
            doc.add_u64(fields.page_breaks, offset as u64);
        }
    }
    if let Some(heading) = &passage.heading {
        doc.add_text(fields.heading, heading);
    }
    doc.add_text(fields.content_hash, hash);
    for concept in concepts {
        doc.add_text(fields.concepts, concept);
    }
    doc
}

/// A calendar date as tantivy's date value (midnight UTC).
pub(crate) fn date_time(date: time::Date) -> DateTime {
    DateTime::from_utc(date.midnight().assume_utc())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use crate::corpus::{ExtractError, Kind};

    #[test]
    fn content_hash_depends_on_every_byte_and_the_length() {
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
        assert!(content_hash(b"abc").starts_with("3-"));
    }

    fn ingest(path: &str, format: Format) -> Result<Document, CorpusError> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest");
        let file = CorpusFile { path: root.join(path), format };
        let bytes = std::fs::read(&file.path).unwrap();
        load_document(&root, &file, &bytes)
    }

    /// The Thai letters and digits of a text, in order (what extraction must keep).
    fn letters(text: &str) -> String {
        text.chars().filter(|c| c.is_alphanumeric()).collect()
    }

    #[test]
    fn word_files_are_read_as_documents_of_their_folder_kind() {
        let doc = ingest("docx/minutes/nong-bua-thong.docx", Format::Docx).unwrap();
        let txt = ingest("txt/minutes/nong-bua-thong.txt", Format::Text).unwrap();
        assert_eq!((doc.title.as_str(), doc.kind, doc.encoding), ("nong-bua-thong", Kind::Minutes, "docx"));
        assert_eq!(letters(&doc.body), letters(&txt.body));
        assert_eq!(doc.passages().len(), txt.passages().len());
    }

    #[test]
    fn pdf_files_are_extracted_and_repaired() {
        if !crate::corpus::extract::pdf_extractor_available() {
            eprintln!("SKIPPED: pdftotext is not installed (apt-get install poppler-utils)");
            return;
        }
        let doc = ingest("pdf/minutes/nong-bua-thong.pdf", Format::Pdf).unwrap();
        let txt = ingest("txt/minutes/nong-bua-thong.txt", Format::Text).unwrap();
        assert_eq!((doc.kind, doc.encoding), (Kind::Minutes, "pdf"));
        // The extraction's damage (ลำดับท ี่) is repaired: same letters, and the text reads the same
        // once spaces are ignored, apart from the few spaces the repair cannot tell from real ones.
        assert_eq!(letters(&doc.body), letters(&txt.body));
        assert!(doc.body.contains("ลำดับที่"), "{}", doc.body);
        assert!(!doc.body.contains("ท ี่"));
    }

    #[test]
    fn a_scanned_pdf_is_refused_as_needing_ocr() {
        if !crate::corpus::extract::pdf_extractor_available() {
            eprintln!("SKIPPED: pdftotext is not installed (apt-get install poppler-utils)");
            return;
        }
        let err = ingest("scan/minutes/nong-bua-thong-scan.pdf", Format::Pdf).unwrap_err();
        assert!(matches!(err, CorpusError::Extract(ExtractError::NeedsOcr { pages: 2, .. })), "{err}");
        assert!(err.to_string().contains("OCR"), "{err}");
    }

    #[test]
    fn reasons_lose_the_path_but_keep_the_line() {
        let path = Path::new("c/a.md");
        assert_eq!(strip_path("c/a.md:4: front matter: bad", path), "line 4: front matter: bad");
        assert_eq!(strip_path("c/a.md: binary data", path), "binary data");
        assert_eq!(strip_path("other: x", path), "other: x");
    }

    #[test]
    fn ids_and_prefixes_are_relative_and_slash_separated() {
        assert_eq!(document_id(Path::new("c"), Path::new("c/laws/a.txt")), "laws/a.txt");
        assert_eq!(document_id_prefix(Path::new("c"), Path::new("c/laws")), "laws/");
        assert_eq!(document_id_prefix(Path::new("c"), Path::new("c")), "");
    }
}
