//! The word dictionary: which Thai words exist and how likely each is.
//!
//! A [`Dictionary`] is built from text word lists (`word` or `word<TAB>count` a line, `#` starts a
//! comment; DESIGN.md "Formats") into a double-array Aho-Corasick automaton, so that one pass over
//! a Thai run yields every dictionary word that occurs in it: the word lattice. Each word carries
//! a cost, `-ln P(word)` under a unigram model estimated from corpus counts; words a list names
//! without a count get a small default count. The embedded dictionary is built on first use from
//! the lists in `dictionaries/` (see its README for provenance and the measurements behind the
//! choice).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};

const WORDS_TH: &str = include_str!("../../dictionaries/words_th.txt");
const GOVERNANCE_TH: &str = include_str!("../../dictionaries/governance_th.txt");
const TNC_FREQ: &str = include_str!("../../dictionaries/tnc_freq.txt");

/// Count given to a listed word that no frequency list counts: rarer than almost every counted
/// word, so statistics decide between known alternatives, but far likelier than unknown text.
pub const DEFAULT_COUNT: f64 = 1.0;

/// The longest word accepted, in bytes; longer entries are refused as malformed.
pub const MAX_WORD_BYTES: usize = 256;

/// A set of Thai words with their costs, searchable as a lattice.
pub struct Dictionary {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    costs: Vec<f32>,
    fingerprint: u64,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("words", &self.costs.len())
            .field("fingerprint", &format_args!("{:016x}", self.fingerprint))
            .finish()
    }
}

/// One occurrence of a dictionary word in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The word's cost, `-ln P(word)`.
    pub cost: f32,
}

static EMBEDDED: LazyLock<Arc<Dictionary>> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // The embedded lists are tested to build (see tests below).
    let dictionary = DictionaryBuilder::embedded()
        .build()
        .expect("the embedded dictionary lists are well-formed");
    Arc::new(dictionary)
});

impl Dictionary {
    /// The dictionary built from the lists shipped in `dictionaries/`, built once per process.
    pub fn embedded() -> Arc<Dictionary> {
        Arc::clone(&EMBEDDED)
    }

    /// The embedded dictionary plus the words of the user's dictionary files.
    pub fn with_user_files<P: AsRef<Path>>(paths: &[P]) -> Result<Dictionary> {
        let mut builder = DictionaryBuilder::embedded();
        for path in paths {
            builder.add_file(path.as_ref())?;
        }
        builder.build()
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.costs.len()
    }

    /// Whether the dictionary has no words.
    pub fn is_empty(&self) -> bool {
        self.costs.is_empty()
    }

    /// Whether `word` is in the dictionary.
    ///
    /// ```
    /// let dict = ruammue::segment::Dictionary::embedded();
    /// assert!(dict.contains("ประชาคม"));
    /// assert!(!dict.contains("ประชาค"));
    /// ```
    pub fn contains(&self, word: &str) -> bool {
        self.cost(word).is_some()
    }

    /// The cost of `word`, if it is in the dictionary.
    pub fn cost(&self, word: &str) -> Option<f32> {
        self.automaton
            .find_overlapping_iter(word)
            .find(|m| m.start() == 0 && m.end() == word.len())
            .and_then(|m| self.costs.get(m.value() as usize).copied())
    }

    /// Calls `each` for every occurrence of a dictionary word in `text`, in increasing order of
    /// end offset (longer words first among those that end together).
    pub fn for_each_match(&self, text: &str, mut each: impl FnMut(WordMatch)) {
        for m in self.automaton.find_overlapping_iter(text) {
            if let Some(&cost) = self.costs.get(m.value() as usize) {
                each(WordMatch { start: m.start(), end: m.end(), cost });
            }
        }
    }

    /// A stable hash of the words and costs: an index records it to detect a dictionary change.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

/// Collects word lists and frequency counts, then builds a [`Dictionary`].
///
/// ```
/// use ruammue::segment::DictionaryBuilder;
/// let mut builder = DictionaryBuilder::new();
/// builder.add_list("ประชา\nคม\nประชาคม\t12\n# a comment\n", "inline".as_ref())?;
/// let dict = builder.build()?;
/// assert_eq!(dict.len(), 3);
/// assert!(dict.cost("ประชาคม") < dict.cost("ประชา"));
/// # Ok::<(), ruammue::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct DictionaryBuilder {
    /// Word → count given by a word list (None when the list gives none).
    words: HashMap<String, Option<f64>>,
    /// Word → count from frequency lists, which add statistics but no words.
    frequencies: HashMap<String, f64>,
}

