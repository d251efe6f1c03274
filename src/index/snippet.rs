//! Snippets: the part of a passage shown under a hit, with the matched words highlighted.
//!
//! Built here rather than by tantivy's `SnippetGenerator`, whose window is counted in bytes (a
//! third of the characters for Thai) and starts at the first matching word. The passage's stored
//! text (normalized, as indexed) is tokenized again with the same `thai` tokenizer; tokens whose
//! term is a query term are the matches. The window of at most `max_chars` characters that holds
//! the most weight of distinct matched terms is chosen, opened a little before its first match,
//! and cut at word boundaries; `…` marks a cut.
//!
//! A [`Highlighter`] is built once per query and only tokenizes what it needs: one Aho-Corasick
//! pass finds where the query terms occur as substrings (a word can only match where its
//! characters are), the window is placed over those occurrences, and only the white-space-delimited
//! chunks of that window are tokenized, for the exact matches and the word boundaries of the cuts.
//! Segmentation works run by run, so a chunk is cut the same alone as in its passage. (A substring
//! that is not a word can draw the window; it is never highlighted.)
//!
//! Invariant: every highlight is a byte range of [`Snippet::text`], on char boundaries, and the
//! text there is exactly a matched word (or, where a compound and its sub-word both matched, the
//! compound). Line breaks are shown as spaces (same length, so offsets are unaffected).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::AhoCorasick;
use serde::Serialize;

use super::tokenizer::{IndexToken, ThaiTokenizer};

/// A passage excerpt with highlights.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Snippet {
    /// The excerpt.
    pub text: String,
    /// Byte ranges of `text` that matched the query, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The highlighted pieces of the text.
    pub fn highlighted(&self) -> impl Iterator<Item = &str> {
        self.highlights.iter().filter_map(|range| self.text.get(range.clone()))
    }
}

/// How many characters of context precede the first match, at most.
const LEAD_CHARS: usize = 40;

/// Marks text left out.
const ELLIPSIS: &str = "…";

/// Makes the snippets of one query's hits.
#[derive(Debug, Clone)]
pub struct Highlighter {
    tokenizer: ThaiTokenizer,
    weights: HashMap<String, f32>,
    /// Finds where the terms (any ASCII case, digits also as Thai digits) occur as substrings.
    finder: Option<AhoCorasick>,
    /// The term of each of the finder's patterns.
    patterns: Vec<String>,
    max_chars: usize,
    /// Terms highlighted only where they are a whole word of the passage, not a piece of one
    /// ([`whole_words_only`](Self::whole_words_only)).
    whole_words: HashSet<String>,
    /// Terms highlighted wherever they occur ([`anywhere`](Self::anywhere)).
    anywhere: HashSet<String>,
}

impl Highlighter {
    /// A highlighter of the terms `weights` (term → weight; rarer terms should weigh more) with
    /// snippets of at most `max_chars` characters. `tokenizer` should be
    /// [`ThaiTokenizer::for_stored_text`]: the texts given to [`snippet`](Self::snippet) are
    /// stored, already normalized, passages.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use ruammue::index::snippet::Highlighter;
    /// use ruammue::index::tokenizer::ThaiTokenizer;
    /// let tokenizer = ThaiTokenizer::new().for_stored_text();
    /// let highlighter = Highlighter::new(tokenizer, HashMap::from([("ส่วนร่วม".to_string(), 1.0)]), 200);
    /// let snippet = highlighter.snippet("ที่ประชุมรับทราบ และส่งเสริมการมีส่วนร่วมของประชาชน");
    /// assert_eq!(snippet.highlighted().collect::<Vec<_>>(), ["ส่วนร่วม"]);
    /// ```
    pub fn new(tokenizer: ThaiTokenizer, weights: HashMap<String, f32>, max_chars: usize) -> Highlighter {
        let mut searched: Vec<String> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        for term in weights.keys().filter(|t| !t.is_empty()) {
            searched.push(term.clone());
            patterns.push(term.clone());
            let thai_digits: String = term.chars().map(to_thai_digit).collect();
            if &thai_digits != term {
                searched.push(thai_digits);
                patterns.push(term.clone());
            }
        }
        let finder = AhoCorasick::builder().ascii_case_insensitive(true).build(&searched).ok();
        Highlighter {
            tokenizer,
            weights,
            finder,
            patterns,
            max_chars: max_chars.max(20),
            whole_words: HashSet::new(),
            anywhere: HashSet::new(),
        }
    }

