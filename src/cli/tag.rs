//! `ruammue tag`: concepts per passage, with scores and evidence, as text, JSON Lines or CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use ruammue::classify::labeled::parse_labeled_lenient;
use ruammue::classify::tagger::normalize_passage;
use ruammue::classify::{Assessment, ConceptModel, ConceptTag, ConceptTagger, EvidenceSource, Polarity, Taxonomy};
use ruammue::corpus::document::{CorpusError, Document};
use ruammue::corpus::walk::corpus_files;
use ruammue::corpus::{Format, PageSpan};
use ruammue::report::spreadsheet::text_cell;
use serde_json::json;

use super::input::Input;
use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to tag (a folder: its documents, as `index` reads them); standard input
    /// when none.
    files: Vec<PathBuf>,
    /// Read labelled-passage JSON Lines: each line's "text" is one passage (labels ignored; a bad
    /// line is reported and skipped).
    #[arg(long)]
    jsonl: bool,
    #[command(flatten)]
    tagger: TaggerArgs,
    /// Show only the passages given these concepts (with --near-misses, also those where one came
    /// near), and only these concepts; repeatable. An id (`trust`), or a Thai or English name
    /// (`ความไว้วางใจ`, `Trust`). Exits 1 when no passage is given one.
    #[arg(long = "concept", value_name = "CONCEPT")]
    concepts: Vec<String>,
    /// Also list the concepts that were not given but came near (score at least 0.3, where 0.5
    /// tags, or a cue of theirs in the passage), with their numbers and evidence; text and JSON
    /// output.
    #[arg(long)]
    near_misses: bool,
    #[arg(long, value_enum, default_value_t)]
    format: TableFormat,
}

/// The columns of `--format csv`: one row a tag; the pages are empty but for a PDF's passages.
const CSV_HEADER: [&str; 10] =
    ["passage", "first_line", "last_line", "concept", "score", "evidence", "file", "id", "page_start", "page_end"];

/// An untagged concept scoring at least this is a near miss (`--near-misses`).
const NEAR_MISS_SCORE: f32 = 0.3;

/// One tagged passage, as the writers print it.
struct Tagged<'a> {
    /// The input's name (`-` for standard input).
    file: &'a str,
    unit: &'a Unit,
    tags: &'a [ConceptTag],
    /// With `--near-misses`: the untagged concepts that came near, with their numbers and evidence.
    near: Option<&'a [ConceptTag]>,
    /// The concepts `--concept` asked for (empty: all).
    wanted: &'a [String],
}

/// How the tagger is built: taxonomy, model, or the lexicon alone.
#[derive(Debug, clap::Args)]
pub struct TaggerArgs {
    /// Concept taxonomy (default: the embedded dictionaries/concepts.toml).
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Concept model (default: the embedded dictionaries/concept_model.json).
    #[arg(long, value_name = "FILE", conflicts_with = "lexicon_only")]
    pub model: Option<PathBuf>,
    /// Use the taxonomy's cue words only, no model.
    #[arg(long)]
    pub lexicon_only: bool,
}

/// Output format of a command that prints a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum TableFormat {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON Lines: one object a line (a passage for tag, an occurrence for kwic).
    Json,
    /// CSV with a header row: one row a record (a tag for tag, an occurrence for kwic).
    Csv,
}

impl TaggerArgs {
    /// The taxonomy: the user's file, or the embedded one.
    pub fn taxonomy(&self) -> anyhow::Result<Taxonomy> {
        match &self.taxonomy {
            Some(path) => Ok(Taxonomy::from_path(path)?),
            None => Ok(Taxonomy::embedded().clone()),
        }
    }

    /// The tagger these arguments describe (a model that does not fit is an error).
    pub fn tagger(&self, taxonomy: &Taxonomy) -> anyhow::Result<ConceptTagger> {
        if self.lexicon_only {
            return Ok(ConceptTagger::lexicon_only(taxonomy));
        }
        let model = match &self.model {
            Some(path) => ConceptModel::from_path(path)?,
            None => ConceptModel::embedded()?.clone(),
        };
        Ok(ConceptTagger::try_new(taxonomy, Some(model))?)
    }
}

