//! The concept tagger: the lexicon scorer and the trained model together, with evidence.
//!
//! Pipeline position: the entry point of `classify` for the command line, the index and reports.
//! It takes a **normalized** passage; all offsets are byte offsets into it.
//!
//! # How a passage is tagged
//! 1. The passage is segmented and scored by the [`LexiconScorer`] (every concept, tagged or not).
//! 2. Without a model, the lexicon's tags are the result.
//! 3. With a model, its features (words, word pairs, the lexicon's scores) give each concept a
//!    probability `p`; the concept is tagged when `p` reaches its cross-validated threshold `t`.
//!    The tag's `score` is `σ(logit p − logit t)`, so a tag always scores at least 0.5, like a
//!    lexicon tag; `model` is `p` and `lexicon` the lexicon's score.
//! 4. Evidence: the lexicon's cue matches for the concept (with their polarity), plus up to
//!    [`MODEL_EVIDENCE`] words, word pairs or cues of the passage that push the concept's score
//!    up the most (source `model`, with their contribution to the logit; at least
//!    [`MIN_MODEL_EVIDENCE`] unless the tag has no other evidence), leaving out those inside a
//!    cue match and function words: a word of PyThaiNLP's Thai stop-word list
//!    (`dictionaries/stopwords_th.txt`: และ, การ, เป็น, ว่า …) that is not a cue of the taxonomy
//!    (หารือ, ร่วมมือ and ยอมรับ are on the list, and are cues) nor one of [`KEPT_STOP_WORDS`],
//!    a word pair that spells one (ผู้|ใด), or a pair of two such words that spells no cue (ผู้|นำ
//!    spells the cue ผู้นำ). The model still weighs them; they only explain nothing.
//!    A concept for which no evidence can be shown is not tagged: every tag is explained, by a
//!    cue or a content word.

use std::sync::{LazyLock, OnceLock};

use rustc_hash::FxHashSet;

use super::error::Result;
use super::features::{extract, fnv1a, Gram, LexiconView, PassageFeatures};
use super::lexicon::{ConceptTag, Evidence, EvidenceSource, LexiconScore, LexiconScorer, Polarity, NEGATORS};
use super::model::{taxonomy_fingerprint, ConceptModel};
use super::taxonomy::Taxonomy;
use crate::segment::{ThaiSegmenter, Token, TokenKind};

/// PyThaiNLP's Thai stop-word list (CC0-1.0; `dictionaries/README.md`).
static STOP_WORDS: &str = include_str!("../../dictionaries/stopwords_th.txt");

/// Words of the stop-word list that carry collaborative-governance meaning, kept as evidence.
pub const KEPT_STOP_WORDS: [&str; 5] = ["ร่วม", "ร่วมด้วย", "เข้าใจ", "เท่ากัน", "พร้อมกัน"];

/// At most this many model words are shown as evidence for one tag.
pub const MODEL_EVIDENCE: usize = 3;

/// A model word is shown as evidence when it adds at least this much to the concept's logit,
/// or when the tag has no other evidence.
pub const MIN_MODEL_EVIDENCE: f32 = 0.1;

static EMBEDDED: LazyLock<ConceptTagger> = LazyLock::new(|| {
    let taxonomy = Taxonomy::embedded();
    let model = ConceptModel::embedded().ok().cloned();
    ConceptTagger::try_new(taxonomy, model).unwrap_or_else(|_| ConceptTagger::lexicon_only(taxonomy))
});

/// The fingerprint of a tagger made of a taxonomy (its [`taxonomy_fingerprint`]) and `model`
/// (see [`ConceptTagger::fingerprint`]).
fn tagger_fingerprint(taxonomy_fingerprint: u64, model: Option<&ConceptModel>) -> u64 {
    let model = model.and_then(|model| model.to_json().ok()).unwrap_or_default();
    fnv1a(format!("{taxonomy_fingerprint:016x}\n{model}").as_bytes())
}

