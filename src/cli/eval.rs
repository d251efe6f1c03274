//! `ruammue eval`: quality figures against gold data.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use ruammue::eval::segment::{raw_text, SegmentCounts};
use serde_json::json;

use super::{Format, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Word segmentation against `|`-separated gold (BEST-2010 / Wisesight convention).
    Segment(SegmentArgs),
    /// Concept tagging against labelled passages: the tagger and the lexicon alone.
    Tag(super::eval_tag::TagArgs),
    /// Retrieval against docs.jsonl and queries.jsonl: MRR@10, Recall@1, Recall@10, nDCG@10.
    Search(super::search::EvalArgs),
}

#[derive(Debug, clap::Args)]
pub struct SegmentArgs {
    /// Gold file: one line of text a line, tokens separated by `|`.
    #[arg(long)]
    gold: PathBuf,
    /// Extra dictionary file; repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Override the per-word penalty of the path score (for experiments).
    #[arg(long, hide = true)]
    word_penalty: Option<f32>,
    /// Override the cost of an unknown cluster (for experiments).
    #[arg(long, hide = true)]
    unknown_cost: Option<f32>,
}

pub fn run(command: &Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Segment(args) => segment(args),
        Command::Tag(args) => super::eval_tag::run(args),
        Command::Search(args) => super::search::eval(args),
    }
}

fn segment(args: &SegmentArgs) -> anyhow::Result<Outcome> {
    let bytes = std::fs::read(&args.gold).with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold = ruammue::corpus::decode::decode(&bytes)
        .map(|decoded| decoded.text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    let mut scoring = ruammue::segment::Scoring::default();
    scoring.word_penalty = args.word_penalty.unwrap_or(scoring.word_penalty);
    scoring.unknown_cost = args.unknown_cost.unwrap_or(scoring.unknown_cost);
    let segmenter = super::segment::segmenter(&args.dicts)?.with_scoring(scoring);
    let mut counts = SegmentCounts::default();
    let mut predicted = String::new();
    for line in gold.lines() {
        let raw = raw_text(line);
        predicted.clear();
        for (i, token) in segmenter.segment(&raw).iter().enumerate() {
            if i > 0 {
                predicted.push('|');
            }
            predicted.push_str(token.text);
        }
        counts.add_line(line, &predicted);
    }
    if counts.lines == 0 {
        anyhow::bail!("{}: no gold lines to score", args.gold.display());
    }
    let scores = counts.scores();
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let record = json!({
                "gold": args.gold.display().to_string(),
                "lines": scores.counts.lines,
                "word_precision": scores.word.precision,
                "word_recall": scores.word.recall,
                "word_f1": scores.word.f1,
                "char_precision": scores.char.precision,
                "char_recall": scores.char.recall,
                "char_f1": scores.char.f1,
                "counts": scores.counts,
            });
            writeln!(out, "{record}")?;
        }
        Format::Text => {
            writeln!(out, "gold        {} ({} lines scored)", args.gold.display(), scores.counts.lines)?;
            writeln!(out, "level       precision  recall  f1")?;
            for (name, prf) in [("word", scores.word), ("character", scores.char)] {
                writeln!(out, "{name:<11} {:>9.4}  {:>6.4}  {:.4}", prf.precision, prf.recall, prf.f1)?;
            }
        }
    }
    Ok(Outcome::Success)
}
