//! The word dictionary: which Thai words exist and how likely each is.
//!
//! A [`Dictionary`] is built from text word lists (`word` or `word<TAB>count` a line, `#` starts a
//! comment; DESIGN.md "Formats") into a double-array trie over the words spelled one byte a
//! character (the Thai block maps onto single bytes, as TIS-620 does), so that a prefix search
//! from a position of a Thai run finds every dictionary word that starts there in one walk of at
//! most a word's length. Each word carries a cost, `-ln P(word)` under a unigram model estimated
//! from corpus counts; words a list names without a count get a small default count (the format,
//! the code and the costs live in [`word_list`](super::word_list)). The embedded dictionary comes
//! from the lists in `dictionaries/` (see its README for provenance and the measurements behind
//! the choice); `build.rs` compiles its trie at build time, so a command starts without building
//! it, and a test checks that it is the trie the lists give.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use yada::DoubleArray;

pub(crate) use super::word_list::encode_thai;
use super::word_list::{parse_entries, CompiledTrie, EntryError, WordLists};
pub use super::word_list::{DEFAULT_COUNT, MAX_WORD_BYTES, PREFERRED_COUNT};
use crate::error::{Error, Result};

const WORDS_TH: &str = include_str!("../../dictionaries/words_th.txt");
const GOVERNANCE_TH: &str = include_str!("../../dictionaries/governance_th.txt");
const TNC_FREQ: &str = include_str!("../../dictionaries/tnc_freq.txt");

/// The embedded dictionary's trie, compiled from the same lists by `build.rs`.
static EMBEDDED_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded_trie.bin"));

// `EMBEDDED_WORDS` and `EMBEDDED_FINGERPRINT`, written by `build.rs` beside the trie.
include!(concat!(env!("OUT_DIR"), "/embedded_trie.rs"));

/// A set of Thai words with their costs, searchable as a lattice.
pub struct Dictionary {
    /// Each word's value is the bit pattern of its cost (a non-negative `f32`, so below 2^31 as
    /// the trie requires): a match needs no second lookup.
    trie: DoubleArray<Cow<'static, [u8]>>,
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
    let trie = DoubleArray::new(Cow::Borrowed(EMBEDDED_TRIE));
    #[allow(clippy::expect_used)] // build.rs wrote it with yada; a test rebuilds it and compares.
    let trie = trie.expect("the trie compiled by build.rs is well-formed");
    Arc::new(Dictionary { trie, words: EMBEDDED_WORDS, fingerprint: EMBEDDED_FINGERPRINT })
});

impl Dictionary {
    /// The dictionary of the lists shipped in `dictionaries/`, compiled at build time.
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
    lists: WordLists,
    /// Words of a user's file listed without a count: kept whole by [`build`](Self::build).
    kept_whole: Vec<String>,
}

/// How much cheaper than its best split a user's word is made (in the lattice's cost units), so
/// that it wins over that split.
const KEEP_WHOLE_MARGIN: f32 = 1.0;

impl DictionaryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder holding the lists shipped in `dictionaries/` (to add a user's words to them).
    pub fn embedded() -> Self {
        DictionaryBuilder { lists: WordLists::embedded(WORDS_TH, GOVERNANCE_TH, TNC_FREQ), kept_whole: Vec::new() }
    }

    /// Adds the words of a user's list file (`word` or `word<TAB>count` a line; UTF-8, UTF-16
    /// with BOM or TIS-620, as [`decode`](crate::corpus::decode::decode) reads documents); words
    /// without a count get [`PREFERRED_COUNT`] and are kept whole: [`build`](Self::build) makes
    /// each cheaper than any split of it into other words (a user lists การมีส่วนร่วม to have it
    /// as one word, where the word list's frequent parts would cut it into การ|มี|ส่วน|ร่วม).
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let text = crate::corpus::decode::decode(&bytes).map_err(|e| Error::Dictionary {
            path: path.to_path_buf(),
            line: line_of_first_invalid_byte(&bytes),
            reason: e.to_string(),
        })?;
        self.add_preferred_list(&text.text, path)?;
        let uncounted = parse_entries(&text.text).flatten().filter(|(_, count)| count.is_none());
        self.kept_whole.extend(uncounted.map(|(word, _)| word.to_owned()));
        Ok(self)
    }

    /// Adds the words of a list given as text; `origin` names it in errors. Words without a count
    /// take theirs from the frequency lists, or [`DEFAULT_COUNT`].
    pub fn add_list(&mut self, text: &str, origin: &Path) -> Result<&mut Self> {
        self.lists.add_entries(text, None).map_err(|e| entry_error(e, origin))?;
        Ok(self)
    }

    /// Like [`add_list`](Self::add_list), for a domain or user list: words without a count get
    /// at least [`PREFERRED_COUNT`].
    pub fn add_preferred_list(&mut self, text: &str, origin: &Path) -> Result<&mut Self> {
        self.lists.add_entries(text, Some(PREFERRED_COUNT)).map_err(|e| entry_error(e, origin))?;
        Ok(self)
    }

    /// Adds counts from a frequency list (`word<TAB>count`); words it names that no word list has
    /// are not added.
    pub fn add_frequencies(&mut self, text: &str, origin: &Path) -> Result<&mut Self> {
        self.lists.add_frequencies(text).map_err(|e| entry_error(e, origin))?;
        Ok(self)
    }

    /// Builds the automaton and the word costs. Each word a user's file lists without a count
    /// costs [`KEEP_WHOLE_MARGIN`] less than its best split into the other words (under the
    /// default [`Scoring`](super::Scoring)), if its counts do not already make it cheaper.
    pub fn build(mut self) -> Result<Dictionary> {
        if !self.kept_whole.is_empty() {
            self.cap_kept_whole_costs()?;
        }
        compile(&self.lists)
    }

    /// Sets the cost caps of the words kept whole, from a dictionary without them.
    fn cap_kept_whole_costs(&mut self) -> Result<()> {
        let mut without = self.lists.clone();
        for word in &self.kept_whole {
            without.words.remove(word);
        }
        let others = compile(&without)?;
        let scoring = super::Scoring::default();
        let mut scratch = super::lattice::Scratch::default();
        for word in &self.kept_whole {
            let split = super::lattice::best_cost(&others, &scoring, word, &mut scratch) as f32;
            if split.is_finite() {
                let cap = split - scoring.word_penalty - KEEP_WHOLE_MARGIN;
                self.lists.cost_caps.insert(word.clone(), cap);
            }
        }
        Ok(())
    }
}

