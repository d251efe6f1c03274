//! The supervised concept model: one-vs-rest logistic regression over sparse passage
//! [features](super::features), trained on labelled passages, stored as a versioned JSON file.
//!
//! Pipeline position: inside `classify`, beside the lexicon scorer whose per-concept scores are
//! among its features; the [tagger](super::tagger) combines the two.
//!
//! # Training ([`train`])
//! 1. Each labelled passage is normalized, segmented and scored by the lexicon; its features are
//!    extracted ([`FeatureConfig`]).
//! 2. The vocabulary is every text feature found in at least `min_df` training passages, sorted,
//!    plus the lexicon features.
//! 3. For every concept, a logistic regression with L2 regularisation (weaker for word features
//!    whose naive-Bayes log-count ratio says they tell the concept's positives from its
//!    negatives: `nb_prior`) is fitted by full-batch
//!    gradient descent with Adam for a fixed number of epochs, from zero weights. With
//!    `balance`, positives and negatives weigh the same in the loss. No randomness is involved,
//!    and sums run in a fixed order, so a fit is deterministic.
//! 4. Each concept's decision threshold is the one that maximises its F1 over out-of-fold
//!    probabilities of a k-fold cross-validation **on the training passages only** (folds from
//!    a seeded shuffle, repeated with several seeds and averaged). The held-out set plays no part.
//! 5. The final model is fitted on all training passages; weights below `prune` are dropped and
//!    the rest rounded to 1e-4, so the file stays small; the cross-validation fits are pruned
//!    the same way, so thresholds are chosen for the model as shipped.
//!
//! # File
//! JSON with `format` = [`MODEL_FORMAT`] and `version` = [`MODEL_VERSION`], the taxonomy ids,
//! and fingerprints of the dictionary, the taxonomy's cues and the feature configuration. Loading
//! checks the structure; [`ConceptModel::check_compatible`] checks the fingerprints against the
//! segmenter and taxonomy in use, so a model never runs on features that changed meaning.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::error::{ClassifyError, Result};
use super::features::{extract, fnv1a, FeatureConfig, LexiconView, PassageFeatures};
use super::labeled::LabeledPassage;
use super::lexicon::LexiconScorer;
use super::taxonomy::Taxonomy;
use crate::segment::ThaiSegmenter;

/// The `format` key of a model file.
pub const MODEL_FORMAT: &str = "ruammue-concept-model";

/// The model file layout version this build reads and writes.
pub const MODEL_VERSION: u32 = 1;

/// Where the shipped model lives in the repository.
pub const EMBEDDED_MODEL_PATH: &str = "dictionaries/concept_model.json";

static EMBEDDED_JSON: &str = include_str!("../../dictionaries/concept_model.json");

static EMBEDDED: LazyLock<std::result::Result<ConceptModel, String>> =
    LazyLock::new(|| ConceptModel::from_json_str(EMBEDDED_JSON, EMBEDDED_MODEL_PATH).map_err(|e| e.to_string()));

/// How to train: features, regularisation, optimiser, cross-validation, pruning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Which features to use.
    pub features: FeatureConfig,
    /// L2 regularisation strength (on the mean loss).
    pub l2: f32,
    /// Full-batch epochs.
    pub epochs: usize,
    /// Adam step size.
    pub learning_rate: f32,
    /// Weigh positives and negatives of each concept equally.
    pub balance: bool,
    /// Cross-validation folds for the thresholds.
    pub folds: usize,
    /// Cross-validation repeats (each with its own shuffle); out-of-fold scores are averaged.
    pub repeats: usize,
    /// Seed of the fold shuffles.
    pub seed: u64,
    /// Weights with a smaller magnitude are dropped from the model.
    pub prune: f32,
    /// A concept's lexicon and cue features weigh only for that concept.
    pub own_lexicon: bool,
    /// L2 regularisation strength of the lexicon and cue features.
    pub lexicon_l2: f32,
    /// Choose each concept's threshold by cross-validation; otherwise 0.5.
    pub tune_thresholds: bool,
    /// With a smoothing count, word features are penalised by how little they tell a concept's
    /// positives from its negatives (see `penalties`).
    #[serde(default)]
    pub nb_prior: Option<f32>,
    /// The final model is the mean of the cross-validation fits (whose out-of-fold scores set
    /// the thresholds) rather than a refit on all passages.
    pub average_folds: bool,
    /// How much the loss of a passage the project wrote weighs against a real one's.
    #[serde(default = "full_weight")]
    pub written_weight: f32,
}

fn full_weight() -> f32 {
    1.0
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            features: FeatureConfig::default(),
            l2: 2e-4,
            epochs: 200,
            learning_rate: 0.05,
            balance: true,
            folds: 5,
            repeats: 3,
            seed: 0x5275_616d_6d75_6521,
            prune: 1e-3,
            own_lexicon: true,
            lexicon_l2: 1e-2,
            average_folds: true,
            tune_thresholds: true,
            nb_prior: Some(0.1),
            written_weight: 1.0,
        }
    }
}

/// What training found: the thresholds, and the cross-validated figures on the training set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainReport {
    /// Training passages.
    pub passages: usize,
    /// Of which the project wrote itself: trained on, never scored ([`Example::scored`]).
    #[serde(default)]
    pub project_written: usize,
    /// Per concept, in taxonomy order.
    pub concepts: Vec<ConceptReport>,
    /// Mean of the per-concept cross-validated F1 (concepts with positives). Optimistic: the
    /// thresholds were chosen on the same out-of-fold scores.
    pub cv_macro_f1: f64,
    /// Cross-validated micro F1 over all concepts.
    pub cv_micro_f1: f64,
}

/// One concept's cross-validated figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptReport {
    /// The concept id.
    pub id: String,
    /// Training passages labelled with it.
    pub support: usize,
    /// The chosen probability threshold.
    pub threshold: f32,
    /// Out-of-fold precision at that threshold.
    pub precision: f64,
    /// Out-of-fold recall at that threshold.
    pub recall: f64,
    /// Out-of-fold F1 at that threshold.
    pub f1: f64,
}

/// One concept's part of the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptWeights {
    id: String,
    bias: f32,
    threshold: f32,
    /// `(vocabulary index, weight)`, nonzero weights only.
    weights: Vec<(u32, f32)>,
}

/// The model file, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    version: u32,
    note: String,
    dictionary_fingerprint: String,
    taxonomy_fingerprint: String,
    feature_fingerprint: String,
    features: FeatureConfig,
    training: TrainConfig,
    report: TrainReport,
    concepts: Vec<ConceptWeights>,
    vocabulary: Vec<String>,
}

/// The keys of a model file that say how to read the rest.
#[derive(Deserialize)]
struct ModelHeader {
    format: Option<String>,
    version: Option<u64>,
}

/// A trained concept model. Cheap to share (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct ConceptModel {
    file: ModelFile,
    origin: PathBuf,
    index: FxHashMap<String, u32>,
    /// Dense weights, `vocabulary × concepts`, row-major by feature.
    weights: Vec<f32>,
}

