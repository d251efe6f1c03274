//! Measurement: how good the segmenter and the concept tagger are against gold data.
//!
//! Each submodule reads one kind of gold file and computes the figures `ruammue eval` prints.

pub mod damage;
pub mod search;
pub mod segment;
pub mod tag;

use serde::Serialize;

/// Precision, recall and F1 from true positives and the predicted and gold totals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Share of predictions that are right.
    pub precision: f64,
    /// Share of gold items that were found.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// The figures for `correct` right predictions out of `predicted`, against `gold` gold items.
    /// An empty denominator gives 0.
    ///
    /// ```
    /// let prf = ruammue::eval::Prf::from_counts(3, 4, 6);
    /// assert_eq!(prf.precision, 0.75);
    /// assert_eq!(prf.recall, 0.5);
    /// assert!((prf.f1 - 0.6).abs() < 1e-12);
    /// ```
    pub fn from_counts(correct: u64, predicted: u64, gold: u64) -> Prf {
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(correct, predicted);
        let recall = ratio(correct, gold);
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { precision, recall, f1 }
    }
}
