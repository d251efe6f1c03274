//! The lexicon scorer: tags a passage with concepts by finding the taxonomy's cues in it, and
//! keeps every match as evidence.
//!
//! Pipeline position: it takes **normalized** passage text (the caller runs
//! [`normalize`](crate::normalize::normalize) first) and its tokens from the
//! [`ThaiSegmenter`]; every offset it reports is a byte offset into that text.
//!
//! # Matching
//! Cues are put in the same canonical form as the text (normalized; white space collapsed to one
//! space; ASCII letters in lower case). A cue matches where its characters occur in the passage
//! **from a token start to a token end**, whatever cuts the segmenter made in between: a passage
//! may be cut differently from the cue's own segmentation when its neighbours differ, and the
//! segmenter keeps long governance compounds whole (หลักธรรมาภิบาล, การมีส่วนร่วมของประชาชน). So
//! that such compounds still yield their parts, a strong or negative cue may also start or end
//! *inside* a dictionary-word token, at a cluster boundary where the token splits into dictionary
//! words on both sides (หลัก|ธรรมาภิบาล). Weak cues, short and common words, match on token
//! boundaries only. Either way a cue never fires inside a longer word that does not split there:
//! `coup` not in `coupon`, ภาคี not in ทวิภาคี (bilateral), อำนวยความสะดวก not in
//! สิ่งอำนวยความสะดวก (facilities). Latin letters match case-insensitively (ASCII folding, which
//! keeps byte offsets). A space in a cue matches any run of white space in the passage (U+00A0
//! included). All cues are found in one pass: a byte trie of the cue strings walked from every
//! token start and every character inside a dictionary-word token.
//!
//! # Rules, per concept
//! 1. **Negative cues mask.** A strong or weak cue match that overlaps a match of one of the
//!    *same concept's* `negative_cues` is dropped (อภิปรายไม่ไว้วางใจ cancels ไม่ไว้วางใจ and
//!    ไว้วางใจ for `trust`, and อภิปราย for `deliberation`, which lists it too). A false friend of
//!    one concept may be a true cue of another, so masking stays within the concept that lists it.
//! 2. **Nested matches collapse.** Of overlapping matches of one concept, the longest is kept
//!    (a strong one on a tie): การมีส่วนร่วมของประชาชน counts once, not also as การมีส่วนร่วม and
//!    มีส่วนร่วม.
//! 3. **Weak cues need company.** Weak-cue matches count only when the concept also has a strong
//!    cue match in the passage, or when at least two *distinct* weak cues match.
//! 4. **Score.** `total` is the sum of the weights of the distinct cues that count (a cue that
//!    occurs three times counts once; every occurrence is kept as evidence). A cue's weight is its
//!    own `weight` in the taxonomy, else [`LexiconConfig::strong_weight`] (default 1.0) or
//!    [`LexiconConfig::weak_weight`] (default 0.4). The score is `1 − exp(−total)`, in 0..1: one
//!    strong cue gives 0.63, two give 0.86, two weak cues alone 0.55. A concept is tagged when its
//!    score is at least [`LexiconConfig::threshold`] (default [`DEFAULT_THRESHOLD`] = 0.5, so one
//!    strong cue or two weak ones suffice).
//! 5. **Negation is polarity, not absence.** A match is [`Polarity::Negative`] when a negator
//!    ([`NEGATORS`]: ไม่, ไม่ได้, ไม่เคย, ขาด, ปราศจาก, ไร้, not, no, never, lack of …) ends at most
//!    [`LexiconConfig::negation_window`] − 1 word tokens before it, with no punctuation between
//!    (and, for a Thai negator, no space: Thai spaces end a phrase); or when the cue itself is a
//!    negated form of another cue of the same concept (ไม่ไว้วางใจ, ความไม่ไว้วางใจ beside ไว้วางใจ;
//!    distrust beside trust). Negative evidence still tags the concept: distrust is about trust.
//!    A cue that merely contains a negator (ตัวแสดงที่ไม่ใช่รัฐ, ไม่เลือกปฏิบัติ) stays positive.
//!
//! The per-concept [`LexiconScore`]s (for every concept, tagged or not) are the lexicon's features
//! for a model that adds its own scores; [`ConceptTag`] has room for both.

use serde::Serialize;

use super::taxonomy::{cue_key, CueKind, Taxonomy};
use crate::segment::cluster::cluster_boundaries;
use crate::segment::{Dictionary, ThaiSegmenter, Token, TokenKind};

/// The default score a concept needs to be tagged: `1 − exp(−total) ≥ 0.5`, i.e. a total cue
/// weight of at least ln 2 ≈ 0.69: one strong cue, or two weak ones.
pub const DEFAULT_THRESHOLD: f32 = 0.5;

/// The default weight of a strong cue.
pub const DEFAULT_STRONG_WEIGHT: f32 = 1.0;

/// The default weight of a weak cue.
pub const DEFAULT_WEAK_WEIGHT: f32 = 0.4;

/// The default negation window, in word tokens: a negator right before the cue, or with one word
/// between (ไม่|มี|ความไว้วางใจ).
pub const DEFAULT_NEGATION_WINDOW: usize = 2;

/// Words that negate the cue that follows them (matched on token boundaries, like cues).
pub const NEGATORS: &[&str] = &[
    "ไม่",
    "ไม่ได้",
    "ไม่มี",
    "ไม่ค่อย",
    "ไม่เคย",
    "ไม่ยอม",
    "ขาด",
    "ขาดความ",
    "ขาดการ",
    "ปราศจาก",
    "ไร้",
    "not",
    "no",
    "lack of",
    "lack",
    "lacks",
    "lacking",
    "never",
];

/// English prefixes that negate the cue they are written onto (distrust, mistrust).
const NEGATING_PREFIXES: &[&str] = &["dis", "mis", "non-", "un"];

/// Thai nominalisers that may stand before a negator inside a cue (ความไม่ไว้วางใจ).
const NOMINALISERS: &[&str] = &["", "ความ", "การ"];

