//! `ruammue normalize`: print repaired text.

use std::io::Write;
use std::path::PathBuf;

use super::{input, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to repair (standard input when none).
    files: Vec<PathBuf>,
    /// Also join lines broken inside a phrase (text extracted from PDF): a line break between
    /// Thai letters becomes nothing or a space, as the words on both sides say. Lines that open a
    /// passage (agenda items, resolutions, speaker turns, law sections) stay on their own line.
    #[arg(long)]
    join_lines: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let segmenter = ruammue::segment::ThaiSegmenter::new();
    let normalizer = ruammue::normalize::Normalizer::new(&segmenter)
        .join_lines(args.join_lines)
        .keep_breaks_before(ruammue::corpus::passage::opens_passage);
    let (inputs, outcome) = input::read_non_empty(&args.files)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for input in inputs {
        out.write_all(normalizer.repair(&input.text).as_bytes())?;
    }
    out.flush()?;
    Ok(outcome)
}
