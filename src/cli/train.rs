//! `ruammue train`: retrain the concept model from labelled passages (never from held-out ones).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use ruammue::classify::labeled::{check_labels, read_labeled, read_training_folder, TRAIN_FILE};
use ruammue::classify::model::{train, EMBEDDED_MODEL_PATH};
use ruammue::classify::{TrainConfig, TrainReport};
use ruammue::segment::ThaiSegmenter;
use serde_json::json;

use super::{Format, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of labelled passages: trains on its train.jsonl and, when present, its
    /// written.jsonl (passages the project wrote; trained on, never scored). Or a .jsonl file.
    #[arg(long, value_name = "DIR")]
    labeled: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "MODEL", default_value = EMBEDDED_MODEL_PATH)]
    out: PathBuf,
    /// Concept taxonomy (default: the embedded dictionaries/concepts.toml).
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Cross-validate and report, but write no model (for experiments).
    #[arg(long)]
    dry_run: bool,
    /// Write the out-of-fold probabilities of every training passage as JSON Lines (for error
    /// analysis).
    #[arg(long, hide = true, value_name = "FILE")]
    dump_oof: Option<PathBuf>,
    /// Also run a nested cross-validation of the whole procedure, thresholds included: the
    /// unbiased figure to compare training settings by (five times slower).
    #[arg(long)]
    nested: bool,
    #[command(flatten)]
    knobs: Knobs,
}

/// Training settings, for experiments (the defaults are the ones chosen by cross-validation).
#[derive(Debug, clap::Args)]
struct Knobs {
    #[arg(long, hide = true)]
    l2: Option<f32>,
    #[arg(long, hide = true)]
    epochs: Option<usize>,
    #[arg(long, hide = true)]
    learning_rate: Option<f32>,
    #[arg(long, hide = true)]
    no_balance: bool,
    #[arg(long, hide = true)]
    no_unigrams: bool,
    #[arg(long, hide = true)]
    no_bigrams: bool,
    #[arg(long, hide = true)]
    sub_words: bool,
    #[arg(long, hide = true)]
    no_lexicon: bool,
    #[arg(long, hide = true)]
    no_unit_length: bool,
    #[arg(long, hide = true)]
    min_df: Option<u32>,
    #[arg(long, hide = true)]
    folds: Option<usize>,
    #[arg(long, hide = true)]
    repeats: Option<usize>,
    #[arg(long, hide = true)]
    seed: Option<u64>,
    #[arg(long, hide = true)]
    prune: Option<f32>,
    #[arg(long, hide = true)]
    no_cues: bool,
    #[arg(long, hide = true)]
    nb_prior: Option<f32>,
    #[arg(long, hide = true)]
    shared_lexicon: bool,
    #[arg(long, hide = true)]
    lexicon_l2: Option<f32>,
    #[arg(long, hide = true)]
    average_folds: bool,
    #[arg(long, hide = true)]
    written_weight: Option<f32>,
    #[arg(long, hide = true)]
    refit: bool,
    #[arg(long, hide = true)]
    tune_thresholds: bool,
    #[arg(long, hide = true, conflicts_with = "tune_thresholds")]
    fixed_thresholds: bool,
}

impl Knobs {
    fn config(&self) -> TrainConfig {
        let mut c = TrainConfig::default();
        c.l2 = self.l2.unwrap_or(c.l2);
        c.epochs = self.epochs.unwrap_or(c.epochs);
        c.learning_rate = self.learning_rate.unwrap_or(c.learning_rate);
        c.balance &= !self.no_balance;
        c.features.unigrams &= !self.no_unigrams;
        c.features.bigrams &= !self.no_bigrams;
        c.features.sub_words |= self.sub_words;
        c.features.lexicon &= !self.no_lexicon;
        c.features.unit_length &= !self.no_unit_length;
        c.features.min_df = self.min_df.unwrap_or(c.features.min_df);
        c.folds = self.folds.unwrap_or(c.folds);
        c.repeats = self.repeats.unwrap_or(c.repeats);
        c.seed = self.seed.unwrap_or(c.seed);
        c.prune = self.prune.unwrap_or(c.prune);
        c.features.cues &= !self.no_cues;
        c.nb_prior = self.nb_prior.or(c.nb_prior).filter(|alpha| *alpha > 0.0);
        c.own_lexicon &= !self.shared_lexicon;
        c.lexicon_l2 = self.lexicon_l2.or(self.l2).unwrap_or(c.lexicon_l2);
        c.average_folds = (c.average_folds || self.average_folds) && !self.refit;
        c.written_weight = self.written_weight.unwrap_or(c.written_weight);
        c.tune_thresholds = (c.tune_thresholds || self.tune_thresholds) && !self.fixed_thresholds;
        c
    }
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let file = training_file(&args.labeled)?;
    let taxonomy = match &args.taxonomy {
        Some(path) => ruammue::classify::Taxonomy::from_path(path)?,
        None => ruammue::classify::Taxonomy::embedded().clone(),
    };
    let passages = if args.labeled.is_dir() {
        read_training_folder(&args.labeled, &taxonomy)?
    } else {
        let passages = read_labeled(&file)?;
        check_labels(&passages, &taxonomy, &file)?;
        passages
    };
    check_concepts_labelled(&passages, &taxonomy, &args.labeled)?;
    if !args.dry_run {
        prepare_output(&args.out)?;
    }
    let config = args.knobs.config();
    let written = passages.iter().filter(|p| p.is_project_written()).count();
    eprintln!(
        "ruammue: training on {} passages of {} ({written} written by the project: trained on, never scored)",
        passages.len(),
        args.labeled.display()
    );
    let (model, report) = train(&passages, &taxonomy, &ThaiSegmenter::new(), &config)?;
    if let Some(path) = &args.dump_oof {
        dump_oof(path, &passages, &taxonomy, &config)?;
    }
    if args.nested {
        let examples =
            ruammue::classify::model::examples(&passages, &taxonomy, &ThaiSegmenter::new(), &config.features);
        let ids: Vec<String> = taxonomy.ids().map(str::to_owned).collect();
        let nested = ruammue::classify::model::nested_cv(&examples, &ids, &config);
        eprintln!(
            "nested cross-validation: macro_f1 {:.3}  micro_f1 {:.3}  false_tag_rate {:.3}  {:?}",
            nested.macro_f1,
            nested.micro_f1,
            nested.false_tag_rate,
            nested.f1.iter().map(|(id, f)| format!("{id} {f:.2}")).collect::<Vec<_>>()
        );
    }
    if !args.dry_run {
        model.write(&args.out)?;
        eprintln!("ruammue: wrote {} ({} features)", args.out.display(), model.vocabulary_len());
    }
    print_report(&report, args.format, &file)?;
    Ok(Outcome::Success)
}