/// Weights, threshold and negation window of the [`LexiconScorer`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LexiconConfig {
    /// Weight of a strong cue without its own weight ([`DEFAULT_STRONG_WEIGHT`]).
    pub strong_weight: f32,
    /// Weight of a weak cue without its own weight ([`DEFAULT_WEAK_WEIGHT`]).
    pub weak_weight: f32,
    /// Lowest score that tags a concept ([`DEFAULT_THRESHOLD`]).
    pub threshold: f32,
    /// How many word tokens back a negator may end: 1 = right before the cue
    /// ([`DEFAULT_NEGATION_WINDOW`]).
    pub negation_window: usize,
    /// Also match cues inside a compound token, where it splits into dictionary words
    /// (ธรรมาภิบาล inside หลักธรรมาภิบาล).
    pub inside_compounds: bool,
}

impl Default for LexiconConfig {
    fn default() -> Self {
        LexiconConfig {
            strong_weight: DEFAULT_STRONG_WEIGHT,
            weak_weight: DEFAULT_WEAK_WEIGHT,
            threshold: DEFAULT_THRESHOLD,
            negation_window: DEFAULT_NEGATION_WINDOW,
            inside_compounds: true,
        }
    }
}

/// Whether a piece of evidence is asserted or negated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// The cue is asserted (สร้างความไว้วางใจ).
    Positive,
    /// The cue is negated, or is itself a negated form (ไม่มีความไว้วางใจ, ความไม่ไว้วางใจ).
    Negative,
}

/// Which part of the tagger found a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// A cue of the taxonomy matched.
    Lexicon,
    /// A word or word pair that weighs for the concept in the trained model.
    Model,
}

/// A cue match (or, from the model, a weighty word) that supports a tag: what was found, where,
/// and which cue found it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The passage's text at `start..end`.
    pub text: String,
    /// Byte offset of the match in the passage text given to the scorer.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
    /// The cue as written in the taxonomy (for model evidence, the feature: words joined by a
    /// space).
    pub cue: String,
    /// True for a weak cue.
    pub weak: bool,
    /// Asserted or negated.
    pub polarity: Polarity,
    /// Which part of the tagger found it.
    pub source: EvidenceSource,
    /// For model evidence, the feature's contribution to the concept's logit (weight × value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f32>,
}

/// A concept given to a passage, with its score and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptTag {
    /// The concept id.
    pub concept: String,
    /// The final score, 0..1; a concept is tagged when it is at least 0.5 (the lexicon's score,
    /// or with a model its probability rescaled so that the concept's threshold maps to 0.5).
    pub score: f32,
    /// The lexicon scorer's score, 0..1.
    pub lexicon: f32,
    /// A model's score, 0..1, when a model took part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<f32>,
    /// The model's threshold for the concept, when a model took part: the concept is given when
    /// `model` reaches it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f32>,
    /// The cue matches behind the lexicon score and, with a model, its weightiest words, in
    /// text order.
    pub evidence: Vec<Evidence>,
}

/// The lexicon's view of one concept in one passage, tagged or not: the features a model can use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LexiconScore {
    /// Position of the concept in the taxonomy.
    pub concept: usize,
    /// Sum of the weights of the distinct cues that count.
    pub total: f32,
    /// `1 − exp(−total)`.
    pub score: f32,
    /// The matches that count, in text order.
    pub evidence: Vec<Evidence>,
}

/// A match of one cue in a passage, counted by the score or not ([`LexiconScorer::cue_matches_segmented`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CueMatch {
    /// Position of the concept in the taxonomy.
    pub concept: usize,
    /// The cue as written in the taxonomy.
    pub cue: String,
    /// Strong, weak or negative.
    pub kind: CueKind,
    /// Byte offset of the match.
    pub start: usize,
    /// Byte offset one past it.
    pub end: usize,
}

/// Scores passages against a taxonomy's cues. Build once, share across threads (`Send + Sync`).
///
/// ```
/// use ruammue::classify::{LexiconScorer, Polarity, Taxonomy};
/// use ruammue::segment::ThaiSegmenter;
/// let scorer = LexiconScorer::new(Taxonomy::embedded(), ThaiSegmenter::new());
/// let text = "ทั้งสองฝ่ายยังคงมีความไม่ไว้วางใจซึ่งกันและกัน";
/// let tags = scorer.tag(text);
/// let trust = tags.iter().find(|t| t.concept == "trust");
/// assert!(trust.is_some_and(|t| t.evidence.iter().all(|e| e.polarity == Polarity::Negative)));
/// ```
#[derive(Debug, Clone)]
pub struct LexiconScorer {
    segmenter: ThaiSegmenter,
    config: LexiconConfig,
    concept_ids: Vec<String>,
    cues: Vec<CueEntry>,
    patterns: Vec<Pattern>,
    trie: CueTrie,
}

/// One cue of one concept, ready to score.
#[derive(Debug, Clone)]
struct CueEntry {
    concept: usize,
    kind: CueKind,
    text: String,
    weight: f32,
    self_negated: bool,
}

/// A distinct canonical string in the trie: the cues that have it, and whether it is a negator.
#[derive(Debug, Clone, Default)]
struct Pattern {
    cues: Vec<u32>,
    negator: bool,
}

/// A match of a cue entry in the passage.
#[derive(Debug, Clone, Copy)]
struct Hit {
    cue: u32,
    concept: usize,
    start: usize,
    end: usize,
}

/// A negator's span, and whether it is Thai (a space ends its scope).
#[derive(Debug, Clone, Copy)]
struct NegatorHit {
    end: usize,
    thai: bool,
}

impl LexiconScorer {
    /// A scorer for `taxonomy`'s cues with the default [`LexiconConfig`].
    pub fn new(taxonomy: &Taxonomy, segmenter: ThaiSegmenter) -> Self {
        Self::with_config(taxonomy, segmenter, LexiconConfig::default())
    }

    /// A scorer with the given weights, threshold and negation window.
    pub fn with_config(taxonomy: &Taxonomy, segmenter: ThaiSegmenter, config: LexiconConfig) -> Self {
        let mut builder = Builder::default();
        builder.add_taxonomy(taxonomy, &config, &segmenter);
        builder.add_negators();
        let Builder { cues, patterns, trie, .. } = builder;
        let concept_ids = taxonomy.ids().map(str::to_owned).collect();
        LexiconScorer { segmenter, config, concept_ids, cues, patterns, trie }
    }

