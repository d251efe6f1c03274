//! `ruammue eval tag`: concept tagging against labelled passages, for the combined tagger and
//! the lexicon alone in one run; optionally on PDF-damaged text (`--damage SEED`).

use std::io::Write;
use std::path::PathBuf;

use ruammue::classify::labeled::{check_labels, read_labeled, LabeledPassage};
use ruammue::classify::tagger::normalize_passage;
use ruammue::classify::ConceptTagger;
use ruammue::eval::damage::damage;
use ruammue::eval::tag::{bootstrap_macro_f1, paired_scores, MacroF1Intervals, PairedPassage, TagScores};
use serde_json::{json, Map, Value};

use super::tag::TaggerArgs;
use super::{Format, Outcome};

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Gold file: labelled-passage JSON Lines.
    #[arg(long, value_name = "FILE.jsonl")]
    gold: PathBuf,
    #[command(flatten)]
    tagger: TaggerArgs,
    /// Damage every passage as PDF extraction does (seeded), then normalize and tag; the clean
    /// figures and the loss are printed too.
    #[arg(long, value_name = "SEED")]
    damage: Option<u64>,
    /// Resamples for the 95% bootstrap intervals of macro-F1 and of the tagger's gain over the
    /// lexicon (0: none).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    bootstrap: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Seed of the bootstrap resampling: the intervals are the same on every run.
const BOOTSTRAP_SEED: u64 = 2008;

/// The figures of one run over the gold file.
struct Run {
    combined: TagScores,
    lexicon: TagScores,
    /// Every passage's gold labels and both taggers' concepts, for the bootstrap.
    passages: Vec<PairedPassage>,
}

pub fn run(args: &TagArgs) -> anyhow::Result<Outcome> {
    let taxonomy = args.tagger.taxonomy()?;
    let gold = read_labeled(&args.gold)?;
    if gold.is_empty() {
        anyhow::bail!("{}: no labelled passages to score", args.gold.display());
    }
    check_labels(&gold, &taxonomy, &args.gold)?;
    let tagger = args.tagger.tagger(&taxonomy)?;
    let lexicon = ConceptTagger::lexicon_only(&taxonomy);
    let clean = score(&gold, &tagger, &lexicon, None);
    let damaged = args.damage.map(|seed| score(&gold, &tagger, &lexicon, Some(seed)));
    let main = damaged.as_ref().unwrap_or(&clean);
    let intervals = bootstrap_macro_f1(tagger.concept_ids(), &main.passages, args.bootstrap, BOOTSTRAP_SEED);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let record = to_json(args, &clean, damaged.as_ref(), intervals.as_ref(), tagger.model().is_some());
            writeln!(out, "{record}")?;
        }
        Format::Text => {
            let compare = tagger.model().is_some();
            print_text(&mut out, args, &clean, damaged.as_ref(), intervals.as_ref(), compare)?
        }
    }
    Ok(Outcome::Success)
}

/// Tags every gold passage (damaged first with `seed`) with both taggers and counts.
fn score(gold: &[LabeledPassage], tagger: &ConceptTagger, lexicon: &ConceptTagger, seed: Option<u64>) -> Run {
    let mut passages = Vec::with_capacity(gold.len());
    for (i, passage) in gold.iter().enumerate() {
        let raw = match seed {
            Some(seed) => damage(&passage.text, seed.wrapping_add(i as u64)),
            None => passage.text.clone(),
        };
        let text = normalize_passage(&raw);
        let concepts = |t: &ConceptTagger| t.tag(&text).into_iter().map(|tag| tag.concept).collect::<Vec<_>>();
        passages.push(PairedPassage {
            gold: passage.labels.clone(),
            tagger: concepts(tagger),
            baseline: concepts(lexicon),
        });
    }
    let (combined, lexicon) = paired_scores(tagger.concept_ids(), &passages);
    Run { combined, lexicon, passages }
}

