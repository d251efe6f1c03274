//! The `thai` tantivy tokenizer: text → normalized → segmented → index terms.
//!
//! Pipeline position: it is the [`segment`](crate::segment) step of the index. tantivy calls it
//! on every stored body and title when indexing, the query builder calls it on the words of a
//! query, and the snippet code on the stored text of a hit.
//!
//! What it emits, one *position* per word-like token ([`TokenKind::is_word_like`]):
//! - a Thai dictionary word or an unknown Thai unit, as written;
//! - Latin (and other alphabetic) words and links, lower-cased;
//! - numbers, with Thai digits folded to Arabic ones (`๑๔` → `14`), then, at the same position,
//!   the number as written when folding changed it, so `มาตรา ๑๔` and `มาตรา 14` both match;
//! - for a Thai word, its dictionary sub-words **at the same position**: ส่วน, ร่วม, ส่วนร่วม
//!   inside การมีส่วนร่วม (DESIGN.md, "Search quality"), so that part of a compound, or a query
//!   the segmenter split differently, still matches. Only sub-words that take part in a complete
//!   split of the word into dictionary words are kept (ส่วนร่วม in การ|มี|ส่วนร่วม, not ตา in
//!   ตาม). Sub-words never advance the position, so phrases over the words are unaffected.
//!
//! [`Output`] says which of these a tokenizer emits. The index registers three: `thai` (words:
//! the `body` and `title` fields), `thai_sub` (sub-words only: the `body_sub` field) and
//! `thai_query` (words each followed by its sub-words: queries). Alone ([`Output::SubWords`]),
//! a sub-word's position is its byte offset in the text, not its word's number: sub-words that
//! follow each other inside a compound (อภิปราย|ไม่|ไว้วางใจ in อภิปรายไม่ไว้วางใจ) are then found by
//! a phrase whose offsets are the byte lengths of the words before each (a quoted ไม่ไว้วางใจ). Sub-words live in a field of
//! their own because, mixed into the words' field, they inflate the term and length statistics
//! of BM25 for every common word that is also part of compounds: on iapp-wiki-qa that cost 0.012
//! MRR@10, where a separate field, weighted low, gains a little (README, "Search quality").
//!
//! The first token at a position is its *primary* term; the rest are alternates. The query
//! builder relies on that order.
//!
//! Invariant: every token's `offset_from..offset_to` is a range of the text tantivy passed in, on
//! char boundaries, and the text there is the word the token stands for (before lower-casing or
//! digit folding). That holds because the text is normalized before segmentation only when
//! normalization leaves it unchanged — which it does for everything ruammue stores, since
//! documents are normalized when loaded. When normalization does change the text (a raw query, or
//! text from elsewhere), the terms come from the normalized text and every offset spans the
//! whole input: still a valid range, never a wrong one.

use std::borrow::Cow;

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};

use crate::normalize::normalize;
use crate::segment::{ThaiSegmenter, TokenKind};

/// The name the tokenizer is registered under in the index.
pub const TOKENIZER_NAME: &str = "thai";

/// The version of the terms this tokenizer produces. Bump it whenever a change would make an
/// existing index disagree with new queries (what is emitted, how it is spelled); indexes built
/// with another version are refused until rebuilt.
pub const TOKENIZER_VERSION: u32 = 2;

/// Which sub-words of a Thai word are emitted as alternates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubWords {
    /// None: only the words themselves.
    None,
    /// The dictionary words inside dictionary words.
    OfWords,
    /// The dictionary words inside dictionary words and inside unknown Thai units.
    OfWordsAndUnknown,
}

/// Which terms a tokenizer emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Output {
    /// The words (and digit-folded numbers).
    Words,
    /// Only the sub-words, each at its byte offset in the text (the `body_sub` field).
    SubWords,
    /// The words, each followed by its sub-words at the same position (queries).
    WordsAndSubWords,
}