    /// The configuration in use.
    pub fn config(&self) -> &LexiconConfig {
        &self.config
    }

    /// The concept ids, in taxonomy order ([`LexiconScore::concept`] indexes this).
    pub fn concept_ids(&self) -> &[String] {
        &self.concept_ids
    }

    /// The segmenter that cuts passages.
    pub fn segmenter(&self) -> &ThaiSegmenter {
        &self.segmenter
    }

    /// The concepts of a normalized passage whose score reaches the threshold, highest score
    /// first (ties in taxonomy order), each with its evidence.
    pub fn tag(&self, text: &str) -> Vec<ConceptTag> {
        let tokens = self.segmenter.segment(text);
        self.tag_segmented(text, &tokens)
    }

    /// Like [`tag`](Self::tag), for a passage already segmented by the same segmenter.
    pub fn tag_segmented(&self, text: &str, tokens: &[Token]) -> Vec<ConceptTag> {
        self.tags_of(self.scores_segmented(text, tokens))
    }

    /// The tags that scores give: those reaching the threshold with evidence, highest first.
    /// The tags among `scores` (as [`tags_of`](Self::tags_of)), and the other concepts that
    /// scored at least `near_from`, highest score first.
    pub(crate) fn tags_and_near_misses(
        &self,
        scores: Vec<LexiconScore>,
        near_from: f32,
    ) -> (Vec<ConceptTag>, Vec<ConceptTag>) {
        let tagged = |s: &LexiconScore| s.score >= self.config.threshold && !s.evidence.is_empty();
        let (tags, others): (Vec<LexiconScore>, Vec<LexiconScore>) = scores.into_iter().partition(tagged);
        let mut near: Vec<ConceptTag> = others
            .into_iter()
            .filter(|s| s.score >= near_from || (near_from.is_finite() && !s.evidence.is_empty()))
            .map(|s| self.to_tag(s))
            .collect();
        near.sort_by(|a, b| b.score.total_cmp(&a.score));
        (self.tags_of(tags), near)
    }

    pub(crate) fn tags_of(&self, scores: Vec<LexiconScore>) -> Vec<ConceptTag> {
        let mut tags: Vec<ConceptTag> = scores
            .into_iter()
            .filter(|s| s.score >= self.config.threshold && !s.evidence.is_empty())
            .map(|s| self.to_tag(s))
            .collect();
        tags.sort_by(|a, b| b.score.total_cmp(&a.score));
        tags
    }

    /// The lexicon score of every concept of the taxonomy, in taxonomy order, tagged or not.
    pub fn scores(&self, text: &str) -> Vec<LexiconScore> {
        let tokens = self.segmenter.segment(text);
        self.scores_segmented(text, &tokens)
    }

    /// Like [`scores`](Self::scores), for a passage already segmented by the same segmenter.
    /// Tokens must cover `text` in order; others give meaningless scores, never a panic.
    pub fn scores_segmented(&self, text: &str, tokens: &[Token]) -> Vec<LexiconScore> {
        let (hits, negators) = self.sorted_hits(text, tokens);
        self.scores_of_hits(&hits, &negators, text, tokens)
    }

    /// Every cue match in a passage already segmented by the same segmenter, counted or not:
    /// strong and weak matches that survive masking and nesting (rules 1–2; a lone weak cue
    /// included), and the negative-cue matches themselves. In text order within each concept.
    /// The model uses them as features, so it can learn which cues are reliable.
    pub fn cue_matches_segmented(&self, text: &str, tokens: &[Token]) -> Vec<CueMatch> {
        let (hits, _) = self.sorted_hits(text, tokens);
        self.matches_of_hits(&hits)
    }

    /// [`scores_segmented`](Self::scores_segmented) and
    /// [`cue_matches_segmented`](Self::cue_matches_segmented) from one search of the passage:
    /// what the model's features need.
    pub fn scores_and_matches_segmented(&self, text: &str, tokens: &[Token]) -> (Vec<LexiconScore>, Vec<CueMatch>) {
        let (hits, negators) = self.sorted_hits(text, tokens);
        (self.scores_of_hits(&hits, &negators, text, tokens), self.matches_of_hits(&hits))
    }

    /// Every cue and negator match of the passage ([`find`](Self::find)), the cue matches sorted
    /// by concept, then position.
    fn sorted_hits(&self, text: &str, tokens: &[Token]) -> (Vec<Hit>, Vec<NegatorHit>) {
        let (mut hits, mut negators) = self.find(text, tokens);
        hits.sort_unstable_by_key(|h| (h.concept, h.start, h.end));
        negators.sort_unstable_by_key(|n| n.end);
        (hits, negators)
    }

    fn scores_of_hits(&self, hits: &[Hit], negators: &[NegatorHit], text: &str, tokens: &[Token]) -> Vec<LexiconScore> {
        let mut scores: Vec<LexiconScore> = (0..self.concept_ids.len())
            .map(|concept| LexiconScore { concept, total: 0.0, score: 0.0, evidence: Vec::new() })
            .collect();
        for group in hits.chunk_by(|a, b| a.concept == b.concept) {
            let Some(first) = group.first() else { continue };
            if let Some(slot) = scores.get_mut(first.concept) {
                *slot = self.score_concept(first.concept, group, negators, text, tokens);
            }
        }
        scores
    }

    fn matches_of_hits(&self, hits: &[Hit]) -> Vec<CueMatch> {
        let mut matches = Vec::new();
        for group in hits.chunk_by(|a, b| a.concept == b.concept) {
            let negatives = group.iter().filter_map(|h| self.cues.get(h.cue as usize).map(|c| (*h, c)));
            let negatives = negatives.filter(|(_, c)| c.kind == CueKind::Negative);
            for (hit, cue) in self.kept_hits(group).into_iter().chain(negatives) {
                matches.push(CueMatch {
                    concept: hit.concept,
                    cue: cue.text.clone(),
                    kind: cue.kind,
                    start: hit.start,
                    end: hit.end,
                });
            }
        }
        matches
    }

