//! The word dictionary: which Thai words exist and how likely each is.
//!
//! A [`Dictionary`] is built from text word lists (`word` or `word<TAB>count` a line, `#` starts a
//! comment; DESIGN.md "Formats") into a double-array trie over the words spelled one byte a
//! character (the Thai block maps onto single bytes, as TIS-620 does), so that a prefix search
//! from a position of a Thai run finds every dictionary word that starts there in one walk of at
//! most a word's length. Each word carries
//! a cost, `-ln P(word)` under a unigram model estimated from corpus counts; words a list names
//! without a count get a small default count. The embedded dictionary is built on first use from
//! the lists in `dictionaries/` (see its README for provenance and the measurements behind the
//! choice).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use yada::builder::DoubleArrayBuilder;
use yada::DoubleArray;

use crate::error::{Error, Result};

const WORDS_TH: &str = include_str!("../../dictionaries/words_th.txt");
const GOVERNANCE_TH: &str = include_str!("../../dictionaries/governance_th.txt");
const TNC_FREQ: &str = include_str!("../../dictionaries/tnc_freq.txt");

/// Count given to a listed word that no frequency list counts (ขอนแก่น): as rare as the rarest
/// counted words, so statistics decide between known alternatives, but far likelier than unknown
/// text. Chosen on wisesight-160 among 1, 3, 10, 30, 100 (word F1 .848 .847 .850 .849 .841).
pub const DEFAULT_COUNT: f64 = 10.0;

/// Count given to a word of the domain list or of a user's dictionary that names no count: as
/// likely as a common word, so that the term is kept whole (ฉันทามติ, not ฉัน|ทา|มติ) — a
/// user lists a word to have it found.
pub const PREFERRED_COUNT: f64 = 1000.0;

/// The longest word accepted, in bytes; longer entries are refused as malformed.
pub const MAX_WORD_BYTES: usize = 256;

/// A set of Thai words with their costs, searchable as a lattice.
pub struct Dictionary {
    /// Each word's value is the bit pattern of its cost (a non-negative `f32`, so below 2^31 as
    /// the trie requires): a match needs no second lookup.
    trie: DoubleArray<Vec<u8>>,
    words: usize,
    fingerprint: u64,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("words", &self.words)
            .field("fingerprint", &format_args!("{:016x}", self.fingerprint))
            .finish()
    }
}