impl PartialEq for ConceptModel {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
    }
}

/// A sparse vector: `(feature index, value)`, indices increasing.
pub(crate) type SparseVec = Vec<(u32, f32)>;

impl ConceptModel {
    /// The shipped model, `dictionaries/concept_model.json`, parsed once. An error means the
    /// file in this build is broken (a test guards against it).
    pub fn embedded() -> Result<&'static ConceptModel> {
        EMBEDDED
            .as_ref()
            .map_err(|reason| ClassifyError::Model { path: PathBuf::from(EMBEDDED_MODEL_PATH), reason: reason.clone() })
    }

    /// Reads a model file (structure checked; call [`check_compatible`](Self::check_compatible)
    /// before use).
    pub fn from_path(path: impl AsRef<Path>) -> Result<ConceptModel> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|source| ClassifyError::Io { path: path.to_path_buf(), source })?;
        Self::from_json_str(&text, path)
    }

    /// Parses model JSON; `origin` names the file in error messages.
    pub fn from_json_str(text: &str, origin: impl AsRef<Path>) -> Result<ConceptModel> {
        let origin = origin.as_ref();
        let bad = |reason: String| ClassifyError::Model { path: origin.to_path_buf(), reason };
        // One typed parse of the whole text; only when it fails, or names another format or
        // version, is the header read on its own, so that an old model gets a message that says so.
        let parsed: std::result::Result<ModelFile, _> = serde_json::from_str(text);
        let (format, version) = match &parsed {
            Ok(file) => (Some(file.format.clone()), Some(u64::from(file.version))),
            Err(_) => serde_json::from_str::<ModelHeader>(text).map_or((None, None), |h| (h.format, h.version)),
        };
        if format.as_deref() != Some(MODEL_FORMAT) {
            return Err(bad(format!("`format` is not \"{MODEL_FORMAT}\"")));
        }
        if version != Some(u64::from(MODEL_VERSION)) {
            let found = version.map_or_else(|| "none".to_owned(), |v| v.to_string());
            return Err(bad(format!("format version {found}, this build reads {MODEL_VERSION}: run `ruammue train`")));
        }
        let file = parsed.map_err(|e| bad(e.to_string()))?;
        Self::from_file(file, origin)
    }

    fn from_file(file: ModelFile, origin: &Path) -> Result<ConceptModel> {
        let bad = |reason: String| ClassifyError::Model { path: origin.to_path_buf(), reason };
        let vocabulary = file.vocabulary.len();
        let concepts = file.concepts.len();
        let mut weights = vec![0.0f32; vocabulary * concepts];
        for (c, concept) in file.concepts.iter().enumerate() {
            if !concept.bias.is_finite() || !(0.0..=1.0).contains(&concept.threshold) {
                return Err(bad(format!("concept `{}`: bad bias or threshold", concept.id)));
            }
            for &(feature, weight) in &concept.weights {
                let slot = (feature as usize).checked_mul(concepts).and_then(|row| weights.get_mut(row + c));
                match slot {
                    Some(slot) if weight.is_finite() => *slot = weight,
                    _ => return Err(bad(format!("concept `{}`: bad weight for feature {feature}", concept.id))),
                }
            }
        }
        let index: FxHashMap<String, u32> = file.vocabulary.iter().cloned().zip(0u32..).collect();
        if index.len() != vocabulary {
            return Err(bad("duplicate vocabulary entries".to_owned()));
        }
        Ok(ConceptModel { file, origin: origin.to_path_buf(), index, weights })
    }

    /// Checks that the model was trained with this segmenter's dictionary, this taxonomy's ids
    /// and cues, and this build's feature extractor; the error says which differs.
    pub fn check_compatible(&self, taxonomy: &Taxonomy, segmenter: &ThaiSegmenter) -> Result<()> {
        let mismatch = |what: &str| ClassifyError::ModelMismatch { path: self.origin.clone(), what: what.to_owned() };
        if self.file.dictionary_fingerprint != hex(segmenter.dictionary().fingerprint()) {
            return Err(mismatch("dictionary"));
        }
        let ids: Vec<&str> = taxonomy.ids().collect();
        if self.concept_ids() != ids || self.file.taxonomy_fingerprint != hex(taxonomy_fingerprint(taxonomy)) {
            return Err(mismatch("taxonomy"));
        }
        if self.file.feature_fingerprint != hex(self.file.features.fingerprint()) {
            return Err(mismatch("feature extractor"));
        }
        Ok(())
    }

    /// The concept ids, in the order of the taxonomy it was trained with.
    pub fn concept_ids(&self) -> Vec<&str> {
        self.file.concepts.iter().map(|c| c.id.as_str()).collect()
    }

    /// The probability threshold of each concept, in [`concept_ids`](Self::concept_ids) order.
    pub fn thresholds(&self) -> Vec<f32> {
        self.file.concepts.iter().map(|c| c.threshold).collect()
    }

    /// The features the model uses.
    pub fn feature_config(&self) -> &FeatureConfig {
        &self.file.features
    }

    /// How it was trained.
    pub fn train_config(&self) -> &TrainConfig {
        &self.file.training
    }

    /// The cross-validated figures recorded at training time.
    pub fn report(&self) -> &TrainReport {
        &self.file.report
    }

    /// The file it was read from (or will be written to).
    pub fn origin(&self) -> &Path {
        &self.origin
    }

    /// The number of features with a weight.
    pub fn vocabulary_len(&self) -> usize {
        self.file.vocabulary.len()
    }

    /// The weight of feature `key` for concept number `concept`, if the model knows the feature.
    pub fn weight(&self, key: &str, concept: usize) -> Option<f32> {
        let row = *self.index.get(key)? as usize;
        self.weights.get(row * self.file.concepts.len() + concept).copied()
    }

    /// The sparse vector of a passage's features in this model's vocabulary.
    pub(crate) fn vectorize(&self, features: &PassageFeatures) -> SparseVec {
        vectorize(&self.index, features, &self.file.features)
    }

    /// The probability of every concept for a passage's features, in concept order.
    pub fn probabilities(&self, features: &PassageFeatures) -> Vec<f32> {
        let x = self.vectorize(features);
        let concepts = self.file.concepts.len();
        let mut margins: Vec<f32> = self.file.concepts.iter().map(|c| c.bias).collect();
        for &(feature, value) in &x {
            let start = feature as usize * concepts;
            if let Some(row) = self.weights.get(start..start + concepts) {
                margins.iter_mut().zip(row).for_each(|(m, w)| *m += w * value);
            }
        }
        margins.into_iter().map(sigmoid).collect()
    }

    /// The value a word feature takes in a passage with these features (1, or 1/√n when the
    /// word features are scaled to unit length); cue features are 1.
    pub(crate) fn gram_value(&self, features: &PassageFeatures) -> f32 {
        gram_value(&self.index, features, &self.file.features)
    }

    /// The model as JSON, one concept and one vocabulary entry a line (diff-friendly).
    pub fn to_json(&self) -> Result<String> {
        let bad = |e: serde_json::Error| ClassifyError::Model { path: self.origin.clone(), reason: e.to_string() };
        let file = &self.file;
        let mut out = String::from("{\n");
        let header = [
            ("format", serde_json::to_string(&file.format)),
            ("version", serde_json::to_string(&file.version)),
            ("note", serde_json::to_string(&file.note)),
            ("dictionary_fingerprint", serde_json::to_string(&file.dictionary_fingerprint)),
            ("taxonomy_fingerprint", serde_json::to_string(&file.taxonomy_fingerprint)),
            ("feature_fingerprint", serde_json::to_string(&file.feature_fingerprint)),
            ("features", serde_json::to_string(&file.features)),
            ("training", serde_json::to_string(&file.training)),
            ("report", serde_json::to_string(&file.report)),
        ];
        for (key, value) in header {
            out.push_str(&format!("\"{key}\": {},\n", value.map_err(bad)?));
        }
        out.push_str("\"concepts\": [\n");
        push_lines(&mut out, file.concepts.iter().map(serde_json::to_string), bad)?;
        out.push_str("],\n\"vocabulary\": [\n");
        push_lines(&mut out, file.vocabulary.iter().map(serde_json::to_string), bad)?;
        out.push_str("]\n}\n");
        Ok(out)
    }

    /// Writes the model to `path` as [`to_json`](Self::to_json).
    pub fn write(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let json = self.to_json()?;
        std::fs::write(path, json).map_err(|source| ClassifyError::Write { path: path.to_path_buf(), source })
    }
}