/// What the tokenizer emits besides the words; the defaults are what the index uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenizerOptions {
    /// Which terms to emit.
    pub output: Output,
    /// Normalize the text first (see the [module docs](self) for offsets).
    pub normalize: bool,
    /// Which sub-words to add at a word's position.
    pub sub_words: SubWords,
    /// The shortest sub-word emitted, in characters.
    pub min_sub_word_chars: usize,
    /// Fold Thai digits to Arabic ones.
    pub fold_digits: bool,
    /// Keep only the sub-words that take part in a split of the whole word into dictionary words
    /// (ส่วนร่วม in การมีส่วนร่วม = การ|มี|ส่วนร่วม, but not ตา in ตาม, whose rest ม is no word).
    pub covering_sub_words: bool,
    /// With [`Output::WordsAndSubWords`], give a word only the pieces of its coarsest complete
    /// split as alternates (การมีส่วนร่วม|ของ|ประชาชน for การมีส่วนร่วมของประชาชน), not every
    /// sub-word: a query then scores a passage that splits the word differently, without piling
    /// up the weights of every small word inside it.
    pub split_alternates: bool,
}

impl Default for TokenizerOptions {
    fn default() -> Self {
        TokenizerOptions {
            output: Output::WordsAndSubWords,
            normalize: true,
            sub_words: SubWords::OfWords,
            min_sub_word_chars: 2,
            fold_digits: true,
            covering_sub_words: true,
            split_alternates: true,
        }
    }
}

/// One term of the text, as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexToken {
    /// The term: the word, lower-cased or digit-folded where that applies.
    pub text: String,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// 0-based word position.
    pub position: usize,
    /// False for the primary term of a position, true for the alternates that follow it.
    pub alternate: bool,
}

/// The segmenter as a tantivy tokenizer. Cheap to clone (the dictionary is shared).
#[derive(Debug, Clone, Default)]
pub struct ThaiTokenizer {
    segmenter: ThaiSegmenter,
    options: TokenizerOptions,
}

impl ThaiTokenizer {
    /// A tokenizer over the embedded dictionary with the default options.
    pub fn new() -> Self {
        ThaiTokenizer::default()
    }

    /// A tokenizer over the given segmenter with the given options.
    pub fn with_options(segmenter: ThaiSegmenter, options: TokenizerOptions) -> Self {
        ThaiTokenizer { segmenter, options }
    }

    /// The segmenter in use.
    pub fn segmenter(&self) -> &ThaiSegmenter {
        &self.segmenter
    }

    /// The options in use.
    pub fn options(&self) -> TokenizerOptions {
        self.options
    }

    /// The tokenizer snippets use on stored text: no normalization (stored text is normalized
    /// already, and offsets must point into it), words followed by every sub-word a query term
    /// may have matched in the `body_sub` field.
    pub fn for_stored_text(&self) -> ThaiTokenizer {
        let options = TokenizerOptions {
            output: Output::WordsAndSubWords,
            normalize: false,
            split_alternates: false,
            ..self.options
        };
        ThaiTokenizer { segmenter: self.segmenter.clone(), options }
    }

    /// The same tokenizer emitting `output`.
    pub fn with_output(&self, output: Output) -> ThaiTokenizer {
        ThaiTokenizer { segmenter: self.segmenter.clone(), options: TokenizerOptions { output, ..self.options } }
    }

    /// The terms of `text`, in order (see the [module docs](self)).
    ///
    /// ```
    /// use ruammue::index::tokenizer::ThaiTokenizer;
    /// let tokens = ThaiTokenizer::new().tokens("มาตรา ๑๔ ของ Act");
    /// let terms: Vec<(&str, usize)> = tokens.iter().map(|t| (t.text.as_str(), t.position)).collect();
    /// assert!(terms.contains(&("14", 1)) && terms.contains(&("๑๔", 1)));
    /// assert!(terms.contains(&("act", 3)));
    /// ```
    pub fn tokens(&self, text: &str) -> Vec<IndexToken> {
        let analysis = self.analyze(text);
        analysis
            .terms
            .iter()
            .map(|term| IndexToken {
                text: analysis.term_text(term).to_string(),
                start: term.start,
                end: term.end,
                position: term.position,
                alternate: term.alternate,
            })
            .collect()
    }