static EMBEDDED: LazyLock<Arc<Dictionary>> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // The embedded lists are tested to build (see tests below).
    let dictionary = DictionaryBuilder::embedded().build().expect("the embedded dictionary lists are well-formed");
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
        self.words
    }

    /// Whether the dictionary has no words.
    pub fn is_empty(&self) -> bool {
        self.words == 0
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
        let coded = encode_thai(word)?;
        self.trie.exact_match_search(&coded).map(f32::from_bits)
    }

    /// Calls `each(length, cost)` for every dictionary word that is a prefix of `coded` (a Thai
    /// run spelled with [`encode_thai`]), with the word's length in characters.
    #[inline]
    pub(crate) fn for_each_prefix(&self, coded: &[u8], mut each: impl FnMut(usize, f32)) {
        for (value, len) in self.trie.common_prefix_search(coded) {
            each(len, f32::from_bits(value));
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
        let _ = builder.add_preferred_list(GOVERNANCE_TH, Path::new("dictionaries/governance_th.txt"));
        let _ = builder.add_frequencies(TNC_FREQ, Path::new("dictionaries/tnc_freq.txt"));
        builder
    }

    /// Adds the words of a user's list file (`word` or `word<TAB>count` a line); words without a
    /// count get [`PREFERRED_COUNT`].
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Dictionary {
            path: path.to_path_buf(),
            line: 0,
            reason: format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        })?;
        self.add_preferred_list(&text, path)
    }

    /// Adds the words of a list given as text; `origin` names it in errors. Words without a count
    /// take theirs from the frequency lists, or [`DEFAULT_COUNT`].
    pub fn add_list(&mut self, text: &str, origin: &Path) -> Result<&mut Self> {
        self.add_entries(text, origin, None)
    }

    /// Like [`add_list`](Self::add_list), for a domain or user list: words without a count get
    /// at least [`PREFERRED_COUNT`].
    pub fn add_preferred_list(&mut self, text: &str, origin: &Path) -> Result<&mut Self> {
        self.add_entries(text, origin, Some(PREFERRED_COUNT))
    }

    fn add_entries(&mut self, text: &str, origin: &Path, default: Option<f64>) -> Result<&mut Self> {
        for entry in parse_entries(text, origin) {
            let (word, count) = entry?;
            let count = count.or(default);
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
        let mut entries: Vec<(Vec<u8>, f64)> = self
            .words
            .into_iter()
            .filter_map(|(word, listed)| {
                let counted = self.frequencies.get(&word).copied();
                let count = listed.or(counted).unwrap_or(DEFAULT_COUNT).max(DEFAULT_COUNT);
                // Words with other characters (ก.พ., idioms with spaces) never match in a Thai run.
                Some((encode_thai(&word)?, count))
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let total: f64 = self.frequencies.values().sum::<f64>().max(1.0) + entries.iter().map(|(_, c)| *c).sum::<f64>();
        let log_total = total.ln();
        // count <= total, so every cost is >= 0 (a sign bit would not fit in the trie's value).
        let costs: Vec<f32> = entries
            .iter()
            .map(|(_, c)| (log_total - c.ln()) as f32)
            .map(|cost| if cost > 0.0 { cost } else { 0.0 })
            .collect();
        let fingerprint = fingerprint(&entries, &costs);
        let keyset: Vec<(&[u8], u32)> =
            entries.iter().zip(&costs).map(|((w, _), cost)| (w.as_slice(), cost.to_bits())).collect();
        let build_error = |reason: String| Error::Dictionary { path: PathBuf::from("<dictionary>"), line: 0, reason };
        if keyset.is_empty() {
            return Err(build_error("no Thai words".into()));
        }
        let bytes =
            DoubleArrayBuilder::build(&keyset).map_err(|e| build_error(format!("cannot build the word trie: {e}")))?;
        let trie = DoubleArray::new(bytes).map_err(|e| build_error(format!("cannot load the word trie: {e}")))?;
        Ok(Dictionary { trie, words: costs.len(), fingerprint })
    }
}

/// Parses `word` / `word<TAB>count` lines, skipping comments, blank lines and entries that
/// contain white space (multi-word entries never match inside a Thai run).
fn parse_entries<'t>(text: &'t str, origin: &'t Path) -> impl Iterator<Item = Result<(&'t str, Option<f64>)>> + 't {
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

/// The byte that stands for a Thai character (U+0E01–U+0E5B → 0xA1–0xFB, as in TIS-620).
#[inline]
pub(crate) fn encode_char(c: char) -> Option<u8> {
    let code = u32::from(c);
    (0x0E01..=0x0E5B).contains(&code).then(|| (code - 0x0E00 + 0xA0) as u8)
}

/// `word` spelled one byte a character, or `None` if it has a character outside the Thai block.
pub(crate) fn encode_thai(word: &str) -> Option<Vec<u8>> {
    word.chars().map(encode_char).collect()
}

/// FNV-1a over the sorted words and their costs: stable across runs and platforms.
fn fingerprint(entries: &[(Vec<u8>, f64)], costs: &[f32]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for ((word, _), cost) in entries.iter().zip(costs) {
        eat(word);
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
        builder
            .add_preferred_list(GOVERNANCE_TH, Path::new("governance_th.txt"))
            .map(|_| ())
            .unwrap_or_else(|e| panic!("{e}"));
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
    fn prefix_search_finds_every_word_starting_here() {
        let dict = Dictionary::embedded();
        let coded = encode_thai("สภาเทศบาลตำบล").unwrap_or_default();
        let mut lengths = Vec::new();
        dict.for_each_prefix(&coded, |len, _| lengths.push(len));
        assert!(lengths.contains(&3), "สภา: {lengths:?}");
        assert!(lengths.contains(&9), "สภาเทศบาล: {lengths:?}");
    }

    /// The byte code is U+0E00 + n ↦ 0xA0 + n: the class table of `cluster` relies on it.
    #[test]
    fn thai_characters_have_the_offset_byte_code() {
        for code in 0x0E01..=0x0E5B_u32 {
            let Some(c) = char::from_u32(code) else { continue };
            assert_eq!(encode_char(c), u8::try_from(code - 0x0E00 + 0xA0).ok());
        }
        assert_eq!(encode_char('a'), None);
    }
}
