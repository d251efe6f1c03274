//! Listing a corpus folder: which files are documents, and in which format.
//!
//! A corpus is a folder of `.txt` and `.md` files at any depth (DESIGN.md, "Formats: Documents"),
//! plus `.pdf` and `.docx` files, which are listed with their [`Format`] so the caller extracts
//! their text before parsing them. Skipped: hidden files and folders (name starting with `.`),
//! `labeled/` and `labelled/` folders (labelled training passages are not documents), `README.*`
//! and `LICENSE*`/`LICENCE*` files, Office lock files (`~$…`) and Windows folder files
//! (`Thumbs.db`, `desktop.ini`). Files of any other format are passed over too, but listed in
//! [`CorpusFiles::not_read`], so that a command can say that a `.doc` or `.rtf` file was not read
//! ([`not_read_message`]). Symbolic links are followed (a sample of a corpus is often a folder of links); a link loop is
//! listed as an error. The list is sorted by path, so runs are reproducible.
//!
//! Commands that go through a listed corpus (`index`, `report`) tell their caller how far they
//! are with the one [`Progress`] type.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::document::CorpusError;

/// Folder names whose content is never a document.
const SKIPPED_FOLDERS: [&str; 2] = ["labeled", "labelled"];

/// How far a run over the files of a corpus is, as reported to its caller.
#[derive(Debug)]
#[non_exhaustive]
pub enum Progress<'p> {
    /// The corpus was listed: this many files, of this many bytes in all.
    Started {
        /// Document files found.
        files: usize,
        /// Their total size.
        bytes: u64,
    },
    /// A file was processed (or skipped).
    File {
        /// The file.
        path: &'p Path,
        /// Its size.
        bytes: u64,
        /// Files processed so far, this one included.
        done: usize,
    },
    /// All files are processed; the results are being written (the index committed, the
    /// report's files written).
    Finishing,
}

/// The format of a corpus file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Format {
    /// `.txt`: plain text, read by [`Document::load`](super::document::Document::load).
    Text,
    /// `.md` or `.markdown`: read as plain text, like `.txt`.
    Markdown,
    /// `.pdf`: needs text extraction first.
    Pdf,
    /// `.docx`: needs text extraction first.
    Docx,
}

impl Format {
    /// The format a file name's extension (case-insensitive) stands for, if any.
    ///
    /// ```
    /// use std::path::Path;
    /// use ruammue::corpus::walk::Format;
    /// assert_eq!(Format::from_path(Path::new("a/B.TXT")), Some(Format::Text));
    /// assert_eq!(Format::from_path(Path::new("a/b.docx")), Some(Format::Docx));
    /// assert_eq!(Format::from_path(Path::new("a/b.doc")), None);
    /// ```
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_string_lossy().to_lowercase();
        match extension.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// Whether the file is text that [`Document::load`](super::document::Document::load) reads
    /// directly (`.txt`, `.md`), as opposed to a format that needs extraction.
    pub fn is_text(self) -> bool {
        matches!(self, Format::Text | Format::Markdown)
    }
}

/// A document file found in a corpus folder.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CorpusFile {
    /// The file's path (the root joined with the path below it).
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
}

/// What [`corpus_files`] found: the document files, the files of other formats, and the folders
/// or files it could not read.
#[derive(Debug, Default)]
pub struct CorpusFiles {
    /// Document files, sorted by path.
    pub files: Vec<CorpusFile>,
    /// Files passed over because ruammue does not read their format (`.doc`, `.rtf`, `.text` …),
    /// sorted by path. Hidden files, README and licence files, Office lock files and `labeled/`
    /// folders are not documents and are not listed here.
    pub not_read: Vec<PathBuf>,
    /// Entries that could not be read (the root itself when it does not exist), in walk order.
    pub errors: Vec<CorpusError>,
}

/// Lists the document files under `root`, at any depth (see the [module docs](self) for what is
/// skipped). `root` may also be a single file.
///
/// ```
/// use ruammue::corpus::walk::{corpus_files, Format};
///
/// let dir = tempfile::tempdir()?;
/// std::fs::create_dir_all(dir.path().join("laws"))?;
/// std::fs::write(dir.path().join("laws/act.txt"), "มาตรา ๑")?;
/// std::fs::write(dir.path().join("README.md"), "about")?;
/// std::fs::write(dir.path().join("old.doc"), "")?;
/// let found = corpus_files(dir.path());
/// assert_eq!(found.files.len(), 1);
/// assert_eq!(found.files[0].format, Format::Text);
/// assert_eq!(found.not_read, [dir.path().join("old.doc")]);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn corpus_files(root: &Path) -> CorpusFiles {
    let mut found = CorpusFiles::default();
    let walk = WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !skipped_entry(entry));
    for entry in walk {
        match entry {
            Ok(entry) if entry.file_type().is_file() && !is_project_file(entry.file_name()) => {
                let path = entry.into_path();
                match Format::from_path(&path) {
                    Some(format) => found.files.push(CorpusFile { path, format }),
                    None => found.not_read.push(path),
                }
            }
            Ok(_) => {}
            Err(err) => found.errors.push(walk_error(root, err)),
        }
    }
    found.files.sort();
    found.not_read.sort();
    found
}

/// Whether a folder or file below the root is skipped before looking at its extension.
fn skipped_entry(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') {
        return true;
    }
    if entry.file_type().is_dir() {
        return SKIPPED_FOLDERS.contains(&name.to_lowercase().as_str());
    }
    false
}

