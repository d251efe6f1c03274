//! Word segmentation: text → tokens that cover it exactly.
//!
//! Thai is written without spaces between words. The [`ThaiSegmenter`] cuts a text into runs by
//! script; each Thai run is cut into words by the best path through a word lattice (every
//! dictionary word that occurs in the run, on [cluster] boundaries, scored by a unigram
//! model: see [`lattice`]); other runs — Latin, digits, punctuation, emoji — are cut by Unicode
//! word rules (UAX #29), with URLs, e-mail addresses and ellipses kept whole.
//!
//! Invariant: the tokens' `start..end` ranges are contiguous, on char boundaries, and cover the
//! text, so concatenating the tokens gives back the text.

pub mod cluster;
mod dictionary;
mod join;
pub mod lattice;
mod other;
mod token;
mod word_list;

use std::sync::Arc;

pub use dictionary::{Dictionary, DictionaryBuilder, DEFAULT_COUNT, MAX_WORD_BYTES, PREFERRED_COUNT};
pub use lattice::Scoring;
pub use token::{Token, TokenKind};

/// A dictionary-based Thai word segmenter. Cheap to clone; `Send + Sync`.
///
/// ```
/// use ruammue::segment::ThaiSegmenter;
/// let segmenter = ThaiSegmenter::new();
/// let text = "รัฐบาลต้องสร้างความไว้วางใจกับภาคประชาสังคม";
/// let words: Vec<&str> = segmenter.segment(text).iter().map(|t| t.text).collect();
/// assert_eq!(words.concat(), text);
/// assert_eq!(words, ["รัฐบาล", "ต้อง", "สร้าง", "ความ", "ไว้วางใจ", "กับ", "ภาคประชาสังคม"]);
/// ```
#[derive(Debug, Clone)]
pub struct ThaiSegmenter {
    dictionary: Arc<Dictionary>,
    scoring: Scoring,
}

impl Default for ThaiSegmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl ThaiSegmenter {
    /// A segmenter over the embedded dictionary.
    pub fn new() -> Self {
        Self::with_dictionary(Dictionary::embedded())
    }

    /// A segmenter over the given dictionary.
    pub fn with_dictionary(dictionary: Arc<Dictionary>) -> Self {
        ThaiSegmenter { dictionary, scoring: Scoring::default() }
    }

    /// The same segmenter with other scoring parameters.
    pub fn with_scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Cuts `text` into tokens that cover it exactly.
    pub fn segment<'t>(&self, text: &'t str) -> Vec<Token<'t>> {
        let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
        self.segment_into(text, &mut tokens);
        tokens
    }

    /// Like [`segment`](Self::segment), appending to `out` (reuse it to avoid allocation).
    pub fn segment_into<'t>(&self, text: &'t str, out: &mut Vec<Token<'t>>) {
        let first = out.len();
        let mut tokens = std::mem::take(out);
        let mut scratch = lattice::Scratch::default();
        for run in runs(text) {
            match run.script {
                Script::Thai => {
                    let thai = &text[run.start..run.end];
                    let abbreviation =
                        text[run.end..].starts_with('.').then(|| join::listed_abbreviation_at_end(thai)).flatten();
                    let words_end = abbreviation.unwrap_or(thai.len());
                    if words_end > 0 {
                        let words = &thai[..words_end];
                        lattice::segment_run(
                            &self.dictionary,
                            &self.scoring,
                            words,
                            run.start,
                            &mut scratch,
                            &mut tokens,
                        );
                    }
                    if abbreviation.is_some() {
                        tokens.push(Token::new(text, run.start + words_end, run.end, TokenKind::Word));
                    }
                }
                Script::Space => tokens.push(Token::new(text, run.start, run.end, TokenKind::Space)),
                Script::Other => other::segment_other(text, run.start, run.end, &mut tokens),
            }
        }
        let mut fresh = tokens.split_off(first.min(tokens.len()));
        join::join_pieces(text, &mut fresh);
        tokens.append(&mut fresh);
        *out = tokens;
    }

    /// The dictionary words inside a Thai word, other than the word itself, as byte ranges of
    /// `word`, starting and ending on cluster boundaries: ส่วน, ร่วม, ส่วนร่วม in การมีส่วนร่วม.
    /// Search indexes them at the word's position so that part of a compound finds it.
    ///
    /// ```
    /// let segmenter = ruammue::segment::ThaiSegmenter::new();
    /// let word = "ผู้มีส่วนได้ส่วนเสีย";
    /// let parts: Vec<&str> = segmenter.sub_words(word).into_iter().map(|r| &word[r]).collect();
    /// assert!(parts.contains(&"ส่วนได้ส่วนเสีย"));
    /// assert!(!parts.contains(&word));
    /// ```
    pub fn sub_words(&self, word: &str) -> Vec<std::ops::Range<usize>> {
        if !word.chars().all(is_thai_letter) {
            return Vec::new();
        }
        lattice::words_within(&self.dictionary, word)
    }

    /// The cost of the best segmentation of a Thai run (lower is more word-like): the sum of the
    /// costs of its words, unknown clusters included. Text repair compares such costs.
    pub fn cost(&self, text: &str) -> f64 {
        let mut scratch = lattice::Scratch::default();
        runs(text)
            .filter(|r| r.script == Script::Thai)
            .map(|r| lattice::best_cost(&self.dictionary, &self.scoring, &text[r.start..r.end], &mut scratch))
            .sum()
    }
}