fn per_concept(scores: &TagScores) -> Value {
    let map: Map<String, Value> = scores
        .per_concept
        .iter()
        .map(|c| {
            let value = json!({"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support, "predicted": c.predicted});
            (c.concept.clone(), value)
        })
        .collect();
    Value::Object(map)
}

fn to_json(
    args: &TagArgs,
    clean: &Run,
    damaged: Option<&Run>,
    intervals: Option<&MacroF1Intervals>,
    model: bool,
) -> Value {
    let main = damaged.unwrap_or(clean);
    let mut record = json!({
        "gold": args.gold.display().to_string(),
        "passages": main.combined.passages,
        "model": model,
        "micro_precision": main.combined.micro.precision,
        "micro_recall": main.combined.micro.recall,
        "micro_f1": main.combined.micro.f1,
        "macro_f1": main.combined.macro_f1,
        "false_tag_rate": main.combined.false_tag_rate,
        "per_concept": per_concept(&main.combined),
        "lexicon_micro_f1": main.lexicon.micro.f1,
        "lexicon_macro_f1": main.lexicon.macro_f1,
        "lexicon_false_tag_rate": main.lexicon.false_tag_rate,
        "lexicon_per_concept": per_concept(&main.lexicon),
    });
    if let (Some(seed), Some(object)) = (args.damage, record.as_object_mut()) {
        object.insert("damage_seed".into(), json!(seed));
        object.insert("clean_macro_f1".into(), json!(clean.combined.macro_f1));
        object.insert("clean_micro_f1".into(), json!(clean.combined.micro.f1));
        object.insert("damage_loss".into(), json!(clean.combined.macro_f1 - main.combined.macro_f1));
        object.insert("lexicon_clean_macro_f1".into(), json!(clean.lexicon.macro_f1));
        object.insert("lexicon_damage_loss".into(), json!(clean.lexicon.macro_f1 - main.lexicon.macro_f1));
    }
    if let (Some(intervals), Some(object)) = (intervals, record.as_object_mut()) {
        let pair = |i: ruammue::eval::tag::Interval| json!([i.low, i.high]);
        object.insert("bootstrap_resamples".into(), json!(intervals.resamples));
        object.insert("macro_f1_interval".into(), pair(intervals.tagger));
        object.insert("lexicon_macro_f1_interval".into(), pair(intervals.baseline));
        object.insert("macro_f1_gain".into(), json!(main.combined.macro_f1 - main.lexicon.macro_f1));
        object.insert("macro_f1_gain_interval".into(), pair(intervals.gain));
    }
    record
}

/// Width of the concept column.
const CONCEPT_WIDTH: usize = 22;

/// A precision, recall or F1, or `—` when it is undefined (nothing to score).
fn figure(value: f64, defined: bool) -> String {
    if defined {
        format!("{value:.3}")
    } else {
        "—".to_owned()
    }
}

/// One per-concept row's three figures: precision (undefined without a prediction), recall
/// (undefined without support), F1 (undefined without either).
fn figures(c: &ruammue::eval::tag::ConceptScores) -> String {
    format!(
        "{:>9} {:>6} {:>5}",
        figure(c.precision, c.predicted > 0),
        figure(c.recall, c.support > 0),
        figure(c.f1, c.predicted > 0 || c.support > 0)
    )
}

/// A summary row: `label`, then `tagger` ending where the tagger's F1 column ends and, when
/// comparing, `lexicon` ending where the lexicon's does.
fn summary_row(label: &str, tagger: &str, lexicon: Option<&str>) -> String {
    /// Characters from the start of a row to the end of the tagger's F1 column, and from there to
    /// the end of the lexicon's.
    const TAGGER_END: usize = CONCEPT_WIDTH + 1 + 7 + 3 + 9 + 1 + 6 + 1 + 5;
    const LEXICON_SPAN: usize = 4 + 9 + 1 + 6 + 1 + 5;
    let width = TAGGER_END.saturating_sub(label.chars().count());
    let first = format!("{label}{tagger:>width$}");
    match lexicon {
        Some(lexicon) => format!("{first}{lexicon:>LEXICON_SPAN$}"),
        None => first,
    }
}

/// The text report; `compare` prints the lexicon's columns and the gain (not when the tagger is
/// the lexicon itself, `--lexicon-only`).
fn print_text(
    out: &mut impl Write,
    args: &TagArgs,
    clean: &Run,
    damaged: Option<&Run>,
    intervals: Option<&MacroF1Intervals>,
    compare: bool,
) -> anyhow::Result<()> {
    let main = damaged.unwrap_or(clean);
    let what = args.damage.map(|s| format!(", damaged with seed {s}")).unwrap_or_default();
    writeln!(out, "gold        {} ({} passages{what})", args.gold.display(), main.combined.passages)?;
    let lead = format!("{:<w$} {:>7}   ", "", "", w = CONCEPT_WIDTH);
    let tagger_title = if compare { "tagger" } else { "cue words (--lexicon-only)" };
    let columns = format!("{:>9} {:>6} {:>5}", "precision", "recall", "f1");
    if compare {
        writeln!(out, "{lead}{tagger_title:<26}    lexicon alone")?;
        writeln!(out, "{:<w$} {:>7}   {columns}    {columns}", "concept", "support", w = CONCEPT_WIDTH)?;
    } else {
        writeln!(out, "{lead}{tagger_title}")?;
        writeln!(out, "{:<w$} {:>7}   {columns}", "concept", "support", w = CONCEPT_WIDTH)?;
    }
    for (c, l) in main.combined.per_concept.iter().zip(&main.lexicon.per_concept) {
        let row = format!("{:<w$} {:>7}   {}", c.concept, c.support, figures(c), w = CONCEPT_WIDTH);
        match compare {
            true => writeln!(out, "{row}    {}", figures(l))?,
            false => writeln!(out, "{row}")?,
        }
    }
    let (t, l) = (&main.combined, &main.lexicon);
    let both = |a: String, b: String| (a, compare.then_some(b));
    // Without a gold label (a file of negatives) there is nothing to find: F1 is undefined.
    let labelled = t.per_concept.iter().any(|c| c.support > 0);
    let f1 = |value: f64| figure(value, labelled);
    let (a, b) = both(f1(t.micro.f1), f1(l.micro.f1));
    writeln!(out, "{}", summary_row("micro f1", &a, b.as_deref()))?;
    let (a, b) = both(f1(t.macro_f1), f1(l.macro_f1));
    writeln!(out, "{}", summary_row("macro f1", &a, b.as_deref()))?;
    if let Some(i) = intervals.filter(|_| labelled) {
        let (x, y) = (i.tagger, i.baseline);
        let (a, b) = both(format!("{:.3}–{:.3}", x.low, x.high), format!("{:.3}–{:.3}", y.low, y.high));
        writeln!(out, "{}", summary_row("  95% interval", &a, b.as_deref()))?;
        if compare {
            let gain = t.macro_f1 - l.macro_f1;
            let (low, high) = (i.gain.low, i.gain.high);
            writeln!(out, "macro f1 gain over the lexicon     {gain:+.3} (95% interval {low:+.3} to {high:+.3}, paired bootstrap of {} resamples)", i.resamples)?;
        }
    }
    if let (Some(t), Some(l)) = (t.false_tag_rate, l.false_tag_rate) {
        let (a, b) = both(format!("{t:.3}"), format!("{l:.3}"));
        writeln!(out, "{}", summary_row("false-tag rate", &a, b.as_deref()))?;
    }
    if damaged.is_some() {
        let loss = clean.combined.macro_f1 - main.combined.macro_f1;
        writeln!(out, "clean macro f1                     {:.3} (loss {loss:.3})", clean.combined.macro_f1)?;
    }
    Ok(())
}
