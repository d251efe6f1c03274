//! The best path through the word lattice of one Thai run.
//!
//! Nodes are the run's cluster boundaries; edges are the dictionary words that start and end on
//! boundaries (cost `-ln P(word)` plus a per-word penalty) and, so that every run has a path,
//! one edge per cluster for unknown text (a high fixed cost). Dynamic programming over the
//! boundaries in order finds the cheapest path (Viterbi). Consecutive unknown clusters are then
//! joined into one token, and an elongation (มากกกก: a letter repeated after a word) stays with
//! the word it stretches.

use super::cluster::{cluster_boundaries_coded, is_consonant};
use super::dictionary::Dictionary;
use super::token::{Token, TokenKind};

/// Bytes of UTF-8 a Thai letter takes: a Thai run's byte offset is three times its character index.
const THAI_CHAR_BYTES: usize = 3;

/// The parameters of the path score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scoring {
    /// Added to every word's cost: higher values prefer fewer, longer words. The default, a
    /// bonus, favours the finer cuts of the BEST-2010 guidelines over the compounds of the word
    /// list (แล้ว|ก็, ความ|เร็ว).
    pub word_penalty: f32,
    /// Cost of one cluster of unknown text.
    pub unknown_cost: f32,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring { word_penalty: -5.0, unknown_cost: 22.0 }
    }
}

/// Buffers reused across runs. Offsets here are character indices into the coded run.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    coded: Vec<u8>,
    boundaries: Vec<usize>,
    on_boundary: Vec<bool>,
    /// For each character index: best cost to reach it, and the edge that does.
    best: Vec<f32>,
    from: Vec<(u32, bool)>,
    path: Vec<(usize, usize, bool)>,
}

impl Scratch {
    /// Runs the dynamic program over `run`, a run of Thai letters; afterwards `best[n]`, `n` its
    /// length in characters, is the path cost.
    fn solve(&mut self, dictionary: &Dictionary, scoring: &Scoring, run: &str) {
        self.coded.clear();
        self.coded.extend(run.as_bytes().chunks_exact(THAI_CHAR_BYTES).map(encode_utf8_thai));
        let n = self.coded.len();
        cluster_boundaries_coded(&self.coded, &mut self.boundaries);
        self.best.clear();
        self.best.resize(n + 1, f32::INFINITY);
        self.from.clear();
        self.from.resize(n + 1, (0, false));
        self.on_boundary.clear();
        self.on_boundary.resize(n + 1, false);
        for &b in &self.boundaries {
            if let Some(slot) = self.on_boundary.get_mut(b) {
                *slot = true;
            }
        }
        if let Some(first) = self.best.first_mut() {
            *first = 0.0;
        }
        let Scratch { coded, boundaries, on_boundary, best, from, .. } = self;
        for (k, &here) in boundaries.iter().enumerate() {
            let Some(&base) = best.get(here) else { continue };
            if let Some(&next) = boundaries.get(k + 1) {
                relax(best, from, next, base + scoring.unknown_cost, here, false);
            }
            let rest = coded.get(here..).unwrap_or(&[]);
            dictionary.for_each_prefix(rest, |len, cost| {
                let end = here + len;
                if on_boundary.get(end).copied().unwrap_or(false) {
                    relax(best, from, end, base + cost + scoring.word_penalty, here, true);
                }
            });
        }
    }

    /// The best path as (start, end, known) edges in character indices, in order.
    fn trace(&mut self) {
        self.path.clear();
        let mut at = self.coded.len();
        while at > 0 {
            let Some(&(from, known)) = self.from.get(at) else { break };
            let from = from as usize;
            if from >= at {
                break;
            }
            self.path.push((from, at, known));
            at = from;
        }
        self.path.reverse();
    }
}

/// [`encode_char`](super::word_list::encode_char) for the three UTF-8 bytes of a Thai letter (E0 B8 81 – E0 B9 8E), without
/// decoding the char.
#[inline]
fn encode_utf8_thai(bytes: &[u8]) -> u8 {
    match bytes {
        [_, lead, tail] => 0xA0u8.wrapping_add(lead.wrapping_sub(0xB8) << 6).wrapping_add(tail.wrapping_sub(0x80)),
        _ => 0,
    }
}

#[inline]
fn relax(best: &mut [f32], from: &mut [(u32, bool)], at: usize, cost: f32, origin: usize, known: bool) {
    if let (Some(b), Some(f)) = (best.get_mut(at), from.get_mut(at)) {
        if cost < *b {
            *b = cost;
            *f = (origin as u32, known);
        }
    }
}

/// Every dictionary word inside the Thai run `run` (all letters, so three bytes a character) that
/// starts and ends on a cluster boundary, except `run` itself, as byte ranges.
pub(super) fn words_within(dictionary: &Dictionary, run: &str) -> Vec<std::ops::Range<usize>> {
    let coded: Vec<u8> = run.as_bytes().chunks_exact(THAI_CHAR_BYTES).map(encode_utf8_thai).collect();
    let mut boundaries = Vec::new();
    cluster_boundaries_coded(&coded, &mut boundaries);
    let mut on_boundary = vec![false; coded.len() + 1];
    for &b in &boundaries {
        if let Some(slot) = on_boundary.get_mut(b) {
            *slot = true;
        }
    }
    let mut words = Vec::new();
    for &start in &boundaries {
        dictionary.for_each_prefix(coded.get(start..).unwrap_or(&[]), |len, _| {
            let end = start + len;
            if on_boundary.get(end).copied().unwrap_or(false) && (start, end) != (0, coded.len()) {
                words.push(start * THAI_CHAR_BYTES..end * THAI_CHAR_BYTES);
            }
        });
    }
    words
}

