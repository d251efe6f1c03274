//! Segmentation: golden cases and the invariants every segmentation keeps.

use proptest::prelude::*;
use ruammue::segment::cluster::{is_dependent, is_leading_vowel};
use ruammue::segment::{is_thai_letter, ThaiSegmenter};
use std::sync::LazyLock;

static SEGMENTER: LazyLock<ThaiSegmenter> = LazyLock::new(ThaiSegmenter::new);

#[track_caller]
fn assert_cuts(expected: &str) {
    let text = expected.replace('|', "");
    let got: Vec<&str> = SEGMENTER.segment(&text).iter().map(|t| t.text).collect();
    let got = got.join("|");
    assert_eq!(got, expected, "\n  input:    {text}\n  expected: {expected}\n  got:      {got}\n(hint: a changed dictionary or scoring moves cuts; check the case by eye before updating it)");
}

#[test]
fn golden_cases() {
    let cases = include_str!("data/segment/golden.txt");
    let mut n = 0;
    for line in cases.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        assert_cuts(line);
        n += 1;
    }
    assert!(n >= 10, "golden file has only {n} cases");
}

/// Checks the invariants of one segmentation of `text`.
fn check_invariants(text: &str) -> Result<(), TestCaseError> {
    let tokens = SEGMENTER.segment(text);
    let mut at = 0;
    for token in &tokens {
        prop_assert_eq!(token.start, at, "tokens must be contiguous");
        prop_assert!(token.end > token.start, "empty token");
        prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        prop_assert_eq!(token.text, &text[token.start..token.end]);
        at = token.end;
    }
    prop_assert_eq!(at, text.len(), "tokens must cover the text");
    for pair in tokens.windows(2) {
        let before = text[..pair[1].start].chars().next_back();
        let after = text[pair[1].start..].chars().next();
        if let (Some(b), Some(a)) = (before, after) {
            if is_thai_letter(b) && is_thai_letter(a) {
                prop_assert!(!is_dependent(a), "cut before dependent {:?} in {:?}", a, text);
                prop_assert!(!is_leading_vowel(b), "cut after leading vowel {:?} in {:?}", b, text);
            }
        }
    }
    Ok(())
}

fn thai_heavy() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = ('\u{0E01}'..='\u{0E5B}').chain(" \n.-1aZ😀|ๆฯ".chars()).collect();
    prop::collection::vec(prop::sample::select(alphabet), 0..200).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn any_string_is_covered_exactly(text in any::<String>()) {
        check_invariants(&text)?;
    }

    #[test]
    fn thai_text_is_covered_without_splitting_clusters(text in thai_heavy()) {
        check_invariants(&text)?;
    }

    #[test]
    fn segmenting_is_deterministic(text in thai_heavy()) {
        let a: Vec<_> = SEGMENTER.segment(&text).iter().map(|t| (t.start, t.end)).collect();
        let b: Vec<_> = SEGMENTER.segment(&text).iter().map(|t| (t.start, t.end)).collect();
        prop_assert_eq!(a, b);
    }
}

#[test]
fn a_run_longer_than_a_window_is_covered_and_cut_like_a_short_one() {
    let sentence = "การมีส่วนร่วมของประชาชนในการบริหารราชการส่วนท้องถิ่น";
    let long: String = sentence.repeat(5_000); // ~750 KB without a space
    check_invariants(&long).unwrap_or_else(|e| panic!("{e}"));
    let short_count = SEGMENTER.segment(sentence).len();
    let long_count = SEGMENTER.segment(&long).len();
    // Window seams may move a cut or two, never more.
    assert!(long_count.abs_diff(short_count * 5_000) <= 40, "{long_count} vs {}", short_count * 5_000);
}
