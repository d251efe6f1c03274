//! Concept-tagging metrics: per-concept precision, recall and F1, their micro and macro
//! averages, and the false-tag rate, from gold and predicted label sets per passage.
//!
//! Definitions (multi-label, each concept a binary decision per passage):
//! - per concept: true positives, predicted and gold counts over all passages → P, R, F1
//!   ([`Prf::from_counts`]; an empty denominator gives 0);
//! - **micro** F1: from the counts summed over concepts;
//! - **macro** F1: the mean of the per-concept F1 over the concepts that occur in the gold or in
//!   the predictions (a concept that is neither labelled nor predicted is not scored; one that
//!   is only predicted scores 0);
//! - **false-tag rate**: the share of passages with no gold label that get at least one
//!   predicted tag (`None` when every passage has a gold label).
//!
//! # How sure a figure is
//! A few hundred gold passages give each figure a sampling error of a few points, and two taggers
//! scored on the same passages differ by less than their separate errors suggest.
//! [`bootstrap_macro_f1`] resamples the passages with replacement (a paired percentile
//! bootstrap, Efron & Tibshirani 1993) and gives 95% intervals for the macro-F1 of a tagger, of a
//! baseline, and of the tagger's gain over the baseline on the same resample.

use serde::Serialize;

use super::Prf;
use crate::classify::model::SplitMix64;

/// Counts accumulated over passages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagCounts {
    ids: Vec<String>,
    true_positives: Vec<u64>,
    predicted: Vec<u64>,
    gold: Vec<u64>,
    passages: u64,
    gold_empty: u64,
    false_tagged: u64,
}

/// One concept's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptScores {
    /// The concept id.
    pub concept: String,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Gold passages with the concept.
    pub support: u64,
    /// Passages tagged with the concept.
    pub predicted: u64,
}

/// The figures `ruammue eval tag` prints for one tagger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagScores {
    /// Passages scored.
    pub passages: u64,
    /// Per concept, in taxonomy order.
    pub per_concept: Vec<ConceptScores>,
    /// Micro-averaged precision, recall, F1.
    pub micro: Prf,
    /// Macro-averaged F1 (module docs).
    pub macro_f1: f64,
    /// Passages without a gold label.
    pub gold_empty: u64,
    /// Share of passages without a gold label that got a tag.
    pub false_tag_rate: Option<f64>,
}

impl TagCounts {
    /// Empty counts for these concept ids.
    pub fn new(ids: &[String]) -> Self {
        let zeros = vec![0; ids.len()];
        TagCounts {
            ids: ids.to_vec(),
            true_positives: zeros.clone(),
            predicted: zeros.clone(),
            gold: zeros,
            ..TagCounts::default()
        }
    }

    /// Adds one passage's gold and predicted concept ids (ids outside the list are ignored;
    /// duplicates count once).
    pub fn add<S: AsRef<str>, T: AsRef<str>>(&mut self, gold: &[S], predicted: &[T]) {
        let has = |set: &[S], id: &str| set.iter().any(|s| s.as_ref() == id);
        let tagged = |id: &str| predicted.iter().any(|s| s.as_ref() == id);
        for (c, id) in self.ids.iter().enumerate() {
            let (g, p) = (has(gold, id), tagged(id));
            bump(&mut self.gold, c, g);
            bump(&mut self.predicted, c, p);
            bump(&mut self.true_positives, c, g && p);
        }
        self.passages += 1;
        if gold.is_empty() {
            self.gold_empty += 1;
            if !predicted.is_empty() {
                self.false_tagged += 1;
            }
        }
    }

    /// The figures.
    pub fn scores(&self) -> TagScores {
        let per_concept: Vec<ConceptScores> = self
            .ids
            .iter()
            .enumerate()
            .map(|(c, id)| {
                let (tp, predicted, gold) = (at(&self.true_positives, c), at(&self.predicted, c), at(&self.gold, c));
                let prf = Prf::from_counts(tp, predicted, gold);
                ConceptScores {
                    concept: id.clone(),
                    precision: prf.precision,
                    recall: prf.recall,
                    f1: prf.f1,
                    support: gold,
                    predicted,
                }
            })
            .collect();
        let scored: Vec<f64> = per_concept.iter().filter(|c| c.support + c.predicted > 0).map(|c| c.f1).collect();
        let macro_f1 = if scored.is_empty() { 0.0 } else { scored.iter().sum::<f64>() / scored.len() as f64 };
        let sum = |v: &[u64]| v.iter().sum::<u64>();
        let micro = Prf::from_counts(sum(&self.true_positives), sum(&self.predicted), sum(&self.gold));
        let false_tag_rate = (self.gold_empty > 0).then(|| self.false_tagged as f64 / self.gold_empty as f64);
        TagScores { passages: self.passages, per_concept, micro, macro_f1, gold_empty: self.gold_empty, false_tag_rate }
    }
}