impl DictionaryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder holding the lists shipped in `dictionaries/`.
    pub fn embedded() -> Self {
        let mut builder = Self::new();
        // The embedded lists are checked by a test; a malformed line could only come from a bad
        // edit, and is skipped rather than taking the program down.
        let _ = builder.add_list(WORDS_TH, Path::new("dictionaries/words_th.txt"));
        let _ = builder.add_list(GOVERNANCE_TH, Path::new("dictionaries/governance_th.txt"));
        let _ = builder.add_frequencies(TNC_FREQ, Path::new("dictionaries/tnc_freq.txt"));
        builder
    }

    /// Adds the words of a list file (`word` or `word<TAB>count` a line).
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Dictionary {
            path: path.to_path_buf(),
            line: 0,
            reason: format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        })?;
        self.add_list(&text, path)
    }

    /// Adds the words of a list given as text; `origin` names it in errors.
    pub fn add_list(&mut self, text: &str, origin: &Path) -> Result<&mut Self> {
        for entry in parse_entries(text, origin) {
            let (word, count) = entry?;
            let slot = self.words.entry(word.to_owned()).or_insert(None);
            if let Some(count) = count {
                *slot = Some(slot.map_or(count, |c| c.max(count)));
            }
        }
        Ok(self)
    }

    /// Adds counts from a frequency list (`word<TAB>count`); words it names that no word list has
    /// are not added.
    pub fn add_frequencies(&mut self, text: &str, origin: &Path) -> Result<&mut Self> {
        for entry in parse_entries(text, origin) {
            let (word, count) = entry?;
            if let Some(count) = count {
                *self.frequencies.entry(word.to_owned()).or_insert(0.0) += count;
            }
        }
        Ok(self)
    }

    /// Builds the automaton and the word costs.
    pub fn build(self) -> Result<Dictionary> {
        let mut entries: Vec<(String, f64)> = self
            .words
            .into_iter()
            .map(|(word, listed)| {
                let counted = self.frequencies.get(&word).copied();
                let count = listed.or(counted).unwrap_or(DEFAULT_COUNT).max(DEFAULT_COUNT);
                (word, count)
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let total: f64 = self.frequencies.values().sum::<f64>().max(1.0)
            + entries.iter().map(|(_, c)| *c).sum::<f64>();
        let log_total = total.ln();
        let costs: Vec<f32> = entries.iter().map(|(_, c)| (log_total - c.ln()) as f32).collect();
        let fingerprint = fingerprint(&entries, &costs);
        let patterns = entries.iter().enumerate().map(|(i, (w, _))| (w.as_str(), i as u32));
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values(patterns)
            .map_err(|e| Error::Dictionary {
                path: PathBuf::from("<dictionary>"),
                line: 0,
                reason: format!("cannot build the word automaton: {e}"),
            })?;
        Ok(Dictionary { automaton, costs, fingerprint })
    }
}

/// Parses `word` / `word<TAB>count` lines, skipping comments, blank lines and entries that
/// contain white space (multi-word entries never match inside a Thai run).
fn parse_entries<'t>(
    text: &'t str,
    origin: &'t Path,
) -> impl Iterator<Item = Result<(&'t str, Option<f64>)>> + 't {
    text.lines().enumerate().filter_map(move |(i, raw)| {
        let line = raw.trim_end_matches('\r');
        let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        let error = |reason: String| Error::Dictionary { path: origin.to_path_buf(), line: i + 1, reason };
        let mut fields = line.split('\t');
        let word = fields.next().unwrap_or("").trim();
        let count = match fields.next().map(str::trim) {
            None | Some("") => None,
            Some(field) => match field.parse::<f64>() {
                Ok(c) if c.is_finite() && c >= 0.0 => Some(c),
                _ => return Some(Err(error(format!("count {field:?} is not a non-negative number")))),
            },
        };
        if fields.next().is_some() {
            return Some(Err(error("more than two tab-separated fields".into())));
        }
        if word.len() > MAX_WORD_BYTES {
            return Some(Err(error(format!("entry longer than {MAX_WORD_BYTES} bytes"))));
        }
        if word.chars().any(char::is_control) {
            return Some(Err(error("entry contains a control character".into())));
        }
        if word.contains(char::is_whitespace) || word.is_empty() {
            return None;
        }
        Some(Ok((word, count)))
    })
}

/// FNV-1a over the sorted words and their costs: stable across runs and platforms.
fn fingerprint(entries: &[(String, f64)], costs: &[f32]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for ((word, _), cost) in entries.iter().zip(costs) {
        eat(word.as_bytes());
        eat(&cost.to_le_bytes());
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_parse_without_errors() {
        let mut builder = DictionaryBuilder::new();
        builder.add_list(WORDS_TH, Path::new("words_th.txt")).map(|_| ()).unwrap_or_else(|e| panic!("{e}"));
        builder.add_list(GOVERNANCE_TH, Path::new("governance_th.txt")).map(|_| ()).unwrap_or_else(|e| panic!("{e}"));
        builder.add_frequencies(TNC_FREQ, Path::new("tnc_freq.txt")).map(|_| ()).unwrap_or_else(|e| panic!("{e}"));
        assert!(builder.words.len() > 60_000);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut builder = DictionaryBuilder::new();
        let err = builder.add_list("ก\nข\tmany\n", Path::new("user.txt")).err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(message, "user.txt:2: count \"many\" is not a non-negative number");
    }

    #[test]
    fn frequencies_add_statistics_but_no_words() {
        let mut builder = DictionaryBuilder::new();
        let _ = builder.add_list("ไป\n", Path::new("a"));
        let _ = builder.add_frequencies("ไป\t100\nมา\t50\n", Path::new("b"));
        let Ok(dict) = builder.build() else { panic!("build failed") };
        assert!(dict.contains("ไป"));
        assert!(!dict.contains("มา"));
    }

    #[test]
    fn matches_come_in_order_of_end() {
        let dict = Dictionary::embedded();
        let mut ends = Vec::new();
        dict.for_each_match("การประชุมสภาเทศบาล", |m| ends.push(m.end));
        assert!(!ends.is_empty());
        assert!(ends.windows(2).all(|w| w[0] <= w[1]));
    }
}