    /// Runs the pipeline over `text`.
    fn analyze<'t>(&self, text: &'t str) -> Analysis<'t> {
        let mut analysis = Analysis { source: Cow::Borrowed(text), buffer: String::new(), terms: Vec::new() };
        let mut whole_span = false;
        if self.options.normalize {
            let normalized = normalize(text);
            if normalized != text {
                analysis.source = Cow::Owned(normalized);
                whole_span = true;
            }
        }
        let source: &str = &analysis.source;
        let words = self.options.output != Output::SubWords;
        let sub_words = self.options.output != Output::Words;
        let mut position = 0;
        for token in self.segmenter.segment(source) {
            if !token.kind.is_word_like() || token.text.is_empty() {
                continue;
            }
            let mut push = |term: TermText, start: usize, end: usize, alternate: bool| {
                // Sub-words alone sit at their byte offsets (module docs); the rest at the word's.
                let position = if words { position } else { start };
                analysis.terms.push(Term { text: term, start, end, position, alternate });
            };
            match token.kind {
                TokenKind::Word | TokenKind::Unknown => {
                    if words {
                        push(TermText::Source(token.start, token.end), token.start, token.end, false);
                    }
                    let wanted = sub_words
                        && match self.options.sub_words {
                            SubWords::None => false,
                            SubWords::OfWords => token.kind == TokenKind::Word,
                            SubWords::OfWordsAndUnknown => true,
                        };
                    if wanted {
                        let mut ranges = self.segmenter.sub_words(token.text);
                        if self.options.covering_sub_words {
                            ranges = covering(token.text.len(), ranges);
                        }
                        if self.options.split_alternates && words {
                            ranges = coarsest_split(token.text.len(), ranges);
                        }
                        for range in ranges {
                            let Some(sub) = token.text.get(range.clone()) else { continue };
                            if sub.chars().count() < self.options.min_sub_word_chars {
                                continue;
                            }
                            let (start, end) = (token.start + range.start, token.start + range.end);
                            push(TermText::Source(start, end), start, end, words);
                        }
                    }
                }
                _ if !words => {}
                TokenKind::Number if self.options.fold_digits && token.text.chars().any(is_thai_digit) => {
                    let from = analysis.buffer.len();
                    analysis.buffer.extend(token.text.chars().map(fold_digit));
                    push(TermText::Buffer(from, analysis.buffer.len()), token.start, token.end, false);
                    push(TermText::Source(token.start, token.end), token.start, token.end, true);
                }
                _ if token.text.chars().any(char::is_uppercase) => {
                    let from = analysis.buffer.len();
                    analysis.buffer.extend(token.text.chars().flat_map(char::to_lowercase));
                    push(TermText::Buffer(from, analysis.buffer.len()), token.start, token.end, false);
                }
                _ => push(TermText::Source(token.start, token.end), token.start, token.end, false),
            }
            position += 1;
        }
        if whole_span {
            for term in &mut analysis.terms {
                // Terms carry the normalized text's offsets; the caller's text is another string.
                term.start = 0;
                term.end = text.len();
            }
        }
        analysis
    }
}

/// The `ranges` (dictionary words inside a word of `len` bytes) that lie on a path of ranges from
/// the word's start to its end: the words of some complete split of the word.
fn covering(len: usize, mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    let mut from_start = vec![false; len + 1];
    let mut to_end = vec![false; len + 1];
    if let (Some(first), Some(last)) = (from_start.first_mut(), to_end.last_mut()) {
        *first = true;
        *last = true;
    }
    ranges.sort_by_key(|r| r.start);
    for range in &ranges {
        if from_start.get(range.start).copied().unwrap_or(false) {
            if let Some(slot) = from_start.get_mut(range.end) {
                *slot = true;
            }
        }
    }
    let mut by_end: Vec<&std::ops::Range<usize>> = ranges.iter().collect();
    by_end.sort_by_key(|r| std::cmp::Reverse(r.end));
    for range in by_end {
        if to_end.get(range.end).copied().unwrap_or(false) {
            if let Some(slot) = to_end.get_mut(range.start) {
                *slot = true;
            }
        }
    }
    ranges.retain(|r| from_start.get(r.start).copied().unwrap_or(false) && to_end.get(r.end).copied().unwrap_or(false));
    ranges
}

