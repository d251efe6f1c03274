//! The command line: clap arguments, one module a subcommand. Each module turns its arguments
//! into calls of the library and prints the results; nothing here does text processing itself.

mod eval;
mod eval_tag;
mod index;
mod input;
mod normalize;
mod search;
mod segment;
mod tag;
mod train;

use clap::{Parser, Subcommand, ValueEnum};

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked.
    Success = 0,
    /// Nothing was found, or some inputs were skipped (each reported on standard error).
    Partial = 1,
    /// The command could not run (bad arguments, unreadable input); also "not available yet".
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
    Tag(tag::Args),
    /// Write a batch report over a corpus (not available yet).
    Report(Unbuilt),
    /// Keyword in context (not available yet).
    Kwic(Unbuilt),
    /// Retrain the concept model from labelled passages.
    Train(train::Args),
}

/// Arguments of a command that a later version provides.
#[derive(Debug, clap::Args)]
struct Unbuilt {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    rest: Vec<String>,
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
        Command::Report(_) => not_yet("report"),
        Command::Kwic(_) => not_yet("kwic"),
        Command::Train(args) => train::run(&args),
    }
}

fn not_yet(command: &str) -> anyhow::Result<Outcome> {
    eprintln!("ruammue: `{command}` is not available yet in this version");
    Ok(Outcome::Failure)
}