fn push_lines(
    out: &mut String,
    lines: impl ExactSizeIterator<Item = serde_json::Result<String>>,
    bad: impl Fn(serde_json::Error) -> ClassifyError,
) -> Result<()> {
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.enumerate() {
        out.push_str(&line.map_err(&bad)?);
        out.push_str(if i == last { "\n" } else { ",\n" });
    }
    Ok(())
}

/// A stable hash of the taxonomy's ids and cues (not names or definitions): the lexicon
/// features depend on exactly these.
pub fn taxonomy_fingerprint(taxonomy: &Taxonomy) -> u64 {
    let mut text = String::new();
    for concept in taxonomy.concepts() {
        text.push_str(&concept.id);
        text.push('\n');
        for (kind, cue) in concept.all_cues() {
            text.push_str(&format!("{kind:?}\t{}\t{:?}\n", cue.text, cue.weight));
        }
    }
    fnv1a(text.as_bytes())
}

fn hex(value: u64) -> String {
    format!("{value:016x}")
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn gram_value(index: &FxHashMap<String, u32>, features: &PassageFeatures, config: &FeatureConfig) -> f32 {
    if !config.unit_length {
        return 1.0;
    }
    let known = features.grams.iter().filter(|g| !g.cue && index.contains_key(&g.key)).count();
    if known == 0 {
        1.0
    } else {
        1.0 / (known as f32).sqrt()
    }
}

fn vectorize(index: &FxHashMap<String, u32>, features: &PassageFeatures, config: &FeatureConfig) -> SparseVec {
    let value = gram_value(index, features, config);
    let grams = features.grams.iter().filter_map(|g| index.get(&g.key).map(|&i| (i, if g.cue { 1.0 } else { value })));
    let lexicon = features.lexicon.iter().filter_map(|(k, v)| index.get(k).map(|&i| (i, *v)));
    let mut x: SparseVec = grams.chain(lexicon).filter(|&(_, v)| v != 0.0).collect();
    x.sort_unstable_by_key(|&(i, _)| i);
    x.dedup_by_key(|&mut (i, _)| i);
    x
}

/// A tiny seeded PRNG (splitmix64): deterministic shuffles without a crate.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0; 0 when n is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A number in `0.0..1.0`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A training example: features and one flag per concept.
#[derive(Debug, Clone)]
pub struct Example {
    /// The passage's features.
    pub features: PassageFeatures,
    /// One flag per concept, in taxonomy order.
    pub labels: Vec<bool>,
    /// The source document (the `source` key up to `:line`), so that cross-validation keeps a
    /// document's passages in one fold; the passage's line when it has none.
    pub group: String,
    /// Whether cross-validation may score it. Passages the project wrote itself
    /// ([`LabeledPassage::is_project_written`]) are trained on in every fold but never scored:
    /// thresholds and figures come from real text only.
    pub scored: bool,
}

/// Turns labelled passages into examples: normalize, segment, lexicon scores, features. Labels
/// must be concepts of `taxonomy` (checked: [`check_labels`](super::labeled::check_labels)).
pub fn examples(
    passages: &[LabeledPassage],
    taxonomy: &Taxonomy,
    segmenter: &ThaiSegmenter,
    config: &FeatureConfig,
) -> Vec<Example> {
    let lexicon = LexiconScorer::new(taxonomy, segmenter.clone());
    let ids: Vec<String> = taxonomy.ids().map(str::to_owned).collect();
    passages
        .par_iter()
        .map(|passage| {
            let text = super::tagger::normalize_passage(&passage.text);
            let tokens = segmenter.segment(&text);
            let (scores, matches) = lexicon.scores_and_matches_segmented(&text, &tokens);
            let view = LexiconView { scores: &scores, matches: &matches, concept_ids: &ids };
            let features = extract(&text, &tokens, view, segmenter, config);
            let labels = ids.iter().map(|id| passage.labels.contains(id)).collect();
            Example { features, labels, group: group_of(passage), scored: !passage.is_project_written() }
        })
        .collect()
}

/// The source document of a passage: its `source` key without the `:line` suffix, else its line.
fn group_of(passage: &LabeledPassage) -> String {
    match passage.extra.get("source").and_then(serde_json::Value::as_str) {
        Some(source) => source.rsplit_once(':').map_or(source, |(file, _)| file).to_owned(),
        None => format!("line {}", passage.line),
    }
}

/// Trains a model on labelled passages (see the [module docs](self)). Refuses an empty set.
pub fn train(
    passages: &[LabeledPassage],
    taxonomy: &Taxonomy,
    segmenter: &ThaiSegmenter,
    config: &TrainConfig,
) -> Result<(ConceptModel, TrainReport)> {
    if passages.is_empty() {
        return Err(ClassifyError::Training("no labelled passages to train on".to_owned()));
    }
    let examples = examples(passages, taxonomy, segmenter, &config.features);
    let ids: Vec<String> = taxonomy.ids().map(str::to_owned).collect();
    let (fit, report) = learn(&examples, &ids, config);
    let thresholds: Vec<f32> = report.concepts.iter().map(|c| c.threshold).collect();
    let file = fit.into_file(&ids, &thresholds, taxonomy, segmenter, config, report.clone());
    let model = ConceptModel::from_file(file, Path::new(EMBEDDED_MODEL_PATH))?;
    Ok((model, report))
}

/// Steps 2–5 of the [module docs](self): thresholds by cross-validation, then the final fit.
fn learn(examples: &[Example], ids: &[String], config: &TrainConfig) -> (Fit, TrainReport) {
    let cv = cross_validate(examples, ids, config);
    let report = cv_report(examples, &cv.oof, ids, config.tune_thresholds);
    let fit = if config.average_folds {
        Fit::average(&cv.fits, ids.len(), config)
    } else {
        Fit::train(examples, ids, config)
    };
    (fit, report)
}

/// The fold of an example that is never scored ([`Example::scored`]).
const TRAIN_ONLY: usize = usize::MAX;

/// Probabilities of held-out examples: `(example index, probability per concept)`.
type Scored = Vec<(usize, Vec<f32>)>;

/// The fits of a cross-validation and the out-of-fold probabilities they give.
struct CrossValidation {
    /// `[passage][concept]`, averaged over the repeats.
    oof: Vec<Vec<f32>>,
    /// One fit per fold and repeat, in a fixed order.
    fits: Vec<Fit>,
}

/// Out-of-fold probabilities `[passage][concept]`, averaged over the repeats.
pub fn out_of_fold(examples: &[Example], ids: &[String], config: &TrainConfig) -> Vec<Vec<f32>> {
    cross_validate(examples, ids, config).oof
}

/// Folds of whole source documents: for each repeat (shuffled with `rng`), the fold of every
/// example. Unscored examples get [`TRAIN_ONLY`], no fold's number: they are always trained on.
fn document_folds(examples: &[Example], folds: usize, repeats: usize, rng: &mut SplitMix64) -> Vec<Vec<usize>> {
    let mut groups: Vec<&str> = examples.iter().filter(|e| e.scored).map(|e| e.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    (0..repeats)
        .map(|_| {
            rng.shuffle(&mut groups);
            let fold_of_group: HashMap<&str, usize> = groups.iter().enumerate().map(|(i, &g)| (g, i % folds)).collect();
            let fold_of = |e: &Example| if e.scored { fold_of_group.get(e.group.as_str()).copied() } else { None };
            examples.iter().map(|e| fold_of(e).unwrap_or(TRAIN_ONLY)).collect()
        })
        .collect()
}

fn cross_validate(examples: &[Example], ids: &[String], config: &TrainConfig) -> CrossValidation {
    let concepts = ids.len();
    let folds = config.folds.max(2);
    let repeats = config.repeats.max(1);
    let mut rng = SplitMix64::new(config.seed);
    let jobs: Vec<(usize, Vec<usize>)> = document_folds(examples, folds, repeats, &mut rng)
        .into_iter()
        .flat_map(|fold_of| (0..folds).map(move |fold| (fold, fold_of.clone())))
        .collect();
    let results: Vec<(Fit, Scored)> = jobs
        .par_iter()
        .map(|(fold, fold_of)| {
            let (train, test): (Vec<usize>, Vec<usize>) =
                (0..examples.len()).partition(|&i| fold_of.get(i) != Some(fold));
            let train: Vec<Example> = train.iter().filter_map(|&i| examples.get(i).cloned()).collect();
            let fit = Fit::train(&train, ids, config);
            let scored = test.into_iter().filter_map(|i| Some((i, fit.probabilities(&examples.get(i)?.features))));
            let scored = scored.collect();
            (fit, scored)
        })
        .collect();
    let mut oof = vec![vec![0.0f32; concepts]; examples.len()];
    let mut fits = Vec::with_capacity(results.len());
    for (fit, scored) in results {
        for (i, probabilities) in scored {
            if let Some(row) = oof.get_mut(i) {
                row.iter_mut().zip(&probabilities).for_each(|(s, p)| *s += p / repeats as f32);
            }
        }
        fits.push(fit);
    }
    CrossValidation { oof, fits }
}

/// Figures of a nested cross-validation: the whole training procedure (thresholds by inner
/// cross-validation, final fit) scored on outer folds of whole documents it never saw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NestedReport {
    /// Per-concept F1 on the outer folds, in taxonomy order.
    pub f1: Vec<(String, f64)>,
    /// Mean F1 over the concepts with positives.
    pub macro_f1: f64,
    /// F1 over all decisions.
    pub micro_f1: f64,
    /// Share of the passages without a label that get a tag.
    pub false_tag_rate: f64,
}

/// Estimates how well [`train`] generalises to unseen documents, on the training passages only
/// (one outer repeat of `config.folds` document folds; the inner procedure as configured).
pub fn nested_cv(examples: &[Example], ids: &[String], config: &TrainConfig) -> NestedReport {
    let folds = config.folds.max(2);
    let mut rng = SplitMix64::new(config.seed ^ 0x6f75_7465_725f_6376);
    let fold_of = document_folds(examples, folds, 1, &mut rng).into_iter().next().unwrap_or_default();
    let concepts = ids.len();
    let (mut tp, mut predicted, mut gold) = (vec![0u64; concepts], vec![0u64; concepts], vec![0u64; concepts]);
    let (mut unlabeled, mut false_tagged) = (0u64, 0u64);
    for fold in 0..folds {
        let (inner, outer): (Vec<usize>, Vec<usize>) =
            (0..examples.len()).partition(|&i| fold_of.get(i) != Some(&fold));
        let inner: Vec<Example> = inner.iter().filter_map(|&i| examples.get(i).cloned()).collect();
        let (fit, report) = learn(&inner, ids, config);
        for example in outer.iter().filter_map(|&i| examples.get(i)) {
            let probabilities = fit.probabilities(&example.features);
            let tagged = probabilities.iter().zip(&report.concepts).any(|(&p, concept)| p >= concept.threshold);
            if !example.labels.contains(&true) {
                unlabeled += 1;
                false_tagged += u64::from(tagged);
            }
            for c in 0..concepts {
                let threshold = report.concepts.get(c).map_or(0.5, |r| r.threshold);
                let p = probabilities.get(c).is_some_and(|&p| p >= threshold);
                let y = example.labels.get(c).copied().unwrap_or(false);
                for (counts, yes) in [(&mut tp, p && y), (&mut predicted, p), (&mut gold, y)] {
                    if let (true, Some(n)) = (yes, counts.get_mut(c)) {
                        *n += 1;
                    }
                }
            }
        }
    }
    let at = |v: &[u64], c: usize| v.get(c).copied().unwrap_or(0);
    let f1: Vec<(String, f64)> = ids
        .iter()
        .enumerate()
        .map(|(c, id)| (id.clone(), prf(at(&tp, c), at(&predicted, c), at(&gold, c)).2))
        .collect();
    let scored: Vec<f64> =
        f1.iter().enumerate().filter(|(c, _)| at(&gold, *c) + at(&predicted, *c) > 0).map(|(_, (_, f))| *f).collect();
    let macro_f1 = if scored.is_empty() { 0.0 } else { scored.iter().sum::<f64>() / scored.len() as f64 };
    let micro_f1 = prf(tp.iter().sum(), predicted.iter().sum(), gold.iter().sum()).2;
    let false_tag_rate = if unlabeled == 0 { 0.0 } else { false_tagged as f64 / unlabeled as f64 };
    NestedReport { f1, macro_f1, micro_f1, false_tag_rate }
}

/// Per-concept thresholds and F1 from out-of-fold probabilities.
fn cv_report(examples: &[Example], oof: &[Vec<f32>], ids: &[String], tune: bool) -> TrainReport {
    let mut concepts = Vec::with_capacity(ids.len());
    let (mut tp, mut predicted, mut gold) = (0u64, 0u64, 0u64);
    for (c, id) in ids.iter().enumerate() {
        let pairs: Vec<(f32, bool)> = examples
            .iter()
            .zip(oof)
            .filter(|(e, _)| e.scored)
            .map(|(e, p)| (p.get(c).copied().unwrap_or(0.0), e.labels.get(c).copied().unwrap_or(false)))
            .collect();
        let threshold = if tune { best_threshold(&pairs) } else { 0.5 };
        let counts = confusion(&pairs, threshold);
        tp += counts.0;
        predicted += counts.1;
        gold += counts.2;
        let support = pairs.iter().filter(|(_, y)| *y).count();
        let (precision, recall, f1) = prf(counts.0, counts.1, counts.2);
        concepts.push(ConceptReport { id: id.clone(), support, threshold, precision, recall, f1 });
    }
    let scored: Vec<f64> = concepts.iter().filter(|c| c.support > 0).map(|c| c.f1).collect();
    let cv_macro_f1 = if scored.is_empty() { 0.0 } else { scored.iter().sum::<f64>() / scored.len() as f64 };
    let cv_micro_f1 = prf(tp, predicted, gold).2;
    let project_written = examples.iter().filter(|e| !e.scored).count();
    TrainReport { passages: examples.len(), project_written, concepts, cv_macro_f1, cv_micro_f1 }
}

/// Precision, recall and F1 from counts (0 for an empty denominator).
fn prf(tp: u64, predicted: u64, gold: u64) -> (f64, f64, f64) {
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(tp, predicted), ratio(tp, gold));
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f1)
}

