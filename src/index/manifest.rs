//! `ruammue-index.json`: what an index folder was built with.
//!
//! A tantivy index stores terms, not the rules that made them: an index built with another
//! dictionary or tokenizer would silently miss words that queries now spell differently. So the
//! index folder carries a small manifest — schema version, tokenizer name and version, dictionary
//! fingerprint — and opening or updating an index whose manifest differs from what this program
//! produces is refused with a rebuild hint.
//!
//! It also records the corpus rules ([`CORPUS_RULES_VERSION`]: passage cutting and metadata
//! reading). Those do not change the terms' meaning, so another version is not refused: an update
//! reads every document again ([`Manifest::same_corpus_rules`]), and a search goes on.
//!
//! The manifest is written only after a successful commit, atomically (a temporary file renamed
//! over the old one), so it never describes terms that are not in the index.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::schema::SCHEMA_VERSION;
use super::tokenizer::{TOKENIZER_NAME, TOKENIZER_VERSION};
use super::IndexError;
use crate::corpus::CORPUS_RULES_VERSION;
use crate::segment::ThaiSegmenter;

/// The manifest's file name inside the index folder.
pub const MANIFEST_FILE: &str = "ruammue-index.json";

/// The `format` value that marks a ruammue index.
const FORMAT: &str = "ruammue-index";

/// What an index was built with, and how big it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `ruammue-index`.
    pub format: String,
    /// [`SCHEMA_VERSION`] at build time.
    pub schema_version: u32,
    /// The text fields' tokenizer ([`TOKENIZER_NAME`]).
    pub tokenizer: String,
    /// [`TOKENIZER_VERSION`] at build time.
    pub tokenizer_version: u32,
    /// The dictionary's fingerprint, in hexadecimal.
    pub dictionary_fingerprint: String,
    /// [`CORPUS_RULES_VERSION`] of the run that last read every document of the index; 0 in
    /// indexes written before it was recorded. Not checked for searches.
    #[serde(default)]
    pub corpus_rules: u32,
    /// The fingerprint of the concept tagger that tagged the passages, in hexadecimal; empty when
    /// they were not tagged. Checked when the index is updated, not when it is searched.
    #[serde(default)]
    pub concepts: String,
    /// The corpus folder the index was built from (absolute); empty in indexes written before
    /// it was recorded. An update from another folder is refused.
    #[serde(default)]
    pub corpus: String,
    /// The ruammue version that last wrote the index (informative, not checked).
    pub ruammue_version: String,
    /// Documents in the index.
    pub documents: u64,
    /// Passages in the index.
    pub passages: u64,
}

impl Manifest {
    /// The manifest this program writes for an index of `documents` and `passages` segmented by
    /// `segmenter`.
    pub fn current(segmenter: &ThaiSegmenter, documents: u64, passages: u64) -> Manifest {
        Manifest {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            tokenizer: TOKENIZER_NAME.to_string(),
            tokenizer_version: TOKENIZER_VERSION,
            dictionary_fingerprint: format!("{:016x}", segmenter.dictionary().fingerprint()),
            corpus_rules: CORPUS_RULES_VERSION,
            concepts: String::new(),
            corpus: String::new(),
            ruammue_version: env!("CARGO_PKG_VERSION").to_string(),
            documents,
            passages,
        }
    }

    /// The same manifest for passages tagged by the tagger with this fingerprint (`None`: not
    /// tagged).
    pub fn with_concepts(self, fingerprint: Option<&str>) -> Manifest {
        Manifest { concepts: fingerprint.unwrap_or_default().to_string(), ..self }
    }

    /// Whether passages of an index with this manifest and passages tagged as `expected` says can
    /// be mixed: they must come from the same tagger (or both be untagged).
    pub fn check_concepts(&self, expected: &Manifest, dir: &Path) -> Result<(), IndexError> {
        if self.concepts == expected.concepts {
            return Ok(());
        }
        let describe = |fingerprint: &str| match fingerprint {
            "" => "no concept tagger".to_string(),
            fingerprint => format!("concept tagger {fingerprint}"),
        };
        Err(IndexError::ConceptsMismatch {
            dir: dir.to_path_buf(),
            found: describe(&self.concepts),
            expected: describe(&expected.concepts),
            rebuild: self.rebuild_command(dir),
        })
    }

    /// The command that rebuilds the index in `dir` from the corpus folder it records (a
    /// placeholder for indexes written before it was recorded).
    pub fn rebuild_command(&self, dir: &Path) -> String {
        let corpus = if self.corpus.is_empty() { "CORPUS_DIR" } else { self.corpus.as_str() };
        format!("ruammue index {corpus} --rebuild --index {}", dir.display())
    }

    /// The same manifest for an index of `documents` documents and `passages` passages.
    pub fn with_counts(&self, documents: u64, passages: u64) -> Manifest {
        Manifest { documents, passages, ..self.clone() }
    }

    /// The same manifest for an index of the corpus folder `corpus` (absolute).
    pub fn with_corpus(self, corpus: &Path) -> Manifest {
        Manifest { corpus: corpus.display().to_string(), ..self }
    }

    /// Whether an index with this manifest may be updated from the corpus folder of `expected`:
    /// the same folder, or an index that does not record one.
    pub fn check_corpus(&self, expected: &Manifest, dir: &Path) -> Result<(), IndexError> {
        if self.corpus.is_empty() || self.corpus == expected.corpus {
            return Ok(());
        }
        Err(IndexError::OtherCorpus {
            dir: dir.to_path_buf(),
            built_from: PathBuf::from(&self.corpus),
            corpus: PathBuf::from(&expected.corpus),
        })
    }