/// The fewest `ranges` that split a word of `len` bytes completely, in order (none when no split
/// exists); among equally few, the one found first from the start.
fn coarsest_split(len: usize, mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    // pieces[i]: fewest pieces from 0 to byte i, and the range that ends the best path there.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; len + 1];
    if let Some(first) = best.first_mut() {
        *first = Some((0, usize::MAX));
    }
    for (index, range) in ranges.iter().enumerate() {
        let Some(Some((pieces, _))) = best.get(range.start).copied() else { continue };
        if let Some(slot) = best.get_mut(range.end) {
            if slot.is_none_or(|(known, _)| pieces + 1 < known) {
                *slot = Some((pieces + 1, index));
            }
        }
    }
    let mut split = Vec::new();
    let mut at = len;
    while at > 0 {
        let Some(Some((_, index))) = best.get(at).copied() else { return Vec::new() };
        let Some(range) = ranges.get(index) else { return Vec::new() };
        split.push(range.clone());
        at = range.start;
    }
    split.reverse();
    split
}

/// Thai digits ๐–๙.
fn is_thai_digit(c: char) -> bool {
    ('\u{0E50}'..='\u{0E59}').contains(&c)
}

/// A Thai digit as the Arabic digit, any other character unchanged.
fn fold_digit(c: char) -> char {
    if is_thai_digit(c) {
        char::from_u32(u32::from(c) - 0x0E50 + u32::from('0')).unwrap_or(c)
    } else {
        c
    }
}

/// Where a term's text lives: a range of the (normalized) source, or of the scratch buffer.
#[derive(Debug, Clone, Copy)]
enum TermText {
    Source(usize, usize),
    Buffer(usize, usize),
}

/// One emitted term before it becomes a tantivy token.
#[derive(Debug, Clone, Copy)]
struct Term {
    text: TermText,
    start: usize,
    end: usize,
    position: usize,
    alternate: bool,
}

/// The terms of one text, with the strings they point into.
#[derive(Debug)]
struct Analysis<'t> {
    source: Cow<'t, str>,
    buffer: String,
    terms: Vec<Term>,
}

impl Analysis<'_> {
    fn term_text(&self, term: &Term) -> &str {
        match term.text {
            TermText::Source(start, end) => self.source.get(start..end).unwrap_or(""),
            TermText::Buffer(start, end) => self.buffer.get(start..end).unwrap_or(""),
        }
    }
}

/// The token stream of one text.
pub struct ThaiTokenStream<'t> {
    analysis: Analysis<'t>,
    next: usize,
    token: TantivyToken,
}

impl Tokenizer for ThaiTokenizer {
    type TokenStream<'a> = ThaiTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ThaiTokenStream<'a> {
        ThaiTokenStream { analysis: self.analyze(text), next: 0, token: TantivyToken::default() }
    }
}

