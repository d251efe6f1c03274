//! A character-bigram tokenizer: the baseline that needs no dictionary.
//!
//! Used by `ruammue eval search --tokenizer bigram` to compare the `thai` tokenizer against the
//! usual dictionary-free approach for scripts without spaces (Lucene's CJK bigrams). Thai runs
//! (letters, vowels and marks) become overlapping pairs of characters, one position each (a run
//! of one character is emitted as itself); other word-like runs (Latin, digits) are cut by
//! Unicode word rules and lower-cased. The text is normalized first, as the `thai` tokenizer does,
//! so the comparison is about segmentation only.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::normalize;
use crate::segment::is_thai_letter;

/// The name the bigram tokenizer is registered under.
pub const BIGRAM_TOKENIZER_NAME: &str = "thai_bigram";

/// Character bigrams for Thai, words for the rest.
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer;

/// The token stream of one text: all tokens computed up front.
pub struct BigramTokenStream {
    tokens: std::vec::IntoIter<Token>,
    token: Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream {
        BigramTokenStream { tokens: bigrams(text).into_iter(), token: Token::default() }
    }
}

impl TokenStream for BigramTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.token = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The bigram tokens of `text`. Offsets point into `text` when normalization leaves it unchanged,
/// else they span the whole text (as in the `thai` tokenizer).
fn bigrams(text: &str) -> Vec<Token> {
    let normalized = normalize(text);
    let whole_span = normalized != text;
    let mut tokens = Vec::new();
    let mut position = 0;
    let mut push = |tokens: &mut Vec<Token>, word: String, start: usize, end: usize| {
        let (offset_from, offset_to) = if whole_span { (0, text.len()) } else { (start, end) };
        tokens.push(Token { offset_from, offset_to, position, text: word, position_length: 1 });
        position += 1;
    };
    let mut rest = normalized.as_str();
    let mut base = 0;
    while let Some(first) = rest.chars().next() {
        let thai = is_thai_letter(first);
        let run_len = rest.find(|c: char| is_thai_letter(c) != thai).unwrap_or(rest.len());
        let (run, after) = rest.split_at(run_len);
        if thai {
            let chars: Vec<(usize, char)> = run.char_indices().collect();
            if chars.len() == 1 {
                push(&mut tokens, run.to_string(), base, base + run.len());
            }
            for pair in chars.windows(2) {
                if let [(start, a), (_, b)] = pair {
                    let end = start + a.len_utf8() + b.len_utf8();
                    push(&mut tokens, format!("{a}{b}"), base + start, base + end);
                }
            }
        } else {
            for (offset, word) in run.unicode_word_indices() {
                push(&mut tokens, word.to_lowercase(), base + offset, base + offset + word.len());
            }
        }
        base += run_len;
        rest = after;
    }
    tokens
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    #[test]
    fn thai_runs_become_overlapping_pairs() {
        let texts: Vec<String> = bigrams("ชุมชน ก OECD").into_iter().map(|t| t.text).collect();
        assert_eq!(texts, ["ชุ", "ุม", "มช", "ชน", "ก", "oecd"]);
    }

    #[test]
    fn offsets_match_the_text() {
        let text = "ประชาชน 2567";
        for token in bigrams(text) {
            assert_eq!(text[token.offset_from..token.offset_to].to_lowercase(), token.text);
        }
    }
}
