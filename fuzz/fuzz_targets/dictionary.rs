//! Any bytes as a user dictionary: an error or a dictionary, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ruammue::segment::{DictionaryBuilder, ThaiSegmenter};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let mut builder = DictionaryBuilder::new();
    if builder.add_list(text, "fuzz.txt".as_ref()).is_err() {
        return;
    }
    if let Ok(dictionary) = builder.build() {
        let segmenter = ThaiSegmenter::with_dictionary(std::sync::Arc::new(dictionary));
        let covered: usize = segmenter.segment(text).iter().map(|t| t.end - t.start).sum();
        assert_eq!(covered, text.len());
    }
});
