//! Labelled passages: the JSON Lines files of `corpus/labeled/` (DESIGN.md, "Formats: Labelled
//! passages"), one `{"text": "...", "labels": ["trust", …]}` object a line.
//!
//! Pipeline position: read by `ruammue train` (the model learns from them) and by
//! `ruammue eval tag` (the gold). Extra keys (`id`, `source`, …) are allowed and kept. Labels are
//! checked against a taxonomy with [`check_labels`]: an unknown id is an error naming the file
//! and line, with the known ids.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::{ClassifyError, Result};
use super::taxonomy::Taxonomy;

/// The `source` prefix of passages the project wrote itself (`project-written/council-minutes`…).
pub const PROJECT_WRITTEN: &str = "project-written/";

/// One labelled passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabeledPassage {
    /// The passage text, as in the file.
    pub text: String,
    /// The concept ids it is labelled with (empty: no concept).
    #[serde(default)]
    pub labels: Vec<String>,
    /// Other keys of the line (`id`, `source`, …), kept as they are.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// 1-based line of the file the passage came from (not serialized).
    #[serde(skip)]
    pub line: usize,
    /// Whether the line had a `labels` key (an empty list counts): gold and training files need
    /// one, so that a misspelt key is not read as "no concept" (not serialized).
    #[serde(skip)]
    pub has_labels: bool,
}

impl LabeledPassage {
    /// The passage's `id` key, when it has a string one.
    pub fn id(&self) -> Option<&str> {
        self.extra.get("id").and_then(serde_json::Value::as_str)
    }

    /// Whether the project wrote the passage itself rather than taking it from a real text: its
    /// `source` starts with [`PROJECT_WRITTEN`]. Such passages are trained on, never measured.
    pub fn is_project_written(&self) -> bool {
        self.extra.get("source").and_then(serde_json::Value::as_str).is_some_and(|s| s.starts_with(PROJECT_WRITTEN))
    }
}

/// Reads a labelled-passage file. Blank lines are skipped; a line that is not a JSON object with
/// a string `text` is an error naming the file and line.
pub fn read_labeled(path: impl AsRef<Path>) -> Result<Vec<LabeledPassage>> {
    let path = path.as_ref();
    let text = super::error::read_text(path)?;
    parse_labeled(&text, path)
}

/// Parses labelled-passage JSON Lines; `origin` names the file in error messages.
///
/// ```
/// use ruammue::classify::labeled::parse_labeled;
/// let passages = parse_labeled("{\"id\":\"a\",\"text\":\"สร้างความไว้วางใจ\",\"labels\":[\"trust\"]}\n\n", "x.jsonl")?;
/// assert_eq!((passages[0].id(), passages[0].labels.as_slice(), passages[0].line), (Some("a"), &["trust".to_owned()][..], 1));
/// assert!(parse_labeled("{\"labels\":[]}", "x.jsonl").is_err());
/// # Ok::<(), ruammue::classify::ClassifyError>(())
/// ```
pub fn parse_labeled(text: &str, origin: impl AsRef<Path>) -> Result<Vec<LabeledPassage>> {
    let origin = origin.as_ref();
    labeled_lines(text).map(|(number, line)| parse_line(line, number, origin)).collect()
}

/// Parses labelled-passage JSON Lines as [`parse_labeled`] does, but goes on past a bad line: the
/// passages of the good lines, and an error for each bad one (for `ruammue tag --jsonl`, which
/// tags what it can and reports the rest).
///
/// ```
/// use ruammue::classify::labeled::parse_labeled_lenient;
/// let (passages, errors) = parse_labeled_lenient("{\"text\":\"ก\"}\nnot json\n{\"text\":\"ข\"}\n", "x.jsonl");
/// assert_eq!(passages.iter().map(|p| p.line).collect::<Vec<_>>(), [1, 3]);
/// assert!(errors[0].to_string().starts_with("x.jsonl:2:"));
/// ```
pub fn parse_labeled_lenient(text: &str, origin: impl AsRef<Path>) -> (Vec<LabeledPassage>, Vec<ClassifyError>) {
    let origin = origin.as_ref();
    let (mut passages, mut errors) = (Vec::new(), Vec::new());
    for (number, line) in labeled_lines(text) {
        match parse_line(line, number, origin) {
            Ok(passage) => passages.push(passage),
            Err(err) => errors.push(err),
        }
    }
    (passages, errors)
}

/// The non-blank lines of JSON Lines text, with their 1-based numbers (a byte-order mark dropped).
fn labeled_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim_start_matches('\u{feff}')))
        .filter(|(_, line)| !line.trim().is_empty())
}

/// One line of labelled-passage JSON Lines; `number` is its 1-based line number.
fn parse_line(line: &str, number: usize, origin: &Path) -> Result<LabeledPassage> {
    // Each line is parsed alone: serde's "at line 1 column N" would contradict the file line.
    let error = |e: serde_json::Error| {
        let reason =
            e.to_string().replace(&format!(" at line 1 column {}", e.column()), &format!(" (column {})", e.column()));
        labeled_error(origin, number, reason)
    };
    if !line.trim_start().starts_with('{') {
        let reason = "not a JSON object: labelled passages are JSON Lines, one {\"text\": …, \"labels\": […]} a line";
        return Err(labeled_error(origin, number, reason.to_owned()));
    }
    let value: serde_json::Value = serde_json::from_str(line).map_err(error)?;
    let has_labels = value.get("labels").is_some();
    let mut passage: LabeledPassage = serde_json::from_value(value).map_err(error)?;
    passage.line = number;
    passage.has_labels = has_labels;
    Ok(passage)
}

