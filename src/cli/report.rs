//! `ruammue report`: a batch report over a corpus folder (report.html, passages.csv,
//! summary.json, codebook.qdc), with a progress bar on a terminal.

use std::io::Write;
use std::path::PathBuf;

use ruammue::corpus::Progress;
use ruammue::report::period::Granularity;
use ruammue::report::{generate, ReportOptions};
use serde_json::json;

use super::tag::TaggerArgs;
use super::{Format, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus folder: documents at any depth, with optional front matter.
    #[arg(value_name = "CORPUS_DIR", default_value = "corpus")]
    corpus: PathBuf,
    /// The folder to write the report into (created if needed).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    tagger: TaggerArgs,
    /// Passages shown per concept.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = super::at_least_one)]
    top: usize,
    /// Documents shown in the heat map (those with the most tagged passages).
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = super::at_least_one)]
    heatmap_rows: usize,
    /// The trend chart's periods (default: months, quarters or years, from the span of the dates
    /// without the earliest and latest 5% of the documents).
    #[arg(long, value_enum, value_name = "PERIOD")]
    period: Option<Period>,
    /// text: a summary line; json: the summary as one JSON object.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// `--period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Period {
    Month,
    Quarter,
    Year,
}

impl From<Period> for Granularity {
    fn from(period: Period) -> Granularity {
        match period {
            Period::Month => Granularity::Month,
            Period::Quarter => Granularity::Quarter,
            Period::Year => Granularity::Year,
        }
    }
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let taxonomy = args.tagger.taxonomy()?;
    let tagger = args.tagger.tagger(&taxonomy)?;
    let bar = super::byte_progress_bar("tagging");
    let progress = |event: &Progress<'_>| {
        let Some(bar) = &bar else { return };
        match event {
            Progress::Started { bytes, .. } => bar.set_length(*bytes),
            Progress::File { bytes, .. } => bar.inc(*bytes),
            Progress::Finishing => bar.set_message("writing"),
            _ => {}
        }
    };
    let mut options = ReportOptions::new(&tagger, &taxonomy);
    options.top_passages = args.top;
    options.heatmap_rows = args.heatmap_rows;
    options.period = args.period.map(Granularity::from);
    options.progress = Some(&progress);
    let result = generate(&args.corpus, &args.out, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = result?;
    super::report_warnings(&summary.warnings);
    super::report_skipped(&summary.skipped);
    super::report_not_read(&summary.not_read);
    if let Some(message) = summary.odd_dates_message() {
        eprintln!("ruammue: {message}");
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Text => writeln!(
            out,
            "{}: {} documents, {} passages ({} tagged), {} skipped; report.html, passages.csv, summary.json, codebook.qdc",
            summary.out.display(),
            summary.documents,
            summary.passages,
            summary.tagged,
            summary.skipped.len(),
        )?,
        Format::Json => writeln!(out, "{}", json!(summary))?,
    }
    if summary.documents == 0 {
        eprintln!("ruammue: {}: no documents (.txt .md .pdf .docx) found", args.corpus.display());
        return Ok(Outcome::Partial);
    }
    Ok(if summary.skipped.is_empty() { Outcome::Success } else { Outcome::Partial })
}