impl TokenStream for ThaiTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(term) = self.analysis.terms.get(self.next).copied() else { return false };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(self.analysis.term_text(&term));
        self.token.offset_from = term.start;
        self.token.offset_to = term.end;
        self.token.position = term.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &TantivyToken {
        &self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.token
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    fn stream(text: &str) -> Vec<TantivyToken> {
        let mut tokenizer = ThaiTokenizer::new();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        stream.process(&mut |token| out.push(token.clone()));
        out
    }

    #[test]
    fn offsets_are_char_boundaries_and_match_the_text() {
        let text = "การมีส่วนร่วมของประชาชน ตาม มาตรา ๑๔ และ Section 14 ใน https://www.krisdika.go.th ครับ";
        let tokens = stream(text);
        assert!(!tokens.is_empty());
        for token in &tokens {
            assert!(text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to), "{token:?}");
            let slice = &text[token.offset_from..token.offset_to];
            let folded: String = slice.chars().map(fold_digit).flat_map(char::to_lowercase).collect();
            assert!(token.text == slice || token.text == folded, "{token:?} vs {slice:?}");
        }
    }

    #[test]
    fn positions_advance_per_word_and_skip_spaces_and_punctuation() {
        let tokens = stream("ประชาชน, ชุมชน  (Community)");
        let primaries: Vec<(String, usize)> = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| *i == 0 || tokens[i - 1].position != t.position)
            .map(|(_, t)| (t.text.clone(), t.position))
            .collect();
        assert_eq!(primaries, [("ประชาชน".into(), 0), ("ชุมชน".into(), 1), ("community".into(), 2)]);
    }

    #[test]
    fn sub_words_share_the_position_of_their_compound() {
        let tokenizer = ThaiTokenizer::new();
        let text = "ผู้มีส่วนได้ส่วนเสียร่วมประชุม";
        let tokens = tokenizer.tokens(text);
        let subs: Vec<&IndexToken> = tokens.iter().filter(|t| t.alternate).collect();
        assert!(subs.iter().any(|t| t.text == "ส่วนได้ส่วนเสีย"), "{tokens:?}");
        for sub in &subs {
            assert_eq!(&text[sub.start..sub.end], sub.text, "{sub:?}");
            let word = tokens.iter().find(|t| !t.alternate && t.position == sub.position).unwrap();
            assert!(sub.start >= word.start && sub.end <= word.end, "{sub:?} outside {word:?}");
        }
    }

    #[test]
    fn sub_words_alone_sit_at_their_byte_offsets() {
        let text = "การอภิปรายไม่ไว้วางใจ";
        let tokens = ThaiTokenizer::new().with_output(Output::SubWords).tokens(text);
        let at = |word: &str| tokens.iter().find(|t| t.text == word).map(|t| t.position);
        assert_eq!(at("ไม่"), text.find("ไม่"), "{tokens:?}");
        assert_eq!(at("ไว้วางใจ"), text.find("ไว้วางใจ"), "{tokens:?}");
        assert!(tokens.iter().all(|t| t.position == t.start && !t.alternate), "{tokens:?}");
    }

    #[test]
    fn query_alternates_are_the_coarsest_split() {
        let word = "การมีส่วนร่วมของประชาชน";
        let tokens = ThaiTokenizer::new().tokens(word);
        let alternates: Vec<&str> = tokens.iter().filter(|t| t.alternate).map(|t| t.text.as_str()).collect();
        assert_eq!(alternates, ["การมีส่วนร่วม", "ของ", "ประชาชน"]);
        assert!(coarsest_split(3, vec![0..1, 2..3]).is_empty(), "no complete split");
    }

    #[test]
    fn only_sub_words_of_a_complete_split_are_kept() {
        let ranges = |word: &str, parts: &[&str]| -> Vec<std::ops::Range<usize>> {
            parts
                .iter()
                .map(|p| {
                    let at = word.find(p).unwrap();
                    at..at + p.len()
                })
                .collect()
        };
        let word = "การมีส่วนร่วม";
        let kept = covering(word.len(), ranges(word, &["การ", "มี", "ส่วน", "ร่วม", "ส่วนร่วม", "กา", "วน"]));
        let kept: Vec<&str> = kept.into_iter().map(|r| &word[r]).collect();
        assert_eq!(kept, ["การ", "มี", "ส่วน", "ส่วนร่วม", "ร่วม"]);
        let tokens = ThaiTokenizer::new().tokens("ตาม");
        assert!(tokens.iter().all(|t| !t.alternate), "{tokens:?}");
    }

    #[test]
    fn thai_digits_are_indexed_as_arabic_digits_too() {
        let tokens = ThaiTokenizer::new().tokens("มาตรา ๑๔");
        let at_one: Vec<(&str, bool)> =
            tokens.iter().filter(|t| t.position == 1).map(|t| (t.text.as_str(), t.alternate)).collect();
        assert_eq!(at_one, [("14", false), ("๑๔", true)]);
        assert!(tokens.iter().filter(|t| t.position == 1).all(|t| (t.start, t.end) == (16, 22)));
    }

    #[test]
    fn latin_is_lower_cased_and_options_switch_sub_words_off() {
        let plain = TokenizerOptions { sub_words: SubWords::None, ..TokenizerOptions::default() };
        let tokenizer = ThaiTokenizer::with_options(ThaiSegmenter::new(), plain);
        let tokens = tokenizer.tokens("การมีส่วนร่วม OECD");
        assert!(tokens.iter().all(|t| !t.alternate), "{tokens:?}");
        assert_eq!(tokens.last().map(|t| t.text.as_str()), Some("oecd"));
    }

    #[test]
    fn empty_and_spaces_give_no_tokens() {
        assert!(stream("").is_empty());
        assert!(stream("  \n\t ").is_empty());
    }
}