/// Tags passages with concepts, with evidence. Build once, share across threads (`Send + Sync`).
///
/// ```
/// use ruammue::classify::ConceptTagger;
/// let tagger = ConceptTagger::embedded();
/// let text = "รัฐบาลต้องสร้างความไว้วางใจระหว่างหน่วยงานรัฐกับประชาชนในพื้นที่";
/// for tag in tagger.tag(text) {
///     assert!(tag.score >= 0.5);
///     assert!(tag.evidence.iter().all(|e| text.get(e.start..e.end) == Some(e.text.as_str())));
/// }
/// ```
#[derive(Debug, Clone)]
pub struct ConceptTagger {
    lexicon: LexiconScorer,
    model: Option<ConceptModel>,
    taxonomy_fingerprint: u64,
    /// Words that explain nothing as evidence (module docs, step 4).
    function_words: FxHashSet<String>,
    /// The strong and weak cues of the taxonomy: a pair of function words that spells one explains.
    cue_words: FxHashSet<String>,
    /// Computed when first asked for: it hashes the whole model, which `ruammue tag` never needs.
    fingerprint: OnceLock<u64>,
}

impl ConceptTagger {
    /// The embedded taxonomy and model, built once. Falls back to the lexicon alone if the
    /// shipped model does not fit the dictionary (a test makes sure it does).
    pub fn embedded() -> &'static ConceptTagger {
        &EMBEDDED
    }

    /// A tagger for `taxonomy`, with a model or not, over the embedded dictionary. Fails when the
    /// model was trained with another dictionary, taxonomy or feature extractor.
    pub fn try_new(taxonomy: &Taxonomy, model: Option<ConceptModel>) -> Result<ConceptTagger> {
        let segmenter = ThaiSegmenter::new();
        if let Some(model) = &model {
            model.check_compatible(taxonomy, &segmenter)?;
        }
        Ok(ConceptTagger::unchecked(taxonomy, segmenter, model))
    }

    /// A tagger that uses the taxonomy's cues only.
    pub fn lexicon_only(taxonomy: &Taxonomy) -> ConceptTagger {
        ConceptTagger::unchecked(taxonomy, ThaiSegmenter::new(), None)
    }

    fn unchecked(taxonomy: &Taxonomy, segmenter: ThaiSegmenter, model: Option<ConceptModel>) -> ConceptTagger {
        let cue_words = cue_words(taxonomy);
        ConceptTagger {
            lexicon: LexiconScorer::new(taxonomy, segmenter),
            model,
            taxonomy_fingerprint: taxonomy_fingerprint(taxonomy),
            function_words: function_words(&cue_words),
            cue_words,
            fingerprint: OnceLock::new(),
        }
    }

    /// A fingerprint of what decides the tags: the taxonomy's concepts and cues, and the model
    /// (all of it), if any. An index records it, so that tags made by another tagger are not
    /// mixed with this one's.
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| tagger_fingerprint(self.taxonomy_fingerprint, self.model.as_ref()))
    }

    /// What tells evidence that explains from function words: the function words and the cues.
    fn explaining(&self) -> (&FxHashSet<String>, &FxHashSet<String>) {
        (&self.function_words, &self.cue_words)
    }

    /// The lexicon scorer.
    pub fn lexicon(&self) -> &LexiconScorer {
        &self.lexicon
    }

    /// The model, if one takes part.
    pub fn model(&self) -> Option<&ConceptModel> {
        self.model.as_ref()
    }

    /// The concept ids, in taxonomy order.
    pub fn concept_ids(&self) -> &[String] {
        self.lexicon.concept_ids()
    }

    /// The concepts of a normalized passage, highest score first, each with evidence.
    pub fn tag(&self, text: &str) -> Vec<ConceptTag> {
        let tokens = self.lexicon.segmenter().segment(text);
        self.tag_segmented(text, &tokens)
    }

    /// Like [`tag`](Self::tag), for a passage already segmented by the embedded segmenter.
    pub fn tag_segmented(&self, text: &str, tokens: &[Token]) -> Vec<ConceptTag> {
        self.assess_segmented(text, tokens, f32::INFINITY).tags
    }

    /// The tags of a normalized passage, as [`tag`](Self::tag) gives them; the score of every
    /// concept, in taxonomy order, tagged or not: with a model `σ(logit p − logit t)`, else the
    /// lexicon's score; and the concepts that were not tagged but scored at least `near_from` or
    /// (when `near_from` is finite) have cue evidence in the passage, each as a [`ConceptTag`]
    /// with its numbers and whatever evidence there is (highest score first): why a concept a
    /// reader expected was not given. A concept is tagged when its score
    /// reaches 0.5 (the lexicon's own threshold without a model) and evidence can be shown.
    pub fn assess(&self, text: &str, near_from: f32) -> Assessment {
        let tokens = self.lexicon.segmenter().segment(text);
        self.assess_segmented(text, &tokens, near_from)
    }

    fn assess_segmented(&self, text: &str, tokens: &[Token], near_from: f32) -> Assessment {
        let ids = self.lexicon.concept_ids();
        let Some(model) = &self.model else {
            let scores = self.lexicon.scores_segmented(text, tokens);
            let mut all = vec![0.0; ids.len()];
            for s in &scores {
                if let Some(slot) = all.get_mut(s.concept) {
                    *slot = s.score;
                }
            }
            let (tags, near_misses) = self.lexicon.tags_and_near_misses(scores, near_from);
            return Assessment { tags, near_misses, scores: all };
        };
        let (scores, matches) = self.lexicon.scores_and_matches_segmented(text, tokens);
        let view = LexiconView { scores: &scores, matches: &matches, concept_ids: ids };
        let features = extract(text, tokens, view, self.lexicon.segmenter(), model.feature_config());
        let probabilities = model.probabilities(&features);
        let thresholds = model.thresholds();
        let all: Vec<f32> =
            probabilities.iter().zip(&thresholds).map(|(&p, &t)| sigmoid(logit(p) - logit(t))).collect();
        let (mut tags, mut near_misses) = (Vec::new(), Vec::new());
        for (concept, id) in ids.iter().enumerate() {
            let (Some(&p), Some(&t), Some(&score)) =
                (probabilities.get(concept), thresholds.get(concept), all.get(concept))
            else {
                continue;
            };
            let lexicon = scores.iter().find(|s| s.concept == concept);
            // A concept whose cues are in the passage is a near miss whatever its score: the
            // reader sees why the cue was not enough.
            let near = score >= near_from || (near_from.is_finite() && lexicon.is_some_and(|s| !s.evidence.is_empty()));
            if p < t && !near {
                continue;
            }
            let evidence = combined_evidence(text, model, concept, lexicon, &features, tokens, self.explaining());
            let lexicon_score = lexicon.map_or(0.0, |s| s.score);
            let tag = ConceptTag {
                concept: id.clone(),
                score,
                lexicon: lexicon_score,
                model: Some(p),
                threshold: Some(t),
                evidence,
            };
            match p >= t && !tag.evidence.is_empty() {
                true => tags.push(tag),
                false if near => near_misses.push(tag),
                false => {}
            }
        }
        tags.sort_by(|a, b| b.score.total_cmp(&a.score));
        near_misses.sort_by(|a, b| b.score.total_cmp(&a.score));
        Assessment { tags, near_misses, scores: all }
    }
}