/// A passage to tag and where it came from.
struct Unit {
    /// The `id` of a JSON Lines passage, carried to the output so tags can be matched back.
    id: Option<String>,
    number: u32,
    first_line: u32,
    last_line: u32,
    /// The pages of a PDF passage.
    pages: Option<PageSpan>,
    text: String,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    if args.near_misses && args.format == TableFormat::Csv {
        bail!("--near-misses is shown in text and JSON output, not in CSV (one row a tag)");
    }
    let taxonomy = args.tagger.taxonomy()?;
    let wanted: Vec<String> =
        args.concepts.iter().map(|name| taxonomy.resolve(name).map(|c| c.id.clone())).collect::<Result<_, _>>()?;
    let tagger = args.tagger.tagger(&taxonomy)?;
    let (files, mut failed) = expand_folders(&args.files);
    let mut out = std::io::stdout().lock();
    let mut csv = (args.format == TableFormat::Csv).then(|| csv::Writer::from_writer(Vec::new()));
    if let Some(writer) = csv.as_mut() {
        writer.write_record(CSV_HEADER)?;
    }
    let near_from = if args.near_misses { NEAR_MISS_SCORE } else { f32::INFINITY };
    let (mut unreadable, mut given) = (0, 0);
    if !args.files.is_empty() && files.is_empty() {
        bail!(
            "no document to tag in {}",
            args.files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let paths: Vec<Option<&PathBuf>> = if files.is_empty() { vec![None] } else { files.iter().map(Some).collect() };
    for &path in &paths {
        let (units, reported) = match read_units(path, args.jsonl) {
            Ok((units, outcome)) => {
                failed |= outcome != Outcome::Success;
                (units, outcome != Outcome::Success)
            }
            Err(err) => {
                let skipped = if paths.len() > 1 { " (skipped)" } else { "" };
                eprintln!("ruammue: {}{skipped}", super::error_message(&err));
                failed = true;
                unreadable += 1;
                continue;
            }
        };
        let name = path.map_or_else(|| "-".to_owned(), |p| p.display().to_string());
        if units.is_empty() && !reported {
            eprintln!("ruammue: {name}: no passage to tag (only white space or front matter)");
            failed = true;
        }
        for unit in units {
            let Assessment { mut tags, mut near_misses, .. } = tagger.assess(&unit.text, near_from);
            if !wanted.is_empty() {
                tags.retain(|t| wanted.contains(&t.concept));
                near_misses.retain(|t| wanted.contains(&t.concept));
                if tags.is_empty() && (!args.near_misses || near_misses.is_empty()) {
                    continue;
                }
            }
            given += usize::from(!tags.is_empty());
            let near = args.near_misses.then_some(near_misses.as_slice());
            let tagged = Tagged { file: &name, unit: &unit, tags: &tags, near, wanted: &wanted };
            match csv.as_mut() {
                Some(writer) => write_csv(writer, &tagged)?,
                None if args.format == TableFormat::Json => write_json(&mut out, &tagged)?,
                None => write_text(&mut out, &tagged)?,
            }
        }
        if let Some(writer) = csv.as_mut() {
            writer.flush()?;
        }
    }
    if let Some(writer) = csv {
        out.write_all(&writer.into_inner().context("writing CSV")?)?;
    }
    if !wanted.is_empty() && given == 0 && unreadable < paths.len() {
        eprintln!("ruammue: no passage was given {}", wanted.join(" or "));
        failed = true;
    }
    Ok(match (failed, unreadable == paths.len()) {
        // No input could be read at all: an error, as in the other commands.
        (_, true) => Outcome::Failure,
        (true, false) => Outcome::Partial,
        (false, false) => Outcome::Success,
    })
}

/// The files to tag: each file as given, each folder's documents as `index` lists them (files
/// it does not read are counted on standard error); true when something was passed over.
fn expand_folders(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let (mut files, mut passed_over) = (Vec::new(), false);
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let found = corpus_files(path);
        for err in &found.errors {
            eprintln!("ruammue: {err} (skipped)");
        }
        super::report_not_read(&found.not_read);
        passed_over |= !found.errors.is_empty() || !found.not_read.is_empty();
        files.extend(found.files.into_iter().map(|f| f.path));
    }
    (files, passed_over)
}

/// The passages of one input, normalized: paragraphs of a text, or lines of JSON Lines; an
/// empty input is reported and gives [`Outcome::Partial`].
fn read_units(path: Option<&PathBuf>, jsonl: bool) -> anyhow::Result<(Vec<Unit>, Outcome)> {
    let (inputs, outcome) = super::input::read_non_empty(path.map(std::slice::from_ref).unwrap_or(&[]))?;
    let (mut units, mut outcome) = (Vec::new(), outcome);
    for input in inputs {
        if jsonl {
            let (read, read_outcome) = jsonl_units(&input.text, &input.path)?;
            units.extend(read);
            outcome = outcome.max(read_outcome);
        } else {
            units.extend(document_units(&input)?);
        }
    }
    Ok((units, outcome))
}

/// The passages of a document exactly as `index` and `report` cut and tag them, so that all three
/// cite a passage alike: front matter (if any) left out, the kind (front matter, else the nearest
/// folder named after a kind) choosing how passages are cut, line numbers those of the file, and
/// a PDF's pages. Text extracted from a PDF or Word file is read as `index` reads it, without
/// looking for front matter.
fn document_units(input: &Input) -> anyhow::Result<Vec<Unit>> {
    let root = Path::new("");
    let parsed = match Format::from_path(&input.path) {
        Some(Format::Pdf) => Document::from_extracted(root, &input.path, &input.text, "pdf"),
        Some(Format::Docx) => Document::from_extracted(root, &input.path, &input.text, "docx"),
        _ => Document::parse(root, &input.path, &input.text, input.encoding.name()),
    };
    let document = match parsed {
        Ok(document) => document.with_pages(input.pages.as_ref()),
        Err(CorpusError::Empty { .. }) => return Ok(Vec::new()),
        Err(err) => return Err(err.into()),
    };
    Ok(document
        .passages()
        .into_iter()
        .map(|p| Unit {
            id: None,
            number: p.number,
            first_line: p.first_line,
            last_line: p.last_line,
            pages: p.pages,
            text: p.text,
        })
        .collect())
}

/// The passages of JSON Lines text; a bad line is reported on standard error and skipped (an
/// error only when no line is good).
fn jsonl_units(text: &str, path: &Path) -> anyhow::Result<(Vec<Unit>, Outcome)> {
    let (passages, errors) = parse_labeled_lenient(text, path);
    if passages.is_empty() {
        if let Some(first) = errors.into_iter().next() {
            return Err(first.into());
        }
        return Ok((Vec::new(), Outcome::Success));
    }
    for err in &errors {
        eprintln!("ruammue: {err} (line skipped)");
    }
    let outcome = if errors.is_empty() { Outcome::Success } else { Outcome::Partial };
    let units = passages
        .into_iter()
        .zip(1u32..)
        .map(|(p, number)| {
            let line = u32::try_from(p.line).unwrap_or(u32::MAX);
            let id = p.extra.get("id").map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned));
            Unit { id, number, first_line: line, last_line: line, pages: None, text: normalize_passage(&p.text) }
        })
        .collect();
    Ok((units, outcome))
}