/// One gold passage of a paired comparison: its gold labels and two taggers' predictions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairedPassage {
    /// Gold concept ids.
    pub gold: Vec<String>,
    /// The tagger's concept ids.
    pub tagger: Vec<String>,
    /// The baseline's concept ids (the lexicon alone, in `ruammue eval tag`).
    pub baseline: Vec<String>,
}

/// A two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// 95% bootstrap intervals of macro-F1 ([module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MacroF1Intervals {
    /// Resamples drawn.
    pub resamples: usize,
    /// The tagger's macro-F1.
    pub tagger: Interval,
    /// The baseline's macro-F1.
    pub baseline: Interval,
    /// The tagger's macro-F1 minus the baseline's, on the same resample.
    pub gain: Interval,
}

/// The figures of the tagger and of the baseline over `passages`, in that order.
pub fn paired_scores<'a>(
    ids: &[String],
    passages: impl IntoIterator<Item = &'a PairedPassage>,
) -> (TagScores, TagScores) {
    let mut tagger = TagCounts::new(ids);
    let mut baseline = TagCounts::new(ids);
    for p in passages {
        tagger.add(&p.gold, &p.tagger);
        baseline.add(&p.gold, &p.baseline);
    }
    (tagger.scores(), baseline.scores())
}

/// Paired percentile bootstrap of macro-F1 over `passages` (`resamples` draws of as many
/// passages, with replacement, from a PRNG seeded with `seed`: the same call gives the same
/// intervals). A draw without any gold label is left out (its macro-F1 is undefined), and
/// [`MacroF1Intervals::resamples`] counts the draws kept. `None` when there are no passages, no
/// resamples, or no draw with a gold label.
///
/// ```
/// use ruammue::eval::tag::{bootstrap_macro_f1, PairedPassage};
/// let ids = vec!["trust".to_owned()];
/// let passage = |gold: &[&str], tagger: &[&str]| PairedPassage {
///     gold: gold.iter().map(|s| s.to_string()).collect(),
///     tagger: tagger.iter().map(|s| s.to_string()).collect(),
///     baseline: Vec::new(),
/// };
/// let passages = vec![passage(&["trust"], &["trust"]), passage(&["trust"], &["trust"])];
/// let intervals = bootstrap_macro_f1(&ids, &passages, 200, 1).unwrap();
/// // The tagger is always right and the baseline never tags: no resample can say otherwise.
/// assert_eq!((intervals.tagger.low, intervals.tagger.high), (1.0, 1.0));
/// assert_eq!((intervals.gain.low, intervals.gain.high), (1.0, 1.0));
/// ```
pub fn bootstrap_macro_f1(
    ids: &[String],
    passages: &[PairedPassage],
    resamples: usize,
    seed: u64,
) -> Option<MacroF1Intervals> {
    if passages.is_empty() || resamples == 0 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let (mut tagger, mut baseline, mut gain) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..resamples {
        let resample: Vec<&PairedPassage> =
            (0..passages.len()).filter_map(|_| passages.get(rng.below(passages.len()))).collect();
        // Macro-F1 is undefined for a resample without a gold label: leave it out.
        if resample.iter().all(|p| p.gold.is_empty()) {
            continue;
        }
        let (tagged, base) = paired_scores(ids, resample);
        let (t, b) = (tagged.macro_f1, base.macro_f1);
        tagger.push(t);
        baseline.push(b);
        gain.push(t - b);
    }
    if tagger.is_empty() {
        return None;
    }
    Some(MacroF1Intervals {
        resamples: tagger.len(),
        tagger: percentile_interval(&mut tagger),
        baseline: percentile_interval(&mut baseline),
        gain: percentile_interval(&mut gain),
    })
}

/// The 2.5th and 97.5th percentiles of the samples (nearest rank).
fn percentile_interval(samples: &mut [f64]) -> Interval {
    samples.sort_unstable_by(f64::total_cmp);
    let rank = |q: f64| {
        let i = (q * samples.len() as f64).ceil() as usize;
        samples.get(i.saturating_sub(1).min(samples.len().saturating_sub(1))).copied().unwrap_or(0.0)
    };
    Interval { low: rank(0.025), high: rank(0.975) }
}

fn bump(counts: &mut [u64], index: usize, yes: bool) {
    if let (true, Some(n)) = (yes, counts.get_mut(index)) {
        *n += 1;
    }
}