    fn to_tag(&self, score: LexiconScore) -> ConceptTag {
        let concept = self.concept_ids.get(score.concept).cloned().unwrap_or_default();
        ConceptTag {
            concept,
            score: score.score,
            lexicon: score.score,
            model: None,
            threshold: None,
            evidence: score.evidence,
        }
    }

    /// Every cue and negator match that starts and ends on a token boundary, or (for cues) on a
    /// word boundary inside a compound token.
    fn find(&self, text: &str, tokens: &[Token]) -> (Vec<Hit>, Vec<NegatorHit>) {
        let mut hits = Vec::new();
        let mut negators = Vec::new();
        for token in tokens.iter().filter(|t| t.kind != TokenKind::Space) {
            self.trie.walk(text, token.start, |pattern, end| {
                let Some(pattern) = self.patterns.get(pattern as usize) else {
                    return;
                };
                let on_boundary = is_boundary(tokens, text.len(), end);
                if pattern.negator && on_boundary {
                    negators.push(NegatorHit { end, thai: starts_thai(text.get(token.start..).unwrap_or("")) });
                }
                if on_boundary || self.compound_cut(tokens, end) {
                    self.push_hits(pattern, token.start, end, &mut hits, !on_boundary);
                }
            });
            if token.kind == TokenKind::Word && self.config.inside_compounds {
                self.find_inside(text, tokens, token, &mut hits);
            }
        }
        (hits, negators)
    }

    /// Cue matches that start inside a compound token, on a word boundary of its parts.
    fn find_inside(&self, text: &str, tokens: &[Token], token: &Token, hits: &mut Vec<Hit>) {
        for (offset, _) in token.text.char_indices().skip(1) {
            let start = token.start + offset;
            self.trie.walk(text, start, |pattern, end| {
                let Some(pattern) = self.patterns.get(pattern as usize) else {
                    return;
                };
                let end_ok = is_boundary(tokens, text.len(), end) || self.compound_cut(tokens, end);
                if end_ok && self.compound_cut(tokens, start) {
                    self.push_hits(pattern, start, end, hits, true);
                }
            });
        }
    }

    fn push_hits(&self, pattern: &Pattern, start: usize, end: usize, hits: &mut Vec<Hit>, inside: bool) {
        for &cue in &pattern.cues {
            let kind = self.cues.get(cue as usize).map(|c| c.kind);
            if inside && kind == Some(CueKind::Weak) {
                continue; // Weak cues are short, common words: on token boundaries only.
            }
            let concept = self.cues.get(cue as usize).map_or(usize::MAX, |c| c.concept);
            hits.push(Hit { cue, concept, start, end });
        }
    }

    /// True when `offset` falls inside a dictionary-word token at a point where the token splits
    /// into dictionary words: หลัก|ธรรมาภิบาล inside หลักธรรมาภิบาล, but not ผู้นำ|x inside a
    /// word whose rest is no word.
    fn compound_cut(&self, tokens: &[Token], offset: usize) -> bool {
        if !self.config.inside_compounds {
            return false;
        }
        let index = tokens.partition_point(|t| t.start <= offset);
        let Some(token) = index.checked_sub(1).and_then(|i| tokens.get(i)) else {
            return false;
        };
        if token.kind != TokenKind::Word || offset <= token.start || offset >= token.end {
            return false;
        }
        splits_into_words(self.segmenter.dictionary(), token.text, offset - token.start)
    }

    /// Applies the rules (module docs) to the matches of one concept.
    fn score_concept(
        &self,
        concept: usize,
        hits: &[Hit],
        negators: &[NegatorHit],
        text: &str,
        tokens: &[Token],
    ) -> LexiconScore {
        let kept = self.kept_hits(hits);
        let has_strong = kept.iter().any(|(_, c)| c.kind == CueKind::Strong);
        let mut distinct_weak: Vec<u32> =
            kept.iter().filter(|(_, c)| c.kind == CueKind::Weak).map(|(h, _)| h.cue).collect();
        distinct_weak.sort_unstable();
        distinct_weak.dedup();
        let weak_counts = has_strong || distinct_weak.len() >= 2;
        let counted: Vec<&(Hit, &CueEntry)> =
            kept.iter().filter(|(_, c)| c.kind == CueKind::Strong || weak_counts).collect();
        let mut distinct: Vec<(u32, f32)> = counted.iter().map(|(h, c)| (h.cue, c.weight)).collect();
        distinct.sort_unstable_by_key(|&(cue, _)| cue);
        distinct.dedup_by_key(|&mut (cue, _)| cue);
        let total: f32 = distinct.iter().map(|&(_, w)| w).sum();
        let evidence = counted.iter().filter_map(|(h, c)| self.evidence(h, c, negators, text, tokens)).collect();
        LexiconScore { concept, total, score: squash(total), evidence }
    }