/// README, LICENSE/LICENCE files, Office lock files and the files Windows keeps in folders:
/// part of a folder, not documents.
fn is_project_file(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    let upper = name.to_uppercase();
    let stem = upper.split('.').next().unwrap_or_default();
    stem == "README"
        || upper.starts_with("LICENSE")
        || upper.starts_with("LICENCE")
        || name.starts_with("~$")
        || upper == "THUMBS.DB"
        || upper == "DESKTOP.INI"
}

/// Formats that a word processor saves as `.docx`, for the hint of [`not_read_message`].
const WORD_FORMATS: [&str; 3] = [".doc", ".rtf", ".odt"];

/// One line saying how many files were not read for their format, counted by extension, with a
/// hint for Word formats (no paths: a corpus may hold thousands of such files).
///
/// ```
/// use std::path::PathBuf;
/// use ruammue::corpus::walk::not_read_message;
/// let files: Vec<PathBuf> = ["c.text", "d.DOC", "e.rtf", "f.doc", "notes"].iter().map(PathBuf::from).collect();
/// assert_eq!(
///     not_read_message(&files),
///     "5 files not read: only .txt, .md, .pdf and .docx are (.doc 2, .rtf 1, .text 1, no extension 1; \
///      save Word .doc and .rtf files as .docx)"
/// );
/// ```
pub fn not_read_message(files: &[PathBuf]) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for file in files {
        let extension = file.extension().map(|e| format!(".{}", e.to_string_lossy().to_lowercase()));
        *counts.entry(extension.unwrap_or_default()).or_default() += 1;
    }
    let mut parts: Vec<String> =
        counts.iter().filter(|(ext, _)| !ext.is_empty()).map(|(ext, n)| format!("{ext} {n}")).collect();
    if let Some(n) = counts.get("") {
        parts.push(format!("no extension {n}"));
    }
    let word: Vec<&str> = WORD_FORMATS.into_iter().filter(|ext| counts.contains_key(*ext)).collect();
    let hint = match word.as_slice() {
        [] => String::new(),
        [one] => format!("; save Word {one} files as .docx"),
        [first @ .., last] => format!("; save Word {} and {last} files as .docx", first.join(", ")),
    };
    let files = if files.len() == 1 { "file" } else { "files" };
    format!(
        "{} {files} not read: only .txt, .md, .pdf and .docx are ({}{hint})",
        counts.values().sum::<usize>(),
        parts.join(", ")
    )
}

/// A walk error as a corpus error naming the entry.
fn walk_error(root: &Path, err: walkdir::Error) -> CorpusError {
    let path = err.path().unwrap_or(root).to_path_buf();
    let message = err.to_string();
    let source = err.into_io_error().unwrap_or_else(|| std::io::Error::other(message));
    CorpusError::Io { path, source }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    fn write(root: &Path, relative: &str) {
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, "ข้อความ").unwrap();
    }

    fn relative_paths(root: &Path, found: &CorpusFiles) -> Vec<String> {
        found
            .files
            .iter()
            .map(|file| {
                let relative = file.path.strip_prefix(root).unwrap();
                relative.to_string_lossy().replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn lists_documents_sorted_and_skips_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.txt",
            "a/z.md",
            "a/deep/er/x.TXT",
            "a/notes.markdown",
            "scan.pdf",
            "word.docx",
            "README.md",
            "sub/readme.txt",
            "LICENSE",
            "LICENSE-MIT.txt",
            "licence.md",
            "~$word.docx",
            "Thumbs.db",
            "sub/desktop.ini",
            "old.doc",
            "data.jsonl",
            "script.py",
            ".hidden.txt",
            ".git/x.txt",
            "labeled/train.txt",
            "sub/labelled/x.md",
        ] {
            write(root, file);
        }
        let found = corpus_files(root);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        assert_eq!(
            relative_paths(root, &found),
            ["a/deep/er/x.TXT", "a/notes.markdown", "a/z.md", "b.txt", "scan.pdf", "word.docx"]
        );
        let not_read: Vec<&Path> = found.not_read.iter().map(|p| p.strip_prefix(root).unwrap()).collect();
        assert_eq!(not_read, [Path::new("data.jsonl"), Path::new("old.doc"), Path::new("script.py")]);
        let formats: Vec<Format> = found.files.iter().map(|file| file.format).collect();
        use Format::*;
        assert_eq!(formats, [Text, Markdown, Markdown, Text, Pdf, Docx]);
        assert!(formats.iter().take(4).all(|f| f.is_text()));
        assert!(!Pdf.is_text() && !Docx.is_text());
    }

    #[test]
    fn root_may_be_a_file_or_missing() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "one.txt");
        let found = corpus_files(&dir.path().join("one.txt"));
        assert_eq!(found.files.len(), 1);
        let missing = corpus_files(&dir.path().join("missing"));
        assert!(missing.files.is_empty());
        assert_eq!(missing.errors.len(), 1);
        assert!(missing.errors[0].to_string().contains("missing"), "{}", missing.errors[0]);
    }

    #[test]
    fn hidden_root_is_still_walked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".corpus");
        write(&root, "a.txt");
        assert_eq!(corpus_files(&root).files.len(), 1);
    }

    #[test]
    fn bundled_corpus_is_listed_without_labeled_passages() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let found = corpus_files(&root);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        let paths = relative_paths(&root, &found);
        assert!(paths.iter().any(|p| p.starts_with("laws/")), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("minutes/cabinet/")), "{paths:?}");
        assert!(paths.iter().all(|p| !p.starts_with("labeled/") && p != "README.md"), "{paths:?}");
    }
}