/// `(true positives, predicted, gold)` at a threshold.
fn confusion(pairs: &[(f32, bool)], threshold: f32) -> (u64, u64, u64) {
    let predicted = pairs.iter().filter(|(p, _)| *p >= threshold).count() as u64;
    let tp = pairs.iter().filter(|(p, y)| *y && *p >= threshold).count() as u64;
    let gold = pairs.iter().filter(|(_, y)| *y).count() as u64;
    (tp, predicted, gold)
}

/// The threshold on a 0.01 grid (0.05..=0.95) with the best F1; of equally good ones, the
/// middle one. 0.5 when there are no positives.
fn best_threshold(pairs: &[(f32, bool)]) -> f32 {
    let grid: Vec<f32> = (5..=95).map(|t| t as f32 / 100.0).collect();
    let f1s: Vec<f64> = grid
        .iter()
        .map(|&t| {
            let (tp, predicted, gold) = confusion(pairs, t);
            prf(tp, predicted, gold).2
        })
        .collect();
    let best = f1s.iter().copied().fold(0.0f64, f64::max);
    if best <= 0.0 {
        return 0.5;
    }
    let tied: Vec<f32> = grid.iter().zip(&f1s).filter(|(_, &f)| f >= best - 1e-12).map(|(&t, _)| t).collect();
    tied.get(tied.len() / 2).copied().unwrap_or(0.5)
}