/// The dictionary of `lists`.
fn compile(lists: &WordLists) -> Result<Dictionary> {
    let build_error = |reason: String| Error::Dictionary { path: PathBuf::from("<dictionary>"), line: 0, reason };
    let CompiledTrie { bytes, words, fingerprint } = lists.compile().map_err(build_error)?;
    let trie =
        DoubleArray::new(Cow::Owned(bytes)).map_err(|e| build_error(format!("cannot load the word trie: {e}")))?;
    Ok(Dictionary { trie, words, fingerprint })
}

fn entry_error(error: EntryError, origin: &Path) -> Error {
    Error::Dictionary { path: origin.to_path_buf(), line: error.line, reason: error.reason }
}

/// The 1-based line of the first byte that is not UTF-8 (the last line when all of it is).
fn line_of_first_invalid_byte(bytes: &[u8]) -> usize {
    let valid = std::str::from_utf8(bytes).err().map_or(bytes.len(), |e| e.valid_up_to());
    bytes.get(..valid).unwrap_or_default().iter().filter(|&&b| b == b'\n').count() + 1
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
        assert!(builder.lists.words.len() > 60_000);
    }

    /// The trie `build.rs` compiled is the one the lists give at run time, byte for byte.
    #[test]
    fn compiled_embedded_trie_matches_a_build_from_the_lists() {
        let Ok(built) = DictionaryBuilder::embedded().build() else { panic!("the embedded lists do not build") };
        let embedded = Dictionary::embedded();
        assert_eq!(built.trie.0.as_ref(), embedded.trie.0.as_ref());
        assert_eq!((built.words, built.fingerprint), (embedded.words, embedded.fingerprint));
        assert!(embedded.len() > 60_000);
    }

    #[test]
    fn a_users_words_without_a_count_are_kept_whole() {
        let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = folder.path().join("mine.txt");
        std::fs::write(&file, "หน้าที่\nการมีส่วนร่วม\nที่ดิน\t1\n").unwrap_or_else(|e| panic!("{e}"));
        let words = |dictionary: Dictionary, text: &'static str| -> Vec<String> {
            let segmenter = crate::segment::ThaiSegmenter::with_dictionary(std::sync::Arc::new(dictionary));
            segmenter.segment(text).iter().map(|t| t.text.to_string()).collect()
        };
        let text = "มีหน้าที่ส่งเสริมการมีส่วนร่วมในที่ดิน";
        let plain = words(DictionaryBuilder::embedded().build().unwrap_or_else(|e| panic!("{e}")), text);
        assert!(!plain.contains(&"หน้าที่".to_string()) && !plain.contains(&"การมีส่วนร่วม".to_string()), "{plain:?}");
        let mut builder = DictionaryBuilder::embedded();
        builder.add_file(&file).unwrap_or_else(|e| panic!("{e}"));
        let mine = words(builder.build().unwrap_or_else(|e| panic!("{e}")), text);
        assert!(mine.contains(&"หน้าที่".to_string()) && mine.contains(&"การมีส่วนร่วม".to_string()), "{mine:?}");
        assert!(!mine.contains(&"ที่ดิน".to_string()), "a word given a count keeps the cost of that count: {mine:?}");
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
}