    /// The same highlighter, highlighting `terms` only where they are whole words of the passage,
    /// and only in a passage without any of the other terms: a query word's sub-word (คม of
    /// ประชาคม) is then not marked inside another word (มีนาคม), nor beside the query word.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use ruammue::index::snippet::Highlighter;
    /// use ruammue::index::tokenizer::ThaiTokenizer;
    /// let weights = HashMap::from([("ประชาคม".to_string(), 1.0), ("คม".to_string(), 0.5)]);
    /// let highlighter = Highlighter::new(ThaiTokenizer::new().for_stored_text(), weights, 200)
    ///     .whole_words_only(["คม".to_string()]);
    /// let snippet = highlighter.snippet("ประชุมเดือนมีนาคม จัดเวทีประชาคมหมู่บ้าน");
    /// assert_eq!(snippet.highlighted().collect::<Vec<_>>(), ["ประชาคม"]);
    /// ```
    pub fn whole_words_only(mut self, terms: impl IntoIterator<Item = String>) -> Highlighter {
        self.whole_words.extend(terms);
        self
    }

    /// The same highlighter, highlighting `terms` wherever they occur in the text, though no word
    /// of the passage spells them out: a typed chunk (การมีส่วนร่วม) over the words that the
    /// passage cut it into (การ|มี|ส่วน|ร่วม).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use ruammue::index::snippet::Highlighter;
    /// use ruammue::index::tokenizer::ThaiTokenizer;
    /// let weights = HashMap::from([("การมีส่วนร่วม".to_string(), 2.0), ("การ".to_string(), 0.2)]);
    /// let highlighter = Highlighter::new(ThaiTokenizer::new().for_stored_text(), weights, 200)
    ///     .whole_words_only(["การ".to_string()])
    ///     .anywhere(["การมีส่วนร่วม".to_string()]);
    /// let snippet = highlighter.snippet("ส่งเสริมการมีส่วนร่วมทางการเมือง");
    /// assert_eq!(snippet.highlighted().collect::<Vec<_>>(), ["การมีส่วนร่วม"]);
    /// ```
    pub fn anywhere(mut self, terms: impl IntoIterator<Item = String>) -> Highlighter {
        self.anywhere.extend(terms);
        self
    }