/// The cost of the best segmentation of the Thai run `run`.
pub(super) fn best_cost(dictionary: &Dictionary, scoring: &Scoring, run: &str, scratch: &mut Scratch) -> f64 {
    scratch.solve(dictionary, scoring, run);
    f64::from(scratch.best.last().copied().unwrap_or(f32::INFINITY))
}

/// Longest stretch of a run solved at once, in bytes. Longer runs (a 50 MB line without a space)
/// are solved window by window: the path of each window is kept up to three quarters of it, and
/// the next window starts there, so memory stays bounded and the cut falls where the best path
/// already had one.
const WINDOW_BYTES: usize = 48 * 1024;

/// Segments the Thai run `text[offset..offset + run.len()]` and appends its tokens to `out`.
pub(super) fn segment_run<'t>(
    dictionary: &Dictionary,
    scoring: &Scoring,
    run: &'t str,
    offset: usize,
    scratch: &mut Scratch,
    out: &mut Vec<Token<'t>>,
) {
    let first = out.len();
    let mut at = 0;
    while at < run.len() {
        let rest = run.get(at..).unwrap_or("");
        let window = if rest.len() <= WINDOW_BYTES { rest } else { prefix_on_char_boundary(rest, WINDOW_BYTES) };
        scratch.solve(dictionary, scoring, window);
        scratch.trace();
        let window_chars = window.len() / THAI_CHAR_BYTES;
        let keep_until =
            if window.len() == rest.len() { window_chars } else { commit_point(&scratch.path, window_chars) };
        for &(start, end, known) in scratch.path.iter().take_while(|e| e.1 <= keep_until) {
            let (start, end) = (at + start * THAI_CHAR_BYTES, at + end * THAI_CHAR_BYTES);
            let kind = if known { TokenKind::Word } else { TokenKind::Unknown };
            let token =
                Token { text: run.get(start..end).unwrap_or(""), start: offset + start, end: offset + end, kind };
            if let Some(last) = out.get_mut(first..).and_then(|s| s.last_mut()) {
                if let Some(kind) = joined_kind(last, &token) {
                    last.text = run.get(last.start - offset..end).unwrap_or(last.text);
                    last.end = token.end;
                    last.kind = kind;
                    continue;
                }
            }
            out.push(token);
        }
        at += keep_until.max(1) * THAI_CHAR_BYTES;
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
fn prefix_on_char_boundary(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// Where to stop keeping a window's path: the end of the last edge that ends by three quarters
/// of the window (or the first edge's end, should one edge span that far).
fn commit_point(path: &[(usize, usize, bool)], window_len: usize) -> usize {
    let limit = window_len / 4 * 3;
    let last_before = path.iter().map(|e| e.1).take_while(|&end| end <= limit).last();
    last_before.or_else(|| path.first().map(|e| e.1)).unwrap_or(window_len)
}

/// Whether `next` belongs to the token before it: unknown text runs together; a lone consonant
/// the dictionary does not know is the final consonant of the syllable before it (คุ|น → คุน,
/// แม่|ง → แม่ง), since a consonant without a vowel cannot be a syllable of its own; and a letter
/// repeated to stretch a word (มากกกก, ดีมากกก) stays with the word.
/// Returns the kind of the joined token, or `None` when the two stay apart.
fn joined_kind(last: &Token<'_>, next: &Token<'_>) -> Option<TokenKind> {
    if is_elongation(last.text, next.text) {
        Some(last.kind)
    } else if next.kind == TokenKind::Unknown && (last.kind == TokenKind::Unknown || is_lone_consonant(next.text)) {
        Some(TokenKind::Unknown)
    } else {
        None
    }
}

/// One consonant, possibly with tone marks or thanthakhat, and no vowel.
fn is_lone_consonant(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(is_consonant) && chars.all(|c| matches!(c, '\u{0E48}'..='\u{0E4C}'))
}

/// `next` repeats one letter: the last letter of `last`, or any letter three times or more.
fn is_elongation(last: &str, next: &str) -> bool {
    let mut chars = next.chars();
    let Some(first) = chars.next() else { return false };
    let mut repeats = 1;
    for c in chars {
        if c != first {
            return false;
        }
        repeats += 1;
    }
    repeats >= 3 || last.ends_with(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::word_list::encode_char;

    #[test]
    fn utf8_code_matches_the_char_code() {
        for code in 0x0E01..=0x0E4E {
            let Some(c) = char::from_u32(code) else { continue };
            let mut buf = [0; 4];
            let utf8 = c.encode_utf8(&mut buf);
            assert_eq!(Some(encode_utf8_thai(utf8.as_bytes())), encode_char(c), "{c}");
        }
    }

    #[test]
    fn elongations_are_letters_repeated() {
        assert!(is_elongation("มาก", "กก"));
        assert!(is_elongation("พ่อ", "งงง"));
        assert!(!is_elongation("พ่อ", "งง"));
        assert!(!is_elongation("มาก", "กา"));
    }
}