/// What [`ConceptTagger::assess`] found in a passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The tags, highest score first.
    pub tags: Vec<ConceptTag>,
    /// The concepts not tagged that scored at least the asked-for minimum, highest score first.
    pub near_misses: Vec<ConceptTag>,
    /// Every concept's score, in taxonomy order.
    pub scores: Vec<f32>,
}

/// The lexicon's evidence for `concept` and the model's weightiest words outside it, in text order.
fn combined_evidence(
    text: &str,
    model: &ConceptModel,
    concept: usize,
    lexicon: Option<&LexiconScore>,
    features: &PassageFeatures,
    tokens: &[Token],
    (function_words, cues): (&FxHashSet<String>, &FxHashSet<String>),
) -> Vec<Evidence> {
    let mut evidence: Vec<Evidence> = lexicon.map(|s| s.evidence.clone()).unwrap_or_default();
    let value = model.gram_value(features);
    let mut weighty: Vec<(&Gram, f32)> = features
        .grams
        .iter()
        .filter_map(|g| model.weight(&g.key, concept).map(|w| (g, if g.cue { w } else { w * value })))
        .filter(|&(g, c)| c > 0.0 && !g.key.starts_with("not:"))
        .filter(|&(g, _)| !evidence.iter().any(|e| e.start <= g.start && g.end <= e.end))
        .collect();
    weighty.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.start.cmp(&b.0.start)));
    let mut chosen: Vec<Evidence> = Vec::new();
    for (gram, contribution) in weighty {
        let enough = !(evidence.is_empty() && chosen.is_empty()) && contribution < MIN_MODEL_EVIDENCE;
        if chosen.len() >= MODEL_EVIDENCE || enough {
            break;
        }
        if chosen.iter().any(|e| e.start < gram.end && gram.start < e.end) {
            continue; // overlaps a word already shown
        }
        // Checked here, on the few grams that could be shown, not on every weighed one.
        if !gram.cue && is_function_gram(&gram.key, function_words, cues) {
            continue;
        }
        if let Some(e) = model_evidence(text, gram, contribution, tokens) {
            chosen.push(e);
        }
    }
    evidence.extend(chosen);
    evidence.sort_by_key(|e| (e.start, e.end));
    evidence
}

