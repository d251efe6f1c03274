//! The command line: clap arguments, one module a subcommand. Each module turns its arguments
//! into calls of the library and prints the results; nothing here does text processing itself.

mod eval;
mod eval_tag;
mod index;
mod input;
mod kwic;
mod normalize;
mod report;
mod search;
mod segment;
mod tag;
mod train;

use clap::{Parser, Subcommand, ValueEnum};

/// How a command ended, as the process exit code (ordered from best to worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Everything worked.
    Success = 0,
    /// Nothing was found, or some inputs were skipped (each reported on standard error).
    Partial = 1,
    /// The command could not run (bad arguments, unreadable input).
    Failure = 2,
}

/// ruammue — repair, segment, search and tag Thai governance texts.
#[derive(Debug, Parser)]
#[command(name = "ruammue", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Repair Thai text (canonical marks, PDF-extraction damage) and print it.
    Normalize(normalize::Args),
    /// Cut Thai text into words.
    Segment(segment::Args),
    /// Measure quality against gold data.
    #[command(subcommand)]
    Eval(eval::Command),
    /// Build or update the search index of a corpus folder.
    Index(index::Args),
    /// Search the index: passages with citation and highlighted snippet.
    Search(search::Args),
    /// Tag passages by collaborative-governance concept, with evidence.
    ///
    /// Each tag shows three numbers. `lexicon` is the score of the taxonomy's cue words alone
    /// (0 to 1; from 0.5 a concept is tagged when there is no model). `model` is the concept
    /// model's probability, learnt from the labelled passages with the cue words among its
    /// features, shown against the concept's threshold (`model 0.93 ≥ 0.53`). The tag's `score` sets that probability against the concept's threshold, chosen
    /// by cross-validation: 0.5 is exactly at the threshold and a concept is tagged from 0.5 on, so
    /// the score may lie above or below both other numbers.
    ///
    /// Evidence: a `lexicon cue` is a cue word found on word boundaries (`negated` when negated,
    /// as in ไม่ไว้วางใจ; JSON polarity `negative`); `model` evidence is the words and word pairs that raised the model's
    /// probability most, with their weights. A tag marked `model words only` has no cue word
    /// behind it. Offsets are byte offsets into the passage text that JSON output prints.
    Tag(tag::Args),
    /// Write a batch report over a corpus: HTML with charts, CSV, JSON and a REFI-QDA codebook.
    Report(report::Args),
    /// Keyword in context: every occurrence of a term with its context and citation.
    Kwic(kwic::Args),
    /// Retrain the concept model from labelled passages.
    Train(train::Args),
}

/// Output format shared by the commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON.
    Json,
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<Outcome> {
    let cli = Cli::parse();
    match cli.command {
        Command::Normalize(args) => normalize::run(&args),
        Command::Segment(args) => segment::run(&args),
        Command::Eval(command) => eval::run(&command),
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Tag(args) => tag::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Kwic(args) => kwic::run(&args),
        Command::Train(args) => train::run(&args),
    }
}

/// A progress bar over bytes, on standard error when it is a terminal (none when piped); `verb`
/// says what is being done (`indexing`, `tagging`).
fn byte_progress_bar(verb: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        let template = format!("{{spinner}} {verb} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{msg}}");
        if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    })
}

/// Parses a count that must be at least 1 (`--limit`, `--top`, `--heatmap-rows`).
pub fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(err) => Err(err.to_string()),
    }
}

/// The error and its causes on one line, `: `-separated, leaving out a cause whose text the
/// message already holds (library errors often print their source themselves).
pub fn error_message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message
}

/// Says on standard error, in one line, how many files of a corpus were not read for their format.
fn report_not_read(files: &[std::path::PathBuf]) {
    if !files.is_empty() {
        eprintln!("ruammue: {}", ruammue::corpus::walk::not_read_message(files));
    }
}

/// Reports the files a run read despite a problem, one line each, on standard error.
fn report_warnings(warnings: &[ruammue::index::FileWarning]) {
    for file in warnings {
        eprintln!("ruammue: {}: {} (warning)", file.path.display(), file.warning);
    }
}

/// Reports the files a run skipped, one line each, on standard error.
fn report_skipped(skipped: &[ruammue::index::SkippedFile]) {
    for file in skipped {
        eprintln!("ruammue: {}: {} (skipped)", file.path.display(), file.reason);
    }
}
