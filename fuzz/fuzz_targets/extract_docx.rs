//! Any bytes as a `.docx` file: text is extracted or refused with an error naming the file, never a
//! panic; extracted text is never blank. Seed with `tests/data/ingest/docx/minutes/*.docx`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ruammue::corpus::{extract_text, ExtractError, Format};

fuzz_target!(|bytes: &[u8]| {
    let path = std::env::temp_dir().join(format!("ruammue-fuzz-{}.docx", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    match extract_text(&path, Format::Docx) {
        Ok(text) => assert!(!text.trim().is_empty()),
        Err(err @ ExtractError::Docx { .. }) => assert!(err.to_string().contains("ruammue-fuzz-")),
        Err(err) => panic!("unexpected error kind: {err}"),
    }
});
