//! Any text as a taxonomy (TOML), labelled passages (JSON Lines) or a concept model (JSON):
//! reading it gives a value or an error, never a panic; a taxonomy that loads can build a
//! lexicon tagger that tags its own cues without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ruammue::classify::labeled::parse_labeled;
use ruammue::classify::model::ConceptModel;
use ruammue::classify::{ConceptTagger, Taxonomy};

fuzz_target!(|text: &str| {
    let _ = parse_labeled(text, "fuzz.jsonl");
    let _ = ConceptModel::from_json_str(text, "fuzz.json");
    if let Ok(taxonomy) = Taxonomy::from_toml_str(text, "fuzz.toml") {
        let tagger = ConceptTagger::lexicon_only(&taxonomy);
        for tag in tagger.tag(text) {
            assert!(!tag.evidence.is_empty(), "{tag:?}");
        }
    }
});