/// Text repair asks the segmenter whether a repaired spelling reads as words.
impl crate::normalize::WordModel for ThaiSegmenter {
    fn cost(&self, text: &str) -> f64 {
        ThaiSegmenter::cost(self, text)
    }

    fn contains(&self, word: &str) -> bool {
        self.dictionary.contains(word)
    }
}

/// What kind of text a run holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Thai,
    Space,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    script: Script,
}

/// True for characters that belong in a Thai run: letters, vowels and marks, and ฯ (paiyannoi).
/// Thai digits, ๆ (mai yamok) and the Thai punctuation signs are not.
pub fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

fn script_of(c: char) -> Script {
    if is_thai_letter(c) {
        Script::Thai
    } else if c.is_whitespace() {
        Script::Space
    } else {
        Script::Other
    }
}

/// Splits `text` into maximal runs of one script. Scans bytes: a Thai character is three bytes
/// starting E0 B8 or E0 B9, so most of the text is classified without decoding a char.
fn runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at;
        let (script, len) = script_at(text, start)?;
        at += len;
        while let Some((next, len)) = script_at(text, at) {
            if next != script {
                break;
            }
            at += len;
        }
        Some(Run { start, end: at, script })
    })
}

/// The script of the char at byte `at` of `text` (a char boundary) and its length in bytes.
#[inline]
fn script_at(text: &str, at: usize) -> Option<(Script, usize)> {
    let bytes = text.as_bytes();
    match *bytes.get(at..)? {
        [0xE0, lead @ (0xB8 | 0xB9), tail, ..] => {
            let c = 0x0E00 + (u32::from(lead - 0xB8) << 6) + u32::from(tail & 0x3F);
            let thai = char::from_u32(c).is_some_and(is_thai_letter);
            Some((if thai { Script::Thai } else { Script::Other }, 3))
        }
        [b, ..] if b.is_ascii() => Some((script_of(char::from(b)), 1)),
        _ => {
            let c = text.get(at..)?.chars().next()?;
            Some((script_of(c), c.len_utf8()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        ThaiSegmenter::new().segment(text).iter().map(|t| t.text).collect()
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<ThaiSegmenter>();
        check::<Dictionary>();
        check::<Token<'static>>();
    }

    #[test]
    fn tokens_cover_the_text() {
        let text = "นายกฯ ประชุม ครม. 25 ส.ค.63 เวลา 13.30 น. https://www.thaigov.go.th ดีมากกกก...";
        let tokens = ThaiSegmenter::new().segment(text);
        let mut at = 0;
        for t in &tokens {
            assert_eq!(t.start, at);
            at = t.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn governance_terms_are_kept_whole() {
        let got = words("ที่ประชุมสภาเทศบาลมีมติเป็นฉันทามติของผู้มีส่วนได้ส่วนเสีย");
        for term in ["สภาเทศบาล", "ฉันทามติ", "ผู้มีส่วนได้ส่วนเสีย"]
        {
            assert!(got.contains(&term), "{term} not kept whole in {got:?}");
        }
    }

    #[test]
    fn unknown_words_are_not_shattered() {
        // A lone consonant is the final of the syllable before it, not a word of its own.
        assert_eq!(words("คุน"), vec!["คุน"]);
        assert_eq!(words("ดีมากกกกก"), vec!["ดี", "มากกกกก"]);
    }
}
