//! Any text as a document: front matter is parsed or refused with a line number, never a panic;
//! passages stay inside the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ruammue::corpus::{split_front_matter, split_passages, Kind};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if let Ok(front) = split_front_matter(text) {
        for passage in split_passages(front.body, front.body_first_line, Kind::Minutes) {
            assert_eq!(front.body.get(passage.start..passage.end), Some(passage.text.as_str()));
        }
    }
});