    /// The strong and weak matches that survive masking by negative cues and nesting, in text order.
    ///
    /// Linear-logarithmic in the number of hits: a passage may be a whole file's one long line.
    fn kept_hits<'s>(&'s self, hits: &[Hit]) -> Vec<(Hit, &'s CueEntry)> {
        let with_entries = hits.iter().filter_map(|h| self.cues.get(h.cue as usize).map(|c| (*h, c)));
        let (negative, positive): (Vec<_>, Vec<_>) = with_entries.partition(|(_, c)| c.kind == CueKind::Negative);
        let masks = Spans::new(negative.iter().map(|(h, _)| (h.start, h.end)));
        let mut candidates: Vec<(Hit, &CueEntry)> =
            positive.into_iter().filter(|(h, _)| !masks.overlaps(h.start, h.end)).collect();
        // Longest first, strong before weak on a tie, then leftmost.
        candidates.sort_by_key(|(h, c)| (std::cmp::Reverse(h.end - h.start), c.kind != CueKind::Strong, h.start));
        // The kept hits never overlap, so the one starting last before a candidate's end is the
        // only one that can overlap it.
        let mut kept: std::collections::BTreeMap<usize, (Hit, &CueEntry)> = std::collections::BTreeMap::new();
        for candidate in candidates {
            let (start, end) = (candidate.0.start, candidate.0.end);
            if kept.range(..end).next_back().is_none_or(|(_, (k, _))| k.end <= start) {
                kept.insert(start, candidate);
            }
        }
        kept.into_values().collect()
    }

    fn evidence(
        &self,
        hit: &Hit,
        cue: &CueEntry,
        negators: &[NegatorHit],
        text: &str,
        tokens: &[Token],
    ) -> Option<Evidence> {
        let matched = text.get(hit.start..hit.end)?;
        let negated = cue.self_negated || self.negated_at(negators, hit.start, tokens);
        Some(Evidence {
            text: matched.to_owned(),
            start: hit.start,
            end: hit.end,
            cue: cue.text.clone(),
            weak: cue.kind == CueKind::Weak,
            polarity: if negated { Polarity::Negative } else { Polarity::Positive },
            source: EvidenceSource::Lexicon,
            weight: None,
        })
    }

    /// True when one of `negators` (sorted by end) [negates](Self::negates) the cue at `start`.
    /// Only the negators ending in the few tokens before `start` are tried: a passage may be a
    /// whole file's one long line, with a negator every few words.
    fn negated_at(&self, negators: &[NegatorHit], start: usize, tokens: &[Token]) -> bool {
        let Ok(to) = token_at(tokens, start) else { return false };
        // At most `negation_window - 1` words, each with a space before it, then a space.
        let reach = to.saturating_sub(2 * self.config.negation_window);
        let nearest_first = negators[..negators.partition_point(|n| n.end <= start)].iter().rev();
        nearest_first
            .take_while(|n| token_at(tokens, n.end).unwrap_or_else(|insert_at| insert_at) >= reach)
            .any(|n| self.negates(n, start, tokens))
    }

    /// True when the negator ends within the window before `start`, with only words (and, for a
    /// non-Thai negator, spaces) between.
    fn negates(&self, negator: &NegatorHit, start: usize, tokens: &[Token]) -> bool {
        if negator.end > start {
            return false;
        }
        let (Ok(from), Ok(to)) = (token_at(tokens, negator.end), token_at(tokens, start)) else {
            return false;
        };
        let between = tokens.get(from..to).unwrap_or(&[]);
        let mut words = 0;
        for token in between {
            match token.kind {
                TokenKind::Space if !negator.thai => {}
                kind if kind.is_word_like() => words += 1,
                _ => return false,
            }
        }
        words < self.config.negation_window
    }
}

/// `1 − exp(−total)`: 0 for no evidence, approaching 1 as evidence adds up.
fn squash(total: f32) -> f32 {
    1.0 - (-total).exp()
}

/// Byte spans that may overlap one another, for asking whether a span overlaps any of them.
struct Spans {
    /// The spans, by start.
    spans: Vec<(usize, usize)>,
    /// The largest end among the spans up to each index.
    max_end: Vec<usize>,
}

impl Spans {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> Spans {
        let mut spans: Vec<(usize, usize)> = spans.collect();
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |max, &(_, end)| {
                *max = end.max(*max);
                Some(*max)
            })
            .collect();
        Spans { spans, max_end }
    }

    /// Whether `start..end` overlaps one of the spans.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let before_end = self.spans.partition_point(|&(s, _)| s < end);
        before_end > 0 && self.max_end.get(before_end - 1).is_some_and(|&max| max > start)
    }
}

/// The index of the token that starts at `offset`.
fn token_at(tokens: &[Token], offset: usize) -> Result<usize, usize> {
    tokens.binary_search_by_key(&offset, |t| t.start)
}

/// True when `offset` is where a token starts, or the end of the text.
fn is_boundary(tokens: &[Token], len: usize, offset: usize) -> bool {
    offset == len || token_at(tokens, offset).is_ok()
}

/// True when `word` can be cut at `offset` (a cluster boundary) so that both sides are
/// sequences of dictionary words.
fn splits_into_words(dictionary: &Dictionary, word: &str, offset: usize) -> bool {
    let mut cuts = Vec::new();
    cluster_boundaries(word, &mut cuts);
    let Ok(at) = cuts.binary_search(&offset) else {
        return false;
    };
    let (left, right) = (cuts.get(..=at).unwrap_or(&[]), cuts.get(at..).unwrap_or(&[]));
    chains_words(dictionary, word, left) && chains_words(dictionary, word, right)
}

/// True when `word` from the first cut to the last is a sequence of dictionary words, each
/// from one cut to a later one.
fn chains_words(dictionary: &Dictionary, word: &str, cuts: &[usize]) -> bool {
    let mut reachable = vec![false; cuts.len()];
    if let Some(first) = reachable.first_mut() {
        *first = true;
    }
    for j in 1..cuts.len() {
        let reached = (0..j).any(|i| {
            reachable.get(i).copied().unwrap_or(false)
                && cuts
                    .get(i)
                    .zip(cuts.get(j))
                    .and_then(|(&a, &b)| word.get(a..b))
                    .is_some_and(|w| dictionary.contains(w))
        });
        if let Some(slot) = reachable.get_mut(j) {
            *slot = reached;
        }
    }
    reachable.last().copied().unwrap_or(false)
}