/// A word, or a pair of words, that explains nothing: a function word, a pair that spells one
/// (ผู้|ใด is ผู้ใด), or a pair of function words that does not spell a cue (ผู้|นำ spells ผู้นำ,
/// a leader, a cue of the taxonomy, and explains).
fn is_function_gram(key: &str, function_words: &FxHashSet<String>, cues: &FxHashSet<String>) -> bool {
    let joined = key.replace(' ', "");
    function_words.contains(&joined)
        || (key.split(' ').all(|word| function_words.contains(word)) && !cues.contains(&joined))
}

/// The strong and weak cues of `taxonomy`.
fn cue_words(taxonomy: &Taxonomy) -> FxHashSet<String> {
    taxonomy.concepts().iter().flat_map(|c| c.cues.iter().chain(&c.weak_cues)).map(|cue| cue.text.clone()).collect()
}

/// The stop words that are neither one of the taxonomy's `cues` nor kept ([`KEPT_STOP_WORDS`]).
fn function_words(cues: &FxHashSet<String>) -> FxHashSet<String> {
    STOP_WORDS
        .lines()
        .map(|line| line.trim_start_matches('\u{feff}').trim())
        .filter(|word| !word.is_empty() && !word.starts_with('#'))
        .filter(|word| !cues.contains(*word) && !KEPT_STOP_WORDS.contains(word))
        .map(str::to_owned)
        .collect()
}

/// Evidence for a model feature: negative when its first word is a negator or a negator stands
/// right before it.
fn model_evidence(text: &str, gram: &Gram, contribution: f32, tokens: &[Token]) -> Option<Evidence> {
    let at = tokens.partition_point(|t| t.end <= gram.start);
    let first = tokens.get(at).map(|t| t.text);
    let before = at.checked_sub(1).and_then(|i| tokens.get(i)).filter(|t| t.kind != TokenKind::Space);
    let negated = [first, before.map(|t| t.text)].into_iter().flatten().any(|w| NEGATORS.contains(&w));
    Some(Evidence {
        text: text.get(gram.start..gram.end)?.to_owned(),
        start: gram.start,
        end: gram.end,
        cue: cue_text(&gram.key).to_owned(),
        weak: false,
        polarity: if negated { Polarity::Negative } else { Polarity::Positive },
        source: EvidenceSource::Model,
        weight: Some((contribution * 1e3).round() / 1e3),
    })
}

/// The text of a feature as shown in evidence: a cue feature `cue:ID:CUE` shows its cue.
fn cue_text(key: &str) -> &str {
    match key.strip_prefix("cue:").and_then(|rest| rest.split_once(':')) {
        Some((_, cue)) => cue,
        None => key,
    }
}

