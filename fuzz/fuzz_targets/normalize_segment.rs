//! Any bytes: decoding never panics; on the text, normalizing is idempotent, the dictionary-backed
//! repair never panics and gives normalized text, and segmenting is lossless (the tokens cover the
//! text exactly) before and after.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use ruammue::segment::ThaiSegmenter;

static SEGMENTER: LazyLock<ThaiSegmenter> = LazyLock::new(ThaiSegmenter::new);

fn assert_lossless(text: &str) {
    let tokens = SEGMENTER.segment(text);
    let mut at = 0;
    for token in &tokens {
        assert_eq!(token.start, at);
        assert_eq!(Some(token.text), text.get(token.start..token.end));
        at = token.end;
    }
    assert_eq!(at, text.len());
}

fuzz_target!(|bytes: &[u8]| {
    let _ = ruammue::corpus::decode::decode(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    assert_lossless(text);
    let once = ruammue::normalize::normalize(text);
    assert_eq!(ruammue::normalize::normalize(&once), once, "normalize is not idempotent");
    assert_lossless(&once);
    let repaired = ruammue::normalize::Normalizer::new(&*SEGMENTER).join_lines(true).repair(text);
    assert_eq!(ruammue::normalize::normalize(&repaired), repaired, "repair output is not normalized");
    assert_lossless(&repaired);
});