fn write_json(out: &mut impl Write, tagged: &Tagged) -> anyhow::Result<()> {
    let Tagged { file, unit, tags, near, .. } = *tagged;
    let mut record = json!({
        "file": file,
        "id": unit.id,
        "passage": unit.number,
        "lines": [unit.first_line, unit.last_line],
        "text": unit.text,
        "tags": tags,
    });
    if let (Some(pages), Some(fields)) = (&unit.pages, record.as_object_mut()) {
        fields.insert("page_start".to_owned(), pages.first.into());
        fields.insert("page_end".to_owned(), pages.last().into());
    }
    if let (Some(near), Some(fields)) = (near, record.as_object_mut()) {
        fields.insert("near_misses".to_owned(), serde_json::to_value(near)?);
    }
    writeln!(out, "{record}")?;
    Ok(())
}

fn write_text(out: &mut impl Write, tagged: &Tagged) -> anyhow::Result<()> {
    let Tagged { file, unit, tags, near, wanted } = *tagged;
    let lines = if unit.first_line == unit.last_line {
        format!("line {}", unit.first_line)
    } else {
        format!("lines {}-{}", unit.first_line, unit.last_line)
    };
    let id = unit.id.as_deref().map(|id| format!(", id {id}")).unwrap_or_default();
    let pages = unit.pages.as_ref().map(|pages| format!(", {}", pages.citation())).unwrap_or_default();
    writeln!(out, "{file} passage {} ({lines}{pages}{id})", unit.number)?;
    match (tags.is_empty(), wanted.is_empty()) {
        (true, true) => writeln!(out, "  (no concept)")?,
        (true, false) => writeln!(out, "  ({} not given)", wanted.join(", "))?,
        (false, _) => {}
    }
    for tag in tags {
        write_tag(out, tag, "  ", true)?;
    }
    if let Some(near) = near.filter(|near| !near.is_empty()) {
        writeln!(out, "  near misses (not given; a tag needs 0.50):")?;
        for tag in near {
            write_tag(out, tag, "    ", false)?;
        }
    }
    Ok(())
}