    /// Whether the passages of an index with this manifest were cut and their metadata read by
    /// the corpus rules of `expected`; when not, an update reads every document again.
    pub fn same_corpus_rules(&self, expected: &Manifest) -> bool {
        self.corpus_rules == expected.corpus_rules
    }

    /// The same manifest with the corpus rules version `version` (an update that could not read
    /// again every document it holds keeps the version the index had).
    pub fn with_corpus_rules(&self, version: u32) -> Manifest {
        Manifest { corpus_rules: version, ..self.clone() }
    }

    /// The manifest path of the index folder `dir`.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(MANIFEST_FILE)
    }

    /// Reads the manifest of `dir`; `None` when there is none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, IndexError> {
        let path = Manifest::path(dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(IndexError::Io { path, source }),
        };
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|err| IndexError::Manifest { path: path.clone(), reason: err.to_string() })?;
        if manifest.format != FORMAT {
            return Err(IndexError::Manifest { path, reason: format!("unknown format `{}`", manifest.format) });
        }
        Ok(Some(manifest))
    }

    /// Writes the manifest into `dir` atomically: a temporary file, synced, renamed over the old.
    pub fn write(&self, dir: &Path) -> Result<(), IndexError> {
        let path = Manifest::path(dir);
        let temporary = dir.join(format!("{MANIFEST_FILE}.tmp"));
        let io = |source| IndexError::Io { path: temporary.clone(), source };
        let json = serde_json::to_string_pretty(self)
            .map_err(|err| IndexError::Manifest { path: path.clone(), reason: err.to_string() })?;
        let mut file = std::fs::File::create(&temporary).map_err(io)?;
        file.write_all(json.as_bytes()).map_err(io)?;
        file.write_all(b"\n").map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&temporary, &path).map_err(|source| IndexError::Io { path, source })
    }

    /// A short description of the versions, for messages.
    pub fn versions(&self) -> String {
        format!(
            "schema {}, tokenizer {} v{}, dictionary {}",
            self.schema_version, self.tokenizer, self.tokenizer_version, self.dictionary_fingerprint
        )
    }

    /// Whether an index with this manifest can be read and updated by a program that writes
    /// `expected`; the error names both versions and how to rebuild.
    pub fn check_compatible(&self, expected: &Manifest, dir: &Path) -> Result<(), IndexError> {
        let same = self.schema_version == expected.schema_version
            && self.tokenizer == expected.tokenizer
            && self.tokenizer_version == expected.tokenizer_version
            && self.dictionary_fingerprint == expected.dictionary_fingerprint;
        if same {
            Ok(())
        } else {
            Err(IndexError::VersionMismatch {
                dir: dir.to_path_buf(),
                found: self.versions(),
                expected: expected.versions(),
                rebuild: self.rebuild_command(dir),
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), None);
        let manifest = Manifest::current(&ThaiSegmenter::new(), 3, 40);
        manifest.write(dir.path()).unwrap();
        manifest.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), Some(manifest));
        assert!(!dir.path().join("ruammue-index.json.tmp").exists());
    }

    #[test]
    fn a_different_tokenizer_version_is_refused_with_a_rebuild_hint() {
        let expected = Manifest::current(&ThaiSegmenter::new(), 0, 0);
        let old = Manifest { tokenizer_version: 0, documents: 9, ..expected.clone() };
        let err = old.check_compatible(&expected, Path::new("idx")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("tokenizer thai v0") && message.contains("--rebuild"), "{message}");
        assert!(message.contains("ruammue index CORPUS_DIR --rebuild --index idx"), "{message}");
        let recorded = Manifest { corpus: "/data/minutes".into(), ..old.clone() };
        let message = recorded.check_compatible(&expected, Path::new("idx")).unwrap_err().to_string();
        assert!(message.contains("`ruammue index /data/minutes --rebuild --index idx`"), "{message}");
        let resized = Manifest { documents: 9, passages: 1, ..expected.clone() };
        assert!(resized.check_compatible(&expected, Path::new("idx")).is_ok());
    }

    #[test]
    fn tags_of_another_tagger_are_refused_for_updates_but_not_for_searches() {
        let untagged = Manifest::current(&ThaiSegmenter::new(), 0, 0);
        let tagged = untagged.clone().with_concepts(Some("00ab"));
        assert!(tagged.check_compatible(&untagged, Path::new("idx")).is_ok());
        assert!(tagged.check_concepts(&tagged.clone(), Path::new("idx")).is_ok());
        let message = tagged.check_concepts(&untagged, Path::new("idx")).unwrap_err().to_string();
        assert!(message.contains("concept tagger 00ab") && message.contains("--rebuild"), "{message}");
        let other = untagged.with_concepts(Some("00cd"));
        assert!(tagged.check_concepts(&other, Path::new("idx")).is_err());
    }

    #[test]
    fn a_manifest_without_corpus_rules_reads_as_another_version_and_is_not_refused() {
        let dir = tempfile::tempdir().unwrap();
        let current = Manifest::current(&ThaiSegmenter::new(), 1, 2);
        let mut json: serde_json::Value = serde_json::to_value(&current).unwrap();
        json.as_object_mut().unwrap().remove("corpus_rules");
        std::fs::write(Manifest::path(dir.path()), json.to_string()).unwrap();
        let old = Manifest::read(dir.path()).unwrap().unwrap();
        assert_eq!(old.corpus_rules, 0);
        assert!(!old.same_corpus_rules(&current));
        assert!(old.check_compatible(&current, dir.path()).is_ok(), "searches and updates go on");
        assert!(current.same_corpus_rules(&current.with_counts(5, 9)));
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(Manifest::path(dir.path()), "{not json").unwrap();
        let err = Manifest::read(dir.path()).unwrap_err();
        assert!(err.to_string().contains("ruammue-index.json"), "{err}");
    }
}
