//! Any text: tagging never panics, on the raw text or after `normalize_passage`; every tag has a
//! concept of the taxonomy, a score in 0..=1 and at least one evidence span whose text is found at
//! its byte offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ruammue::classify::tagger::normalize_passage;
use ruammue::classify::ConceptTagger;

fn check(text: &str) {
    let tagger = ConceptTagger::embedded();
    for tag in tagger.tag(text) {
        assert!(tagger.concept_ids().contains(&tag.concept), "{tag:?}");
        assert!((0.0..=1.0).contains(&tag.score), "{tag:?}");
        assert!(!tag.evidence.is_empty(), "{tag:?}");
        for evidence in &tag.evidence {
            assert_eq!(text.get(evidence.start..evidence.end), Some(evidence.text.as_str()), "{tag:?}");
        }
    }
}

fuzz_target!(|text: &str| {
    check(text);
    check(&normalize_passage(text));
});