/// A fitted logistic regression: vocabulary, dense weights and biases.
struct Fit {
    vocabulary: Vec<String>,
    index: FxHashMap<String, u32>,
    features: FeatureConfig,
    /// `vocabulary × concepts`, row-major.
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl Fit {
    /// Builds the vocabulary of `examples` and fits every concept (module docs, steps 2–3, 5).
    fn train(examples: &[Example], ids: &[String], config: &TrainConfig) -> Fit {
        let vocabulary = build_vocabulary(examples, &config.features);
        let index: FxHashMap<String, u32> = vocabulary.iter().cloned().zip(0u32..).collect();
        let x: Vec<SparseVec> = examples.iter().map(|e| vectorize(&index, &e.features, &config.features)).collect();
        let y: Vec<&[bool]> = examples.iter().map(|e| e.labels.as_slice()).collect();
        let owners: Vec<Option<usize>> =
            vocabulary.iter().map(|key| if config.own_lexicon { owner(key, ids) } else { None }).collect();
        let lexical: Vec<bool> = vocabulary.iter().map(|key| is_lexical(key)).collect();
        let strengths = penalties(&x, &y, &lexical, ids.len(), config);
        let scale: Vec<f32> = examples.iter().map(|e| if e.scored { 1.0 } else { config.written_weight }).collect();
        let (weights, bias) = fit_logistic(&x, &y, &scale, &owners, &strengths, ids.len(), config);
        Fit::finish(vocabulary, weights, bias, config)
    }

    /// The mean of several fits (a linear model whose logit is the mean of theirs), over the
    /// union of their vocabularies.
    fn average(fits: &[Fit], concepts: usize, config: &TrainConfig) -> Fit {
        let mut vocabulary: Vec<String> = fits.iter().flat_map(|f| f.vocabulary.iter().cloned()).collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let index: HashMap<&str, usize> = vocabulary.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        let n = fits.len().max(1) as f32;
        let mut weights = vec![0.0f32; vocabulary.len() * concepts];
        let mut bias = vec![0.0f32; concepts];
        for fit in fits {
            for (key, row) in fit.vocabulary.iter().zip(fit.weights.chunks(concepts.max(1))) {
                let Some(&to) = index.get(key.as_str()) else { continue };
                if let Some(target) = weights.get_mut(to * concepts..(to + 1) * concepts) {
                    target.iter_mut().zip(row).for_each(|(t, w)| *t += w / n);
                }
            }
            bias.iter_mut().zip(&fit.bias).for_each(|(b, v)| *b += v / n);
        }
        Fit::finish(vocabulary, weights, bias, config)
    }

    /// Prunes and rounds the weights (module docs, step 5).
    fn finish(vocabulary: Vec<String>, mut weights: Vec<f32>, bias: Vec<f32>, config: &TrainConfig) -> Fit {
        for w in &mut weights {
            *w = if w.abs() < config.prune { 0.0 } else { (*w * 1e4).round() / 1e4 };
        }
        let bias = bias.into_iter().map(|b| (b * 1e4).round() / 1e4).collect();
        let index: FxHashMap<String, u32> = vocabulary.iter().cloned().zip(0u32..).collect();
        Fit { vocabulary, index, features: config.features, weights, bias }
    }

    fn probabilities(&self, features: &PassageFeatures) -> Vec<f32> {
        let x = vectorize(&self.index, features, &self.features);
        let concepts = self.bias.len();
        let mut margins = self.bias.clone();
        for &(feature, value) in &x {
            let start = feature as usize * concepts;
            if let Some(row) = self.weights.get(start..start + concepts) {
                margins.iter_mut().zip(row).for_each(|(m, w)| *m += w * value);
            }
        }
        margins.into_iter().map(sigmoid).collect()
    }

    /// The model file: features without any weight are dropped and the rest renumbered.
    fn into_file(
        self,
        ids: &[String],
        thresholds: &[f32],
        taxonomy: &Taxonomy,
        segmenter: &ThaiSegmenter,
        config: &TrainConfig,
        report: TrainReport,
    ) -> ModelFile {
        let concepts = ids.len();
        let rows: Vec<&[f32]> = self.weights.chunks(concepts.max(1)).collect();
        let keep: Vec<usize> = (0..self.vocabulary.len())
            .filter(|&f| rows.get(f).is_some_and(|row| row.iter().any(|&w| w != 0.0)))
            .collect();
        let vocabulary: Vec<String> = keep.iter().filter_map(|&f| self.vocabulary.get(f).cloned()).collect();
        let concept_weights = ids
            .iter()
            .enumerate()
            .map(|(c, id)| ConceptWeights {
                id: id.clone(),
                bias: self.bias.get(c).copied().unwrap_or(0.0),
                threshold: thresholds.get(c).copied().unwrap_or(0.5),
                weights: keep
                    .iter()
                    .zip(0u32..)
                    .filter_map(|(&f, new)| rows.get(f).and_then(|row| row.get(c)).map(|&w| (new, w)))
                    .filter(|&(_, w)| w != 0.0)
                    .collect(),
            })
            .collect();
        ModelFile {
            format: MODEL_FORMAT.to_owned(),
            version: MODEL_VERSION,
            note: "Generated by `ruammue train --labeled corpus/labeled`; do not edit.".to_owned(),
            dictionary_fingerprint: hex(segmenter.dictionary().fingerprint()),
            taxonomy_fingerprint: hex(taxonomy_fingerprint(taxonomy)),
            feature_fingerprint: hex(self.features.fingerprint()),
            features: self.features,
            training: *config,
            report,
            concepts: concept_weights,
            vocabulary,
        }
    }
}

/// True for lexicon and cue features (`lexicon:…`, `cue:…`, `not:…`).
fn is_lexical(key: &str) -> bool {
    key.split_once(':').is_some_and(|(prefix, _)| matches!(prefix, "lexicon" | "cue" | "not"))
}

/// The concept a lexicon or cue feature belongs to (`lexicon:ID:…`, `cue:ID:…`, `not:ID:…`).
fn owner(key: &str, ids: &[String]) -> Option<usize> {
    let (prefix, rest) = key.split_once(':')?;
    if !matches!(prefix, "lexicon" | "cue" | "not") {
        return None;
    }
    let (id, _) = rest.split_once(':')?;
    ids.iter().position(|known| known == id)
}

/// Text features in at least `min_df` examples, sorted, then the lexicon features in order.
fn build_vocabulary(examples: &[Example], config: &FeatureConfig) -> Vec<String> {
    let mut df: HashMap<&str, u32> = HashMap::new();
    for example in examples {
        for gram in &example.features.grams {
            *df.entry(gram.key.as_str()).or_insert(0) += 1;
        }
    }
    let mut vocabulary: Vec<String> =
        df.into_iter().filter(|&(_, n)| n >= config.min_df).map(|(k, _)| k.to_owned()).collect();
    vocabulary.sort_unstable();
    if let Some(first) = examples.first() {
        vocabulary.extend(first.features.lexicon.iter().map(|(k, _)| k.clone()));
    }
    vocabulary
}

/// Full-batch Adam on the L2-regularised mean logistic loss of every concept at once, each
/// example's loss multiplied by its `scale`; `strengths` holds the L2 strength of every
/// (feature, concept) weight ([`penalties`]); a feature with an owner (one entry per feature)
/// only gets a weight for that concept. Returns `(weights features × concepts, biases)`.
fn fit_logistic(
    x: &[SparseVec],
    y: &[&[bool]],
    scale: &[f32],
    owners: &[Option<usize>],
    strengths: &[f32],
    concepts: usize,
    config: &TrainConfig,
) -> (Vec<f32>, Vec<f32>) {
    let features = owners.len();
    let sample_weights = sample_weights(y, concepts, config.balance);
    let n = x.len().max(1) as f32;
    let mut w = vec![0.0f32; features * concepts];
    let mut b = vec![0.0f32; concepts];
    let mut adam_w = Adam::new(w.len());
    let mut adam_b = Adam::new(concepts);
    let mut grad_w = vec![0.0f32; w.len()];
    let mut grad_b = vec![0.0f32; concepts];
    let mut margins = vec![0.0f32; concepts];
    for _ in 0..config.epochs {
        for ((g, wr), strength) in
            grad_w.chunks_mut(concepts.max(1)).zip(w.chunks(concepts.max(1))).zip(strengths.chunks(concepts.max(1)))
        {
            g.iter_mut().zip(wr).zip(strength).for_each(|((g, &wi), &s)| *g = s * wi);
        }
        grad_b.iter_mut().for_each(|g| *g = 0.0);
        for (((xi, yi), si), &scale) in x.iter().zip(y).zip(&sample_weights).zip(scale) {
            margins.copy_from_slice(&b);
            for &(f, v) in xi {
                let row = f as usize * concepts;
                if let Some(wr) = w.get(row..row + concepts) {
                    margins.iter_mut().zip(wr).for_each(|(m, &wv)| *m += wv * v);
                }
            }
            for c in 0..concepts {
                let target = if yi.get(c).copied().unwrap_or(false) { 1.0 } else { 0.0 };
                let weight = scale * si.get(c).copied().unwrap_or(1.0);
                if let (Some(m), Some(gb)) = (margins.get_mut(c), grad_b.get_mut(c)) {
                    *m = weight * (sigmoid(*m) - target) / n;
                    *gb += *m;
                }
            }
            for &(f, v) in xi {
                let row = f as usize * concepts;
                if let Some(gr) = grad_w.get_mut(row..row + concepts) {
                    gr.iter_mut().zip(&margins).for_each(|(g, &d)| *g += d * v);
                }
            }
        }
        mask_owned(&mut grad_w, owners, concepts);
        adam_w.step(&mut w, &grad_w, config.learning_rate);
        adam_b.step(&mut b, &grad_b, config.learning_rate);
    }
    (w, b)
}

/// The L2 strength of every (feature, concept) weight, row-major by feature: `lexicon_l2` for
/// lexicon and cue features, `l2` for word features; with `nb_prior` (a smoothing count), a word
/// feature's strength is divided by the square of its log-count ratio for the concept (NBSVM,
/// Wang & Manning 2012, as a prior), clamped to 0.01..100: words that tell a concept's positives
/// from its negatives may weigh more, words that do not are held near 0.
fn penalties(x: &[SparseVec], y: &[&[bool]], lexical: &[bool], concepts: usize, config: &TrainConfig) -> Vec<f32> {
    let strength = |&lexical: &bool| if lexical { config.lexicon_l2 } else { config.l2 };
    let mut out: Vec<f32> = lexical.iter().flat_map(|l| std::iter::repeat_n(strength(l), concepts)).collect();
    let Some(alpha) = config.nb_prior.filter(|&a| a > 0.0) else { return out };
    // Passages with each feature, among each concept's positives and negatives.
    let (mut positives, mut negatives) = (vec![0.0f32; out.len()], vec![0.0f32; out.len()]);
    for (xi, yi) in x.iter().zip(y) {
        for &(f, _) in xi.iter().filter(|&&(_, v)| v > 0.0) {
            for c in 0..concepts {
                let counts = if yi.get(c).copied().unwrap_or(false) { &mut positives } else { &mut negatives };
                if let Some(n) = counts.get_mut(f as usize * concepts + c) {
                    *n += 1.0;
                }
            }
        }
    }
    let column_total =
        |counts: &[f32], c: usize| counts.iter().skip(c).step_by(concepts.max(1)).map(|n| n + alpha).sum::<f32>();
    for c in 0..concepts {
        let (p_total, n_total) = (column_total(&positives, c), column_total(&negatives, c));
        for (f, _) in lexical.iter().enumerate().filter(|(_, &l)| !l) {
            let slot = f * concepts + c;
            let p = positives.get(slot).copied().unwrap_or(0.0) + alpha;
            let n = negatives.get(slot).copied().unwrap_or(0.0) + alpha;
            let ratio = (p / p_total).ln() - (n / n_total).ln();
            if let Some(s) = out.get_mut(slot) {
                *s /= (ratio * ratio).clamp(0.01, 100.0);
            }
        }
    }
    out
}

/// Zeroes the gradient of owned features for the concepts that do not own them.
fn mask_owned(grad: &mut [f32], owners: &[Option<usize>], concepts: usize) {
    for (row, owner) in grad.chunks_mut(concepts.max(1)).zip(owners) {
        if let Some(owner) = owner {
            row.iter_mut().enumerate().filter(|(c, _)| c != owner).for_each(|(_, g)| *g = 0.0);
        }
    }
}

/// Per example and concept, the weight of its loss: 1, or with `balance` n / (2 · class size).
fn sample_weights(y: &[&[bool]], concepts: usize, balance: bool) -> Vec<Vec<f32>> {
    let n = y.len() as f32;
    let positives: Vec<f32> =
        (0..concepts).map(|c| y.iter().filter(|yi| yi.get(c).copied().unwrap_or(false)).count() as f32).collect();
    y.iter()
        .map(|yi| {
            (0..concepts)
                .map(|c| {
                    let pos = positives.get(c).copied().unwrap_or(0.0);
                    let is_pos = yi.get(c).copied().unwrap_or(false);
                    let class = if is_pos { pos } else { n - pos };
                    if balance && pos > 0.0 && pos < n && class > 0.0 {
                        n / (2.0 * class)
                    } else {
                        1.0
                    }
                })
                .collect()
        })
        .collect()
}

/// Adam's moment estimates for one parameter vector.
struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
}

