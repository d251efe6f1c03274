//! Tokens: a slice of the text with its byte range and kind.

use serde::Serialize;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TokenKind {
    /// A Thai dictionary word.
    Word,
    /// Thai text the dictionary does not know (a name, a transliteration, a misspelling), kept
    /// as one unit.
    Unknown,
    /// Letters of another script (Latin and others), possibly with digits.
    Alphabetic,
    /// Digits, Arabic or Thai, with their separators (`1,234.5`, `๒๕๖๗`).
    Number,
    /// A URL or an e-mail address.
    Link,
    /// Punctuation, including ๆ and ฯลฯ signs and ellipses.
    Punctuation,
    /// Emoji and other symbols.
    Symbol,
    /// White space: spaces between Thai phrases, line breaks.
    Space,
}

impl TokenKind {
    /// True for tokens that carry words (search indexes these).
    pub fn is_word_like(self) -> bool {
        matches!(
            self,
            TokenKind::Word | TokenKind::Unknown | TokenKind::Alphabetic | TokenKind::Number | TokenKind::Link
        )
    }
}

/// A piece of the text: `text == &source[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token<'t> {
    /// The token's text.
    pub text: &'t str,
    /// Byte offset of its first byte in the segmented text.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
    /// What it is.
    pub kind: TokenKind,
}

impl<'t> Token<'t> {
    /// The token `source[start..end]`; an empty token if the range is not on char boundaries
    /// (never the case for ranges the segmenter computes).
    pub(crate) fn new(source: &'t str, start: usize, end: usize, kind: TokenKind) -> Self {
        Token { text: source.get(start..end).unwrap_or(""), start, end, kind }
    }
}