fn starts_thai(text: &str) -> bool {
    text.chars().next().is_some_and(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// Collects cue entries and patterns while building a scorer.
#[derive(Default)]
struct Builder {
    cues: Vec<CueEntry>,
    patterns: Vec<Pattern>,
    trie: CueTrie,
}

impl Builder {
    fn add_taxonomy(&mut self, taxonomy: &Taxonomy, config: &LexiconConfig, segmenter: &ThaiSegmenter) {
        for (index, concept) in taxonomy.concepts().iter().enumerate() {
            let keys: Vec<String> = concept
                .all_cues()
                .filter(|(kind, _)| *kind != CueKind::Negative)
                .map(|(_, cue)| cue_key(&cue.text))
                .collect();
            for (kind, cue) in concept.all_cues() {
                let key = cue_key(&cue.text);
                let default = if kind == CueKind::Weak { config.weak_weight } else { config.strong_weight };
                let self_negated = kind != CueKind::Negative && negates_another_cue(&key, &keys, segmenter);
                let entry = CueEntry {
                    concept: index,
                    kind,
                    text: cue.text.clone(),
                    weight: cue.weight.unwrap_or(default),
                    self_negated,
                };
                self.add_cue(&key, entry);
            }
        }
    }

    fn add_negators(&mut self) {
        for negator in NEGATORS {
            let pattern = self.pattern_for(&cue_key(negator));
            if let Some(pattern) = self.patterns.get_mut(pattern) {
                pattern.negator = true;
            }
        }
    }

    fn add_cue(&mut self, key: &str, entry: CueEntry) {
        if key.is_empty() {
            return;
        }
        let id = self.cues.len() as u32;
        self.cues.push(entry);
        let pattern = self.pattern_for(key);
        if let Some(pattern) = self.patterns.get_mut(pattern) {
            pattern.cues.push(id);
        }
    }

    /// The pattern id of `key`, created if new.
    fn pattern_for(&mut self, key: &str) -> usize {
        let next = self.patterns.len() as u32;
        let id = self.trie.insert(key, next);
        if id == next {
            self.patterns.push(Pattern::default());
        }
        id as usize
    }
}

/// True when `key` is a negated form of another cue of the same concept: a negator on a token
/// boundary, optionally after ความ/การ, before the rest of a cue (ไม่ไว้วางใจ, ความไม่ไว้วางใจ), or
/// an English negating prefix on a cue (distrust).
fn negates_another_cue(key: &str, keys: &[String], segmenter: &ThaiSegmenter) -> bool {
    let is_cue = |rest: &str| {
        !rest.is_empty() && NOMINALISERS.iter().any(|n| keys.iter().any(|k| k.strip_prefix(n) == Some(rest)))
    };
    let by_prefix = NEGATING_PREFIXES.iter().any(|p| key.strip_prefix(p).is_some_and(is_cue));
    by_prefix || {
        let tokens = segmenter.segment(key);
        let cut_after = |offset: usize| tokens.iter().any(|t| t.end == offset);
        NOMINALISERS.iter().any(|nominaliser| {
            NEGATORS.iter().any(|negator| {
                let prefix_len = nominaliser.len() + negator.len();
                let has_prefix = key.strip_prefix(nominaliser).is_some_and(|r| r.starts_with(negator));
                has_prefix && cut_after(prefix_len) && key.get(prefix_len..).map(str::trim_start).is_some_and(is_cue)
            })
        })
    }
}

/// The bit of a character of the Thai block (U+0E00–U+0E7F) in [`CueTrie::thai_starts`].
fn thai_bit(c: char) -> Option<u128> {
    let offset = u32::from(c).checked_sub(0x0E00).filter(|&o| o < 128)?;
    Some(1u128 << offset)
}

/// A byte trie of canonical cue strings. A space in a key matches any run of white space; ASCII
/// letters in the text are compared in lower case.
#[derive(Debug, Clone)]
struct CueTrie {
    nodes: Vec<TrieNode>,
    /// Bit `c - U+0E00` is set when some key starts with the Thai character `c`: most positions
    /// of a passage start no cue, and this rejects them before the three byte steps of a Thai
    /// character.
    thai_starts: u128,
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// Children, sorted by byte.
    children: Vec<(u8, u32)>,
    /// The pattern that ends here, if any.
    pattern: Option<u32>,
}

impl Default for CueTrie {
    fn default() -> Self {
        CueTrie { nodes: vec![TrieNode::default()], thai_starts: 0 }
    }
}

impl CueTrie {
    /// Adds `key` with pattern id `id`; returns the id already stored if the key was present.
    fn insert(&mut self, key: &str, id: u32) -> u32 {
        if let Some(bit) = key.chars().next().and_then(thai_bit) {
            self.thai_starts |= bit;
        }
        let mut node = 0usize;
        for &byte in key.as_bytes() {
            node = self.child_or_insert(node, byte);
        }
        match self.nodes.get_mut(node) {
            Some(TrieNode { pattern: Some(existing), .. }) => *existing,
            Some(slot) => {
                slot.pattern = Some(id);
                id
            }
            None => id,
        }
    }

    fn child_or_insert(&mut self, node: usize, byte: u8) -> usize {
        let next = self.nodes.len();
        let Some(current) = self.nodes.get_mut(node) else {
            return 0;
        };
        match current.children.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(at) => current.children.get(at).map_or(0, |&(_, child)| child as usize),
            Err(at) => {
                current.children.insert(at, (byte, next as u32));
                self.nodes.push(TrieNode::default());
                next
            }
        }
    }

    /// Calls `on_match(pattern, end)` for every key that matches `text` from `start`.
    fn walk(&self, text: &str, start: usize, mut on_match: impl FnMut(u32, usize)) {
        let first = text.get(start..).and_then(|rest| rest.chars().next());
        if first.and_then(thai_bit).is_some_and(|bit| self.thai_starts & bit == 0) {
            return;
        }
        let bytes = text.as_bytes();
        let (mut node, mut pos) = (0usize, start);
        while let Some(&byte) = bytes.get(pos) {
            let Some((next, after)) = self.step(text, node, pos, byte) else {
                return;
            };
            (node, pos) = (next, after);
            if let Some(pattern) = self.nodes.get(node).and_then(|n| n.pattern) {
                on_match(pattern, pos);
            }
        }
    }

    /// One step from `node` at `pos`: a run of white space against a space, else one byte.
    fn step(&self, text: &str, node: usize, pos: usize, byte: u8) -> Option<(usize, usize)> {
        let children = &self.nodes.get(node)?.children;
        // Children are sorted by byte, so a space child sits among the first few (only control
        // bytes sort before it): no search is needed to know there is none.
        let space = children.iter().take_while(|&&(b, _)| b <= b' ').find(|&&(b, _)| b == b' ');
        if let Some(&(_, space)) = space {
            let rest = text.get(pos..).unwrap_or("");
            let run: usize = rest.chars().take_while(|c| c.is_whitespace()).map(char::len_utf8).sum();
            if run > 0 {
                return Some((space as usize, pos + run));
            }
        }
        let byte = byte.to_ascii_lowercase();
        let at = children.binary_search_by_key(&byte, |&(b, _)| b).ok()?;
        children.get(at).map(|&(_, child)| (child as usize, pos + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static SCORER: LazyLock<LexiconScorer> =
        LazyLock::new(|| LexiconScorer::new(Taxonomy::embedded(), ThaiSegmenter::new()));

    fn concepts(text: &str) -> Vec<String> {
        SCORER.tag(text).into_iter().map(|t| t.concept).collect()
    }

    fn tag_of(text: &str, concept: &str) -> Option<ConceptTag> {
        SCORER.tag(text).into_iter().find(|t| t.concept == concept)
    }

    #[track_caller]
    fn assert_evidence_is_exact(text: &str) {
        for tag in SCORER.tag(text) {
            assert!(!tag.evidence.is_empty(), "{} tagged without evidence in {text}", tag.concept);
            for e in &tag.evidence {
                assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()), "evidence {e:?} in {text}");
            }
        }
    }

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<LexiconScorer>();
        check::<ConceptTag>();
        check::<Taxonomy>();
    }

    #[test]
    fn strong_cue_tags_with_exact_evidence() {
        let text = "รัฐบาลต้องสร้างความไว้วางใจระหว่างหน่วยงานรัฐกับประชาชนในพื้นที่";
        let tag = tag_of(text, "trust").unwrap_or_else(|| panic!("trust not tagged: {:?}", SCORER.tag(text)));
        assert!(tag.evidence.iter().all(|e| e.polarity == Polarity::Positive && !e.weak));
        assert!((tag.score - squash(1.0)).abs() < 1e-6, "{tag:?}");
        assert_evidence_is_exact(text);
    }

    #[test]
    fn no_confidence_debate_is_not_trust() {
        let texts = [
            "ฝ่ายค้านเตรียมยื่นญัตติอภิปรายไม่ไว้วางใจนายกรัฐมนตรีและรัฐมนตรีอีก 10 คน ในสัปดาห์หน้า",
            "สภาผู้แทนราษฎรจะเริ่มการอภิปรายไม่ไว้วางใจรัฐบาลในวันที่ 16 กุมภาพันธ์ ก่อนลงมติในวันถัดไป",
        ];
        for text in texts {
            assert_eq!(concepts(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn consumer_confidence_index_is_not_trust() {
        let texts = [
            "ดัชนีความเชื่อมั่นผู้บริโภคเดือนมีนาคมปรับตัวลดลงเป็นเดือนที่สาม เนื่องจากราคาน้ำมันที่สูงขึ้น",
            "หอการค้าไทยเปิดเผยว่าดัชนีความเชื่อมั่นผู้บริโภคโดยรวมอยู่ที่ระดับ 51.3 ต่ำสุดในรอบ 6 เดือน",
        ];
        for text in texts {
            assert_eq!(concepts(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn distrust_between_parties_is_negative_trust() {
        let text = "ปัญหาสำคัญคือความไม่ไว้วางใจระหว่างพรรคการเมืองทั้งสองฝ่าย ทำให้การเจรจาไม่คืบหน้า";
        let tag = tag_of(text, "trust").unwrap_or_else(|| panic!("trust not tagged: {:?}", SCORER.tag(text)));
        assert!(tag.evidence.iter().all(|e| e.polarity == Polarity::Negative), "{tag:?}");
        let text = "หน่วยงานทั้งสองไม่มีความไว้วางใจกัน";
        let tag = tag_of(text, "trust").unwrap_or_else(|| panic!("trust not tagged: {:?}", SCORER.tag(text)));
        assert!(tag.evidence.iter().all(|e| e.polarity == Polarity::Negative), "{tag:?}");
        assert_eq!(
            tag_of("the parties lack of trust in each other", "trust").map(|t| t.evidence[0].polarity),
            Some(Polarity::Negative)
        );
        assert_eq!(tag_of("Mistrust grew.", "trust").map(|t| t.evidence[0].polarity), Some(Polarity::Negative));
    }

    #[test]
    fn never_with_a_verb_before_the_cue_negates_it() {
        for text in ["เทศบาลไม่เคยจัดเวทีประชาคมให้ชาวบ้าน", "ผู้นำชุมชนไม่เคยเปิดเวทีรับฟังความคิดเห็น", "never trust"]
        {
            let scores = SCORER.tag(text);
            let negative = scores.iter().flat_map(|t| &t.evidence).filter(|e| e.polarity == Polarity::Negative);
            assert!(negative.count() > 0, "{text}: {scores:?}");
        }
    }

    #[test]
    fn a_negator_out_of_the_window_or_across_a_thai_space_does_not_negate() {
        let text = "ไม่ เราสร้างความไว้วางใจ";
        let tag = tag_of(text, "trust").unwrap_or_else(|| panic!("trust not tagged: {:?}", SCORER.tag(text)));
        assert!(tag.evidence.iter().all(|e| e.polarity == Polarity::Positive), "{tag:?}");
    }

    #[test]
    fn a_cue_containing_a_negator_is_not_negative_by_itself() {
        let text = "การพัฒนาต้องอาศัยตัวแสดงที่ไม่ใช่รัฐ ทั้งภาคเอกชนและภาคประชาสังคม";
        let tag = tag_of(text, "stakeholder_inclusion").unwrap_or_else(|| panic!("not tagged: {:?}", SCORER.tag(text)));
        assert!(tag.evidence.iter().all(|e| e.polarity == Polarity::Positive), "{tag:?}");
    }

    /// The evidence texts of `concept` in `text`, counted or not by the threshold.
    fn evidence_texts(text: &str, concept: &str) -> Vec<String> {
        let index = SCORER.concept_ids().iter().position(|id| id == concept).unwrap_or(usize::MAX);
        SCORER
            .scores(text)
            .into_iter()
            .filter(|s| s.concept == index)
            .flat_map(|s| s.evidence)
            .map(|e| e.text)
            .collect()
    }

    #[test]
    fn a_cue_does_not_fire_inside_a_longer_word() {
        // `coup` (power_balance) inside `coupon`; `steward` (leadership) inside `stewardess`.
        assert_eq!(concepts("Discount coupons for cabin crew: the stewardess desk is open"), Vec::<String>::new());
        assert!(concepts("After the coup, the army ruled").contains(&"power_balance".to_owned()));
        // ภาคี (weak, stakeholder_inclusion) inside ทวิภาคี "bilateral", beside a strong cue.
        let text = "การประชุมทวิภาคีครั้งนี้มีภาคประชาสังคมเข้าร่วมสังเกตการณ์";
        let got = evidence_texts(text, "stakeholder_inclusion");
        assert!(got.contains(&"ภาคประชาสังคม".to_owned()) && !got.iter().any(|e| e.contains("ภาคี")), "{got:?}");
        // อำนวยความสะดวก (weak, leadership) inside สิ่งอำนวยความสะดวก "facilities".
        let text = "ผู้นำชุมชนตรวจสิ่งอำนวยความสะดวกสำหรับผู้สูงอายุในตลาด";
        let got = evidence_texts(text, "leadership");
        assert_eq!(got, ["ผู้นำชุมชน"]);
    }

    #[test]
    fn strong_cues_match_inside_compounds_that_split_into_words() {
        let text = "หน่วยงานต้องยึดหลักธรรมาภิบาลในการบริหารงาน";
        let tag = tag_of(text, "transparency").unwrap_or_else(|| panic!("not tagged: {:?}", SCORER.tag(text)));
        assert_eq!(tag.evidence[0].text, "ธรรมาภิบาล");
        assert_evidence_is_exact(text);
        let config = LexiconConfig { inside_compounds: false, ..LexiconConfig::default() };
        let strict = LexiconScorer::with_config(Taxonomy::embedded(), ThaiSegmenter::new(), config);
        assert!(strict.tag(text).iter().all(|t| t.concept != "transparency"), "หลักธรรมาภิบาล is one token");
    }

    #[test]
    fn asean_community_is_not_bottom_up() {
        let text = "ไทยพร้อมขับเคลื่อนประชาคมอาเซียนและประชาคมโลกให้เติบโตร่วมกัน";
        assert!(!concepts(text).contains(&"bottom_up".to_owned()), "{:?}", SCORER.tag(text));
    }

    #[test]
    fn weak_cues_need_company() {
        // One weak cue alone (เชื่อมั่น) gives no tag; with a strong cue it adds to the score.
        assert!(tag_of("กระทรวงเชื่อมั่นในศักยภาพของเกษตรกรไทย", "trust").is_none());
        let with_strong = tag_of("ประชาชนมีความไว้วางใจและเชื่อมั่นในหน่วยงาน", "trust");
        assert!(with_strong.as_ref().is_some_and(|t| t.evidence.iter().any(|e| e.weak)), "{with_strong:?}");
    }

    #[test]
    fn nested_cues_count_once() {
        let tag = tag_of("ส่งเสริมการมีส่วนร่วมของประชาชนในการจัดทำแผน", "participation");
        let tag = tag.unwrap_or_else(|| panic!("participation not tagged"));
        assert_eq!(tag.evidence.len(), 1, "{tag:?}");
        assert_eq!(tag.evidence[0].text, "การมีส่วนร่วมของประชาชน");
    }

    #[test]
    fn latin_cues_match_case_insensitively_on_word_boundaries() {
        assert!(concepts("Building TRUST between agencies").contains(&"trust".to_owned()));
        assert!(!concepts("The trustees met on Monday").contains(&"trust".to_owned()));
        assert!(!concepts("The 2024 Championship final").contains(&"leadership".to_owned()));
    }

    #[test]
    fn a_space_in_a_cue_matches_any_white_space() {
        let tag = tag_of("หลักการร่วมคิด\u{a0}\u{a0}ร่วมทำ ของชุมชน", "participation");
        assert_eq!(tag.map(|t| t.evidence[0].text.clone()), Some("ร่วมคิด\u{a0}\u{a0}ร่วมทำ".to_owned()));
    }

    #[test]
    fn tags_serialize_in_snake_case() {
        let tags = SCORER.tag("ความไม่ไว้วางใจ");
        let json = serde_json::to_string(&tags).unwrap_or_default();
        assert!(json.contains("\"polarity\":\"negative\"") && json.contains("\"weak\":false"), "{json}");
        assert!(!json.contains("\"model\""), "{json}");
    }

    #[test]
    fn scores_cover_every_concept() {
        let scores = SCORER.scores("");
        assert_eq!(scores.len(), 14);
        assert!(scores.iter().all(|s| s.score == 0.0 && s.evidence.is_empty()));
    }

    proptest! {
        #[test]
        fn never_panics_and_offsets_are_on_char_boundaries(text in "\\PC{0,120}") {
            check_invariants(&text);
        }

        #[test]
        fn tokens_of_another_text_never_panic(a in "\\PC{0,80}", b in "\\PC{0,80}") {
            let tokens = SCORER.segmenter().segment(&a);
            for score in SCORER.scores_segmented(&b, &tokens) {
                for e in score.evidence {
                    assert_eq!(b.get(e.start..e.end), Some(e.text.as_str()));
                }
            }
        }

        /// The first-character filter of the cue trie only skips walks that would find nothing.
        #[test]
        fn first_character_filter_loses_no_match(
            cues in proptest::collection::vec("[กขคงจมยรลวสหอะัาิีุเแ่้ ]{1,6}", 1..8),
            text in "[กขคงจมยรลวสหอะัาิีุเแ่้ ]{0,60}",
        ) {
            let mut trie = CueTrie::default();
            for (id, cue) in (0u32..).zip(&cues) {
                trie.insert(cue, id);
            }
            let unfiltered = CueTrie { thai_starts: u128::MAX, ..trie.clone() };
            for (start, _) in text.char_indices() {
                let (mut got, mut want) = (Vec::new(), Vec::new());
                trie.walk(&text, start, |pattern, end| got.push((pattern, end)));
                unfiltered.walk(&text, start, |pattern, end| want.push((pattern, end)));
                prop_assert_eq!(got, want);
            }
        }

        #[test]
        fn thai_soup_keeps_evidence_exact(text in "[กขคงจชซญดตถทนบปผพฟมยรลวศสหอฮะัาำิีึืุูเแโใไ่้๊๋็์ ]{0,200}") {
            check_invariants(&text);
        }
    }

    fn check_invariants(text: &str) {
        for tag in SCORER.tag(text) {
            assert!(tag.score >= DEFAULT_THRESHOLD && tag.score <= 1.0);
            for e in tag.evidence {
                assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()));
            }
        }
    }
}