/// The normalization the tagger expects a passage in (training and `eval tag` apply it too):
/// [`Normalizer::repair`](crate::normalize::Normalizer::repair) with the embedded dictionary as
/// word model, lines wrapped inside the passage joined. Offsets of tags refer to its output.
pub fn normalize_passage(text: &str) -> String {
    let segmenter = ThaiSegmenter::new();
    crate::normalize::Normalizer::new(&segmenter).join_lines(true).repair(text)
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::labeled::read_labeled;
    use std::path::Path;

    fn tagger() -> &'static ConceptTagger {
        let tagger = ConceptTagger::embedded();
        assert!(tagger.model().is_some(), "the embedded model did not load: {:?}", ConceptModel::embedded().err());
        tagger
    }

    #[track_caller]
    fn assert_explained(text: &str, tags: &[ConceptTag]) {
        for tag in tags {
            assert!(tag.score >= 0.5 && tag.score <= 1.0, "{tag:?}");
            assert!(!tag.evidence.is_empty(), "{} tagged without evidence in {text}", tag.concept);
            for e in &tag.evidence {
                assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()), "{e:?} in {text}");
            }
        }
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<ConceptTagger>();
        check::<ConceptModel>();
    }

    #[test]
    fn every_tag_on_the_labelled_passages_has_exact_evidence() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled");
        let mut tagged = 0;
        for file in ["held-out.jsonl", "news-negatives.jsonl", "written-held-out.jsonl"] {
            for passage in read_labeled(dir.join(file)).unwrap_or_default() {
                let text = normalize_passage(&passage.text);
                let tags = tagger().tag(&text);
                tagged += tags.len();
                assert_explained(&text, &tags);
            }
        }
        assert!(tagged > 100, "only {tagged} tags");
    }

    #[test]
    fn function_words_are_never_evidence_though_the_model_weighs_them() {
        let tagger = tagger();
        let words = &tagger.function_words;
        assert!(["และ", "การ", "เป็น", "ว่า"].iter().all(|w| words.contains(*w)));
        assert!(["หารือ", "ร่วมมือ", "ยอมรับ", "ร่วม"].iter().all(|w| !words.contains(*w)), "cues and kept words");
        let cues = &tagger.cue_words;
        assert!(is_function_gram("ผู้ ใด", words, cues), "a pair that spells a function word");
        assert!(is_function_gram("เป็น ไป", words, cues));
        assert!(!is_function_gram("ผู้ นำ", words, cues), "ผู้นำ is a cue");
        assert!(!is_function_gram("และ ความร่วมมือ", words, cues));
        let Some(model) = tagger.model() else { return };
        let weighed = (0..tagger.concept_ids().len()).filter(|&c| model.weight("และ", c).is_some_and(|w| w > 0.0));
        assert!(weighed.count() > 0, "the model gives และ weight: the filter has work to do");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled");
        for passage in read_labeled(dir.join("held-out.jsonl")).unwrap_or_default() {
            let text = normalize_passage(&passage.text);
            for tag in tagger.assess(&text, 0.0).tags {
                for e in tag.evidence.iter().filter(|e| e.source == EvidenceSource::Model) {
                    assert!(!is_function_gram(&e.cue, words, cues), "{} in {text}", e.cue);
                }
            }
        }
    }

    #[test]
    fn no_confidence_debates_and_confidence_indexes_are_not_tagged() {
        let texts = [
            "ฝ่ายค้านเตรียมยื่นญัตติอภิปรายไม่ไว้วางใจนายกรัฐมนตรีและรัฐมนตรีอีก 10 คน ในสัปดาห์หน้า",
            "สภาผู้แทนราษฎรจะเริ่มการอภิปรายไม่ไว้วางใจรัฐบาลในวันที่ 16 กุมภาพันธ์ ก่อนลงมติในวันถัดไป",
            "อภิปรายไม่ไว้วางใจ",
            // Constitution 2560, section 151: the House votes confidence or no confidence.
            "เมื่อการอภิปรายทั่วไปสิ้นสุดลง ให้สภาผู้แทนราษฎรลงมติไว้วางใจหรือไม่ไว้วางใจ",
            "ดัชนีความเชื่อมั่นผู้บริโภคเดือนมีนาคมปรับตัวลดลงเป็นเดือนที่สาม เนื่องจากราคาน้ำมันที่สูงขึ้น",
            "หอการค้าไทยเปิดเผยว่าดัชนีความเชื่อมั่นผู้บริโภคโดยรวมอยู่ที่ระดับ 51.3 ต่ำสุดในรอบ 6 เดือน",
            "ดัชนีความเชื่อมั่นผู้บริโภค",
        ];
        for text in texts {
            let tags = tagger().tag(text);
            assert!(tags.is_empty(), "{text}: {tags:?}");
        }
    }

    #[test]
    fn combined_tags_carry_both_scores_and_polarity() {
        let text = "ปัญหาสำคัญคือความไม่ไว้วางใจระหว่างหน่วยงานรัฐกับประชาชน ทำให้ต้องสร้างความไว้วางใจขึ้นใหม่";
        let tags = tagger().tag(text);
        let trust = tags.iter().find(|t| t.concept == "trust");
        let Some(trust) = trust else { panic!("trust not tagged: {tags:?}") };
        assert!(trust.model.is_some_and(|p| p > 0.0) && trust.lexicon > 0.5, "{trust:?}");
        assert!(trust.evidence.iter().any(|e| e.polarity == Polarity::Negative), "{trust:?}");
        assert!(trust.evidence.iter().any(|e| e.polarity == Polarity::Positive), "{trust:?}");
        assert_explained(text, &tags);
    }

    #[test]
    fn lexicon_only_matches_the_lexicon_scorer() {
        let taxonomy = Taxonomy::embedded();
        let tagger = ConceptTagger::lexicon_only(taxonomy);
        let text = "ส่งเสริมการมีส่วนร่วมของประชาชนในการจัดทำแผน";
        assert_eq!(tagger.tag(text), tagger.lexicon().tag(text));
        assert!(tagger.model().is_none());
    }

    #[test]
    fn scores_reach_one_half_exactly_for_the_tagged_concepts() {
        let lexicon_only = ConceptTagger::lexicon_only(Taxonomy::embedded());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled");
        let passages = read_labeled(dir.join("written-held-out.jsonl")).unwrap_or_default();
        assert!(passages.len() > 100);
        for tagger in [tagger(), &lexicon_only] {
            let (mut tagged, mut untagged) = (0, 0);
            for passage in &passages {
                let text = normalize_passage(&passage.text);
                let Assessment { tags, scores, .. } = tagger.assess(&text, f32::INFINITY);
                for (id, score) in tagger.concept_ids().iter().zip(scores) {
                    match tags.iter().find(|t| &t.concept == id) {
                        Some(tag) => {
                            assert!((tag.score - score).abs() < 1e-6, "{id}: {score} vs {tag:?}");
                            tagged += 1;
                        }
                        // A score of one half without evidence to show would also be untagged;
                        // none of these passages has one.
                        None => {
                            assert!((0.0..0.5).contains(&score), "{id} {score} untagged in {text}");
                            untagged += 1;
                        }
                    }
                }
            }
            assert!(tagged > 50 && untagged > 1000, "{tagged} {untagged}");
        }
    }

    #[test]
    fn cue_features_show_their_cue() {
        assert_eq!(cue_text("cue:trust:ความเชื่อมั่น"), "ความเชื่อมั่น");
        assert_eq!(cue_text("สร้าง ความ"), "สร้าง ความ");
    }

    #[test]
    fn scores_map_the_threshold_to_one_half() {
        assert!((sigmoid(logit(0.3) - logit(0.3)) - 0.5).abs() < 1e-6);
        assert!(sigmoid(logit(0.9) - logit(0.3)) > 0.5);
        assert!(logit(0.0).is_finite() && logit(1.0).is_finite());
    }
}