impl Adam {
    const BETA1: f32 = 0.9;
    const BETA2: f32 = 0.999;
    const EPSILON: f32 = 1e-8;

    fn new(len: usize) -> Self {
        Adam { m: vec![0.0; len], v: vec![0.0; len], t: 0 }
    }

    fn step(&mut self, params: &mut [f32], grad: &[f32], rate: f32) {
        self.t += 1;
        let correct1 = 1.0 - Self::BETA1.powi(self.t);
        let correct2 = 1.0 - Self::BETA2.powi(self.t);
        for (((p, &g), m), v) in params.iter_mut().zip(grad).zip(&mut self.m).zip(&mut self.v) {
            *m = Self::BETA1 * *m + (1.0 - Self::BETA1) * g;
            *v = Self::BETA2 * *v + (1.0 - Self::BETA2) * g * g;
            *p -= rate * (*m / correct1) / ((*v / correct2).sqrt() + Self::EPSILON);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::labeled::{read_labeled, read_training_folder};

    fn train_subset(n: usize) -> (ConceptModel, TrainReport) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled/train.jsonl");
        let passages = read_labeled(path).unwrap_or_default();
        let subset: Vec<LabeledPassage> = passages.into_iter().take(n).collect();
        let config = TrainConfig { epochs: 30, folds: 3, repeats: 1, ..TrainConfig::default() };
        let trained = train(&subset, Taxonomy::embedded(), &ThaiSegmenter::new(), &config);
        trained.unwrap_or_else(|e| panic!("training failed: {e}"))
    }

    /// Word 0 occurs in every positive and no negative of concept 0; word 1 everywhere: the
    /// first may weigh more than the L2 strength allows, the second less; lexicon features keep
    /// their strength.
    #[test]
    fn naive_bayes_prior_frees_telling_words_and_holds_back_the_others() {
        let x: Vec<SparseVec> = (0..20)
            .map(|i| if i < 5 { vec![(0, 1.0), (1, 1.0), (2, 1.0)] } else { vec![(1, 1.0), (2, 1.0)] })
            .collect();
        let labels: Vec<Vec<bool>> = (0..20).map(|i| vec![i < 5]).collect();
        let y: Vec<&[bool]> = labels.iter().map(Vec::as_slice).collect();
        let config = TrainConfig { l2: 1e-3, lexicon_l2: 1e-2, nb_prior: Some(1.0), ..TrainConfig::default() };
        let strengths = penalties(&x, &y, &[false, false, true], 1, &config);
        assert!(strengths[0] < 1e-3 && strengths[1] > 1e-3, "{strengths:?}");
        assert_eq!(strengths[2], 1e-2);
        let plain = penalties(&x, &y, &[false, false, true], 1, &TrainConfig { nb_prior: None, ..config });
        assert_eq!(plain, vec![1e-3, 1e-3, 1e-2]);
    }

    #[test]
    fn training_is_deterministic() {
        let (a, report_a) = train_subset(60);
        let (b, report_b) = train_subset(60);
        assert!(a == b, "two trainings on the same data differ");
        assert_eq!(report_a, report_b);
        assert!(a.vocabulary_len() > 14 * 4);
    }

    #[test]
    fn the_model_round_trips_through_json() {
        let (model, _) = train_subset(40);
        let json = model.to_json().unwrap_or_default();
        let back = ConceptModel::from_json_str(&json, "m.json").unwrap_or_else(|e| panic!("{e}"));
        // f32 values come back exactly; the report's f64 figures may differ in the last bit
        // (serde_json's fast float parsing).
        assert_eq!(back.file.concepts, model.file.concepts);
        assert_eq!(back.file.vocabulary, model.file.vocabulary);
        assert_eq!(back.file.training, model.file.training);
        assert!((back.report().cv_macro_f1 - model.report().cv_macro_f1).abs() < 1e-12);
        assert!(back.check_compatible(Taxonomy::embedded(), &ThaiSegmenter::new()).is_ok());
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let err =
            |text: &str| ConceptModel::from_json_str(text, "m.json").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("{").starts_with("m.json: not a usable concept model"));
        assert!(err("{\"format\":\"x\"}").contains("`format`"));
        let message = err(&format!("{{\"format\":\"{MODEL_FORMAT}\",\"version\":99}}"));
        assert!(message.contains("version 99") && message.contains("ruammue train"), "{message}");
    }

