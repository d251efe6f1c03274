//! Features of a passage for the concept model: the words of the segmented passage, their
//! bigrams, the dictionary words inside compounds, and the lexicon scorer's view of every concept.
//!
//! Pipeline position: after `normalize` and `segment`, inside `classify`; the [model](super::model)
//! turns the features into a sparse vector with the vocabulary it learnt, and the
//! [tagger](super::tagger) maps the strongest ones back to their spans as evidence.
//!
//! # Features
//! - **Unigrams**: each word-like token (Thai word, unknown Thai run, Latin word; not numbers,
//!   punctuation or space), Latin in lower case: `ความไว้วางใจ`, `trust`.
//! - **Bigrams**: two such tokens in a row with nothing between them (a space, a number or
//!   punctuation ends the chain: a Thai space ends a phrase), written with one space: `สร้าง ความ`.
//! - **Sub-words**: the dictionary words inside a compound Thai token
//!   ([`ThaiSegmenter::sub_words`](crate::segment::ThaiSegmenter::sub_words)), as unigrams:
//!   ส่วนร่วม inside การมีส่วนร่วม, so a compound shares the weight of its parts.
//! - **Cues**: every cue of the taxonomy that matches, counted by the lexicon score or not (a lone
//!   weak cue too), as `cue:ID:CUE`, and every negative cue as `not:ID:CUE`: the model learns
//!   which cues are reliable.
//! - **Lexicon**: for every concept of the taxonomy, four numbers: `lexicon:ID:score` (the
//!   lexicon score, 0..1), and `lexicon:ID:strong`, `lexicon:ID:weak`, `lexicon:ID:negative`
//!   (ln(1 + number of strong, weak and negated cue matches that count)).
//!
//! Words inside a negative cue's match (เชื่อมั่น in ดัชนีความเชื่อมั่น) give no word feature: the
//! negative cue masks its span for the model as it does for the lexicon, and stands for it as
//! `not:ID:CUE`.
//!
//! Word features are binary (present or not), optionally scaled so their vector has unit length;
//! cue features are 1; each keeps the byte span of its first occurrence. Invariant: `text[start..end]` of every
//! [`Gram`] is the feature's text (bigrams: both tokens, with what lies between, nothing).

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use super::lexicon::{CueMatch, LexiconScore, Polarity};
use super::taxonomy::CueKind;
use crate::segment::{ThaiSegmenter, Token, TokenKind};

/// Bumped whenever the extraction below changes what a feature means; a model trained with
/// another version is refused.
pub const FEATURES_VERSION: u32 = 2;

/// Which features the model uses; stored in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfig {
    /// Word unigrams.
    pub unigrams: bool,
    /// Word bigrams within a phrase.
    pub bigrams: bool,
    /// Dictionary words inside compound tokens, as unigrams.
    pub sub_words: bool,
    /// The lexicon scorer's four numbers per concept.
    pub lexicon: bool,
    /// One feature per cue that matches, counted or not (`cue:ID:CUE`), and per negative cue
    /// (`not:ID:CUE`).
    pub cues: bool,
    /// A text feature enters the vocabulary when at least this many training passages have it.
    pub min_df: u32,
    /// Scale the text features of a passage to unit length.
    pub unit_length: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            unigrams: true,
            bigrams: true,
            sub_words: false,
            lexicon: true,
            cues: true,
            min_df: 2,
            unit_length: true,
        }
    }
}

impl FeatureConfig {
    /// A stable hash of the configuration and [`FEATURES_VERSION`]: a model records it.
    pub fn fingerprint(&self) -> u64 {
        let text = format!(
            "v{FEATURES_VERSION} u{} b{} s{} l{} c{} df{} n{}",
            self.unigrams, self.bigrams, self.sub_words, self.lexicon, self.cues, self.min_df, self.unit_length
        );
        fnv1a(text.as_bytes())
    }
}

/// FNV-1a, 64 bits: a small, stable hash for fingerprints.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// A text feature of a passage: its key and the span of its first occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gram {
    /// The feature key: a word, or two words joined by one space; or a cue (`cue:ID:CUE`,
    /// `not:ID:CUE`).
    pub key: String,
    /// True for a cue feature (value 1, not scaled with the words).
    pub cue: bool,
    /// Byte offset of the first occurrence in the passage.
    pub start: usize,
    /// Byte offset one past it.
    pub end: usize,
}