    /// The snippet of `text`.
    pub fn snippet(&self, text: &str) -> Snippet {
        let chunks = chunks(text);
        let chunk_of = |at: usize| chunks.partition_point(|&(_, end)| end <= at);
        let chars = CharIndex::new(text);
        // Where the terms occur as substrings: the likely matches, to place the window.
        let occurrences: Vec<IndexToken> = match &self.finder {
            Some(finder) => finder
                .find_overlapping_iter(text)
                .filter_map(|found| {
                    let term = self.patterns.get(found.pattern().as_usize())?;
                    Some(IndexToken {
                        text: term.clone(),
                        start: found.start(),
                        end: found.end(),
                        position: 0,
                        alternate: false,
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        let (words, pieces): (Vec<IndexToken>, Vec<IndexToken>) =
            occurrences.into_iter().partition(|t| !self.whole_words.contains(&t.text));
        // Where a query word itself occurs, its pieces are not marked: only they would show why a
        // passage without it matched.
        let pieces_marked = words.is_empty();
        let occurrences = if pieces_marked { pieces } else { words.clone() };
        let window =
            best_window(&matches(&occurrences, &self.weights, text.len()), &chars, self.max_chars).unwrap_or(0);
        // Tokenize the chunks around that window: the real matches and the word boundaries.
        let (from, to) = (window.saturating_sub(LEAD_CHARS * 4), window.saturating_add(self.max_chars * 4 + 4));
        let mut tokens: Vec<IndexToken> = Vec::new();
        for &(start, end) in chunks.get(chunk_of(from)..).unwrap_or(&[]).iter().take_while(|&&(start, _)| start < to) {
            let Some(chunk) = text.get(start..end) else { continue };
            let shifted = self.tokenizer.tokens(chunk).into_iter().map(|t| IndexToken {
                start: t.start + start,
                end: t.end + start,
                ..t
            });
            tokens.extend(shifted.filter(|t| !(t.alternate && self.whole_words.contains(&t.text))));
        }
        // A term found in the text that no token spells out (a typed chunk, การมีส่วนร่วม, over
        // the words การ|มี|ส่วน|ร่วม) is marked where it was found.
        let found_anywhere =
            words.into_iter().filter(|w| self.anywhere.contains(&w.text) && w.start >= from && w.end <= to);
        tokens.extend(found_anywhere.map(|w| IndexToken { alternate: true, ..w }));
        tokens.sort_by_key(|t| (t.start, t.end));
        if pieces_marked {
            return make_snippet(text, &tokens, &self.weights, self.max_chars);
        }
        let mut weights = self.weights.clone();
        weights.retain(|term, _| !self.whole_words.contains(term));
        make_snippet(text, &tokens, &weights, self.max_chars)
    }
}

/// The byte ranges of the text's chunks between white space.
fn chunks(text: &str) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                chunks.push((from, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(from) = start {
        chunks.push((from, text.len()));
    }
    chunks
}

/// An Arabic digit as the Thai digit, any other character unchanged.
fn to_thai_digit(c: char) -> char {
    match c.to_digit(10) {
        Some(d) if c.is_ascii_digit() => char::from_u32(0x0E50 + d).unwrap_or(c),
        _ => c,
    }
}

/// Char positions of a text: byte offset ↔ char index.
struct CharIndex {
    /// Byte offset of every char start, then the text's length.
    bounds: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        CharIndex { bounds: text.char_indices().map(|(at, _)| at).chain(std::iter::once(text.len())).collect() }
    }

    /// The index of the char at (or the first after) byte offset `byte`.
    fn char_at(&self, byte: usize) -> usize {
        self.bounds.partition_point(|&b| b < byte)
    }

    /// The byte offset of char `index`, or `len` past the end.
    fn byte_of(&self, index: usize, len: usize) -> usize {
        self.bounds.get(index).copied().unwrap_or(len)
    }
}

/// The tokens whose term is weighted, with their weights.
fn matches<'t>(tokens: &'t [IndexToken], weights: &HashMap<String, f32>, len: usize) -> Vec<(&'t IndexToken, f32)> {
    tokens.iter().filter_map(|t| weights.get(&t.text).map(|&w| (t, w))).filter(|(t, _)| t.end <= len).collect()
}

/// The snippet of `text` for the query terms `weights` (term → weight), at most `max_chars`
/// characters of the text; `tokens` are tokens of `text` (offsets into it, sorted by start) —
/// all of them, or at least those of the chunks that hold matches and of the window.
///
/// ```
/// use std::collections::HashMap;
/// use ruammue::index::snippet::make_snippet;
/// use ruammue::index::tokenizer::ThaiTokenizer;
/// let text = "ที่ประชุมรับทราบ และส่งเสริมการมีส่วนร่วมของประชาชน";
/// let tokens = ThaiTokenizer::new().for_stored_text().tokens(text);
/// let snippet = make_snippet(text, &tokens, &HashMap::from([("ส่วนร่วม".to_string(), 1.0)]), 200);
/// assert_eq!(snippet.highlighted().collect::<Vec<_>>(), ["ส่วนร่วม"]);
/// ```
pub fn make_snippet(text: &str, tokens: &[IndexToken], weights: &HashMap<String, f32>, max_chars: usize) -> Snippet {
    let max_chars = max_chars.max(20);
    let chars = CharIndex::new(text);
    let matches = matches(tokens, weights, text.len());
    let (start, end) = match best_window(&matches, &chars, max_chars) {
        Some(first_match) => {
            let lead_char = chars.char_at(first_match).saturating_sub(LEAD_CHARS);
            let start = if lead_char == 0 {
                0
            } else {
                word_start_at_or_after(tokens, chars.byte_of(lead_char, text.len()), first_match)
            };
            let limit = chars.byte_of(chars.char_at(start) + max_chars, text.len());
            (start, word_end_at_or_before(tokens, limit, start, text.len()))
        }
        None => (0, word_end_at_or_before(tokens, chars.byte_of(max_chars, text.len()), 0, text.len())),
    };
    let body = text.get(start..end).unwrap_or("");
    let prefix = if start > 0 { ELLIPSIS } else { "" };
    let suffix = if end < text.len() { ELLIPSIS } else { "" };
    let mut snippet_text = String::with_capacity(body.len() + 6);
    snippet_text.push_str(prefix);
    snippet_text.extend(body.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }));
    snippet_text.push_str(suffix);

    let mut ranges: Vec<Range<usize>> = matches
        .iter()
        .filter(|(t, _)| t.start >= start && t.end <= end)
        .map(|(t, _)| t.start - start + prefix.len()..t.end - start + prefix.len())
        .collect();
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut highlights: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match highlights.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => highlights.push(range),
        }
    }
    Snippet { text: snippet_text, highlights }
}