    #[test]
    fn the_shipped_model_fits_the_current_dictionary_and_taxonomy() {
        let model = ConceptModel::embedded().unwrap_or_else(|e| panic!("{e}"));
        if let Err(e) = model.check_compatible(Taxonomy::embedded(), &ThaiSegmenter::new()) {
            panic!(
                "{e}\nThe shipped model no longer matches: retrain it with\n  cargo run --release -- train --labeled corpus/labeled"
            );
        }
    }

    /// The shipped model is what `ruammue train --labeled corpus/labeled` produces today (weights
    /// compared to within rounding, so that a last-bit difference of `exp` cannot fail it).
    #[test]
    fn the_shipped_model_is_reproduced_by_training() {
        let shipped = ConceptModel::embedded().unwrap_or_else(|e| panic!("{e}"));
        let labeled = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled");
        let passages = read_training_folder(labeled, Taxonomy::embedded()).unwrap_or_else(|e| panic!("{e}"));
        let config = TrainConfig::default();
        let trained = train(&passages, Taxonomy::embedded(), &ThaiSegmenter::new(), &config);
        let (trained, _) = trained.unwrap_or_else(|e| panic!("training failed: {e}"));
        let retrain = "retrain with `cargo run --release -- train --labeled corpus/labeled`";
        assert_eq!(shipped.file.training, trained.file.training, "training settings changed: {retrain}");
        assert_eq!(shipped.thresholds(), trained.thresholds(), "{retrain}");
        let mut worst = 0.0f32;
        for key in shipped.file.vocabulary.iter().chain(&trained.file.vocabulary) {
            for c in 0..shipped.file.concepts.len() {
                let a = shipped.weight(key, c).unwrap_or(0.0);
                let b = trained.weight(key, c).unwrap_or(0.0);
                worst = worst.max((a - b).abs());
            }
        }
        assert!(worst <= 2e-3, "weights differ by up to {worst}: {retrain}");
    }