/// All features of one passage, before a vocabulary turns them into a vector.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassageFeatures {
    /// Distinct text features, in order of first occurrence.
    pub grams: Vec<Gram>,
    /// The lexicon's numbers, named `lexicon:ID:…`.
    pub lexicon: Vec<(String, f32)>,
}

/// The lexicon's view of a passage: per-concept scores and every cue match.
#[derive(Debug, Clone, Copy)]
pub struct LexiconView<'a> {
    /// Scores of every concept, in taxonomy order.
    pub scores: &'a [LexiconScore],
    /// Every cue match, counted or not.
    pub matches: &'a [CueMatch],
    /// The concept ids, in taxonomy order.
    pub concept_ids: &'a [String],
}

/// Extracts the features of a normalized passage from its tokens and the lexicon's view.
pub fn extract(
    text: &str,
    tokens: &[Token],
    lexicon: LexiconView,
    segmenter: &ThaiSegmenter,
    config: &FeatureConfig,
) -> PassageFeatures {
    let mut grams = GramSet::default();
    let masked: Vec<(usize, usize)> =
        lexicon.matches.iter().filter(|m| m.kind == CueKind::Negative).map(|m| (m.start, m.end)).collect();
    let mut previous: Option<(String, usize)> = None;
    for token in tokens {
        let inside_negative = masked.iter().any(|&(start, end)| start <= token.start && token.end <= end);
        let Some(key) = word_key(token).filter(|_| !inside_negative) else {
            previous = None;
            continue;
        };
        if config.bigrams {
            if let Some((before, start)) = &previous {
                grams.add(format!("{before} {key}"), *start, token.end);
            }
        }
        if config.sub_words && token.kind == TokenKind::Word {
            for range in segmenter.sub_words(token.text) {
                if let Some(part) = token.text.get(range.clone()) {
                    grams.add(part.to_owned(), token.start + range.start, token.start + range.end);
                }
            }
        }
        if config.unigrams {
            grams.add(key.clone(), token.start, token.end);
        }
        previous = Some((key, token.start));
    }
    if config.cues {
        for m in lexicon.matches {
            let id = lexicon.concept_ids.get(m.concept).map_or("", String::as_str);
            let prefix = if m.kind == CueKind::Negative { "not" } else { "cue" };
            grams.add_cue(format!("{prefix}:{id}:{}", m.cue), m.start, m.end);
        }
    }
    let numbers = if config.lexicon { lexicon_features(lexicon.scores, lexicon.concept_ids) } else { Vec::new() };
    PassageFeatures { grams: grams.into_vec(text), lexicon: numbers }
}

/// The feature key of a word-like token, or `None` for numbers, punctuation, symbols and space.
fn word_key(token: &Token) -> Option<String> {
    match token.kind {
        TokenKind::Word | TokenKind::Unknown => Some(token.text.to_owned()),
        TokenKind::Alphabetic | TokenKind::Link => Some(token.text.to_lowercase()),
        _ => None,
    }
}

/// The four lexicon numbers of every concept.
fn lexicon_features(scores: &[LexiconScore], concept_ids: &[String]) -> Vec<(String, f32)> {
    let mut out = Vec::with_capacity(concept_ids.len() * 4);
    for (index, id) in concept_ids.iter().enumerate() {
        let score = scores.iter().find(|s| s.concept == index);
        let count = |keep: &dyn Fn(&super::lexicon::Evidence) -> bool| {
            let n = score.map_or(0, |s| s.evidence.iter().filter(|e| keep(e)).count());
            (1.0 + n as f32).ln()
        };
        out.push((format!("lexicon:{id}:score"), score.map_or(0.0, |s| s.score)));
        out.push((format!("lexicon:{id}:strong"), count(&|e| !e.weak)));
        out.push((format!("lexicon:{id}:weak"), count(&|e| e.weak)));
        out.push((format!("lexicon:{id}:negative"), count(&|e| e.polarity == Polarity::Negative)));
    }
    out
}

/// Distinct grams in order of first occurrence.
#[derive(Default)]
struct GramSet {
    seen: FxHashMap<String, usize>,
    grams: Vec<Gram>,
}

impl GramSet {
    fn add(&mut self, key: String, start: usize, end: usize) {
        self.push(key, start, end, false);
    }

    fn add_cue(&mut self, key: String, start: usize, end: usize) {
        self.push(key, start, end, true);
    }