/// One tag's line (`indent`ed) and its evidence below it: the score, the model's probability
/// against the concept's threshold, and the lexicon's score.
fn write_tag(out: &mut impl Write, tag: &ConceptTag, indent: &str, given: bool) -> anyhow::Result<()> {
    let model = match (tag.model, tag.threshold) {
        (Some(p), Some(t)) if given => format!("model {p:.2} ≥ {t:.2}, "),
        (Some(p), Some(t)) => format!("model {} < {t:.2}, ", two_places_below(p, t)),
        (Some(p), None) => format!("model {p:.2}, "),
        _ => String::new(),
    };
    let score = if given { format!("{:.2}", tag.score) } else { two_places_below(tag.score, 0.5) };
    let cueless = tag.evidence.iter().all(|e| e.source == EvidenceSource::Model);
    let note = if cueless { "; model words only" } else { "" };
    let width = 24 - indent.len();
    writeln!(out, "{indent}{:<width$} {score}  ({model}lexicon {:.2}{note})", tag.concept, tag.lexicon)?;
    for e in &tag.evidence {
        writeln!(out, "{indent}    {}", evidence_label(e))?;
    }
    Ok(())
}

/// `x` with two decimals; rounded down when rounding would show it reaching `limit`, which it
/// does not (a near miss at 0.4996 shows 0.49, not the 0.50 a tag needs).
fn two_places_below(x: f32, limit: f32) -> String {
    let hundredths = if x < limit && (x * 100.0).round() >= (limit * 100.0).round() {
        (x * 100.0).floor()
    } else {
        (x * 100.0).round()
    };
    format!("{:.2}", hundredths / 100.0)
}

/// One row a tag; text cells through [`text_cell`], so spreadsheets do not read them as formulas.
fn write_csv(writer: &mut csv::Writer<Vec<u8>>, tagged: &Tagged) -> anyhow::Result<()> {
    let Tagged { file, unit, tags, .. } = *tagged;
    for tag in tags {
        let evidence: Vec<String> = tag.evidence.iter().map(evidence_label).collect();
        writer.write_record([
            unit.number.to_string(),
            unit.first_line.to_string(),
            unit.last_line.to_string(),
            text_cell(&tag.concept).into_owned(),
            format!("{:.3}", tag.score),
            text_cell(&evidence.join("; ")).into_owned(),
            text_cell(file).into_owned(),
            text_cell(unit.id.as_deref().unwrap_or_default()).into_owned(),
            unit.pages.as_ref().map(|pages| pages.first.to_string()).unwrap_or_default(),
            unit.pages.as_ref().map(|pages| pages.last().to_string()).unwrap_or_default(),
        ])?;
    }
    Ok(())
}

/// `ความไว้วางใจ [120-156 negative, lexicon cue ความไว้วางใจ]`; model evidence that is a word
/// pair names its two words, since the text of a pair can read like a non-word (`กันเสนอ [168-189
/// positive, model +0.12, words กัน|เสนอ]`).
fn evidence_label(e: &ruammue::classify::Evidence) -> String {
    // "negated", not "negative": the mention is negated (ไม่ไว้วางใจ), whatever the sign of its
    // weight in the model.
    let polarity = match e.polarity {
        Polarity::Positive => "positive",
        Polarity::Negative => "negated",
    };
    let source = match e.source {
        EvidenceSource::Lexicon if e.weak => format!("lexicon weak cue {}", e.cue),
        EvidenceSource::Lexicon => format!("lexicon cue {}", e.cue),
        EvidenceSource::Model => match e.cue.split_once(' ') {
            Some((first, second)) => format!("model {:+.2}, words {first}|{second}", e.weight.unwrap_or(0.0)),
            None => format!("model {:+.2}", e.weight.unwrap_or(0.0)),
        },
    };
    format!("{} [{}-{} {polarity}, {source}]", e.text, e.start, e.end)
}