    #[test]
    fn a_changed_taxonomy_or_dictionary_is_detected() {
        let (model, _) = train_subset(40);
        let toml = "[[concept]]\nid = \"trust\"\nth = \"ก\"\nen = \"T\"\ndefinition = \"d\"\ncues = [\"ไว้วางใจ\"]\n";
        let other = Taxonomy::from_toml_str(toml, "t.toml").unwrap_or_else(|e| panic!("{e}"));
        let err = model.check_compatible(&other, &ThaiSegmenter::new()).err().map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("model trained with another taxonomy: train one for it"));
        let mut builder = crate::segment::DictionaryBuilder::new();
        if builder.add_list("ก\n", Path::new("x")).is_err() {
            panic!("dictionary list");
        }
        let Ok(dictionary) = builder.build() else { panic!("dictionary") };
        let segmenter = ThaiSegmenter::with_dictionary(std::sync::Arc::new(dictionary));
        let err = model.check_compatible(Taxonomy::embedded(), &segmenter).err().map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("another dictionary"));
    }

    #[test]
    fn splitmix_is_seeded() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        assert_eq!((0..5).map(|_| a.next_u64()).collect::<Vec<_>>(), (0..5).map(|_| b.next_u64()).collect::<Vec<_>>());
        let mut items: Vec<u32> = (0..20).collect();
        SplitMix64::new(1).shuffle(&mut items);
        let mut sorted = items.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
        assert_ne!(items, sorted);
    }

    /// Passages the project wrote are in every training fold and no test fold, and count in no
    /// threshold or figure; the real ones are spread over the folds.
    #[test]
    fn project_written_passages_are_trained_on_and_never_scored() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled/train.jsonl");
        let mut passages: Vec<LabeledPassage> = read_labeled(path).unwrap_or_default().into_iter().take(40).collect();
        for passage in passages.iter_mut().take(10) {
            passage.extra.insert("source".into(), "project-written/academic".into());
        }
        let examples = examples(&passages, Taxonomy::embedded(), &ThaiSegmenter::new(), &FeatureConfig::default());
        assert_eq!(examples.iter().filter(|e| !e.scored).count(), 10);
        for fold_of in document_folds(&examples, 3, 2, &mut SplitMix64::new(3)) {
            for (example, fold) in examples.iter().zip(&fold_of) {
                assert_eq!(example.scored, *fold < 3, "{} in fold {fold}", example.group);
            }
        }
        let ids: Vec<String> = Taxonomy::embedded().ids().map(str::to_owned).collect();
        let oof: Vec<Vec<f32>> = vec![vec![0.9; ids.len()]; examples.len()];
        let report = cv_report(&examples, &oof, &ids, false);
        let support = |from: &[Example], c: usize| from.iter().filter(|e| e.labels[c]).count();
        for (c, concept) in report.concepts.iter().enumerate() {
            assert_eq!(concept.support, support(&examples[10..], c), "{}", concept.id);
        }
        assert_eq!((report.passages, report.project_written), (40, 10));
    }

    #[test]
    fn thresholds_maximise_f1() {
        let pairs = [(0.9, true), (0.8, true), (0.6, false), (0.3, true), (0.1, false)];
        let t = best_threshold(&pairs);
        assert!((0.1..=0.3).contains(&t), "{t}");
        assert_eq!(best_threshold(&[(0.4, false)]), 0.5);
    }

    #[test]
    fn logistic_regression_separates_a_toy_problem() {
        let x: Vec<SparseVec> = vec![vec![(0, 1.0)], vec![(0, 1.0)], vec![(1, 1.0)], vec![(1, 1.0)]];
        let y = [[true], [true], [false], [false]];
        let y: Vec<&[bool]> = y.iter().map(|r| r.as_slice()).collect();
        let config = TrainConfig { epochs: 200, l2: 1e-4, ..TrainConfig::default() };
        let (w, b) = fit_logistic(&x, &y, &[1.0; 4], &[None, None], &[1e-4, 1e-4], 1, &config);
        let p = |f: usize| sigmoid(w[f] + b[0]);
        assert!(p(0) > 0.9 && p(1) < 0.1, "{w:?} {b:?}");
    }
}