    fn push(&mut self, key: String, start: usize, end: usize, cue: bool) {
        if !self.seen.contains_key(&key) {
            self.seen.insert(key.clone(), self.grams.len());
            self.grams.push(Gram { key, cue, start, end });
        }
    }

    /// The grams whose span lies in `text` (always, for spans computed from its tokens).
    fn into_vec(self, text: &str) -> Vec<Gram> {
        self.grams.into_iter().filter(|g| text.get(g.start..g.end).is_some()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str, config: &FeatureConfig) -> PassageFeatures {
        let segmenter = ThaiSegmenter::new();
        let tokens = segmenter.segment(text);
        extract(text, &tokens, LexiconView { scores: &[], matches: &[], concept_ids: &[] }, &segmenter, config)
    }

    #[test]
    fn unigrams_bigrams_and_sub_words_with_spans() {
        let text = "ส่งเสริมการมีส่วนร่วม ของผู้มีส่วนได้ส่วนเสีย Trust 2567";
        let config = FeatureConfig { sub_words: true, ..FeatureConfig::default() };
        let got = features(text, &config);
        let keys: Vec<&str> = got.grams.iter().map(|g| g.key.as_str()).collect();
        assert!(keys.contains(&"trust"), "{keys:?}");
        assert!(keys.iter().any(|k| k.starts_with("ส่งเสริม ")), "{keys:?}");
        assert!(!keys.iter().any(|k| k.contains("2567") || k.contains("ร่วม ของ")), "{keys:?}");
        let segmenter = ThaiSegmenter::new();
        for token in segmenter.segment(text).iter().filter(|t| t.kind == TokenKind::Word) {
            for range in segmenter.sub_words(token.text) {
                assert!(keys.contains(&&token.text[range]), "{keys:?}");
            }
        }
        for gram in &got.grams {
            let span = text.get(gram.start..gram.end).unwrap_or("");
            assert_eq!(span.replace(' ', ""), gram.key.replace(' ', "").replace("trust", "Trust"), "{gram:?}");
        }
    }

    #[test]
    fn config_switches_features_off() {
        let config = FeatureConfig { bigrams: false, sub_words: false, lexicon: false, ..FeatureConfig::default() };
        let got = features("การมีส่วนร่วมของประชาชน", &config);
        assert!(got.grams.iter().all(|g| !g.key.contains(' ')));
        assert!(got.lexicon.is_empty());
        assert_ne!(config.fingerprint(), FeatureConfig::default().fingerprint());
    }

    #[test]
    fn lexicon_features_count_cue_matches() {
        let segmenter = ThaiSegmenter::new();
        let scorer = super::super::LexiconScorer::new(super::super::Taxonomy::embedded(), segmenter.clone());
        let text = "ความไม่ไว้วางใจระหว่างกัน";
        let tokens = segmenter.segment(text);
        let scores = scorer.scores_segmented(text, &tokens);
        let matches = scorer.cue_matches_segmented(text, &tokens);
        let view = LexiconView { scores: &scores, matches: &matches, concept_ids: scorer.concept_ids() };
        let got = extract(text, &tokens, view, &segmenter, &FeatureConfig::default());
        let value = |name: &str| got.lexicon.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
        assert_eq!(got.lexicon.len(), 14 * 4);
        assert_eq!(value("lexicon:trust:negative"), Some(2f32.ln()));
        assert_eq!(value("lexicon:legitimacy:score"), Some(0.0));
        assert!(got.grams.iter().any(|g| g.cue && g.key == "cue:trust:ความไม่ไว้วางใจ"), "{:?}", got.grams);
        let debate = "ญัตติอภิปรายไม่ไว้วางใจ";
        let tokens = segmenter.segment(debate);
        let matches = scorer.cue_matches_segmented(debate, &tokens);
        let scores = scorer.scores_segmented(debate, &tokens);
        let view = LexiconView { scores: &scores, matches: &matches, concept_ids: scorer.concept_ids() };
        let got = extract(debate, &tokens, view, &segmenter, &FeatureConfig::default());
        assert!(got.grams.iter().any(|g| g.key == "not:trust:อภิปรายไม่ไว้วางใจ"), "{:?}", got.grams);
        // The negative cue masks its words: no word feature comes from inside it.
        let inside = |g: &Gram| !g.cue && debate.find("อภิปราย").is_some_and(|at| g.start >= at);
        assert!(!got.grams.iter().any(inside), "{:?}", got.grams);
    }
}
