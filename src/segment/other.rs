//! Non-Thai runs: Latin words, numbers, punctuation, emoji — cut by Unicode word rules (UAX #29),
//! with URLs, e-mail addresses and ellipses (`...`, `…`) kept whole.

use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::token::{Token, TokenKind};

static LINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)(?:https?://|www\.)[^\s]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").ok());

/// Appends the tokens of `text[start..end]`, a run without Thai letters or white space.
pub(super) fn segment_other<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<Token<'t>>) {
    let Some(run) = text.get(start..end) else { return };
    let mut at = 0;
    if let Some(link) = LINK.as_ref() {
        for m in link.find_iter(run) {
            let link_end = trim_trailing_punctuation(run, m.start(), m.end());
            split_words(text, start + at, start + m.start(), out);
            out.push(Token::new(text, start + m.start(), start + link_end, TokenKind::Link));
            at = link_end;
        }
    }
    split_words(text, start + at, end, out);
}

/// A URL does not end in the sentence's punctuation: `(see https://a.b/c).` keeps `).` apart.
fn trim_trailing_punctuation(run: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        match run.get(..end).and_then(|s| s.chars().next_back()) {
            Some(c @ ('.' | ',' | ')' | ']' | '"' | '\'' | '!' | '?' | ';' | ':')) => end -= c.len_utf8(),
            _ => break,
        }
    }
    end
}

fn split_words<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<Token<'t>>) {
    let Some(run) = text.get(start..end) else { return };
    for (offset, piece) in run.split_word_bound_indices() {
        let kind = kind_of(piece);
        let piece_start = start + offset;
        let piece_end = piece_start + piece.len();
        if let Some(last) = out.last_mut() {
            if joins_previous(last, piece, kind) {
                last.end = piece_end;
                last.text = text.get(last.start..piece_end).unwrap_or(last.text);
                continue;
            }
        }
        out.push(Token::new(text, piece_start, piece_end, kind));
    }
}

/// Runs of the same punctuation mark (`...`, `!!!`, `***`) make one token; emoji stay apart.
fn joins_previous(last: &Token<'_>, piece: &str, kind: TokenKind) -> bool {
    let mut chars = piece.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return false };
    kind == last.kind && kind == TokenKind::Punctuation && !c.is_whitespace() && last.text.chars().all(|l| l == c)
}

fn kind_of(piece: &str) -> TokenKind {
    let mut chars = piece.chars();
    let Some(first) = chars.next() else { return TokenKind::Punctuation };
    if is_punctuation(first) {
        TokenKind::Punctuation
    } else if piece.chars().any(char::is_alphabetic) {
        TokenKind::Alphabetic
    } else if first.is_numeric() || piece.chars().any(|c| c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c))
    {
        TokenKind::Number
    } else {
        TokenKind::Symbol
    }
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{0E46}' | '\u{0E2F}' | '\u{0E4F}' | '\u{0E5A}' | '\u{0E5B}')
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{303F}' | '\u{00A1}'..='\u{00BF}')
}