/// The byte offset of the first match of the best window: the window of `max_chars` characters
/// from a match that holds the most weight of distinct terms (the earliest among equals). A
/// sliding window over the matches, in order of their starts.
fn best_window(matches: &[(&IndexToken, f32)], chars: &CharIndex, max_chars: usize) -> Option<usize> {
    let positions: Vec<(usize, usize)> =
        matches.iter().map(|(t, _)| (chars.char_at(t.start), chars.char_at(t.end))).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut score = 0.0f32;
    let mut best: Option<(f32, usize)> = None;
    let mut end = 0;
    for (first, ((token, _), &(first_char, _))) in matches.iter().zip(&positions).enumerate() {
        while let (Some((next, weight)), Some(&(_, next_end))) = (matches.get(end), positions.get(end)) {
            if next_end > first_char + max_chars {
                break;
            }
            let count = counts.entry(next.text.as_str()).or_insert(0);
            if *count == 0 {
                score += weight;
            }
            *count += 1;
            end += 1;
        }
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, token.start));
        }
        if end > first {
            if let (Some(count), Some((_, weight))) = (counts.get_mut(token.text.as_str()), matches.get(first)) {
                *count -= 1;
                if *count == 0 {
                    score -= weight;
                }
            }
        } else {
            end = first + 1;
        }
    }
    best.map(|(_, start)| start)
}

/// The start of the first word that starts at or after `at`, no later than `latest`; else of the
/// word that holds `latest`. Words are the primary tokens: a sub-word's start (หาร in บริหาร)
/// would cut a word.
fn word_start_at_or_after(tokens: &[IndexToken], at: usize, latest: usize) -> usize {
    let starts = || tokens.iter().filter(|t| !t.alternate).map(|t| t.start);
    starts().find(|&s| s >= at && s <= latest).or_else(|| starts().filter(|&s| s <= latest).max()).unwrap_or(latest)
}

