//! Word lists into a word trie: the `word` / `word<TAB>count` line format, the one-byte Thai code
//! the trie is spelled in, and each word's cost.
//!
//! Shared by the library ([`DictionaryBuilder`](super::DictionaryBuilder)) and by `build.rs`,
//! which compiles the embedded dictionary's trie once at build time so that no command pays for
//! it at start-up. That is why this module uses only `std` and `yada`, and reports errors as
//! plain values that the library wraps with the file name.

use std::collections::HashMap;

use yada::builder::DoubleArrayBuilder;

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

/// A malformed line of a word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// Words with their listed counts, and counts from frequency lists.
#[derive(Debug, Default, Clone)]
pub struct WordLists {
    /// Word → count given by a word list (None when the list gives none).
    pub words: HashMap<String, Option<f64>>,
    /// Word → count from frequency lists, which add statistics but no words.
    pub frequencies: HashMap<String, f64>,
    /// Word → the highest cost it may have, below what its counts give (a user's word that must
    /// stay whole; see `DictionaryBuilder::build`).
    pub cost_caps: HashMap<String, f32>,
}

/// A built trie: its bytes (a `yada` double array whose values are the bit patterns of the
/// words' costs), the number of words and a fingerprint of words and costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledTrie {
    /// The double array.
    pub bytes: Vec<u8>,
    /// Number of words in it.
    pub words: usize,
    /// FNV-1a over the sorted coded words and their costs.
    pub fingerprint: u64,
}

impl WordLists {
    /// The lists shipped in `dictionaries/`, given as texts (words_th.txt, governance_th.txt,
    /// tnc_freq.txt). Malformed lines are skipped: a test checks that there are none.
    pub fn embedded(words_th: &str, governance_th: &str, tnc_freq: &str) -> WordLists {
        let mut lists = WordLists::default();
        let _ = lists.add_entries(words_th, None);
        let _ = lists.add_entries(governance_th, Some(PREFERRED_COUNT));
        let _ = lists.add_frequencies(tnc_freq);
        lists
    }

    /// Adds the words of a list; a word without a count gets `default`, if any.
    pub fn add_entries(&mut self, text: &str, default: Option<f64>) -> Result<(), EntryError> {
        for entry in parse_entries(text) {
            let (word, count) = entry?;
            let count = count.or(default);
            let slot = self.words.entry(word.to_owned()).or_insert(None);
            if let Some(count) = count {
                *slot = Some(slot.map_or(count, |c| c.max(count)));
            }
        }
        Ok(())
    }

    /// Adds counts from a frequency list (`word<TAB>count`); words it names that no word list
    /// has are not added.
    pub fn add_frequencies(&mut self, text: &str) -> Result<(), EntryError> {
        for entry in parse_entries(text) {
            let (word, count) = entry?;
            if let Some(count) = count {
                *self.frequencies.entry(word.to_owned()).or_insert(0.0) += count;
            }
        }
        Ok(())
    }

    /// Builds the trie: each word's cost is `-ln P(word)` under a unigram model of the counts.
    pub fn compile(&self) -> Result<CompiledTrie, String> {
        let mut entries: Vec<(Vec<u8>, f64, Option<f32>)> = self
            .words
            .iter()
            .filter_map(|(word, listed)| {
                let counted = self.frequencies.get(word).copied();
                let count = listed.or(counted).unwrap_or(DEFAULT_COUNT).max(DEFAULT_COUNT);
                // Words with other characters (ก.พ., idioms with spaces) never match in a Thai run.
                Some((encode_thai(word)?, count, self.cost_caps.get(word).copied()))
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let total: f64 =
            self.frequencies.values().sum::<f64>().max(1.0) + entries.iter().map(|(_, c, _)| *c).sum::<f64>();
        let log_total = total.ln();
        // count <= total, so every cost is >= 0 (a sign bit would not fit in the trie's value).
        let costs: Vec<f32> = entries
            .iter()
            .map(|(_, c, cap)| cap.map_or((log_total - c.ln()) as f32, |cap| cap.min((log_total - c.ln()) as f32)))
            .map(|cost| if cost > 0.0 { cost } else { 0.0 })
            .collect();
        if entries.is_empty() {
            return Err("no Thai words".into());
        }
        let keyset: Vec<(&[u8], u32)> =
            entries.iter().zip(&costs).map(|((w, _, _), cost)| (w.as_slice(), cost.to_bits())).collect();
        let bytes = DoubleArrayBuilder::build(&keyset).map_err(|e| format!("cannot build the word trie: {e}"))?;
        Ok(CompiledTrie { bytes, words: costs.len(), fingerprint: fingerprint(&entries, &costs) })
    }
}

/// Parses `word` / `word<TAB>count` lines, skipping comments, blank lines and entries that
/// contain white space (multi-word entries never match inside a Thai run).
pub fn parse_entries(text: &str) -> impl Iterator<Item = Result<(&str, Option<f64>), EntryError>> + '_ {
    text.lines().enumerate().filter_map(move |(i, raw)| {
        let line = raw.trim_end_matches('\r');
        let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        let error = |reason: String| EntryError { line: i + 1, reason };
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
pub fn encode_char(c: char) -> Option<u8> {
    let code = u32::from(c);
    (0x0E01..=0x0E5B).contains(&code).then(|| (code - 0x0E00 + 0xA0) as u8)
}

/// `word` spelled one byte a character, or `None` if it has a character outside the Thai block.
pub fn encode_thai(word: &str) -> Option<Vec<u8>> {
    word.chars().map(encode_char).collect()
}

/// FNV-1a over the sorted words and their costs: stable across runs and platforms.
fn fingerprint(entries: &[(Vec<u8>, f64, Option<f32>)], costs: &[f32]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for ((word, _, _), cost) in entries.iter().zip(costs) {
        eat(word);
        eat(&cost.to_le_bytes());
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

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