/// Checks that every passage has a `labels` key and every label is a concept of `taxonomy`; the
/// error names the file, the line and the known ids.
pub fn check_labels(passages: &[LabeledPassage], taxonomy: &Taxonomy, origin: impl AsRef<Path>) -> Result<()> {
    for passage in passages {
        if !passage.has_labels {
            let reason = "no `labels` key (write \"labels\": [] for a passage with no concept)".to_owned();
            return Err(labeled_error(origin.as_ref(), passage.line, reason));
        }
        for label in &passage.labels {
            if let Err(err) = taxonomy.check_id(label) {
                return Err(labeled_error(origin.as_ref(), passage.line, err.to_string()));
            }
        }
    }
    Ok(())
}

/// The file of a labelled folder that holds its real training passages.
pub const TRAIN_FILE: &str = "train.jsonl";

/// The file of a labelled folder that holds the passages the project wrote itself.
pub const WRITTEN_FILE: &str = "written.jsonl";

/// Reads the training passages of a labelled folder, labels checked: its [`TRAIN_FILE`], then its
/// [`WRITTEN_FILE`] when it has one ([`read_written`]).
pub fn read_training_folder(folder: impl AsRef<Path>, taxonomy: &Taxonomy) -> Result<Vec<LabeledPassage>> {
    let (train, written) = (folder.as_ref().join(TRAIN_FILE), folder.as_ref().join(WRITTEN_FILE));
    let mut passages = read_labeled(&train)?;
    check_labels(&passages, taxonomy, &train)?;
    if written.is_file() {
        passages.extend(read_written(&written, taxonomy)?);
    }
    Ok(passages)
}

/// Reads a file of passages the project wrote itself ([`WRITTEN_FILE`]) and checks their labels.
/// Each must say what it is in its `source` ([`PROJECT_WRITTEN`]): one that does not would be
/// scored as real text, so it is an error naming the file and line.
pub fn read_written(path: impl AsRef<Path>, taxonomy: &Taxonomy) -> Result<Vec<LabeledPassage>> {
    let path = path.as_ref();
    let passages = read_labeled(path)?;
    check_labels(&passages, taxonomy, path)?;
    match passages.iter().find(|p| !p.is_project_written()) {
        Some(real) => {
            let reason = format!("a passage the project wrote needs a `source` starting with {PROJECT_WRITTEN:?}");
            Err(labeled_error(path, real.line, reason))
        }
        None => Ok(passages),
    }
}

fn labeled_error(path: &Path, line: usize, reason: String) -> ClassifyError {
    ClassifyError::Labeled { path: PathBuf::from(path), line, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_keys_are_kept_and_unknown_labels_are_errors() {
        let text = "{\"id\":\"x-1\",\"text\":\"ก\",\"labels\":[\"trust\"],\"source\":\"s.txt:3\"}\n{\"text\":\"ข\",\"labels\":[\"trsut\"]}\n";
        let passages = parse_labeled(text, "gold.jsonl").unwrap_or_default();
        assert_eq!(passages.len(), 2);
        assert_eq!(passages[0].extra.get("source").and_then(|v| v.as_str()), Some("s.txt:3"));
        let err = check_labels(&passages, Taxonomy::embedded(), "gold.jsonl").err().map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(err.starts_with("gold.jsonl:2: unknown concept `trsut` (known: trust,"), "{err}");
    }

    #[test]
    fn written_passages_must_say_so() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(WRITTEN_FILE);
        let written = "{\"text\":\"ก\",\"labels\":[],\"source\":\"project-written/academic\"}\n";
        let real = "{\"text\":\"ข\",\"labels\":[],\"source\":\"../shared/data/laws/x.txt:3\"}\n";
        let read = |text: String| {
            std::fs::write(&path, text).map_err(|e| e.to_string())?;
            read_written(&path, Taxonomy::embedded()).map_err(|e| e.to_string())
        };
        let ok = read(written.to_owned()).unwrap_or_default();
        assert!(ok.len() == 1 && ok[0].is_project_written());
        let err = read(format!("{written}{real}")).err().unwrap_or_default();
        assert!(
            err.ends_with(":2: a passage the project wrote needs a `source` starting with \"project-written/\""),
            "{err}"
        );
    }

    #[test]
    fn a_bad_line_names_file_and_line() {
        let err = parse_labeled("{\"text\":\"a\"}\nnot json\n", "g.jsonl").err().map(|e| e.to_string());
        assert!(err.unwrap_or_default().starts_with("g.jsonl:2: "));
        let err = parse_labeled("{\"text\":\"a\"}\n\n{\"text\": \"b", "g.jsonl").err().map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(err.starts_with("g.jsonl:3: ") && err.ends_with("(column 11)"), "{err}");
        assert!(!err.contains("line 1"), "serde's own line is left out: {err}");
    }
}