/// Refuses labelled data that would train a model that tags nothing (no passage with a label), and
/// names the concepts no passage is labelled with, which the model will then never give.
fn check_concepts_labelled(
    passages: &[ruammue::classify::LabeledPassage],
    taxonomy: &ruammue::classify::Taxonomy,
    labeled: &Path,
) -> anyhow::Result<()> {
    let unlabelled: Vec<&str> =
        taxonomy.ids().filter(|id| !passages.iter().any(|p| p.labels.iter().any(|l| l == id))).collect();
    if unlabelled.len() == taxonomy.ids().count() {
        bail!(
            "{}: no passage is labelled with a concept, so the model would tag nothing; label some passages (corpus/labeled/GUIDELINE.md)",
            labeled.display()
        );
    }
    if !unlabelled.is_empty() {
        eprintln!(
            "ruammue: warning: no passage is labelled {}; the model will never give {}",
            unlabelled.join(", "),
            if unlabelled.len() == 1 { "it" } else { "them" }
        );
    }
    Ok(())
}

/// Creates the model file's folder and checks that the file can be written, before the
/// minutes of training rather than after them.
fn prepare_output(out: &Path) -> anyhow::Result<()> {
    if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    }
    if out.is_dir() {
        bail!("cannot write {}: it is a folder", out.display());
    }
    let existed = out.exists();
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    if !existed {
        // Leave nothing behind if training fails.
        std::fs::remove_file(out).with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(())
}

fn dump_oof(
    path: &Path,
    passages: &[ruammue::classify::LabeledPassage],
    taxonomy: &ruammue::classify::Taxonomy,
    config: &TrainConfig,
) -> anyhow::Result<()> {
    let examples = ruammue::classify::model::examples(passages, taxonomy, &ThaiSegmenter::new(), &config.features);
    let ids: Vec<String> = taxonomy.ids().map(str::to_owned).collect();
    let oof = ruammue::classify::model::out_of_fold(&examples, &ids, config);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (passage, probabilities) in passages.iter().zip(oof).filter(|(p, _)| !p.is_project_written()) {
        let record = json!({"id": passage.id(), "labels": passage.labels, "text": passage.text, "oof": ids.iter().cloned().zip(probabilities.into_iter().map(|p| json!(p))).collect::<serde_json::Map<_, _>>() });
        writeln!(out, "{record}")?;
    }
    Ok(())
}

/// The training file of `--labeled`: DIR/train.jsonl, or the file itself; never a held-out or
/// test file.
fn training_file(labeled: &Path) -> anyhow::Result<PathBuf> {
    let file = if labeled.is_dir() { labeled.join(TRAIN_FILE) } else { labeled.to_path_buf() };
    let name = file.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if ["held-out", "heldout", "held_out", "test"].iter().any(|w| name.contains(w)) {
        bail!("{}: refusing to train on a held-out or test file", file.display());
    }
    if !file.is_file() {
        bail!("{}: no such file (--labeled takes a folder with train.jsonl, or a .jsonl file)", file.display());
    }
    Ok(file)
}

fn print_report(report: &TrainReport, format: Format, file: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let record = json!({
                "labeled": file.display().to_string(),
                "passages": report.passages,
                "project_written": report.project_written,
                "cv_macro_f1": report.cv_macro_f1,
                "cv_micro_f1": report.cv_micro_f1,
                "concepts": report.concepts,
            });
            writeln!(out, "{record}")?;
        }
        Format::Text => {
            writeln!(out, "concept                 support  threshold  cv_precision  cv_recall  cv_f1")?;
            for c in &report.concepts {
                // Without a labelled passage the figures are undefined, not zero.
                let figure = |value: f64| if c.support > 0 { format!("{value:.3}") } else { "—".to_owned() };
                writeln!(
                    out,
                    "{:<23} {:>7}  {:>9.2}  {:>12}  {:>9}  {}",
                    c.id,
                    c.support,
                    c.threshold,
                    figure(c.precision),
                    figure(c.recall),
                    figure(c.f1)
                )?;
            }
            writeln!(
                out,
                "cross-validated on train: macro_f1 {:.3}  micro_f1 {:.3}  (optimistic: the thresholds were \
                 chosen on these folds; `--nested` measures the whole procedure)",
                report.cv_macro_f1, report.cv_micro_f1
            )?;
        }
    }
    Ok(())
}
