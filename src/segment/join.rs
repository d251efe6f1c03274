//! Joins across script runs, after each run is cut: Thai abbreviations written with full stops
//! (กทม., น., พ.ศ.) and numbers joined by `-` or `/` without spaces (phone numbers, dates such
//! as 2024-01-15 or 15/1/2567) each become one token.

use super::token::{Token, TokenKind};

/// The longest Thai token, in characters, that a following full stop marks as an abbreviation.
const MAX_ABBREVIATION_CHARS: usize = 5;

/// Rewrites `tokens` in place, joining the pieces described in the module doc.
pub(super) fn join_pieces<'t>(text: &'t str, tokens: &mut Vec<Token<'t>>) {
    let mut out: Vec<Token<'t>> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while let Some(&token) = tokens.get(i) {
        let taken = abbreviation(tokens, i).or_else(|| number_chain(tokens, i));
        match taken {
            Some((len, kind)) => {
                let end = tokens.get(i + len - 1).map_or(token.end, |t| t.end);
                out.push(Token::new(text, token.start, end, kind));
                i += len;
            }
            None => {
                out.push(token);
                i += 1;
            }
        }
    }
    *tokens = out;
}

fn is_full_stop(token: Option<&Token<'_>>) -> bool {
    token.is_some_and(|t| t.text == ".")
}

fn is_short_thai(token: Option<&Token<'_>>) -> bool {
    token.is_some_and(|t| {
        matches!(t.kind, TokenKind::Word | TokenKind::Unknown) && t.text.chars().count() <= MAX_ABBREVIATION_CHARS
    })
}

/// `(short Thai, ".")+` starting at `i`: how many tokens it spans.
fn abbreviation(tokens: &[Token<'_>], i: usize) -> Option<(usize, TokenKind)> {
    let mut len = 0;
    while is_full_stop(tokens.get(i + len + 1)) && is_short_thai(tokens.get(i + len)) {
        len += 2;
    }
    (len > 0).then_some((len, TokenKind::Word))
}

/// `number ([-/] number)+` starting at `i`: how many tokens it spans.
fn number_chain(tokens: &[Token<'_>], i: usize) -> Option<(usize, TokenKind)> {
    let is_number = |k: usize| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Number);
    let is_joiner = |k: usize| tokens.get(k).is_some_and(|t| t.text == "-" || t.text == "/");
    if !is_number(i) {
        return None;
    }
    let mut len = 1;
    while is_joiner(i + len) && is_number(i + len + 1) {
        len += 2;
    }
    (len > 1).then_some((len, TokenKind::Number))
}

#[cfg(test)]
mod tests {
    use crate::segment::ThaiSegmenter;

    fn words(text: &str) -> Vec<&str> {
        ThaiSegmenter::new().segment(text).iter().map(|t| t.text).collect()
    }

    #[test]
    fn abbreviations_keep_their_full_stops() {
        assert_eq!(words("พ.ศ. ๒๕๖๗"), vec!["พ.ศ.", " ", "๒๕๖๗"]);
        assert_eq!(words("กทม.ประกาศ"), vec!["กทม.", "ประกาศ"]);
    }

    #[test]
    fn numbers_joined_by_dashes_stay_whole() {
        assert_eq!(words("โทร 088-888-8888"), vec!["โทร", " ", "088-888-8888"]);
        assert_eq!(words("2024-01-15"), vec!["2024-01-15"]);
    }
}
