//! Joins across script runs, after each run is cut: Thai abbreviations written with full stops
//! (กทม., น., พ.ศ.) and numbers joined by `-` or `/` without spaces (phone numbers, dates such
//! as 2024-01-15 or 15/1/2567) each become one token. So that an abbreviation of the word list
//! (ครม., สตง.) is one token even where its letters read as words (ค|รม), the segmenter cuts a Thai
//! run that a full stop follows before such an abbreviation first ([`listed_abbreviation_at_end`]).

use std::collections::HashSet;
use std::sync::LazyLock;

use super::token::{Token, TokenKind};

/// The longest Thai token, in characters, that a following full stop marks as an abbreviation.
const MAX_ABBREVIATION_CHARS: usize = 5;

/// The longest abbreviation, in characters, looked for at the end of a Thai run.
const MAX_LISTED_ABBREVIATION_CHARS: usize = 8;

/// The abbreviations of the word list that end with a full stop and have no other one (ครม.,
/// สตง., กนง.): the trie holds Thai letters only, so the segmenter cannot know them as words.
static LISTED_ABBREVIATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../dictionaries/words_th.txt")
        .lines()
        .filter_map(|line| line.split('\t').next())
        .map(str::trim)
        .filter(|word| {
            word.strip_suffix('.').is_some_and(|letters| !letters.is_empty() && letters.chars().all(is_thai_char))
        })
        .collect()
});

fn is_thai_char(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c) && c != '.'
}

/// Where, in a Thai run that a full stop follows, a listed abbreviation of consonants only starts
/// (the longest: มติครม → 6, the byte offset of ครม), if one ends the run. Consonants only, since a
/// run of them before a full stop is an abbreviation, while a word's last letters (สภา) may spell
/// one (ภา.) by chance.
pub(super) fn listed_abbreviation_at_end(run: &str) -> Option<usize> {
    let starts: Vec<usize> = run.char_indices().map(|(at, _)| at).collect();
    let consonants_at_end = run.chars().rev().take_while(|&c| super::cluster::is_consonant(c)).count();
    let longest = consonants_at_end.min(MAX_LISTED_ABBREVIATION_CHARS);
    (2..=longest).rev().find_map(|n| {
        let start = *starts.get(starts.len() - n)?;
        let letters = run.get(start..)?;
        LISTED_ABBREVIATIONS.contains(format!("{letters}.").as_str()).then_some(start)
    })
}

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
        matches!(t.kind, TokenKind::Word | TokenKind::Unknown)
            && (t.text.chars().count() <= MAX_ABBREVIATION_CHARS
                || LISTED_ABBREVIATIONS.contains(format!("{}.", t.text).as_str()))
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
    fn listed_abbreviations_cut_into_words_are_put_back_together() {
        assert_eq!(words("มติครม.วันนี้")[..2], ["มติ", "ครม."]);
        for abbreviation in ["ครม.", "สตง.", "กนง.", "อสม."] {
            assert!(words(&format!("ประชุม {abbreviation} เห็นชอบ")).contains(&abbreviation), "{abbreviation}");
            assert_eq!(words(abbreviation), [abbreviation]);
        }
        assert!(words("นายกรัฐมนตรี.").contains(&"นายกรัฐมนตรี"), "only listed abbreviations are rejoined");
    }

    #[test]
    fn numbers_joined_by_dashes_stay_whole() {
        assert_eq!(words("โทร 088-888-8888"), vec!["โทร", " ", "088-888-8888"]);
        assert_eq!(words("2024-01-15"), vec!["2024-01-15"]);
    }
}