/// The end of the last word (primary token) that ends at or before `limit` (and after
/// `start`); `len` when the limit is the end of the text.
fn word_end_at_or_before(tokens: &[IndexToken], limit: usize, start: usize, len: usize) -> usize {
    if limit >= len {
        return len;
    }
    tokens.iter().filter(|t| !t.alternate).map(|t| t.end).filter(|&e| e <= limit && e > start).max().unwrap_or(limit)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    fn raw_tokenizer() -> ThaiTokenizer {
        ThaiTokenizer::new().for_stored_text()
    }

    fn snippet(text: &str, terms: &[&str], max_chars: usize) -> Snippet {
        let weights: HashMap<String, f32> = terms.iter().map(|t| (t.to_string(), 1.0)).collect();
        let full = make_snippet(text, &raw_tokenizer().tokens(text), &weights, max_chars);
        let lazy = Highlighter::new(raw_tokenizer(), weights, max_chars).snippet(text);
        assert_eq!(full, lazy, "tokenizing only the window's chunks changes nothing here");
        full
    }

    #[test]
    fn highlights_are_exactly_the_matched_words() {
        let s = snippet("การประชุมสภาตำบล\nเรื่องงบประมาณ ๒๕๖๗ และ Budget", &["สภา", "งบประมาณ", "budget", "2567"], 200);
        let words: Vec<&str> = s.highlighted().collect();
        assert_eq!(words, ["สภา", "งบประมาณ", "๒๕๖๗", "Budget"], "{s:?}");
        for range in &s.highlights {
            assert!(s.text.is_char_boundary(range.start) && s.text.is_char_boundary(range.end));
        }
        assert!(!s.text.contains('\n'));
    }

    #[test]
    fn a_long_passage_is_cut_around_the_best_match_with_ellipses() {
        let filler = "ข้อความทั่วไปที่ไม่เกี่ยวข้อง ".repeat(30);
        let text = format!("{filler}การมีส่วนร่วมของประชาชน {filler}");
        let s = snippet(&text, &["ประชาชน"], 80);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert!(s.text.chars().count() <= 82, "{}", s.text.chars().count());
        assert_eq!(s.highlighted().collect::<Vec<_>>(), ["ประชาชน"]);
    }

    #[test]
    fn a_cut_snippet_starts_and_ends_on_whole_words() {
        let compounds = "องค์การบริหารส่วนตำบล".repeat(8);
        let text = format!("{compounds}ประชาชน{compounds}");
        let s = snippet(&text, &["ประชาชน"], 60);
        let body = s.text.trim_start_matches('…').trim_end_matches('…');
        let words: Vec<IndexToken> = raw_tokenizer().tokens(&text).into_iter().filter(|t| !t.alternate).collect();
        let start = text.find(body).unwrap_or(usize::MAX);
        assert!(words.iter().any(|w| w.start == start), "starts inside a word: {}", s.text);
        assert!(words.iter().any(|w| w.end == start + body.len()), "ends inside a word: {}", s.text);
    }

    #[test]
    fn the_window_with_most_distinct_terms_wins() {
        let filler = "ข้อความทั่วไปที่ไม่เกี่ยวข้อง ".repeat(10);
        let text = format!("งบประมาณ {filler} งบประมาณของสภาตำบล {filler}");
        let s = snippet(&text, &["งบประมาณ", "สภา"], 60);
        assert_eq!(s.highlighted().collect::<Vec<_>>(), ["งบประมาณ", "สภา"], "{}", s.text);
    }

    #[test]
    fn no_match_gives_the_opening_without_highlights() {
        let s = snippet("ประชาชนมีส่วนร่วม", &["ไม่มี"], 200);
        assert_eq!(s.text, "ประชาชนมีส่วนร่วม");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn a_substring_that_is_not_a_word_is_not_highlighted() {
        let s = snippet("ตามมาตรา", &["ตา"], 200);
        assert!(s.highlights.is_empty(), "{s:?}");
    }

    #[test]
    fn overlapping_compound_and_sub_word_highlights_merge() {
        let s = snippet("การมีส่วนร่วมของประชาชน", &["การมีส่วนร่วม", "ส่วนร่วม"], 200);
        assert_eq!(s.highlighted().collect::<Vec<_>>(), ["การมีส่วนร่วม"], "{s:?}");
        let s = snippet("การมีส่วนร่วมของประชาชน", &["ส่วนร่วม"], 200);
        assert_eq!(s.highlighted().collect::<Vec<_>>(), ["ส่วนร่วม"], "{s:?}");
    }
}