fn at(counts: &[u64], index: usize) -> u64 {
    counts.get(index).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        ["trust", "legitimacy", "consensus"].map(str::to_owned).to_vec()
    }

    #[test]
    fn per_concept_micro_and_macro() {
        let mut counts = TagCounts::new(&ids());
        counts.add(&["trust"], &["trust"]);
        counts.add(&["trust", "legitimacy"], &["trust"]);
        counts.add::<&str, &str>(&[], &["legitimacy"]);
        counts.add::<&str, &str>(&[], &[]);
        let scores = counts.scores();
        let trust = &scores.per_concept[0];
        assert_eq!((trust.precision, trust.recall, trust.f1, trust.support), (1.0, 1.0, 1.0, 2));
        let legitimacy = &scores.per_concept[1];
        assert_eq!((legitimacy.precision, legitimacy.recall, legitimacy.support), (0.0, 0.0, 1));
        // consensus: never labelled, never predicted: not in the macro average.
        assert!((scores.macro_f1 - 0.5).abs() < 1e-12, "{scores:?}");
        // micro: tp 2, predicted 3, gold 3.
        assert!((scores.micro.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(scores.false_tag_rate, Some(0.5));
        assert_eq!(scores.passages, 4);
    }

    #[test]
    fn a_concept_only_predicted_scores_zero_and_rates_need_empty_gold() {
        let mut counts = TagCounts::new(&ids());
        counts.add(&["trust"], &["trust", "consensus"]);
        let scores = counts.scores();
        assert!((scores.macro_f1 - 0.5).abs() < 1e-12);
        assert_eq!(scores.false_tag_rate, None);
    }

    fn paired(gold: &[&str], tagger: &[&str], baseline: &[&str]) -> PairedPassage {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        PairedPassage { gold: owned(gold), tagger: owned(tagger), baseline: owned(baseline) }
    }

    /// A mixed set: the tagger is right more often than the baseline, not always.
    fn mixed() -> Vec<PairedPassage> {
        (0..60)
            .map(|i| match i % 6 {
                0 => paired(&["trust"], &["trust"], &["trust"]),
                1 => paired(&["trust"], &["trust"], &[]),
                2 => paired(&["legitimacy"], &["legitimacy"], &["consensus"]),
                3 => paired(&["consensus"], &[], &["consensus"]),
                4 => paired(&[], &["trust"], &["legitimacy"]),
                _ => paired(&[], &[], &[]),
            })
            .collect()
    }

    #[test]
    fn bootstrap_intervals_hold_the_point_estimates_and_repeat() {
        let passages = mixed();
        let mut tagger = TagCounts::new(&ids());
        let mut baseline = TagCounts::new(&ids());
        for p in &passages {
            tagger.add(&p.gold, &p.tagger);
            baseline.add(&p.gold, &p.baseline);
        }
        let (t, b) = (tagger.scores().macro_f1, baseline.scores().macro_f1);
        let got = bootstrap_macro_f1(&ids(), &passages, 500, 7).unwrap_or_else(|| panic!("no intervals"));
        for (interval, point) in [(got.tagger, t), (got.baseline, b), (got.gain, t - b)] {
            assert!(interval.low <= point && point <= interval.high, "{interval:?} {point}");
            assert!(interval.low < interval.high, "a mixed set has sampling error: {interval:?}");
        }
        assert_eq!(bootstrap_macro_f1(&ids(), &passages, 500, 7), Some(got));
        assert_ne!(bootstrap_macro_f1(&ids(), &passages, 500, 8), Some(got));
    }

    #[test]
    fn draws_without_a_gold_label_are_left_out() {
        let trust = || vec!["trust".to_owned()];
        let labelled = PairedPassage { gold: trust(), tagger: trust(), baseline: trust() };
        let unlabelled = PairedPassage { gold: vec![], tagger: vec![], baseline: vec![] };
        let got = bootstrap_macro_f1(&ids(), &[labelled, unlabelled.clone()], 200, 3)
            .unwrap_or_else(|| panic!("no intervals"));
        assert_eq!((got.tagger.low, got.tagger.high), (1.0, 1.0), "a perfect tagger is perfect on every draw");
        assert!(got.resamples < 200 && got.resamples > 100, "{}", got.resamples);
        assert_eq!(bootstrap_macro_f1(&ids(), &[unlabelled], 200, 3), None);
    }

    #[test]
    fn identical_taggers_gain_nothing_on_any_resample() {
        let passages: Vec<PairedPassage> =
            mixed().into_iter().map(|p| PairedPassage { baseline: p.tagger.clone(), ..p }).collect();
        let got = bootstrap_macro_f1(&ids(), &passages, 200, 1).unwrap_or_else(|| panic!("no intervals"));
        assert_eq!((got.gain.low, got.gain.high), (0.0, 0.0));
        assert_eq!(got.tagger, got.baseline);
        assert_eq!(bootstrap_macro_f1(&ids(), &[], 200, 1), None);
        assert_eq!(bootstrap_macro_f1(&ids(), &passages, 0, 1), None);
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut samples: Vec<f64> = (1..=200).rev().map(f64::from).collect();
        assert_eq!(percentile_interval(&mut samples), Interval { low: 5.0, high: 195.0 });
        assert_eq!(percentile_interval(&mut [0.5]), Interval { low: 0.5, high: 0.5 });
    }

    #[test]
    fn unknown_and_duplicate_ids_are_ignored() {
        let mut counts = TagCounts::new(&ids());
        counts.add(&["trust", "trust"], &["trust", "other"]);
        let scores = counts.scores();
        assert_eq!((scores.per_concept[0].support, scores.per_concept[0].predicted), (1, 1));
        assert_eq!(scores.micro.f1, 1.0);
    }
}
